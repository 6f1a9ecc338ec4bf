//! The `server` command line.

use std::sync::Arc;

use app::server::{Config, SystemClock};

use crate::{bind, build_state, leptos_options, serve, StartError};

pub const USAGE: &str = "\
Gatehouse server

Usage:
  server                         serve the app (same as `server serve`)
  server serve                   serve the app at LEPTOS_SITE_ADDR (default 127.0.0.1:3000)
  server migrate                 apply database migrations and exit
  server create-admin --email E [--name N]
                                 create the network administrator and print a one-time link
  server seed-demo               add the demonstration network (idempotent) and list who is who
  server sign-in-link --email E  development only: print a one-time link to set the password
                                 of an existing account (to sign in as a demo person)
  server simulate-gp-connect [--addr 127.0.0.1:0]
                                 development and tests only: run the GP Connect simulator on
                                 loopback and print its URL (for GP_CONNECT_URL)
  server compress-site           write brotli and gzip copies of the built site's files
                                 (LEPTOS_SITE_ROOT, default target/site) for the server to send
  server --help                  show this help

Configuration comes from the environment and an optional .env file; see README.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    CreateAdmin { email: String, name: Option<String> },
    SeedDemo,
    SignInLink { email: String },
    CompressSite,
    SimulateGpConnect { addr: String },
    Help,
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None | Some("serve") if args.len() <= 1 => Ok(Command::Serve),
        Some("migrate") if args.len() == 1 => Ok(Command::Migrate),
        Some("seed-demo") if args.len() == 1 => Ok(Command::SeedDemo),
        Some("compress-site") if args.len() == 1 => Ok(Command::CompressSite),
        Some("create-admin") => {
            let mut options = options(&args[1..], &["--email", "--name"])?;
            let email = options.remove("--email").ok_or_else(|| {
                "create-admin needs --email followed by an email address".to_string()
            })?;
            Ok(Command::CreateAdmin {
                email,
                name: options.remove("--name"),
            })
        }
        Some("sign-in-link") => {
            let mut options = options(&args[1..], &["--email"])?;
            let email = options.remove("--email").ok_or_else(|| {
                "sign-in-link needs --email followed by an email address".to_string()
            })?;
            Ok(Command::SignInLink { email })
        }
        Some("simulate-gp-connect") => {
            let mut options = options(&args[1..], &["--addr"])?;
            Ok(Command::SimulateGpConnect {
                addr: options
                    .remove("--addr")
                    .unwrap_or_else(|| "127.0.0.1:0".to_string()),
            })
        }
        Some("--help") | Some("-h") | Some("help") => Ok(Command::Help),
        Some(other) => Err(format!(
            "unknown command or extra arguments: {other} (try `server --help`)"
        )),
        None => Ok(Command::Serve),
    }
}

/// `--flag value` or `--flag=value` pairs, each of `allowed` at most once.
fn options(
    args: &[String],
    allowed: &[&str],
) -> Result<std::collections::HashMap<String, String>, String> {
    let mut found = std::collections::HashMap::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, value) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_string(), value.to_string()),
            None => {
                let value = rest
                    .next()
                    .ok_or_else(|| format!("{arg} needs a value after it"))?;
                (arg.clone(), value.clone())
            }
        };
        if !allowed.contains(&flag.as_str()) {
            return Err(format!("unknown option {flag} (try `server --help`)"));
        }
        if found.insert(flag.clone(), value).is_some() {
            return Err(format!("{flag} is given twice"));
        }
    }
    Ok(found)
}

/// `simulate-gp-connect`: the simulator alone, for the end-to-end tests.
async fn simulate_gp_connect(addr: &str) -> Result<(), StartError> {
    let development =
        std::env::var("GATEHOUSE_ENV").is_ok_and(|v| matches!(v.trim(), "development" | "dev"));
    if !development {
        return Err(StartError::Other(
            "simulate-gp-connect is for development and tests only (set GATEHOUSE_ENV=development)"
                .into(),
        ));
    }
    let simulator = app::clinical::simulator::Simulator::start(addr)
        .await
        .map_err(|e| StartError::Other(format!("GP Connect simulator on {addr}: {e}")))?;
    println!("GP Connect simulator listening at {}", simulator.url);
    simulator.run().await;
    Ok(())
}

/// Runs a command; the error is one line for the terminal.
pub async fn run(command: Command) -> Result<(), StartError> {
    if command == Command::Help {
        println!("{USAGE}");
        return Ok(());
    }
    if command == Command::CompressSite {
        // Needs no configuration or database: it runs at build time.
        let options = leptos_options(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))?;
        let root = std::path::PathBuf::from(options.site_root.as_ref());
        let count = crate::static_files::compress_site(&root)
            .map_err(|e| StartError::Other(format!("cannot compress {}: {e}", root.display())))?;
        println!(
            "Compressed {count} files under {} (brotli and gzip).",
            root.display()
        );
        return Ok(());
    }
    if let Command::SimulateGpConnect { addr } = &command {
        return simulate_gp_connect(addr).await;
    }
    let mut config = Config::from_env()?;
    let options = leptos_options(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))?;
    let clock: app::server::SharedClock = match std::env::var("GATEHOUSE_TEST_CLOCK_FILE") {
        Ok(path) if !path.is_empty() => {
            if config.mode == app::server::Mode::Production {
                return Err(StartError::Other(
                    "GATEHOUSE_TEST_CLOCK_FILE is for tests and cannot be used in production"
                        .into(),
                ));
            }
            tracing::warn!(%path, "the clock is moved by a test file");
            Arc::new(app::server::clock::OffsetFileClock { path: path.into() })
        }
        _ => Arc::new(SystemClock),
    };
    let bench_routes = std::env::var("GATEHOUSE_BENCH_ROUTES").is_ok_and(|v| v == "1");
    if bench_routes && config.mode == app::server::Mode::Production {
        return Err(StartError::Other(
            "GATEHOUSE_BENCH_ROUTES is for the benchmark and cannot be used in production".into(),
        ));
    }
    match command {
        Command::Help | Command::CompressSite | Command::SimulateGpConnect { .. } => Ok(()),
        Command::Serve => {
            // Bind first, so a port in use fails before any database work.
            let listener = bind(options.site_addr).await?;
            if config.mode == app::server::Mode::Development {
                tracing::warn!(
                    "DEVELOPMENT MODE (GATEHOUSE_ENV=development): emails without SMTP_URL go to the open page /dev/mailbox, /setup makes the first administrator, and the secret key is generated under the data folder. Never use this mode for real patients."
                );
            }
            // Development without GP_CONNECT_URL: the simulator, in this
            // process, on loopback (production refuses it in Config).
            let _simulator = match config.clinical.endpoint {
                app::server::config::Endpoint::Simulator => {
                    let simulator = app::clinical::simulator::Simulator::start("127.0.0.1:0")
                        .await
                        .map_err(|e| StartError::Other(format!("GP Connect simulator: {e}")))?;
                    tracing::warn!(url = %simulator.url, "the clinical-system link goes to the GP Connect simulator");
                    config.clinical.endpoint =
                        app::server::config::Endpoint::Url(simulator.url.clone());
                    Some(simulator)
                }
                _ => None,
            };
            let state = build_state(config, options, clock).await?;
            tracing::info!(
                address = %state.leptos_options.site_addr,
                database = state.db.backend.name(),
                "Gatehouse is listening on http://{}",
                state.leptos_options.site_addr
            );
            serve(state, listener, crate::Extras { bench_routes }).await
        }
        Command::Migrate => {
            let state = build_state(config, options, clock).await?;
            println!("Migrations applied ({}).", state.db.backend.name());
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let state = build_state(config, options, clock).await?;
            let admin =
                app::accounts::service::create_named_admin(state.cx(), &email, name.as_deref())
                    .await
                    .map_err(|e| StartError::Other(describe(e)))?;
            if admin.already_existed {
                println!(
                    "{} already has an account; any earlier link no longer works.",
                    admin.email
                );
            } else {
                println!("Created network administrator {}.", admin.email);
            }
            println!("Open this link within 24 hours to set the password (it works once):");
            println!("{}", admin.link);
            Ok(())
        }
        Command::SeedDemo => {
            if config.mode == app::server::Mode::Production {
                return Err(StartError::Other(
                    "seed-demo adds made-up people and runs only when GATEHOUSE_ENV=development"
                        .into(),
                ));
            }
            let state = build_state(config, options, clock).await?;
            match app::demo::seed_demo(state.cx())
                .await
                .map_err(|e| StartError::Other(describe(e)))?
            {
                app::demo::SeedOutcome::Created { organisations, people, patients, shifts } => println!(
                    "Demo network added: {organisations} organisations, {people} staff and locums, {patients} patients, {shifts} shifts."
                ),
                app::demo::SeedOutcome::AlreadyPresent => {
                    println!("The demo network is already there; nothing changed.")
                }
            }
            println!("{}", who_is_who(&state.config.base_url));
            Ok(())
        }
        Command::SignInLink { email } => {
            if config.mode == app::server::Mode::Production {
                return Err(StartError::Other(
                    "sign-in-link runs only when GATEHOUSE_ENV=development; in production people reset their password by email".into(),
                ));
            }
            let state = build_state(config, options, clock).await?;
            let link = app::accounts::service::development_password_link(state.cx(), &email)
                .await
                .map_err(|e| match e {
                    app::AppError::NotFound => {
                        StartError::Other(format!("there is no active account for {email}"))
                    }
                    other => StartError::Other(describe(other)),
                })?;
            println!("Open this link within 24 hours to set a password for {email} (it works once), then sign in:");
            println!("{link}");
            Ok(())
        }
    }
}

/// The demo people, each with their roles, and how to sign in as one.
fn who_is_who(base_url: &str) -> String {
    let mut out =
        String::from("\nWho is who (every demo person has no password until you set one):\n");
    for person in app::demo::demo_people() {
        out.push_str(&format!("\n  {} <{}>\n", person.name, person.email));
        for role in person.roles {
            out.push_str(&format!("    {role}\n"));
        }
    }
    out.push_str(&format!(
        "\n  Ruby Ahmed <{}>\n    Patient of Harbour View Surgery (Patient Profile Active; books appointments online)\n",
        app::demo::DEMO_PATIENT_EMAIL
    ));
    out.push_str(&format!(
        "\nTo sign in as one of them, print a one-time link that sets their password:\n  server sign-in-link --email tom.hughes@gatehouse-demo.nhs.uk\nthen sign in at {base_url}/sign-in. Without SMTP_URL, the emails the app sends are at {base_url}/dev/mailbox."
    ));
    out
}

fn describe(error: app::AppError) -> String {
    match error {
        app::AppError::Invalid(errors) => errors
            .0
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn compress_site_takes_no_arguments() {
        assert_eq!(parse(&args(&["compress-site"])), Ok(Command::CompressSite));
        assert!(parse(&args(&["compress-site", "x"])).is_err());
    }

    #[test]
    fn no_arguments_means_serve() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&args(&["serve"])), Ok(Command::Serve));
    }

    #[test]
    fn create_admin_takes_an_email_in_either_form() {
        let expected = Ok(Command::CreateAdmin {
            email: "a@nhs.net".into(),
            name: None,
        });
        assert_eq!(
            parse(&args(&["create-admin", "--email", "a@nhs.net"])),
            expected
        );
        assert_eq!(
            parse(&args(&["create-admin", "--email=a@nhs.net"])),
            expected
        );
        assert!(parse(&args(&["create-admin"])).is_err());
    }

    #[test]
    fn create_admin_takes_a_name_before_or_after_the_email_and_refuses_unknown_options() {
        let expected = Ok(Command::CreateAdmin {
            email: "a@nhs.net".into(),
            name: Some("Alex Lead".into()),
        });
        assert_eq!(
            parse(&args(&[
                "create-admin",
                "--email",
                "a@nhs.net",
                "--name",
                "Alex Lead"
            ])),
            expected
        );
        assert_eq!(
            parse(&args(&[
                "create-admin",
                "--name=Alex Lead",
                "--email=a@nhs.net"
            ])),
            expected
        );
        assert!(parse(&args(&["create-admin", "--email", "a@nhs.net", "--name"])).is_err());
        assert!(parse(&args(&[
            "create-admin",
            "--email",
            "a@nhs.net",
            "--role",
            "gp"
        ]))
        .is_err());
        assert!(parse(&args(&[
            "create-admin",
            "--email",
            "a@nhs.net",
            "--email",
            "b@nhs.net"
        ]))
        .is_err());
        assert_eq!(
            parse(&args(&["sign-in-link", "--email", "a@nhs.net"])),
            Ok(Command::SignInLink {
                email: "a@nhs.net".into()
            })
        );
    }

    #[test]
    fn unknown_commands_are_refused_with_a_hint() {
        let err = parse(&args(&["frobnicate"])).unwrap_err();
        assert!(err.contains("server --help"));
        assert!(parse(&args(&["migrate", "now"])).is_err());
    }
}
