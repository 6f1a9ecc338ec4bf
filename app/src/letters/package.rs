//! Word files (.docx) are ZIP packages of XML parts. This reads one with
//! fixed limits (size, number of parts, unpacked size and ratio, so a "zip
//! bomb" is refused before it fills memory) and writes one (parts
//! compressed with deflate, or stored where that is no smaller).

use std::fmt;

/// The largest upload: 5 MB.
pub const MAX_FILE: usize = 5 * 1024 * 1024;
/// The most a package may unpack to, all parts together.
pub const MAX_UNPACKED: usize = 25 * 1024 * 1024;
/// The most any part may unpack to per byte packed.
pub const MAX_RATIO: usize = 100;
/// The most parts a package may have.
pub const MAX_PARTS: usize = 1_000;

/// Why bytes are not a package we can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageError {
    TooLarge,
    NotWord,
    Corrupt,
    Unsafe,
}

impl PackageError {
    /// What the person who uploaded it is told.
    pub fn message(self) -> &'static str {
        match self {
            PackageError::TooLarge => "The selected file must be smaller than 5 MB",
            PackageError::NotWord => "The selected file must be a Word document (.docx)",
            PackageError::Corrupt => {
                "The selected file is damaged: open it in Word, save it again as .docx and upload that"
            }
            PackageError::Unsafe => {
                "The selected file unpacks to more than a Word letter could need, so it cannot be used"
            }
        }
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// The parts of a package, in their order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Package {
    parts: Vec<(String, Vec<u8>)>,
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, PackageError> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or(PackageError::Corrupt)
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, PackageError> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(PackageError::Corrupt)
}

fn usize_at(bytes: &[u8], at: usize, width: usize) -> Result<usize, PackageError> {
    let value = if width == 2 {
        u32::from(u16_at(bytes, at)?)
    } else {
        u32_at(bytes, at)?
    };
    usize::try_from(value).map_err(|_| PackageError::Corrupt)
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;

impl Package {
    /// Reads a Word package, judged by its bytes, never its name.
    pub fn read(bytes: &[u8]) -> Result<Package, PackageError> {
        if bytes.len() > MAX_FILE {
            return Err(PackageError::TooLarge);
        }
        if bytes.len() < 22 || u32_at(bytes, 0)? != LOCAL {
            return Err(PackageError::NotWord);
        }
        // The end record: within the last 64 KiB (its comment) + 22 bytes.
        let lowest = bytes.len().saturating_sub(22 + 0xFFFF);
        let end = (lowest..=bytes.len() - 22)
            .rev()
            .find(|&at| u32_at(bytes, at).ok() == Some(END))
            .ok_or(PackageError::Corrupt)?;
        let count = usize_at(bytes, end + 10, 2)?;
        let mut at = usize_at(bytes, end + 16, 4)?;
        if count > MAX_PARTS {
            return Err(PackageError::Unsafe);
        }
        let mut parts = Vec::with_capacity(count);
        let mut unpacked_total = 0usize;
        for _ in 0..count {
            if u32_at(bytes, at)? != CENTRAL {
                return Err(PackageError::Corrupt);
            }
            let flags = u16_at(bytes, at + 8)?;
            let method = u16_at(bytes, at + 10)?;
            let crc = u32_at(bytes, at + 16)?;
            let packed = usize_at(bytes, at + 20, 4)?;
            let unpacked = usize_at(bytes, at + 24, 4)?;
            let name_len = usize_at(bytes, at + 28, 2)?;
            let extra_len = usize_at(bytes, at + 30, 2)?;
            let comment_len = usize_at(bytes, at + 32, 2)?;
            let local = usize_at(bytes, at + 42, 4)?;
            let name = bytes
                .get(at + 46..at + 46 + name_len)
                .ok_or(PackageError::Corrupt)?;
            let name = String::from_utf8(name.to_vec()).map_err(|_| PackageError::Corrupt)?;
            at += 46 + name_len + extra_len + comment_len;
            // Encrypted parts, and sizes only ZIP64 can hold, are not Word's.
            if flags & 1 != 0 || packed == 0xFFFF_FFFF || unpacked == 0xFFFF_FFFF {
                return Err(PackageError::Corrupt);
            }
            unpacked_total = unpacked_total.saturating_add(unpacked);
            if unpacked_total > MAX_UNPACKED || unpacked > packed.max(1).saturating_mul(MAX_RATIO) {
                return Err(PackageError::Unsafe);
            }
            if u32_at(bytes, local)? != LOCAL {
                return Err(PackageError::Corrupt);
            }
            let start =
                local + 30 + usize_at(bytes, local + 26, 2)? + usize_at(bytes, local + 28, 2)?;
            let data = bytes
                .get(start..start.saturating_add(packed))
                .ok_or(PackageError::Corrupt)?;
            let data = match method {
                0 => data.to_vec(),
                8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, unpacked).map_err(
                    |e| match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PackageError::Unsafe,
                        _ => PackageError::Corrupt,
                    },
                )?,
                _ => return Err(PackageError::Corrupt),
            };
            if data.len() != unpacked || crc32(&data) != crc {
                return Err(PackageError::Corrupt);
            }
            if name.ends_with('/') {
                continue;
            }
            parts.push((name, data));
        }
        let package = Package { parts };
        if package.get("[Content_Types].xml").is_none()
            || package.get("word/document.xml").is_none()
        {
            return Err(PackageError::NotWord);
        }
        Ok(package)
    }

    /// A package of these parts.
    pub fn of(parts: Vec<(String, Vec<u8>)>) -> Package {
        Package { parts }
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, data)| data.as_slice())
    }

    /// A part's text (the XML parts are UTF-8).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|data| std::str::from_utf8(data).ok())
    }

    /// Replaces a part, or adds it at the end.
    pub fn set(&mut self, name: &str, data: Vec<u8>) {
        match self.parts.iter_mut().find(|(n, _)| n == name) {
            Some(part) => part.1 = data,
            None => self.parts.push((name.to_string(), data)),
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(name, _)| name.as_str())
    }

    /// The package as a file.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in &self.parts {
            let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
            let crc = crc32(data);
            let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
            let (method, body): (u16, &[u8]) = if deflated.len() < data.len() {
                (8, &deflated)
            } else {
                (0, data)
            };
            let packed = u32::try_from(body.len()).unwrap_or(u32::MAX);
            let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
            let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
            let mut common = Vec::with_capacity(26);
            common.extend_from_slice(&20u16.to_le_bytes()); // version needed
            common.extend_from_slice(&0u16.to_le_bytes()); // flags
            common.extend_from_slice(&method.to_le_bytes());
            common.extend_from_slice(&0u16.to_le_bytes()); // time
            common.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            common.extend_from_slice(&crc.to_le_bytes());
            common.extend_from_slice(&packed.to_le_bytes());
            common.extend_from_slice(&size.to_le_bytes());
            common.extend_from_slice(&name_len.to_le_bytes());
            common.extend_from_slice(&0u16.to_le_bytes()); // extra
            out.extend_from_slice(&LOCAL.to_le_bytes());
            out.extend_from_slice(&common);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(body);
            central.extend_from_slice(&CENTRAL.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes()); // version made by
            central.extend_from_slice(&common);
            central.extend_from_slice(&0u16.to_le_bytes()); // comment
            central.extend_from_slice(&0u16.to_le_bytes()); // disk
            central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let central_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let central_size = u32::try_from(central.len()).unwrap_or(u32::MAX);
        let count = u16::try_from(self.parts.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&central);
        out.extend_from_slice(&END.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&central_size.to_le_bytes());
        out.extend_from_slice(&central_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }
}

/// CRC-32 (IEEE), as ZIP and PNG need it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc = CRC_TABLE[usize::from((crc as u8) ^ byte)] ^ (crc >> 8);
    }
    !crc
}

/// CRC-32 (IEEE, reflected) of every byte value, computed at compile time:
/// one lookup a byte instead of eight shifts.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut crc = n as u32;
        let mut bit = 0;
        while bit < 8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
            bit += 1;
        }
        table[n] = crc;
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn word(document: &str) -> Package {
        Package::of(vec![
            ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
            ("word/document.xml".into(), document.as_bytes().to_vec()),
        ])
    }

    #[test]
    fn the_crc_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_package_written_reads_back_the_same() {
        let package = word(&"<w:p>repeated text compresses</w:p>".repeat(50));
        let file = package.write();
        assert_eq!(Package::read(&file).unwrap(), package);
    }

    #[test]
    fn what_is_not_a_word_package_is_refused_by_its_bytes() {
        assert_eq!(
            Package::read(b"%PDF-1.7 not a zip at all, long enough"),
            Err(PackageError::NotWord)
        );
        let other_zip = Package::of(vec![("a.txt".into(), b"hello".to_vec())]).write();
        assert_eq!(Package::read(&other_zip), Err(PackageError::NotWord));
        assert_eq!(
            Package::read(&vec![0u8; MAX_FILE + 1]),
            Err(PackageError::TooLarge)
        );
    }

    #[test]
    fn a_damaged_package_is_corrupt() {
        let mut file = word("<w:p>text text text text text</w:p>").write();
        // Change a byte of the document's packed data.
        let at = file
            .windows(17)
            .position(|w| w == b"word/document.xml")
            .unwrap()
            + 17
            + 2;
        file[at] ^= 0xFF;
        assert_eq!(Package::read(&file), Err(PackageError::Corrupt));
        let cut = &word("<w:p/>").write()[..40];
        assert!(Package::read(cut).is_err());
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        // 20 MB of zeros packs to a few kB: far beyond the ratio.
        let package = word(&"0".repeat(20 * 1024 * 1024));
        assert_eq!(Package::read(&package.write()), Err(PackageError::Unsafe));
    }
}
