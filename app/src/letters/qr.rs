//! The QR code of a registration link: as SVG for the pages, and as a PNG
//! image for the Word letter (a 1-bit greyscale PNG whose image data is
//! stored in zlib without compression, so no compressor is needed).

use qrcode::{Color, QrCode};

/// Pixels per module in the PNG.
const SCALE: usize = 8;
/// Light modules around the code, as readers need.
const QUIET: usize = 4;

/// The QR code of a link as an SVG image (empty if the link is too long
/// for one, which ours never are).
pub fn svg(link: &str) -> String {
    use qrcode::render::svg;
    match QrCode::new(link.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

/// The QR code of a link as a PNG image with its side in pixels, or `None`
/// if the link is too long for a QR code.
pub fn png(link: &str) -> Option<(Vec<u8>, usize)> {
    let code = QrCode::new(link.as_bytes()).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let row_bytes = side.div_ceil(8);
    // Each row: filter type 0, then the pixels, 1 bit each, 1 = white.
    let mut raw = Vec::with_capacity(side * (row_bytes + 1));
    for y in 0..side {
        raw.push(0);
        let mut row = vec![0xFFu8; row_bytes];
        let my = (y / SCALE).checked_sub(QUIET).filter(|m| *m < modules);
        if let Some(my) = my {
            for x in 0..side {
                let mx = (x / SCALE).checked_sub(QUIET).filter(|m| *m < modules);
                let dark = mx.is_some_and(|mx| colors.get(my * modules + mx) == Some(&Color::Dark));
                if dark {
                    row[x / 8] &= !(0x80 >> (x % 8));
                }
            }
        }
        raw.extend_from_slice(&row);
    }
    let side_u32 = u32::try_from(side).ok()?;
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&side_u32.to_be_bytes());
    header.extend_from_slice(&side_u32.to_be_bytes());
    // Bit depth 1, greyscale, deflate, no filter method, no interlace.
    header.extend_from_slice(&[1, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    Some((out, side))
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    out.extend_from_slice(&checked);
    out.extend_from_slice(&super::package::crc32(&checked).to_be_bytes());
}

/// `data` in a zlib stream of stored (uncompressed) deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(0xFFFF).collect();
    if blocks.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    for (n, block) in blocks.iter().enumerate() {
        out.push(u8::from(n + 1 == blocks.len()));
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    // 5,552 bytes is the most that can be summed before `b` could overflow,
    // so the remainders are taken once a run instead of once a byte.
    for run in data.chunks(5552) {
        for &byte in run {
            a += u32::from(byte);
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_is_the_standard_one() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // Long runs of 0xFF, as a QR image's white rows are: the sums are
        // reduced before they can overflow.
        let white = vec![0xFFu8; 100_000];
        let (mut a, mut b) = (1u64, 0u64);
        for &byte in &white {
            a = (a + u64::from(byte)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&white), ((b << 16) | a) as u32);
    }

    #[test]
    fn the_png_is_square_with_a_white_quiet_zone_and_dark_finder_corners() {
        let (png, side) =
            png("http://127.0.0.1:3000/patient-profile/register?patient_id=ABCD-EFGH").unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(
            u32::from_be_bytes(png[16..20].try_into().unwrap()) as usize,
            side
        );
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
        // The image data: zlib header, one stored block per 64 KiB.
        let idat = &png[33 + 8..];
        assert_eq!(&idat[..2], &[0x78, 0x01]);
        let len = usize::from(u16::from_le_bytes([idat[3], idat[4]]));
        let raw = &idat[7..7 + len];
        let row = side.div_ceil(8) + 1;
        // The first row is quiet zone: all white.
        assert!(raw[1..row].iter().all(|b| *b == 0xFF));
        // The first pixel inside the quiet zone is the finder's dark corner.
        let y = QUIET * SCALE;
        let x = QUIET * SCALE;
        let byte = raw[y * row + 1 + x / 8];
        assert_eq!(byte & (0x80 >> (x % 8)), 0);
    }

    #[test]
    fn a_link_too_long_for_a_qr_code_gives_none() {
        assert!(png(&"x".repeat(5000)).is_none());
        assert!(svg(&"x".repeat(5000)).is_empty());
    }
}
