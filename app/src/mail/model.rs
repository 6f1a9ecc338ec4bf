//! Emails as the rest of the app builds them, and what the development
//! mailbox shows. Shared by server and browser.

use serde::{Deserialize, Serialize};

/// One email to send: a plain-text part and an HTML part with the same
/// words. Build it with [`OutgoingEmail::from_template`] so both parts match
/// and the HTML is escaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The words of a plain NHS-style email: a greeting, paragraphs, an optional
/// button (label, address) and an optional closing line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
    pub footer: Option<String>,
}

impl OutgoingEmail {
    pub fn from_template(
        to: impl Into<String>,
        subject: impl Into<String>,
        template: &Template,
    ) -> Self {
        let subject = subject.into();
        Self {
            to: to.into(),
            text: template.text(),
            html: template.html(&subject),
            subject,
        }
    }
}

const SIGN_OFF: &str = "Gatehouse";

impl Template {
    /// Paragraphs separated by blank lines; the link as "label: address" on
    /// its own line so every mail client shows it.
    pub fn text(&self) -> String {
        let mut blocks: Vec<String> = Vec::new();
        if !self.greeting.is_empty() {
            blocks.push(self.greeting.clone());
        }
        blocks.extend(self.paragraphs.iter().cloned());
        if let Some((label, url)) = &self.link {
            blocks.push(format!("{label}:\n{url}"));
        }
        if let Some(footer) = &self.footer {
            blocks.push(footer.clone());
        }
        blocks.push(SIGN_OFF.to_string());
        let mut text = blocks.join("\n\n");
        text.push('\n');
        text
    }

    /// A single-column page with inline styles (mail clients drop style
    /// sheets): NHS blue header, Arial, a green button. Every piece of text
    /// is escaped.
    pub fn html(&self, title: &str) -> String {
        const BODY: &str = "margin:0 0 16px;font-size:19px;line-height:28px;color:#212b32";
        let mut html = String::new();
        html.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">");
        html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.push_str(&format!("<title>{}</title></head>\n", escape_html(title)));
        html.push_str(
            "<body style=\"margin:0;padding:0;background:#f0f4f5;font-family:Arial,sans-serif\">\n",
        );
        html.push_str("<div style=\"max-width:600px;margin:0 auto;background:#ffffff\">\n");
        html.push_str("<div style=\"background:#005eb8;padding:16px 24px;color:#ffffff;font-size:24px;font-weight:bold\">Gatehouse</div>\n");
        html.push_str("<div style=\"padding:24px\">\n");
        if !self.greeting.is_empty() {
            html.push_str(&format!(
                "<p style=\"{BODY}\">{}</p>\n",
                escape_html(&self.greeting)
            ));
        }
        for paragraph in &self.paragraphs {
            html.push_str(&format!(
                "<p style=\"{BODY}\">{}</p>\n",
                escape_html(paragraph)
            ));
        }
        if let Some((label, url)) = &self.link {
            let url = escape_html(url);
            html.push_str(&format!(
                "<p style=\"margin:24px 0\"><a href=\"{url}\" style=\"display:inline-block;background:#007f3b;color:#ffffff;padding:12px 16px;font-size:19px;font-weight:bold;text-decoration:none;border-radius:4px;box-shadow:0 4px 0 #00401e\">{}</a></p>\n",
                escape_html(label)
            ));
            html.push_str(&format!(
                "<p style=\"{BODY}\">If the button does not work, copy this address into your browser:<br><a href=\"{url}\" style=\"color:#005eb8;word-break:break-all\">{url}</a></p>\n"
            ));
        }
        if let Some(footer) = &self.footer {
            html.push_str(&format!(
                "<p style=\"margin:0 0 16px;font-size:16px;line-height:24px;color:#4c6272\">{}</p>\n",
                escape_html(footer)
            ));
        }
        html.push_str(&format!("<p style=\"{BODY}\">{SIGN_OFF}</p>\n"));
        html.push_str("</div>\n</div>\n</body></html>\n");
        html
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// An email kept by the development mailbox, as `/dev/mailbox` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxEmail {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// When it was delivered to the mailbox, in words (UK time).
    pub delivered: String,
    pub text: String,
}

/// A piece of a plain-text body: words, or a web address to make clickable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPiece {
    Words(String),
    Link(String),
}

/// Splits one line into words and `http://` / `https://` addresses (an
/// address ends at whitespace; trailing full stops, commas and closing
/// brackets stay outside it).
pub fn link_pieces(line: &str) -> Vec<TextPiece> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(start) = next_link_start(rest) {
        let (before, from_link) = rest.split_at(start);
        let end = from_link
            .find(char::is_whitespace)
            .unwrap_or(from_link.len());
        let mut link = &from_link[..end];
        while let Some(trimmed) = link.strip_suffix(['.', ',', ')', ';', ':', '!', '?']) {
            link = trimmed;
        }
        if !before.is_empty() {
            pieces.push(TextPiece::Words(before.to_string()));
        }
        pieces.push(TextPiece::Link(link.to_string()));
        rest = &from_link[link.len()..];
    }
    if !rest.is_empty() {
        pieces.push(TextPiece::Words(rest.to_string()));
    }
    pieces
}

fn next_link_start(text: &str) -> Option<usize> {
    let http = text.find("http://");
    let https = text.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation() -> Template {
        Template {
            greeting: "Dear Dr <Smith> & \"partners\"".into(),
            paragraphs: vec![
                "You have been invited to join Riverside Practice.".into(),
                "The link works for 7 days.".into(),
            ],
            link: Some((
                "Accept the invitation".into(),
                "https://gatehouse.example/invite/abc?x=1&y=\"2\"".into(),
            )),
            footer: Some("You got this email because someone invited you.".into()),
        }
    }

    #[test]
    fn a_template_makes_matching_text_and_escaped_html() {
        let email =
            OutgoingEmail::from_template("smith@nhs.net", "Join <Riverside>", &invitation());
        assert_eq!(email.to, "smith@nhs.net");
        assert_eq!(email.subject, "Join <Riverside>");
        assert!(email.text.starts_with("Dear Dr <Smith> & \"partners\"\n\n"));
        assert!(email.text.contains(
            "Accept the invitation:\nhttps://gatehouse.example/invite/abc?x=1&y=\"2\"\n\n"
        ));
        assert!(email.text.trim_end().ends_with("Gatehouse"));

        assert!(email
            .html
            .contains("Dear Dr &lt;Smith&gt; &amp; &quot;partners&quot;"));
        assert!(email.html.contains("<title>Join &lt;Riverside&gt;</title>"));
        assert!(email
            .html
            .contains("href=\"https://gatehouse.example/invite/abc?x=1&amp;y=&quot;2&quot;\""));
        assert!(email.html.contains(">Accept the invitation</a>"));
        assert!(!email.html.contains("<Smith>"));
        assert!(!email.html.contains("<Riverside>"));
    }

    #[test]
    fn a_template_without_a_link_or_footer_has_neither() {
        let template = Template {
            greeting: "Hello".into(),
            paragraphs: vec!["Your shift is confirmed.".into()],
            ..Template::default()
        };
        let email = OutgoingEmail::from_template("a@nhs.net", "Shift confirmed", &template);
        assert_eq!(
            email.text,
            "Hello\n\nYour shift is confirmed.\n\nGatehouse\n"
        );
        assert!(!email.html.contains("<a "));
    }

    #[test]
    fn web_addresses_in_text_become_links_without_trailing_punctuation() {
        assert_eq!(
            link_pieces("Open https://a.example/x?y=1. Then http://b.example, done"),
            vec![
                TextPiece::Words("Open ".into()),
                TextPiece::Link("https://a.example/x?y=1".into()),
                TextPiece::Words(". Then ".into()),
                TextPiece::Link("http://b.example".into()),
                TextPiece::Words(", done".into()),
            ]
        );
        assert_eq!(
            link_pieces("no links here"),
            vec![TextPiece::Words("no links here".into())]
        );
        assert_eq!(
            link_pieces("http://only.example"),
            vec![TextPiece::Link("http://only.example".into())]
        );
    }
}
