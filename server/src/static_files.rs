//! The site's static files (the WebAssembly bundle, its script and style
//! sheet, icons, the manifest, the service worker), read once at start-up and
//! served from memory.
//!
//! - Each compressible file is kept three ways: as it is, brotli and gzip.
//!   `server compress-site` writes the best compression (`.br`, `.gz` beside
//!   each file) at release time; a file without them is compressed at a
//!   quicker level when it is loaded. `Accept-Encoding` chooses (brotli
//!   first).
//! - A file whose name carries cargo-leptos's content hash
//!   (`gatehouse.<22 characters>.wasm`) never changes: `Cache-Control:
//!   public, max-age=31536000, immutable`. Every other file is revalidated
//!   (`no-cache`) against its `ETag` and answered `304 Not Modified` when
//!   the browser's copy is current.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// What a hashed file's answer says: keep it for a year, never ask again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// What every other file's answer says: keep it, but ask (with its ETag)
/// before using it again.
pub const REVALIDATE: &str = "no-cache";

/// Smaller files are not worth a compressed copy.
const COMPRESS_FROM_BYTES: usize = 256;

/// One file, as it is and compressed.
#[derive(Debug, Clone)]
struct StaticFile {
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    content_type: HeaderValue,
    /// The content's hash; each encoding's ETag adds its own suffix.
    hash: String,
    immutable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Brotli,
    Gzip,
}

impl Encoding {
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
        }
    }

    /// The `Content-Encoding` it is sent with (none for the file as it is).
    fn content_encoding(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
        }
    }

    /// The extension of its copy beside the file (`.br`, `.gz`).
    fn copy_extension(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }
}

/// `x.wasm.br` for `x.wasm` and brotli.
fn copy_path(path: &Path, encoding: Encoding) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(encoding.copy_extension());
    PathBuf::from(name)
}

/// Every file under the site root, by URL path (`/pkg/gatehouse.wasm`).
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
}

impl StaticFiles {
    /// Reads every file under `root` (none when it does not exist, as in
    /// the integration tests, which run without a built site).
    pub fn load(root: &Path) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        for path in files_under(root)? {
            // Compressed copies are kept with their file; a copy whose file
            // is gone (an earlier build's) is not served.
            if is_compressed_copy(&path) {
                continue;
            }
            let Some(url) = url_path(root, &path) else {
                continue;
            };
            let identity = Bytes::from(std::fs::read(&path)?);
            let compressible = is_compressible(&path) && identity.len() >= COMPRESS_FROM_BYTES;
            let (brotli, gzip) = if compressible {
                let stored = |encoding| -> std::io::Result<Option<Bytes>> {
                    match std::fs::read(copy_path(&path, encoding)) {
                        Ok(bytes) => Ok(Some(Bytes::from(bytes))),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                        Err(e) => Err(e),
                    }
                };
                let brotli = match stored(Encoding::Brotli)? {
                    Some(bytes) => bytes,
                    None => Bytes::from(brotli(&identity, QUICK_BROTLI)?),
                };
                let gzip = match stored(Encoding::Gzip)? {
                    Some(bytes) => bytes,
                    None => Bytes::from(gzip(&identity, QUICK_GZIP)?),
                };
                (Some(brotli), Some(gzip))
            } else {
                (None, None)
            };
            let hash = hex::encode(&Sha256::digest(&identity)[..12]);
            files.insert(
                url,
                StaticFile {
                    content_type: HeaderValue::from_static(content_type(&path)),
                    immutable: has_content_hash(&path),
                    identity,
                    brotli,
                    gzip,
                    hash,
                },
            );
        }
        // Each hashed file is also served under its plain name
        // (`/pkg/gatehouse.css`), revalidated rather than immutable: the
        // static offline page and the service worker cannot know the hash.
        let aliases: Vec<(String, StaticFile)> = files
            .iter()
            .filter(|(_, file)| file.immutable)
            .filter_map(|(url, file)| {
                let plain = without_content_hash(url)?;
                let alias = StaticFile {
                    immutable: false,
                    ..file.clone()
                };
                Some((plain, alias))
            })
            .collect();
        for (plain, alias) in aliases {
            files.entry(plain).or_insert(alias);
        }
        Ok(Self { files })
    }

    /// How many files are held.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is held.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The answer for a GET or HEAD of a file held here; `None` for any
    /// other request (the app answers those).
    pub fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let file = self.files.get(path)?;
        let encoding = choose_encoding(headers, file);
        let body = match encoding {
            Encoding::Identity => file.identity.clone(),
            Encoding::Brotli => file.brotli.clone()?,
            Encoding::Gzip => file.gzip.clone()?,
        };
        let fresh = headers
            .get(IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| matches_any(tags, &file.hash));
        let mut builder = Response::builder()
            .header(ETAG, etag(&file.hash, encoding))
            .header(
                CACHE_CONTROL,
                if file.immutable {
                    IMMUTABLE
                } else {
                    REVALIDATE
                },
            )
            .header(CONTENT_TYPE, file.content_type.clone());
        if file.brotli.is_some() {
            builder = builder.header(VARY, "accept-encoding");
        }
        if fresh {
            return builder
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .ok();
        }
        if let Some(name) = encoding.content_encoding() {
            builder = builder.header(CONTENT_ENCODING, name);
        }
        builder.status(StatusCode::OK).body(Body::from(body)).ok()
    }
}

fn etag(hash: &str, encoding: Encoding) -> String {
    format!("\"{hash}{}\"", encoding.suffix())
}

/// Whether an `If-None-Match` list names this content in any encoding.
fn matches_any(tags: &str, hash: &str) -> bool {
    tags.split(',').map(str::trim).any(|tag| {
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let Some(inner) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return false;
        };
        [Encoding::Identity, Encoding::Brotli, Encoding::Gzip]
            .iter()
            .any(|e| inner.strip_suffix(e.suffix()) == Some(hash))
    })
}

/// Brotli, then gzip, then the file as it is, as far as the client accepts
/// them (`q=0` refuses one).
fn choose_encoding(headers: &HeaderMap, file: &StaticFile) -> Encoding {
    if file.brotli.is_none() {
        return Encoding::Identity;
    }
    let accepted: Vec<&str> = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?;
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect();
    let accepts = |name: &str| {
        accepted
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name) || *a == "*")
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Every regular file under `root`, depth first (none if `root` is absent).
fn files_under(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `/pkg/gatehouse.wasm` for `<root>/pkg/gatehouse.wasm`.
fn url_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let mut url = String::new();
    for part in relative.components() {
        url.push('/');
        url.push_str(part.as_os_str().to_str()?);
    }
    Some(url)
}

/// Whether this is the `.br` or `.gz` copy of another file (`x.wasm.br`).
fn is_compressed_copy(path: &Path) -> bool {
    matches!(extension(path).as_str(), "br" | "gz")
        && path
            .file_stem()
            .is_some_and(|stem| Path::new(stem).extension().is_some())
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn content_type(path: &Path) -> &'static str {
    match extension(path).as_str() {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Formats that are already compressed gain nothing from it.
fn is_compressible(path: &Path) -> bool {
    !matches!(
        extension(path).as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "woff" | "woff2" | "br" | "gz"
    )
}

/// cargo-leptos's `hash-files` names a file `<stem>.<hash>.<extension>`, the
/// hash 22 characters of URL-safe base64 (an MD5 of the content).
pub fn has_content_hash(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|part| is_content_hash(part))
}

/// `/pkg/gatehouse.css` for `/pkg/gatehouse.<hash>.css`.
fn without_content_hash(url: &str) -> Option<String> {
    let (folder, name) = url.rsplit_once('/')?;
    let parts: Vec<&str> = name.split('.').collect();
    let hash_at = (1..parts.len().saturating_sub(1)).find(|&i| is_content_hash(parts[i]))?;
    let plain: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != hash_at)
        .map(|(_, part)| *part)
        .collect();
    Some(format!("{folder}/{}", plain.join(".")))
}

fn is_content_hash(part: &str) -> bool {
    part.len() == 22
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !part.bytes().all(|b| b == b'_')
}

/// Brotli quality and window for files compressed as they load.
const QUICK_BROTLI: u32 = 5;
/// Brotli quality for `server compress-site` (release builds).
const BEST_BROTLI: u32 = 11;
const QUICK_GZIP: u32 = 6;
const BEST_GZIP: u32 = 9;

fn brotli(input: &[u8], quality: u32) -> std::io::Result<Vec<u8>> {
    let mut output = Vec::with_capacity(input.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut output, 64 * 1024, quality, 22);
        writer.write_all(input)?;
        writer.flush()?;
    }
    Ok(output)
}

fn gzip(input: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    encoder.write_all(input)?;
    encoder.finish()
}

/// `server compress-site`: writes `<file>.br` and `<file>.gz` (best
/// compression) beside every compressible file under `root` that has no
/// current copy. Returns how many files it compressed.
pub fn compress_site(root: &Path) -> std::io::Result<usize> {
    if !root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder (build the site first)", root.display()),
        ));
    }
    let mut compressed = 0;
    for path in files_under(root)? {
        if is_compressed_copy(&path) {
            // An earlier build's copy whose file is gone.
            if !path.with_extension("").is_file() {
                std::fs::remove_file(&path)?;
            }
            continue;
        }
        if !is_compressible(&path) {
            continue;
        }
        let identity = std::fs::read(&path)?;
        if identity.len() < COMPRESS_FROM_BYTES {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let mut wrote = false;
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            let target = copy_path(&path, encoding);
            let current = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|at| at >= modified);
            if current {
                continue;
            }
            let copy = if encoding == Encoding::Brotli {
                brotli(&identity, BEST_BROTLI)?
            } else {
                gzip(&identity, BEST_GZIP)?
            };
            std::fs::write(&target, copy)?;
            wrote = true;
        }
        if wrote {
            compressed += 1;
        }
    }
    Ok(compressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn site() -> (PathBuf, StaticFiles) {
        let root = std::env::temp_dir().join(format!("gh-site-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        let script = "console.log('a script long enough to be worth compressing');\n".repeat(20);
        std::fs::write(root.join("pkg/gatehouse.js"), &script).unwrap();
        std::fs::write(
            root.join("pkg/gatehouse.Ck0xZ3Fy0pQ9Ys1uRtAaBb.wasm"),
            vec![0u8; 4096],
        )
        .unwrap();
        std::fs::write(root.join("icon.png"), vec![7u8; 4096]).unwrap();
        let files = StaticFiles::load(&root).unwrap();
        (root, files)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn header<'a>(response: &'a Response, name: &str) -> &'a str {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    #[test]
    fn a_file_is_sent_brotli_or_gzip_as_the_browser_accepts_and_as_it_is_otherwise() {
        let (_root, files) = site();
        let get = |accept: &str| {
            files
                .respond(
                    &Method::GET,
                    "/pkg/gatehouse.js",
                    &headers(&[("accept-encoding", accept)]),
                )
                .unwrap()
        };
        assert_eq!(header(&get("gzip, deflate, br"), "content-encoding"), "br");
        assert_eq!(header(&get("gzip"), "content-encoding"), "gzip");
        assert_eq!(header(&get("br;q=0, gzip"), "content-encoding"), "gzip");
        assert_eq!(header(&get("identity"), "content-encoding"), "");
        assert_eq!(header(&get("gzip"), "vary"), "accept-encoding");
        assert_eq!(
            header(&get("br"), "content-type"),
            "text/javascript; charset=utf-8"
        );
        // An image is never compressed again.
        let image = files
            .respond(
                &Method::GET,
                "/icon.png",
                &headers(&[("accept-encoding", "br")]),
            )
            .unwrap();
        assert_eq!(header(&image, "content-encoding"), "");
        assert_eq!(header(&image, "content-type"), "image/png");
    }

    #[tokio::test]
    async fn the_compressed_copies_decode_to_the_file() {
        let (root, files) = site();
        let original = std::fs::read(root.join("pkg/gatehouse.js")).unwrap();
        for (accept, decode) in [
            (
                "br",
                (|b: &[u8]| {
                    let mut out = Vec::new();
                    brotli::Decompressor::new(b, 4096)
                        .read_to_end(&mut out)
                        .unwrap();
                    out
                }) as fn(&[u8]) -> Vec<u8>,
            ),
            ("gzip", |b: &[u8]| {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(b)
                    .read_to_end(&mut out)
                    .unwrap();
                out
            }),
        ] {
            let response = files
                .respond(
                    &Method::GET,
                    "/pkg/gatehouse.js",
                    &headers(&[("accept-encoding", accept)]),
                )
                .unwrap();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            assert!(body.len() < original.len() / 4, "{accept} is not smaller");
            assert_eq!(decode(&body), original, "{accept}");
        }
    }

    #[test]
    fn hashed_files_are_kept_for_a_year_and_others_are_revalidated_with_their_etag() {
        let (_root, files) = site();
        let hashed = files
            .respond(
                &Method::GET,
                "/pkg/gatehouse.Ck0xZ3Fy0pQ9Ys1uRtAaBb.wasm",
                &HeaderMap::new(),
            )
            .unwrap();
        assert_eq!(header(&hashed, "cache-control"), IMMUTABLE);
        assert_eq!(header(&hashed, "content-type"), "application/wasm");
        // Its plain name (for the offline page and the service worker)
        // serves the same file, revalidated.
        let plain_name = files
            .respond(&Method::GET, "/pkg/gatehouse.wasm", &HeaderMap::new())
            .unwrap();
        assert_eq!(header(&plain_name, "cache-control"), REVALIDATE);
        assert_eq!(header(&plain_name, "etag"), header(&hashed, "etag"));
        let plain = files
            .respond(
                &Method::GET,
                "/pkg/gatehouse.js",
                &headers(&[("accept-encoding", "br")]),
            )
            .unwrap();
        assert_eq!(header(&plain, "cache-control"), REVALIDATE);
        let etag = header(&plain, "etag").to_string();
        assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");

        let again = files
            .respond(
                &Method::GET,
                "/pkg/gatehouse.js",
                &headers(&[("accept-encoding", "br"), ("if-none-match", &etag)]),
            )
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let changed = files
            .respond(
                &Method::GET,
                "/pkg/gatehouse.js",
                &headers(&[("if-none-match", "\"0123456789abcdef01234567\"")]),
            )
            .unwrap();
        assert_eq!(changed.status(), StatusCode::OK);
    }

    #[test]
    fn only_reads_of_files_it_holds_are_answered() {
        let (_root, files) = site();
        assert!(files
            .respond(&Method::POST, "/pkg/gatehouse.js", &HeaderMap::new())
            .is_none());
        assert!(files
            .respond(&Method::GET, "/pkg/missing.js", &HeaderMap::new())
            .is_none());
        assert!(files
            .respond(&Method::GET, "/pkg/../pkg/gatehouse.js", &HeaderMap::new())
            .is_none());
        assert!(files
            .respond(&Method::HEAD, "/pkg/gatehouse.js", &HeaderMap::new())
            .is_some());
    }

    #[test]
    fn compress_site_writes_the_best_copies_once_and_loading_uses_them() {
        let (root, _) = site();
        assert_eq!(
            compress_site(&root).unwrap(),
            2,
            "the script and the wasm, not the image"
        );
        assert!(root.join("pkg/gatehouse.js.br").is_file());
        assert!(root.join("pkg/gatehouse.js.gz").is_file());
        assert_eq!(compress_site(&root).unwrap(), 0, "current copies are kept");
        // A copy left by an earlier build, whose file is gone, is neither
        // served nor kept.
        std::fs::write(root.join("pkg/old.wasm.br"), b"stale").unwrap();
        assert!(StaticFiles::load(&root)
            .unwrap()
            .respond(&Method::GET, "/pkg/old.wasm.br", &HeaderMap::new())
            .is_none());
        compress_site(&root).unwrap();
        assert!(!root.join("pkg/old.wasm.br").exists());
        let files = StaticFiles::load(&root).unwrap();
        assert_eq!(
            files.len(),
            4,
            "the copies are not files of their own (3 and one plain name)"
        );
        let stored = std::fs::read(root.join("pkg/gatehouse.js.br")).unwrap();
        assert_eq!(
            files.files["/pkg/gatehouse.js"].brotli.as_deref(),
            Some(&stored[..])
        );
    }

    #[test]
    fn only_cargo_leptos_content_hashes_mark_a_file_as_never_changing() {
        assert!(has_content_hash(Path::new(
            "gatehouse.Ck0xZ3Fy0pQ9Ys1uRtAaBb.wasm"
        )));
        assert!(!has_content_hash(Path::new("gatehouse.wasm")));
        assert!(!has_content_hash(Path::new(
            "__wasm_split.______________________.js"
        )));
        assert!(!has_content_hash(Path::new("manifest.webmanifest")));
    }
}
