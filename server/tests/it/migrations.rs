//! The SQLite and PostgreSQL migrations are one schema written twice: each
//! file in `migrations/sqlite` has a namesake in `migrations/postgres` with
//! the same statements. Comments may differ (they explain each backend);
//! the SQL may not, unless the pair is listed with its reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (file name, reason) of the pairs whose SQL differs on purpose.
const DELIBERATELY_DIFFERENT: &[(&str, &str)] = &[];

fn migrations(backend: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("migrations")
        .join(backend)
}

fn sql_files(folder: &Path) -> BTreeSet<String> {
    std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
        .map(|entry| entry.expect("folder entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect()
}

/// A line without its `--` comment. A `--` inside a single-quoted string or
/// a double-quoted name is not a comment (`''` inside a string toggles twice
/// and so stays inside).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = None;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '-') if previous == Some('-') => return &line[..at - 1],
            _ => {}
        }
        previous = Some(c);
    }
    line
}

/// The file's SQL: comments, trailing white space and blank lines gone,
/// each line with its number in the file.
fn statements(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, without_comment(line).trim_end().to_string()))
        .filter(|(_, line)| !line.is_empty())
        .collect()
}

/// Where the two files' SQL first differs, or None when it is the same.
fn first_difference(name: &str, sqlite: &Path, postgres: &Path) -> Option<String> {
    let (a, b) = (statements(sqlite), statements(postgres));
    let at = a
        .iter()
        .zip(&b)
        .position(|((_, x), (_, y))| x != y)
        .unwrap_or(a.len().min(b.len()));
    let line = |lines: &[(usize, String)]| match lines.get(at) {
        Some((n, text)) => format!("line {n}: {text:?}"),
        None => "(end of file)".to_string(),
    };
    (a.len() != b.len() || at < a.len()).then(|| {
        format!(
            "{name} differs:\n  sqlite   {}\n  postgres {}",
            line(&a),
            line(&b)
        )
    })
}

#[test]
fn every_migration_pair_is_identical_once_comments_are_stripped() {
    // The stripper itself: comments go, `--` inside strings stays.
    assert_eq!(without_comment("a INTEGER -- note"), "a INTEGER ");
    assert_eq!(without_comment("DEFAULT '--x' -- y"), "DEFAULT '--x' ");
    assert_eq!(without_comment("'it''s -- in' --"), "'it''s -- in' ");

    let (sqlite_dir, postgres_dir) = (migrations("sqlite"), migrations("postgres"));
    let (sqlite, postgres) = (sql_files(&sqlite_dir), sql_files(&postgres_dir));
    assert!(
        !sqlite.is_empty(),
        "no migrations in {}",
        sqlite_dir.display()
    );
    let exempt: BTreeSet<&str> = DELIBERATELY_DIFFERENT
        .iter()
        .map(|(name, _)| *name)
        .collect();

    let mut problems = Vec::new();
    for name in sqlite.symmetric_difference(&postgres) {
        let (has, lacks) = if sqlite.contains(name) {
            ("sqlite", "postgres")
        } else {
            ("postgres", "sqlite")
        };
        problems.push(format!(
            "{name} is in migrations/{has} but not in migrations/{lacks}"
        ));
    }
    for name in sqlite.intersection(&postgres) {
        let difference = first_difference(name, &sqlite_dir.join(name), &postgres_dir.join(name));
        match (difference, exempt.contains(name.as_str())) {
            (Some(difference), false) => problems.push(difference),
            (None, true) => problems.push(format!(
                "{name} is listed in DELIBERATELY_DIFFERENT but its SQL is the same"
            )),
            _ => {}
        }
    }
    for name in exempt {
        if !(sqlite.contains(name) && postgres.contains(name)) {
            problems.push(format!(
                "{name} is listed in DELIBERATELY_DIFFERENT but is not a pair of migrations"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
