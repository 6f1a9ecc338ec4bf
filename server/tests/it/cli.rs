//! The `server` binary: bad input gives one clear line and a non-zero exit.

use std::process::{Command, Output};

use crate::common;

/// A production configuration with its required settings.
const PRODUCTION: [(&str, &str); 3] = [
    ("GATEHOUSE_ENV", "production"),
    ("BASE_URL", "https://gatehouse.example.nhs.uk"),
    ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
];

fn server(dir: &std::path::Path, vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("SECRET_KEY")
        .env_remove("BASE_URL")
        // Most of these tests are about other things; production (the
        // default) is asked for by those about it.
        .env("GATEHOUSE_ENV", "development")
        .env("GATEHOUSE_DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "off");
    for (k, v) in vars {
        command.env(k, v);
    }
    command.output().expect("server binary runs")
}

fn stderr_line(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).trim().to_string();
    assert_eq!(text.lines().count(), 1, "expected one line, got: {text}");
    assert!(!text.contains("panicked"), "{text}");
    text
}

#[test]
fn a_bad_database_url_is_one_clear_line_and_a_failure_exit() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &[("DATABASE_URL", "mysql://root:secret@localhost/x")],
        &["migrate"],
    );
    assert!(!output.status.success());
    let line = stderr_line(&output);
    assert!(
        line.starts_with("error: DATABASE_URL must start with sqlite: or postgres://"),
        "{line}"
    );
    assert!(!line.contains("secret"));
}

#[test]
fn an_unreachable_database_is_one_clear_line() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &[("DATABASE_URL", "postgres://nobody:pw@127.0.0.1:1/none")],
        &["migrate"],
    );
    assert!(!output.status.success());
    let line = stderr_line(&output);
    assert!(
        line.starts_with(
            "error: cannot connect to the database at postgres://nobody:***@127.0.0.1:1/none"
        ),
        "{line}"
    );
}

#[test]
fn production_without_a_secret_key_refuses_to_start() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &[
            ("GATEHOUSE_ENV", "production"),
            ("BASE_URL", "https://gatehouse.example.nhs.uk"),
        ],
        &["serve"],
    );
    assert!(!output.status.success());
    assert!(stderr_line(&output).starts_with("error: SECRET_KEY is required in production"));
}

#[test]
fn an_unwritable_data_folder_is_named_in_the_error() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &[("GATEHOUSE_DATA_DIR", "/proc/gatehouse")],
        &["migrate"],
    );
    assert!(!output.status.success());
    assert!(stderr_line(&output).starts_with("error: cannot create data folder /proc/gatehouse"));
}

#[test]
fn a_port_in_use_is_one_clear_line() {
    let dir = common::temp_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = server(&dir, &[("LEPTOS_SITE_ADDR", &addr)], &["serve"]);
    assert!(!output.status.success());
    let line = stderr_line(&output);
    assert!(
        line.starts_with(&format!("error: cannot listen on {addr}")),
        "{line}"
    );
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let dir = common::temp_dir();
    let output = server(&dir, &[], &["launch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_line(&output).contains("server --help"));
}

#[test]
fn create_admin_prints_a_one_time_link_and_seed_demo_is_idempotent() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &[("BASE_URL", "http://127.0.0.1:3999")],
        &["create-admin", "--email", "lead@nhs.net"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Created network administrator lead@nhs.net."));
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("http://127.0.0.1:3999/set-password/")),
        "{stdout}"
    );
    assert!(dir.join("data/gatehouse.db").exists());
    assert!(dir.join("data/secret_key").exists());

    let first = server(&dir, &[], &["seed-demo"]);
    assert!(String::from_utf8_lossy(&first.stdout).contains("Demo network added: 5 organisations"));
    let second = server(&dir, &[], &["seed-demo"]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("already there; nothing changed"));
}

#[tokio::test]
async fn a_newcomer_sees_who_is_who_after_seed_demo_and_gets_a_link_to_sign_in_as_one_of_them() {
    let dir = common::temp_dir();
    let base = [("BASE_URL", "http://127.0.0.1:3998")];
    let seeded = server(&dir, &base, &["seed-demo"]);
    let stdout = String::from_utf8_lossy(&seeded.stdout);
    for line in [
        "Tom Hughes <tom.hughes@gatehouse-demo.nhs.uk>",
        "Priya Shah <priya.shah@gatehouse-demo.nhs.uk>",
        "GP, Riverside Health Centre",
        "Receptionist, Harbour View Surgery",
        "server sign-in-link --email",
        "http://127.0.0.1:3998/dev/mailbox",
    ] {
        assert!(stdout.contains(line), "seed-demo says {line}: {stdout}");
    }

    let link = server(
        &dir,
        &base,
        &[
            "sign-in-link",
            "--email",
            "priya.shah@gatehouse-demo.nhs.uk",
        ],
    );
    assert!(
        link.status.success(),
        "{}",
        String::from_utf8_lossy(&link.stderr)
    );
    assert!(String::from_utf8_lossy(&link.stdout)
        .lines()
        .any(|l| l.starts_with("http://127.0.0.1:3998/set-password/")));

    let nobody = server(&dir, &base, &["sign-in-link", "--email", "nobody@nhs.net"]);
    assert!(!nobody.status.success());
    assert!(stderr_line(&nobody).contains("no active account for nobody@nhs.net"));

    let named = server(
        &dir,
        &base,
        &[
            "create-admin",
            "--email",
            "lead@nhs.net",
            "--name",
            "Alex Lead",
        ],
    );
    assert!(named.status.success());
    let db = app::server::Db::connect(&format!(
        "sqlite://{}",
        dir.join("data/gatehouse.db").display()
    ))
    .await
    .unwrap();
    let name: String =
        sqlx::query_scalar("SELECT name FROM users WHERE email_lower = 'lead@nhs.net'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(name, "Alex Lead");
}

#[test]
fn sign_in_link_refuses_to_run_in_production() {
    let dir = common::temp_dir();
    let output = server(
        &dir,
        &PRODUCTION,
        &[
            "sign-in-link",
            "--email",
            "tom.hughes@gatehouse-demo.nhs.uk",
        ],
    );
    assert!(!output.status.success());
    assert!(stderr_line(&output).contains("runs only when GATEHOUSE_ENV=development"));
}

#[test]
fn create_admin_with_a_malformed_email_says_why() {
    let dir = common::temp_dir();
    let output = server(&dir, &[], &["create-admin", "--email", "nobody"]);
    assert!(!output.status.success());
    assert!(stderr_line(&output).contains("Enter an email address in the correct format"));
}

#[test]
fn seed_demo_refuses_to_run_in_production_and_changes_nothing() {
    let dir = common::temp_dir();
    let output = server(&dir, &PRODUCTION, &["seed-demo"]);
    assert!(!output.status.success());
    assert!(stderr_line(&output).contains("runs only when GATEHOUSE_ENV=development"));
    assert!(!dir.join("data/gatehouse.db").exists());
}

#[test]
fn with_no_gatehouse_env_the_server_starts_in_production_and_asks_for_its_settings() {
    let dir = common::temp_dir();
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    let output = command
        .arg("migrate")
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("SECRET_KEY")
        .env_remove("BASE_URL")
        .env_remove("GATEHOUSE_ENV")
        .env("GATEHOUSE_DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "off")
        .output()
        .expect("server binary runs");
    assert!(!output.status.success());
    let line = stderr_line(&output);
    assert!(
        line.starts_with("error: BASE_URL is required in production"),
        "{line}"
    );
    assert!(line.contains("GATEHOUSE_ENV=development"), "{line}");
}
