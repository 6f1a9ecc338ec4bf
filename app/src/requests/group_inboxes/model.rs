//! The "Group inboxes" tab's types and rules: a practice's group inboxes,
//! the All Practices setting, and the near-miss names that will not merge
//! across practices; the name checks and merge keys.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// A group inbox as the "Group inboxes" tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInbox {
    pub id: String,
    pub name: String,
    pub role: String,
    pub open: i64,
}

/// The "Group inboxes" tab: the practice's inboxes, whether the All
/// Practices view is on, and (when it is) the names that will not merge
/// with a near-identical name in another practice of a shared view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInboxesTab {
    pub inboxes: Vec<GroupInbox>,
    pub all_practices: bool,
    pub near_misses: Vec<NearMiss>,
}

/// Two group inbox names, in practices of one All Practices view, that will
/// not merge but probably should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMiss {
    pub here: String,
    pub there: String,
    pub practice_name: String,
}

/// The merge key of a group inbox name: lower case, spaces trimmed and
/// runs of spaces made one.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether two names (already keys) differ but look like the same inbox:
/// one is the other's plural ("clerk"/"clerks", "secretary"/"secretaries"),
/// or they are at most two edits apart and longer than four letters.
pub fn is_near_miss(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let singular = |s: &str| match s.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => s.strip_suffix('s').unwrap_or(s).to_string(),
    };
    let words = |s: &str| s.split(' ').map(singular).collect::<Vec<_>>().join(" ");
    if words(a) == words(b) {
        return true;
    }
    a.chars().count().min(b.chars().count()) > 4 && edit_distance(a, b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The longest group inbox name.
pub const MAX_INBOX_NAME: usize = 60;

/// Checks a new group inbox name; the error is for the field `name`.
pub fn check_inbox_name(name: &str, errors: &mut FieldErrors) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push("name", "Enter a name for the group inbox");
    } else if name.chars().count() > MAX_INBOX_NAME {
        errors.push("name", "Group inbox name must be 60 characters or fewer");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbox_names_merge_ignoring_case_and_surrounding_spaces() {
        assert_eq!(name_key("  Script  Clerks "), "script clerks");
        assert_eq!(name_key("SCRIPT CLERKS"), name_key("script clerks"));
    }

    #[test]
    fn a_plural_or_a_small_misspelling_is_a_near_miss_but_a_different_inbox_is_not() {
        assert!(is_near_miss("script clerks", "script clerk"));
        assert!(is_near_miss("secretaries", "secretarys"));
        assert!(is_near_miss("secretary", "secretaries"));
        assert!(is_near_miss("out of hours", "out of hour"));
        assert!(!is_near_miss("script clerks", "script clerks"));
        assert!(!is_near_miss("secretaries", "script clerks"));
        assert!(!is_near_miss("gp", "np"));
    }
}
