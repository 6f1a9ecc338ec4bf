//! Merge fields in WordprocessingML: `{{field}}` in a document's text,
//! found even when Word has split it across several runs (it often does,
//! after spell checking or an edit in the middle), and replaced by a value
//! (escaped; line breaks become `<w:br/>`) or by the QR code's drawing.
//!
//! Only the text of `<w:t>` elements is read and rewritten: everything
//! else in the document (formatting, tables, images, headers) is copied as
//! it is.

/// What a field becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text; `\n` starts a new line in the same paragraph.
    Text(String),
    /// The QR code's image (the caller's drawing XML).
    Image,
}

/// A `<w:t>` element: where it is in the document and its text.
#[derive(Debug)]
struct TextNode {
    /// From `<w:t` to the end of `</w:t>`.
    start: usize,
    end: usize,
    text: String,
}

/// What replaces a text node's content.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Break,
    Image,
}

fn text_nodes(xml: &str) -> Vec<TextNode> {
    let mut nodes = Vec::new();
    let mut from = 0;
    while let Some(found) = xml[from..].find("<w:t") {
        let start = from + found;
        let after = start + 4;
        from = after;
        match xml.as_bytes().get(after) {
            Some(b'>') | Some(b' ') => {}
            _ => continue, // <w:tab/>, <w:tbl>, <w:t/> and the like
        }
        let Some(open_end) = xml[after..].find('>').map(|i| after + i) else {
            break;
        };
        if xml.as_bytes().get(open_end.wrapping_sub(1)) == Some(&b'/') {
            continue; // <w:t xml:space="preserve"/>
        }
        let Some(close) = xml[open_end..].find("</w:t>").map(|i| open_end + i) else {
            break;
        };
        nodes.push(TextNode {
            start,
            end: close + 6,
            text: unescape(&xml[open_end + 1..close]),
        });
        from = close + 6;
    }
    nodes
}

/// XML text to plain text (the five entities and character references).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Plain text as XML text.
pub fn escape(text: &str) -> String {
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

/// A field found in the text: its byte range in the joined text of the
/// nodes, and its name.
struct Found {
    start: usize,
    end: usize,
    name: String,
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The fields in `text`: `{{name}}` with a name of lower-case letters,
/// digits and `_`, spaces inside the braces allowed.
fn find_fields(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i) else {
            break;
        };
        let name = text[open + 2..close].trim();
        if is_name(name) {
            found.push(Found {
                start: open,
                end: close + 2,
                name: name.to_string(),
            });
            from = close + 2;
        } else {
            from = open + 1;
        }
    }
    found
}

/// The names of the fields in a document part, in order, each once.
pub fn fields_in(xml: &str) -> Vec<String> {
    let joined: String = text_nodes(xml).into_iter().map(|n| n.text).collect();
    let mut names: Vec<String> = Vec::new();
    for field in find_fields(&joined) {
        if !names.contains(&field.name) {
            names.push(field.name);
        }
    }
    names
}

/// The fields in plain text (a letter's body as typed), in order, each once.
pub fn fields_in_text(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for field in find_fields(text) {
        if !names.contains(&field.name) {
            names.push(field.name);
        }
    }
    names
}

/// Plain text with its fields replaced (an email's body as typed):
/// `value` gives a field's text; a field it does not know stays as typed.
pub fn merge_text(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for field in find_fields(text) {
        out.push_str(&text[at..field.start]);
        match value(&field.name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&text[field.start..field.end]),
        }
        at = field.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Replaces every field of the document part. `value` gives a field's
/// value, or `None` for a name it does not know: the merge then fails
/// with that name and nothing is changed. `image` is the drawing XML put
/// where a field's value is [`Value::Image`] (a run's content).
pub fn merge(
    xml: &str,
    value: &dyn Fn(&str) -> Option<Value>,
    image: &str,
) -> Result<String, String> {
    let nodes = text_nodes(xml);
    // Where each node's text starts in the joined text.
    let mut offsets = Vec::with_capacity(nodes.len());
    let mut joined = String::new();
    for node in &nodes {
        offsets.push(joined.len());
        joined.push_str(&node.text);
    }
    let fields = find_fields(&joined);
    if fields.is_empty() {
        return Ok(xml.to_string());
    }
    let mut values = Vec::with_capacity(fields.len());
    for field in &fields {
        values.push(value(&field.name).ok_or_else(|| field.name.clone())?);
    }
    // Each node's new pieces: its text with fields cut out, the value put
    // where a field starts.
    let mut pieces: Vec<Option<Vec<Piece>>> = vec![None; nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        let node_start = offsets[index];
        let node_end = node_start + node.text.len();
        let touching: Vec<(usize, &Found)> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.start < node_end && f.end > node_start)
            .collect();
        if touching.is_empty() {
            continue;
        }
        let mut out = Vec::new();
        let mut at = node_start;
        for (n, field) in touching {
            if field.start > at {
                out.push(Piece::Text(joined[at..field.start].to_string()));
            }
            if field.start >= node_start {
                match &values[n] {
                    Value::Text(text) => {
                        for (line, part) in text.split('\n').enumerate() {
                            if line > 0 {
                                out.push(Piece::Break);
                            }
                            if !part.is_empty() {
                                out.push(Piece::Text(part.to_string()));
                            }
                        }
                    }
                    Value::Image => out.push(Piece::Image),
                }
            }
            at = field.end.min(node_end);
        }
        if at < node_end {
            out.push(Piece::Text(joined[at..node_end].to_string()));
        }
        pieces[index] = Some(out);
    }
    let mut out = String::with_capacity(xml.len() + 256);
    let mut copied = 0;
    for (node, new) in nodes.iter().zip(pieces) {
        let Some(new) = new else { continue };
        out.push_str(&xml[copied..node.start]);
        out.push_str("<w:t xml:space=\"preserve\">");
        for piece in new {
            match piece {
                Piece::Text(text) => out.push_str(&escape(&text)),
                Piece::Break => out.push_str("</w:t><w:br/><w:t xml:space=\"preserve\">"),
                Piece::Image => {
                    out.push_str("</w:t>");
                    out.push_str(image);
                    out.push_str("<w:t xml:space=\"preserve\">");
                }
            }
        }
        out.push_str("</w:t>");
        copied = node.end;
    }
    out.push_str(&xml[copied..]);
    Ok(out)
}

/// The text a reader sees in a document part: the `<w:t>` texts, with a
/// line break for each `<w:br/>` and a new line between paragraphs.
pub fn visible_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let Some(gt) = rest[lt..].find('>').map(|i| lt + i) else {
            break;
        };
        let tag = &rest[lt + 1..gt];
        if tag == "w:br/" || tag.starts_with("w:br ") || tag == "/w:p" {
            out.push('\n');
        } else if (tag == "w:t" || tag.starts_with("w:t ")) && !tag.ends_with('/') {
            let Some(close) = rest[gt..].find("</w:t>").map(|i| gt + i) else {
                break;
            };
            out.push_str(&unescape(&rest[gt + 1..close]));
            rest = &rest[close + 6..];
            continue;
        }
        rest = &rest[gt + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn values(name: &str) -> Option<Value> {
        match name {
            "patient_name" => Some(Value::Text("Olivia <O'Neil> & \"Co\"".into())),
            "patient_address" => Some(Value::Text("1 Quay Street\nSeaton".into())),
            "activation_code" => Some(Value::Text("ABCDE-FGHJK-MNPQR".into())),
            "registration_qr_code" => Some(Value::Image),
            "empty" => Some(Value::Text(String::new())),
            _ => None,
        }
    }

    fn value_text(name: &str) -> String {
        match values(name) {
            Some(Value::Text(text)) => text,
            Some(Value::Image) => "[QR]".into(),
            None => panic!("{name}"),
        }
    }

    const IMAGE: &str = "<w:drawing><w:t>[QR]</w:t></w:drawing>";

    fn paragraph(runs: &[&str]) -> String {
        let mut xml = String::from("<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr>");
        for run in runs {
            xml.push_str("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">");
            xml.push_str(&escape(run));
            xml.push_str("</w:t></w:r>");
        }
        xml.push_str("</w:p>");
        xml
    }

    #[test]
    fn a_field_split_across_runs_is_still_found_and_replaced() {
        let xml = paragraph(&[
            "Dear {",
            "{patient",
            "_na",
            "me}",
            "}, your code is {{ activation_code }}.",
        ]);
        let merged = merge(&xml, &values, IMAGE).unwrap();
        assert_eq!(
            visible_text(&merged),
            "Dear Olivia <O'Neil> & \"Co\", your code is ABCDE-FGHJK-MNPQR.\n"
        );
        assert!(merged.contains("Olivia &lt;O&apos;Neil&gt; &amp; &quot;Co&quot;"));
        // Formatting around the text is kept.
        assert_eq!(merged.matches("<w:rPr><w:b/></w:rPr>").count(), 5);
        assert!(merged.starts_with("<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr>"));
    }

    #[test]
    fn lines_become_breaks_and_the_qr_code_its_drawing() {
        let xml = paragraph(&["{{patient_address}}", " and {{registration_qr_code}}"]);
        let merged = merge(&xml, &values, IMAGE).unwrap();
        assert!(merged.contains("1 Quay Street</w:t><w:br/><w:t xml:space=\"preserve\">Seaton"));
        assert!(merged.contains("</w:t><w:drawing><w:t>[QR]</w:t></w:drawing><w:t"));
        assert_eq!(visible_text(&merged), "1 Quay Street\nSeaton and [QR]\n");
    }

    #[test]
    fn an_unknown_field_is_named_and_text_that_is_no_field_is_kept() {
        let xml = paragraph(&["{{patient_name}} {{favourite_colour}}"]);
        assert_eq!(
            merge(&xml, &values, IMAGE),
            Err("favourite_colour".to_string())
        );
        let xml = paragraph(&["{{Not A Field}} {single} {{ }} {{", "x"]);
        assert_eq!(merge(&xml, &values, IMAGE).unwrap(), xml);
        assert_eq!(fields_in(&paragraph(&["{{a}}{{", "b}} {{a}}"])), ["a", "b"]);
    }

    #[test]
    fn other_elements_that_start_like_text_are_left_alone() {
        let xml = "<w:p><w:r><w:tab/><w:t/><w:t>{{empty}}x</w:t></w:r><w:tbl><w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\"> {{activation_code}} </w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:p>";
        let merged = merge(xml, &values, IMAGE).unwrap();
        assert!(merged.contains("<w:tab/><w:t/><w:t xml:space=\"preserve\">x</w:t>"));
        assert!(merged.contains("<w:tbl><w:tr><w:tc>"));
        assert!(merged.contains("> ABCDE-FGHJK-MNPQR </w:t>"));
    }

    /// Random text with XML specials and fields, split into random runs:
    /// the merged document reads as the text with each field replaced.
    #[test]
    fn the_merge_never_loses_or_mangles_a_field_whatever_the_runs() {
        let mut rng = StdRng::seed_from_u64(17);
        let alphabet: Vec<char> = "ab <>&\"'{}_\u{e9}\u{1f600}".chars().collect();
        let fields = [
            "patient_name",
            "patient_address",
            "activation_code",
            "registration_qr_code",
            "empty",
        ];
        for case in 0..2_000 {
            let mut text = String::new();
            let mut expected = String::new();
            for _ in 0..rng.gen_range(1..8) {
                if rng.gen_bool(0.4) {
                    let name = fields[rng.gen_range(0..fields.len())];
                    let spaced = if rng.gen_bool(0.3) {
                        format!("{{{{ {name} }}}}")
                    } else {
                        format!("{{{{{name}}}}}")
                    };
                    text.push_str(&spaced);
                    expected.push_str(&value_text(name));
                } else {
                    // Plain text that can never form a field by itself.
                    for _ in 0..rng.gen_range(0..6) {
                        let c = alphabet[rng.gen_range(0..alphabet.len())];
                        let c = if c == '{' || c == '}' { 'z' } else { c };
                        text.push(c);
                        expected.push(c);
                    }
                }
            }
            // Random run boundaries (on character boundaries).
            let cuts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .filter(|_| rng.gen_bool(0.3))
                .collect();
            let mut runs = Vec::new();
            let mut last = 0;
            for cut in cuts {
                if cut > last {
                    runs.push(&text[last..cut]);
                    last = cut;
                }
            }
            runs.push(&text[last..]);
            let xml = paragraph(&runs);
            let merged = merge(&xml, &values, IMAGE).unwrap();
            assert_eq!(
                visible_text(&merged),
                format!("{expected}\n"),
                "case {case}: {runs:?}"
            );
            assert_eq!(
                merged.matches("<w:t").count() - merged.matches("<w:tab").count(),
                merged.matches("</w:t>").count()
            );
            assert_eq!(
                merged.matches("<w:r>").count(),
                runs.len(),
                "no run added or lost"
            );
        }
    }

    #[test]
    fn entities_and_character_references_read_as_their_characters() {
        assert_eq!(
            unescape("a &amp; b &lt;&#65;&#x42;&gt; &bogus; &"),
            "a & b <AB> &bogus; &"
        );
    }
}
