//! Making a letter from a base's Word file: its `{{body}}` takes the base's
//! body (whose `{{letter}}` takes the template's own body), then every
//! field of the document, its headers and footers is merged. The QR code
//! field becomes an image in the document's body (its link elsewhere).

use std::collections::BTreeMap;

use super::merge::{self, Value};
use super::model::{is_field, BODY_FIELD, LETTER_FIELD};
use super::package::Package;

/// The fields' values for one letter, by key. `registration_link` also
/// makes the QR code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldValues(pub BTreeMap<&'static str, String>);

impl FieldValues {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

const QR_FIELD: &str = "registration_qr_code";
const QR_REL_ID: &str = "rIdGatehouseQr";
const QR_PART: &str = "word/media/gatehouse-qr.png";
/// The QR code's side in the letter: 4 cm, in EMU (360,000 a centimetre).
const QR_EMU: u32 = 1_440_000;

/// The drawing of an image of relationship `rel_id`, a run's content, with
/// its namespaces declared on itself so any document can hold it.
pub fn image_drawing(rel_id: &str, doc_pr_id: u32, description: &str) -> String {
    format!(
        r#"<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{QR_EMU}" cy="{QR_EMU}"/><wp:docPr id="{doc_pr_id}" name="Image {doc_pr_id}" descr="{}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{doc_pr_id}" name="qr.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{QR_EMU}" cy="{QR_EMU}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"#,
        merge::escape(description)
    )
}

/// The parts whose text may hold fields: the document, headers, footers.
fn text_parts(package: &Package) -> Vec<String> {
    package
        .names()
        .filter(|n| {
            *n == "word/document.xml"
                || (n.starts_with("word/header") || n.starts_with("word/footer"))
                    && n.ends_with(".xml")
        })
        .map(str::to_string)
        .collect()
}

/// The fields a base's Word file uses, besides `{{body}}`, and whether it
/// has `{{body}}` in its document.
pub fn file_fields(package: &Package) -> (Vec<String>, bool) {
    let mut names: Vec<String> = Vec::new();
    let mut has_body = false;
    for part in text_parts(package) {
        let Some(xml) = package.text(&part) else {
            continue;
        };
        for name in merge::fields_in(xml) {
            if name == BODY_FIELD {
                has_body |= part == "word/document.xml";
            } else if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    (names, has_body)
}

/// Fields of `names` that are not merge fields (the letter body's own
/// marker `extra` allowed).
pub fn unknown_fields(names: &[String], extra: Option<&str>) -> Vec<String> {
    names
        .iter()
        .filter(|n| !is_field(n) && Some(n.as_str()) != extra)
        .cloned()
        .collect()
}

/// The letter's whole text: the base's body with the template's body in
/// place of `{{letter}}` (after it when the base has no `{{letter}}`).
pub fn letter_text(base_body: &str, template_body: &str) -> String {
    let marker = format!("{{{{{LETTER_FIELD}}}}}");
    if base_body.contains(&marker) {
        base_body.replace(&marker, template_body)
    } else if base_body.trim().is_empty() {
        template_body.to_string()
    } else {
        format!("{base_body}\n{template_body}")
    }
}

/// Plain text with its fields replaced (the preview and print view; the QR
/// code field gives the link there).
pub fn merge_text(text: &str, values: &FieldValues) -> Result<String, String> {
    // Text is one node of a one-run paragraph to the merge.
    let xml = format!("<w:t>{}</w:t>", merge::escape(text));
    let merged = merge::merge(&xml, &|key| field_value(values, key, false), "")?;
    Ok(merge::visible_text(&merged.replace("<w:br/>", "\n")))
}

fn field_value(values: &FieldValues, key: &str, images: bool) -> Option<Value> {
    if key == QR_FIELD {
        return Some(if images {
            Value::Image
        } else {
            Value::Text(
                values
                    .get("registration_link")
                    .unwrap_or_default()
                    .to_string(),
            )
        });
    }
    if !is_field(key) {
        return None;
    }
    Some(Value::Text(values.get(key).unwrap_or_default().to_string()))
}

/// The letter as a Word file, from the base's package and the letter's
/// whole text (see [`letter_text`]). Errors name an unknown field.
pub fn render(base: &Package, text: &str, values: &FieldValues) -> Result<Vec<u8>, String> {
    render_many(base, text, std::slice::from_ref(values))
}

/// The fields every letter of a practice shares: a merged document's
/// headers and footers get only these (one patient's details must never
/// print on every page).
const SHARED_FIELDS: [&str; 5] = [
    "practice_name",
    "practice_address",
    "support_email",
    "support_phone",
    "today",
];

/// A page break between two letters of a merged document.
const PAGE_BREAK: &str = r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#;

/// One letter per page: the base's document once per set of values, each
/// with its own QR code, in one Word file (`letters` in order). With one
/// letter, headers and footers get every field; with more, only the shared
/// ones ([`SHARED_FIELDS`]). Errors name an unknown field.
pub fn render_many(base: &Package, text: &str, letters: &[FieldValues]) -> Result<Vec<u8>, String> {
    let mut package = base.clone();
    let Some(first) = letters.first() else {
        return Ok(package.write());
    };
    let shared = FieldValues(
        first
            .0
            .iter()
            .filter(|(key, _)| letters.len() == 1 || SHARED_FIELDS.contains(key))
            .map(|(key, value)| (*key, value.clone()))
            .collect(),
    );
    let mut qr_codes: Vec<(String, String, &str)> = Vec::new();
    for part in text_parts(base) {
        let Some(xml) = base.text(&part) else {
            continue;
        };
        let in_document = part == "word/document.xml";
        // First the body, its fields kept as they are typed...
        let with_body = merge::merge(
            xml,
            &|key| {
                if key == BODY_FIELD && in_document {
                    Some(Value::Text(text.to_string()))
                } else if is_field(key) {
                    Some(Value::Text(format!("{{{{{key}}}}}")))
                } else {
                    None
                }
            },
            "",
        )?;
        // ...then every field.
        if !in_document {
            let merged = merge::merge(&with_body, &|key| field_value(&shared, key, false), "")?;
            package.set(&part, merged.into_bytes());
            continue;
        }
        let uses_qr = merge::fields_in(&with_body).iter().any(|f| f == QR_FIELD);
        let mut pages = Vec::with_capacity(letters.len());
        for (n, values) in letters.iter().enumerate() {
            let (rel_id, target) = if n == 0 {
                (QR_REL_ID.to_string(), QR_PART.to_string())
            } else {
                (
                    format!("{QR_REL_ID}{n}"),
                    format!("word/media/gatehouse-qr-{n}.png"),
                )
            };
            let doc_pr_id = 7301 + u32::try_from(n).unwrap_or(0);
            let drawing = image_drawing(&rel_id, doc_pr_id, "QR code of the registration link");
            pages.push(merge::merge(
                &with_body,
                &|key| field_value(values, key, true),
                &drawing,
            )?);
            if uses_qr {
                let link = values.get("registration_link").unwrap_or_default();
                qr_codes.push((rel_id, target, link));
            }
        }
        package.set(&part, one_per_page(&pages).into_bytes());
    }
    let mut images = Vec::with_capacity(qr_codes.len());
    for (rel_id, target, link) in qr_codes {
        if let Some((png, _)) = super::qr::png(link) {
            let relative = target.trim_start_matches("word/").to_string();
            package.set(&target, png);
            images.push((rel_id, relative));
        }
    }
    if !images.is_empty() {
        add_relationships(&mut package, &images);
        add_png_type(&mut package);
    }
    Ok(package.write())
}

/// One document from several merged copies of the same one: the first's
/// start and end (its final section's layout) around every copy's body,
/// with a page break between them.
fn one_per_page(pages: &[String]) -> String {
    let Some(first) = pages.first() else {
        return String::new();
    };
    if pages.len() == 1 {
        return first.clone();
    }
    let Some((start, end)) = body_range(first) else {
        return first.clone();
    };
    let mut out = String::with_capacity(first.len() * pages.len());
    out.push_str(&first[..start]);
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            out.push_str(PAGE_BREAK);
        }
        match body_range(page) {
            Some((s, e)) => out.push_str(&page[s..e]),
            None => out.push_str(&first[start..end]),
        }
    }
    out.push_str(&first[end..]);
    out
}

/// Where a document's body content is: after `<w:body>` and before its
/// final section properties (or `</w:body>`).
fn body_range(xml: &str) -> Option<(usize, usize)> {
    let open = xml.find("<w:body")?;
    let start = open + xml[open..].find('>')? + 1;
    let close = xml.rfind("</w:body>")?;
    let end = match xml[start..close].rfind("<w:sectPr") {
        // The body's own section properties, not one inside a paragraph.
        Some(at) if !xml[start + at..close].contains("</w:p>") => start + at,
        _ => close,
    };
    Some((start, end))
}

/// Adds image relationships (id, target) to the document's, once each.
fn add_relationships(package: &mut Package, images: &[(String, String)]) {
    let rels_part = "word/_rels/document.xml.rels";
    let rels = package.text(rels_part).map(str::to_string).unwrap_or_else(|| {
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#
            .to_string()
    });
    let Some(at) = rels.rfind("</Relationships>") else {
        return;
    };
    let mut added = String::new();
    for (rel_id, target) in images {
        if rels.contains(&format!("Id=\"{rel_id}\"")) {
            continue;
        }
        added.push_str(&format!(
            r#"<Relationship Id="{rel_id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{target}"/>"#
        ));
    }
    let updated = format!("{}{added}{}", &rels[..at], &rels[at..]);
    package.set(rels_part, updated.into_bytes());
}

fn add_png_type(package: &mut Package) {
    let Some(types) = package.text("[Content_Types].xml").map(str::to_string) else {
        return;
    };
    if types.to_ascii_lowercase().contains("extension=\"png\"") {
        return;
    }
    let updated = match types.find("<Default ") {
        Some(at) => format!(
            "{}<Default Extension=\"png\" ContentType=\"image/png\"/>{}",
            &types[..at],
            &types[at..]
        ),
        None => types,
    };
    package.set("[Content_Types].xml", updated.into_bytes());
}
