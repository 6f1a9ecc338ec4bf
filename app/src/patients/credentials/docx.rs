//! The invitation letter as a Word file (.docx): the letter's text and the
//! QR code of its registration link in a minimal WordprocessingML package
//! (XML parts and a PNG image, which Word and LibreOffice open).

use super::model::Letter;
use crate::letters::merge::escape;
use crate::letters::package::Package;

/// The letter's paragraphs, in order (the same words as the print view).
pub fn paragraphs(letter: &Letter) -> Vec<String> {
    let mut out = vec![letter.practice_name.clone()];
    out.extend(letter.practice_address.iter().cloned());
    out.push(String::new());
    out.push(letter.patient_name.clone());
    out.extend(letter.patient_address.iter().cloned());
    out.push(String::new());
    out.push(letter.date.clone());
    out.push(String::new());
    out.push(format!("Dear {},", letter.patient_name));
    out.push(format!(
        "{} invites you to use Patient Profile: see your letters and documents from the practice, and contact the practice online.",
        letter.practice_name
    ));
    out.push(
        "To register, go to the address below and enter these details with your date of birth:"
            .to_string(),
    );
    out.push(format!("Patient ID: {}", letter.patient_code));
    out.push(format!("Activation code: {}", letter.activation_code));
    out.push(letter.register_link.clone());
    out.push(format!(
        "These details work until the end of {}. Keep this letter private: anyone with it and your date of birth could register as you.",
        letter.expires
    ));
    if let Some(support) = &letter.support {
        out.push(format!(
            "If your details have expired or you need help, contact {} or call {}.",
            support.email, support.phone
        ));
    }
    out.push("Yours sincerely,".to_string());
    out.push(letter.practice_name.clone());
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdQr" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/qr.png"/></Relationships>"#;

/// A paragraph holding the QR code image (relationship `rIdQr`).
fn qr_paragraph() -> String {
    format!(
        "<w:p><w:r>{}</w:r></w:p>",
        crate::letters::render::image_drawing("rIdQr", 1, "QR code of the registration link")
    )
}

/// The letter as a .docx file, the QR code of its registration link under
/// the link.
pub fn letter_docx(letter: &Letter) -> Vec<u8> {
    let qr = crate::letters::qr::png(&letter.register_link);
    let mut body = String::new();
    for paragraph in paragraphs(letter) {
        body.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        body.push_str(&escape(&paragraph));
        body.push_str("</w:t></w:r></w:p>");
        if qr.is_some() && paragraph == letter.register_link {
            body.push_str(&qr_paragraph());
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".to_string(), RELS.as_bytes().to_vec()),
        ("word/document.xml".to_string(), document.into_bytes()),
    ];
    if let Some((png, _)) = qr {
        parts.push((
            "word/_rels/document.xml.rels".to_string(),
            DOCUMENT_RELS.as_bytes().to_vec(),
        ));
        parts.push(("word/media/qr.png".to_string(), png));
    }
    Package::of(parts).write()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter {
            practice_name: "Harbour View & Co".into(),
            practice_address: vec!["1 Harbour Road".into()],
            patient_name: "Olivia <Bennett>".into(),
            patient_address: vec![],
            date: "1 December 2026".into(),
            patient_code: "ABCD-EFGH".into(),
            activation_code: "ABCDE-FGHJK-MNPQR".into(),
            register_link: "http://127.0.0.1:3000/patient-profile/register?patient_id=ABCD-EFGH"
                .into(),
            qr_svg: String::new(),
            expires: "31 December 2026".into(),
            support: None,
            sent: None,
            choices: Vec::new(),
            chosen: "invitation".into(),
            template_lines: Vec::new(),
        }
    }

    #[test]
    fn the_docx_is_a_zip_with_the_letter_escaped_inside() {
        let file = letter_docx(&letter());
        let package = Package::read(&file).unwrap();
        assert_eq!(package.names().count(), 5);
        let text = package.text("word/document.xml").unwrap();
        assert!(text.contains("Activation code: ABCDE-FGHJK-MNPQR"));
        assert!(text.contains("Harbour View &amp; Co"));
        assert!(text.contains("Olivia &lt;Bennett&gt;"));
        assert!(!text.contains("<Bennett>"));
        // The QR code: the image, its relationship and its place after the link.
        assert!(package
            .get("word/media/qr.png")
            .unwrap()
            .starts_with(b"\x89PNG"));
        assert!(package
            .text("word/_rels/document.xml.rels")
            .unwrap()
            .contains(r#"Target="media/qr.png""#));
        let link = text.find("register?patient_id=ABCD-EFGH</w:t>").unwrap();
        let image = text.find(r#"r:embed="rIdQr""#).unwrap();
        assert!(image > link);
    }
}
