//! What a file is: its kind (from its first bytes) and the limits.

use serde::{Deserialize, Serialize};

/// The largest file accepted: 5 MB.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The longest file name kept (longer ones are cut).
pub const MAX_NAME_CHARS: usize = 120;

/// The kinds of file Gatehouse accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// A Word document (.docx): a ZIP package with Word's parts.
    Docx,
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Docx => "docx",
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileKind::Docx => "a Word document (.docx)",
            FileKind::Pdf => "a PDF",
            FileKind::Png => "a PNG image",
            FileKind::Jpeg => "a JPEG image",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<FileKind> {
        [FileKind::Docx, FileKind::Pdf, FileKind::Png, FileKind::Jpeg]
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    /// The kind the bytes say, if any we accept. A ZIP counts as a Word
    /// document only if it names Word's main part; the caller that needs a
    /// Word document then reads it with its limits.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"PK\x03\x04")
            && bytes.windows(17).any(|w| w == b"word/document.xml")
        {
            Some(FileKind::Docx)
        } else {
            None
        }
    }
}

/// A file name as kept and offered on download: the last path part,
/// without control characters, quotes or separators, at most
/// [`MAX_NAME_CHARS`] characters, with the kind's extension.
pub fn clean_name(name: &str, kind: FileKind) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut stem: String = last
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '"' | '\'' | ';' | '<' | '>' | ':' | '*' | '?' | '|')
        })
        .collect();
    let extension = format!(".{}", kind.extension());
    if stem.to_ascii_lowercase().ends_with(&extension) {
        stem.truncate(stem.len() - extension.len());
    }
    let stem = stem.trim();
    let stem: String = if stem.is_empty() { "file" } else { stem }
        .chars()
        .take(MAX_NAME_CHARS - extension.len())
        .collect();
    format!("{stem}{extension}")
}

/// A file as listed: never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    pub size: i64,
    pub kind: FileKind,
}

/// "12 KB", "1.2 MB".
pub fn size_in_words(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_kind_comes_from_its_bytes_never_its_name() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(FileKind::Png)
        );
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::sniff(b"PK\x03\x04....word/document.xml"),
            Some(FileKind::Docx)
        );
        assert_eq!(FileKind::sniff(b"PK\x03\x04 a zip of something else"), None);
        assert_eq!(FileKind::sniff(b"<html>letter.docx</html>"), None);
    }

    #[test]
    fn a_name_keeps_its_last_part_without_quotes_or_controls_and_gets_the_kinds_extension() {
        assert_eq!(
            clean_name("C:\\letters\\Head \"v2\".DOCX", FileKind::Docx),
            "Head v2.docx"
        );
        assert_eq!(clean_name("../../etc/passwd", FileKind::Pdf), "passwd.pdf");
        assert_eq!(clean_name("\u{7}", FileKind::Png), "file.png");
        assert_eq!(
            clean_name(&"x".repeat(500), FileKind::Pdf).chars().count(),
            MAX_NAME_CHARS
        );
        assert_eq!(size_in_words(1), "1 KB");
        assert_eq!(size_in_words(3 * 1024 * 1024 / 2), "1.5 MB");
    }
}
