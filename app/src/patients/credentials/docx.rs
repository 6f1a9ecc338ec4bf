//! The invitation letter as a Word file (.docx): the letter's text in a
//! minimal WordprocessingML package (a ZIP of three XML parts, stored
//! without compression, which Word and LibreOffice open).

use super::model::Letter;

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

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The letter as a .docx file.
pub fn letter_docx(letter: &Letter) -> Vec<u8> {
    let mut body = String::new();
    for paragraph in paragraphs(letter) {
        body.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        body.push_str(&escape(&paragraph));
        body.push_str("</w:t></w:r></w:p>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// CRC-32 (IEEE), as ZIP needs it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A ZIP archive of `files`, stored (no compression).
fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let crc = crc32(data);
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&0u16.to_le_bytes()); // time
        out.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&20u16.to_le_bytes()); // version needed
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x21u16.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let central_size = u32::try_from(central.len()).unwrap_or(u32::MAX);
    let count = u16::try_from(files.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
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
        }
    }

    #[test]
    fn the_crc_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn the_docx_is_a_zip_with_the_letter_escaped_inside() {
        let file = letter_docx(&letter());
        assert_eq!(&file[..4], b"PK\x03\x04");
        let end = &file[file.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 3);
        let text = String::from_utf8_lossy(&file);
        assert!(text.contains("Activation code: ABCDE-FGHJK-MNPQR"));
        assert!(text.contains("Harbour View &amp; Co"));
        assert!(text.contains("Olivia &lt;Bennett&gt;"));
        assert!(!text.contains("<Bennett>"));
    }
}
