//! Patient IDs and activation codes.
//!
//! Both use an alphabet without look-alikes (no 0/O, 1/I/L, U): 30 letters
//! and digits. A Patient ID is 8 random characters ("ABCD-EFGH", about 40
//! bits: it names, it does not prove). An activation code is 15 characters
//! ("ABCDE-FGHJK-MNPQR", 73 bits), derived from its credentials' random id
//! with a key derived from SECRET_KEY, so the letter can be printed again
//! while the credentials are valid without the code ever being stored.
//! What is stored is a keyed hash of the code (HMAC-SHA256 with another
//! key derived from SECRET_KEY): a copy of the database alone yields no
//! code and cannot test guesses offline.
//!
//! Why HMAC and not argon2 here: argon2 is for passwords people choose,
//! which are guessable offline. These codes are 73 random bits and
//! guessing online is stopped by the lock after 5 wrong tries per Patient
//! ID and the delays per client address. Argon2 at 30 ms each would make
//! issuing 100,000 letters take 50 minutes of one core.

use rand::Rng;
use sha2::{Digest, Sha256};

const PATIENT_ID_LEN: usize = 8;
const CODE_LEN: usize = 15;

/// The 30 characters codes are made of.
fn alphabet() -> &'static [u8] {
    b"ABCDEFGHJKMNPQRSTVWXYZ23456789"
}

/// HMAC-SHA256 (RFC 2104), which cannot fail for any key length.
fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|k| k ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The keys for codes, derived from SECRET_KEY (never stored).
#[derive(Clone)]
pub struct CodeKeys {
    derive: [u8; 32],
    hash: [u8; 32],
}

impl std::fmt::Debug for CodeKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKeys(<redacted>)")
    }
}

impl CodeKeys {
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            derive: mac(secret, b"gatehouse/patient-activation-code/derive/v1"),
            hash: mac(secret, b"gatehouse/patient-activation-code/hash/v1"),
        }
    }

    /// The activation code of the credentials with this id, as printed.
    pub fn code_for(&self, credentials_id: &str) -> String {
        let chars = alphabet();
        let mut code = String::with_capacity(CODE_LEN);
        let mut round = 0u32;
        while code.len() < CODE_LEN {
            let bytes = mac(&self.derive, format!("{credentials_id}:{round}").as_bytes());
            for byte in bytes {
                // Rejection keeps every character equally likely.
                let limit = (256 / chars.len() * chars.len()) as u8;
                if byte < limit && code.len() < CODE_LEN {
                    code.push(chars[usize::from(byte) % chars.len()] as char);
                }
            }
            round += 1;
        }
        group(&code, 5)
    }

    /// The keyed hash stored for a code (as typed: spaces, dashes and case
    /// do not matter).
    pub fn hash(&self, code: &str) -> String {
        hex::encode(mac(&self.hash, normalise(code).as_bytes()))
    }

    /// Whether a typed code has the stored hash (compared in constant time).
    pub fn matches(&self, typed: &str, stored_hash: &str) -> bool {
        let typed = self.hash(typed);
        typed.len() == stored_hash.len()
            && typed
                .bytes()
                .zip(stored_hash.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }
}

/// Upper case, without spaces, dashes or anything but letters and digits.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// "ABCDEFGH" → "ABCD-EFGH".
fn group(code: &str, size: usize) -> String {
    code.as_bytes()
        .chunks(size)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A new random Patient ID, as printed ("ABCD-EFGH"). (The thread's
/// generator, seeded from the OS: fast enough to make thousands a batch.)
pub fn new_patient_id() -> String {
    let chars = alphabet();
    let mut rng = rand::thread_rng();
    let id: String = (0..PATIENT_ID_LEN)
        .map(|_| chars[rng.gen_range(0..chars.len())] as char)
        .collect();
    group(&id, 4)
}

/// A typed Patient ID in its stored form ("abcd efgh" → "ABCD-EFGH"), or
/// `None` when it cannot be one.
pub fn parse_patient_id(typed: &str) -> Option<String> {
    let id = normalise(typed);
    (id.len() == PATIENT_ID_LEN && id.bytes().all(|b| alphabet().contains(&b)))
        .then(|| group(&id, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_derived_again_the_same_and_only_its_keyed_hash_matches() {
        let keys = CodeKeys::from_secret(b"a secret key of at least 32 characters");
        let code = keys.code_for("credentials-1");
        assert_eq!(code, keys.code_for("credentials-1"));
        assert_ne!(code, keys.code_for("credentials-2"));
        assert_eq!(code.len(), 17);
        let stored = keys.hash(&code);
        assert!(keys.matches(&code.to_lowercase().replace('-', " "), &stored));
        assert!(!keys.matches("ABCDE-FGHJK-MNPQR", &stored));
        let other = CodeKeys::from_secret(b"another secret key of 32 characters!!");
        assert_ne!(other.code_for("credentials-1"), code);
        assert!(!other.matches(&code, &stored));
    }

    #[test]
    fn the_keyed_hash_is_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            hex::encode(mac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn codes_and_ids_use_only_unambiguous_characters() {
        let keys = CodeKeys::from_secret(b"k");
        for n in 0..200 {
            let code = normalise(&keys.code_for(&format!("c{n}")));
            assert_eq!(code.len(), 15);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L', 'U']), "{code}");
        }
        let id = new_patient_id();
        assert_eq!(parse_patient_id(&id.to_lowercase()), Some(id.clone()));
        assert_eq!(parse_patient_id("ABCD-EFG0"), None);
        // 15 characters of 30 carry more than 60 bits.
        assert!(15.0 * (alphabet().len() as f64).log2() > 60.0);
    }
}
