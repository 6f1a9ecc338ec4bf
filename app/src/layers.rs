//! The layer rules of README's architecture map, checked on the sources by
//! the test suite (`cargo test -p app`, which `.ci/test` runs).
//!
//! - ui → api → its own feature's service → (other features' services, its
//!   own repo). A server function (api) calls only its own feature's
//!   service, plus the request plumbing every endpoint needs
//!   (`crate::org::access` to authorise, `crate::auth::session` for who is
//!   asking, `crate::server` for the state and cookies); never a repo,
//!   never another server function, never SQL.
//! - A service calls other features' services, never their repos or APIs.
//! - Only repos run SQL (and the infrastructure in `crate::server`).
//! - Only `org::repo` runs SQL on `memberships` and `organisations`; other
//!   repos may `JOIN organisations` to show a name.
//! - Repos hold no rules and no formatting: no `AppError`, no permission
//!   table, no dates in words, no other feature's code.
//! - UI code calls server functions, never services or repos.
//! - Every layer may name the typed ids (`crate::ids`): they are types
//!   only, like a model.
//! - Feature code never imports the shell (the shell imports every page).
//!
//! Test code (files named `tests.rs`, `testing.rs` or `fixtures.rs`, and everything after
//! a `#[cfg(test)]` line) is exempt. `demo.rs` (seed-demo) is exempt from
//! the service rules only: it loads fixture rows across every feature,
//! including tables whose features are not built yet (patients, shifts,
//! availability), and is never reachable from a request.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Ui,
    Api,
    Service,
    Repo,
    Model,
    Other,
}

struct Source {
    /// Path under `app/src`, with `/` separators.
    path: String,
    /// `requests` for `app/src/requests/...`; the file stem for top-level files.
    feature: String,
    layer: Layer,
    /// The production part of the file: up to its first `#[cfg(test)]`.
    code: String,
}

fn layer_of(path: &str) -> Layer {
    let parts: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
    let has = |name: &str| parts.iter().skip(1).any(|p| *p == name);
    if has("ui") {
        Layer::Ui
    } else if has("api") || path.ends_with("requests/live.rs") {
        // live.rs is the event-stream endpoint: an HTTP handler, like a
        // server function.
        Layer::Api
    } else if has("repo") {
        Layer::Repo
    } else if has("service") || has("access") || has("throttle") {
        Layer::Service
    } else if has("model") {
        Layer::Model
    } else {
        Layer::Other
    }
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<Source>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let name = relative.rsplit('/').next().unwrap_or_default();
        if ["tests.rs", "testing.rs", "fixtures.rs", "layers.rs"].contains(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let code = production_part(&text);
        let feature = relative
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_string();
        out.push(Source {
            layer: layer_of(&relative),
            feature,
            path: relative,
            code,
        });
    }
}

/// The file without its test-only items (a `#[cfg(test)]` function, or a
/// test module to the end of the file) and without comment lines.
fn production_part(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") || trimmed.starts_with("#[cfg(all(test") {
            let next = lines.peek().map(|l| l.trim_start()).unwrap_or_default();
            if next.starts_with("mod ") && next.ends_with(';') {
                lines.next();
                continue;
            }
            if next.starts_with("mod ") {
                break;
            }
            // A test-only item: skip to its closing brace at column 0.
            for skipped in lines.by_ref() {
                if skipped == "}" {
                    break;
                }
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    collect(&root, &root, &mut out);
    out
}

/// `crate::<feature>::<module>::…` paths the code names, as (feature, the
/// path's other segments).
fn crate_paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let path = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or_default();
        let mut parts = path
            .split("::")
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let feature = parts.next().unwrap_or_default();
        out.push((feature, parts.collect()));
    }
    out
}

/// Whether a path names a layer module (`repo`, `api`, …) anywhere below
/// its feature (sub-features have their own: `staff::invitations::repo`).
fn names(segments: &[String], module: &str) -> bool {
    segments.iter().any(|s| s == module)
}

/// The string literals of the code that look like SQL, in lower case.
fn sql_literals(code: &str) -> Vec<String> {
    code.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_lowercase)
        .filter(|text| {
            [
                "select ", "insert ", "update ", "delete ", " from ", " join ",
            ]
            .iter()
            .any(|keyword| text.contains(keyword))
        })
        .collect()
}

fn runs_sql(code: &str) -> bool {
    ["sqlx::query", "query_as(", "query_scalar(", "query_as::<"]
        .iter()
        .any(|needle| code.contains(needle))
}

/// Every breach of the rules above, one line each.
fn violations(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for s in sources {
        let mut breach = |rule: &str| found.push(format!("{}: {rule}", s.path));
        let paths = crate_paths(&s.code);
        let other = |(feature, _): &&(String, Vec<String>)| *feature != s.feature;

        if s.feature != "shell" && s.code.contains(concat!("crate", "::shell")) {
            breach("feature code imports the shell (an import cycle)");
        }
        if s.path != "server/db.rs"
            && (s.code.contains("Backend::Sqlite") || s.code.contains("Backend::Postgres"))
        {
            breach("branches on the database backend outside the dialect module (server/db.rs)");
        }
        match s.layer {
            Layer::Ui => {
                if s.code.contains("service::") || s.code.contains("repo::") {
                    breach("ui code calls a service or repo (ui → api only)");
                }
            }
            Layer::Api => {
                if s.code.contains("repo::") {
                    breach("a server function calls a repo (api → its own service only)");
                }
                if runs_sql(&s.code) {
                    breach("a server function runs SQL");
                }
                for (feature, segments) in paths.iter().filter(other) {
                    let plumbing = (feature == "org" && names(segments, "access"))
                        || (feature == "auth" && names(segments, "session"))
                        || feature == "server"
                        || feature == "error"
                        || feature == "ids"
                        || names(segments, "model");
                    if !plumbing {
                        breach(&format!(
                            "a server function calls crate::{feature}::{} (api → its own service only)",
                            segments.join("::")
                        ));
                    }
                }
            }
            Layer::Service | Layer::Other | Layer::Model => {
                if s.path != "demo.rs" {
                    for (feature, segments) in paths.iter().filter(other) {
                        if names(segments, "repo") || names(segments, "api") {
                            breach(&format!(
                                "calls crate::{feature}::{} of another feature (service → service)",
                                segments.join("::")
                            ));
                        }
                    }
                }
                let infrastructure = s.feature == "server" || s.path == "demo.rs";
                if runs_sql(&s.code) && !infrastructure {
                    breach("runs SQL outside a repo");
                }
            }
            Layer::Repo => {
                for (feature, segments) in paths.iter().filter(other) {
                    if !(names(segments, "model") || feature == "server" || feature == "ids") {
                        breach(&format!(
                            "a repo uses crate::{feature}::{} (repos hold SQL only)",
                            segments.join("::")
                        ));
                    }
                }
                for rule_word in ["AppError", "role_permissions", "roles_grant", "uk_date"] {
                    if s.code.contains(rule_word) {
                        breach(&format!("a repo holds a rule or formatting ({rule_word})"));
                    }
                }
            }
        }
        if s.feature != "org" {
            for sql in sql_literals(&s.code) {
                if sql.contains("memberships") {
                    breach("SQL on memberships outside org::repo");
                }
                let mut rest = sql.as_str();
                while let Some(at) = rest.find("organisations") {
                    if !rest[..at].trim_end().ends_with("join") {
                        breach(
                            "SQL on organisations outside org::repo (other repos may only JOIN it)",
                        );
                        break;
                    }
                    rest = &rest[at + "organisations".len()..];
                }
            }
        }
    }
    found
}

#[test]
fn the_sources_keep_the_layer_rules_of_the_architecture_map() {
    let sources = sources();
    assert!(
        sources.len() > 40,
        "found only {} source files",
        sources.len()
    );
    let found = violations(&sources);
    assert!(
        found.is_empty(),
        "layer rules broken (README, Architecture):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_check_catches_a_server_function_calling_a_repo_or_another_server_function() {
    let source = |path: &str, code: &str| Source {
        path: path.to_string(),
        feature: path.split('/').next().unwrap_or_default().to_string(),
        layer: layer_of(path),
        code: code.to_string(),
    };
    let bad = [
        source(
            "requests/api.rs",
            "let r = super::repo::request(&mut conn, &id).await?;",
        ),
        source(
            "requests/api.rs",
            "crate::staff::api::check_inbox_access().await?;",
        ),
        source(
            "staff/service.rs",
            "crate::accounts::repo::insert_user(&mut tx, &e, n, 0).await?;",
        ),
        source(
            "requests/repo.rs",
            "sqlx::query(\"SELECT role FROM memberships WHERE user_id = $1\")",
        ),
        source(
            "requests/service.rs",
            "sqlx::query_scalar(\"SELECT name FROM organisations WHERE id = $1\")",
        ),
        source(
            "staff/ui/staff_page.rs",
            concat!("use crate", "::shell::ErrorPage;"),
        ),
        source("requests/repo.rs", "Err(AppError::Forbidden)"),
        source(
            "requests/service.rs",
            "crate::staff::invitations::repo::insert_invite(&mut tx, &i).await?;",
        ),
        source(
            "mail/repo.rs",
            "match backend { Backend::Postgres => A, Backend::Sqlite => B }",
        ),
    ];
    for s in &bad {
        assert!(
            !violations(std::slice::from_ref(s)).is_empty(),
            "{} should break a rule: {}",
            s.path,
            s.code
        );
    }
    let good = [
        source(
            "requests/api.rs",
            "let (u, state) = crate::org::access::authorize(P, &o).await?; super::service::x(&state.db).await",
        ),
        source(
            "requests/repo.rs",
            "sqlx::query(\"SELECT o.name FROM requests r JOIN organisations o ON o.id = r.organisation_id\")",
        ),
        source(
            "org/repo/memberships.rs",
            "sqlx::query(\"SELECT role FROM memberships\")",
        ),
    ];
    for s in &good {
        assert_eq!(violations(std::slice::from_ref(s)), Vec::<String>::new());
    }
}
