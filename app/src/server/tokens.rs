//! Random tokens for links in emails and printed by the CLI. Only the SHA-256
//! hash of a token is stored; the token itself is shown once.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the OS generator, hex encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A new token (256 bits) and the hash to store for it.
pub fn new_token() -> (String, String) {
    let token = random_hex(32);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_stored_only_as_its_hash() {
        let (token, hash) = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, hash);
        assert_eq!(hash_token(&token), hash);
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(new_token().0, new_token().0);
    }
}
