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

/// The one rule for a new password, on every path that sets one (first
/// run, an invitation's registration, a set-password or reset link):
/// 12 to 128 characters and confirmed ([`validate_new_password`]), not on
/// the common list nor a run, not containing the email's name, and strong
/// enough by zxcvbn (score 3 of 4, about 10^8 guesses) with the person's
/// name and email as words an attacker would try first.
pub fn check_new_password(
    password: &str,
    confirm: &str,
    name: &str,
    email: &str,
) -> crate::error::FieldErrors {
    use super::model::validate_new_password;
    let mut errors = validate_new_password(password, confirm);
    if errors.for_field("password").is_some() {
        return errors;
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if is_common_password(password) {
        errors.push("password", TOO_COMMON);
    } else if local.len() >= 4 && lower.contains(&local) {
        errors.push(
            "password",
            "Your password must not contain your email address",
        );
    } else {
        let mut inputs: Vec<&str> = name.split_whitespace().collect();
        inputs.extend(email.split(['@', '.']).filter(|part| !part.is_empty()));
        inputs.push(email);
        if zxcvbn::zxcvbn(password, &inputs).score() < zxcvbn::Score::Three {
            errors.push("password", TOO_EASY);
        }
    }
    errors
}

pub const TOO_COMMON: &str =
    "This password is too common. Choose one that is harder to guess, for example 3 unrelated words";
pub const TOO_EASY: &str =
    "This password is too easy to guess. Choose one that is harder to guess, for example 3 unrelated words";

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(password: &str, name: &str, email: &str) -> Option<String> {
        check_new_password(password, password, name, email).for_field("password")
    }

    #[test]
    fn one_policy_refuses_weak_passwords_and_ones_made_of_the_persons_details() {
        let email = "nia.nurse@nhs.net";
        for weak in [
            "passwordpassword",
            "Password12345!",
            "qwertyuiop123",
            "aaaaaaaaaaaaaa",
            "nia.nurse2026!!",
        ] {
            assert!(problem(weak, "Nia Nurse", email).is_some(), "{weak}");
        }
        assert_eq!(
            problem("passwordpassword", "", email).as_deref(),
            Some(TOO_EASY)
        );
        // Every password the tests and the benchmark set.
        for strong in [
            "correct horse battery",
            "a long enough pass",
            "a long enough password",
            "a long enough bench password",
            "graces new password",
            "brand new password",
            "harbour lights at dusk",
            "copper kettle meadow",
            "maple tractor violin",
            "first strong phrase here",
            "second strong phrase here",
        ] {
            assert_eq!(problem(strong, "Nia Nurse", email), None, "{strong}");
        }
        // Length and confirmation come first, with their own messages.
        assert_eq!(
            problem("short", "", email).as_deref(),
            Some("Password must be 12 characters or more")
        );
    }

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
