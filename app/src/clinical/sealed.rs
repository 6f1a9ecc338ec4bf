//! Third-party credentials sealed at rest: the EMIS API user's password.
//!
//! XChaCha20-Poly1305 (an AEAD with 192-bit random nonces, so random nonces
//! never repeat in practice) under a key derived from SECRET_KEY with
//! HKDF-SHA256 (info `gatehouse/clinical-credentials/v1`). What is sealed
//! is bound to its purpose and practice (the associated data), so a sealed
//! value copied to another practice's row does not open. Stored as
//! `v1:` + hex(nonce ‖ ciphertext ‖ tag): never the password in clear.
//!
//! Changing SECRET_KEY makes what was sealed unreadable: `open` answers
//! None and the practice enters the password again (README: "Rotating
//! SECRET_KEY").

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

const VERSION: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The key that seals credentials, derived from SECRET_KEY (never stored).
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

impl SealKey {
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8,160, so this
        // cannot fail; the fallback only keeps `expect` out of the code.
        let derived = Hkdf::<Sha256>::new(Some(b"gatehouse"), secret)
            .expand(b"gatehouse/clinical-credentials/v1", &mut key);
        debug_assert!(derived.is_ok());
        Self(key)
    }

    /// Seals `clear` for `context` (purpose and practice).
    pub fn seal(&self, context: &str, clear: &str) -> Option<String> {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: clear.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(format!("{VERSION}{}", hex::encode(out)))
    }

    /// Opens a sealed value; None when it was sealed under another key
    /// (SECRET_KEY changed), for another context, or was altered.
    pub fn open(&self, context: &str, stored: &str) -> Option<String> {
        let bytes = hex::decode(stored.strip_prefix(VERSION)?).ok()?;
        if bytes.len() < NONCE_LEN + 16 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let clear = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(clear).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_password_opens_with_the_same_key_and_context_only() {
        let key = SealKey::from_secret(b"first-secret-key-of-at-least-32-chars");
        let sealed = key.seal("emis:practice-1", "Tr0ub4dor&3").unwrap();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("Tr0ub4dor"));
        assert_eq!(
            key.open("emis:practice-1", &sealed).as_deref(),
            Some("Tr0ub4dor&3")
        );
        assert_eq!(key.open("emis:practice-2", &sealed), None);
        let other = SealKey::from_secret(b"second-secret-key-of-at-least-32-chars");
        assert_eq!(other.open("emis:practice-1", &sealed), None);
    }

    #[test]
    fn sealing_twice_gives_different_text_and_altered_text_does_not_open() {
        let key = SealKey::from_secret(b"first-secret-key-of-at-least-32-chars");
        let a = key.seal("c", "same").unwrap();
        let b = key.seal("c", "same").unwrap();
        assert_ne!(a, b);
        let mut altered = a.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        let altered = String::from_utf8(altered).unwrap();
        assert_eq!(key.open("c", &altered), None);
        assert_eq!(key.open("c", "v1:zz"), None);
        assert_eq!(key.open("c", "plain"), None);
    }
}
