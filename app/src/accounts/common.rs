//! Refusing passwords that are easy to guess.
//!
//! `common_passwords.txt` holds the entries of 12 characters or more
//! (lower-cased, deduplicated, sorted) from Royce Williams' list of the
//! 20,000 most common passwords, as shipped by Django in
//! `django/contrib/auth/common-passwords.txt.gz`. The list is licensed under
//! Creative Commons Attribution 3.0 (CC BY 3.0):
//! <https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce>.
//! Shorter entries are left out because they already fail the minimum length.
//!
//! Besides the list, two simple patterns count as common: one character
//! repeated ("aaaaaaaaaaaa") and a run of consecutive characters, forwards or
//! backwards, along the alphabet ("abcdefghijkl"), the digits
//! ("123456789012", wrapping from 0 back to 1) or the letter rows of a
//! QWERTY keyboard read left to right, top to bottom ("qwertyuiopas").

use std::collections::HashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("common_passwords.txt");

/// Sequences a "run" follows; each is treated as a loop, so "xyzabc" and
/// "901234" are runs too.
const SEQUENCES: [&str; 3] = [
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890",
    "qwertyuiopasdfghjklzxcvbnm",
];

fn list() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        LIST.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    })
}

/// True when the password is on the common list (ignoring case), is one
/// character repeated, or is a run of consecutive characters (see the module
/// documentation). Length is checked elsewhere; the empty string is not
/// reported as common.
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    if list().contains(lower.as_str()) {
        return true;
    }
    let chars: Vec<char> = lower.chars().collect();
    is_repeated(&chars) || is_run(&chars)
}

fn is_repeated(chars: &[char]) -> bool {
    chars.len() >= 2 && chars.windows(2).all(|pair| pair[0] == pair[1])
}

fn is_run(chars: &[char]) -> bool {
    if chars.len() < 2 {
        return false;
    }
    SEQUENCES.iter().any(|sequence| {
        let sequence: Vec<char> = sequence.chars().collect();
        let size = sequence.len();
        let position = |c: char| sequence.iter().position(|&s| s == c);
        // A step of 1 goes forwards; a step of size - 1 goes backwards.
        [1, size - 1].iter().any(|&step| {
            chars
                .windows(2)
                .all(|pair| match (position(pair[0]), position(pair[1])) {
                    (Some(a), Some(b)) => (a + step) % size == b,
                    _ => false,
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_has_only_long_lower_case_sorted_unique_entries() {
        let entries: Vec<&str> = LIST.lines().collect();
        assert!(entries.len() > 100);
        assert!(entries.iter().all(|e| e.chars().count() >= 12));
        assert!(entries.iter().all(|e| e.to_lowercase() == *e));
        assert!(entries.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_password_from_the_list_is_common_whatever_its_case() {
        assert!(is_common_password("qwertyuiop123"));
        assert!(is_common_password("QwertyUIOP123"));
        assert!(is_common_password("CookieMonster"));
        assert!(is_common_password("1qaz2wsx3edc"));
    }

    #[test]
    fn one_character_repeated_is_common() {
        assert!(is_common_password("aaaaaaaaaaaa"));
        assert!(is_common_password("ZZZZZZZZZZZZZZ"));
        assert!(is_common_password("!!!!!!!!!!!!"));
    }

    #[test]
    fn a_run_of_digits_is_common_even_when_it_wraps_round() {
        assert!(is_common_password("123456789012"));
        assert!(is_common_password("098765432109"));
    }

    #[test]
    fn a_run_along_the_alphabet_is_common_forwards_or_backwards() {
        assert!(is_common_password("abcdefghijkl"));
        assert!(is_common_password("LKJIHGFEDCBA"));
        assert!(is_common_password("uvwxyzabcdef"));
    }

    #[test]
    fn a_run_along_the_keyboard_is_common() {
        assert!(is_common_password("qwertyuiopas"));
        assert!(is_common_password("asdfghjklzxc"));
        assert!(is_common_password("mnbvcxzlkjhg"));
    }

    #[test]
    fn a_long_unusual_passphrase_is_not_common() {
        assert!(!is_common_password("correct horse battery staple"));
        assert!(!is_common_password("Tangerine-Lighthouse-42"));
    }

    #[test]
    fn a_run_broken_by_one_character_is_not_common() {
        assert!(!is_common_password("abcdefghijkx"));
        assert!(!is_common_password("123456789013"));
        assert!(!is_common_password("aaaaaaaaaaab"));
    }

    #[test]
    fn the_empty_password_is_left_to_the_length_check() {
        assert!(!is_common_password(""));
    }
}
