//! Configuration from the environment (the server binary also reads an
//! optional `.env` first). Every variable is documented in README.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

/// The key used to derive keys for signing and encryption at rest. Never
/// printed, never serialised.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Without a trailing slash, e.g. `http://127.0.0.1:3000`.
    pub base_url: String,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub secret_key: SecretKey,
    /// A session ends after this long without a request (default 30 min).
    pub session_idle_ms: i64,
    /// A session ends this long after sign-in, whatever (default 12 h).
    pub session_absolute_ms: i64,
    /// Who may be invited as staff, and how often.
    pub staff: StaffPolicy,
    /// How often the public "Contact your practice" form may be used.
    pub contact: ContactLimits,
    /// Wrong details given with one Patient ID, while its credentials are
    /// valid, that lock the Patient Profile account
    /// (PATIENT_REGISTRATION_ATTEMPTS, default 5).
    pub patient_registration_attempts: i64,
    /// How many days ahead locums see a hub's open shifts
    /// (SHIFT_LOOK_AHEAD_DAYS, default 21: three weeks; 1 to 90).
    pub shift_look_ahead_days: i64,
    /// Where uploaded files are kept (FILES_DIR); unset: in the database.
    pub files_dir: Option<PathBuf>,
    /// The bearer token a Prometheus scraper sends for `/metrics`
    /// (METRICS_TOKEN, at least 32 characters); without it `/metrics` is off.
    pub metrics_token: Option<SecretKey>,
    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` say who the
    /// client is (TRUSTED_PROXIES: addresses or CIDRs, comma-separated;
    /// default none, so the TCP peer is the client).
    pub trusted_proxies: Vec<super::client::ProxyNet>,
    /// The link to practices' clinical systems (appointments).
    pub clinical: ClinicalLinkConfig,
}

/// Where the appointments adapter connects (GP_CONNECT_URL,
/// CLINICAL_ADAPTER, GP_CONNECT_TIMEOUT_MS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicalLinkConfig {
    pub endpoint: Endpoint,
    pub adapter: AdapterChoice,
    /// How long one call may take before it counts as timed out.
    pub timeout_ms: u64,
}

/// The GP Connect endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// No link to clinical systems (production without GP_CONNECT_URL).
    Off,
    /// The simulator, started in the server process on loopback
    /// (development only; the default there).
    Simulator,
    /// A GP Connect base URL; practices are at `{url}/{ODS code}/STU3/1/gpconnect`.
    Url(String),
}

/// Which appointments adapter speaks to the clinical system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdapterChoice {
    GpConnect,
    /// The EMIS partner (IM1) interface: a named stub, not available.
    EmisIm1,
}

/// Limits on the public "Contact your practice" form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactLimits {
    /// Submissions per hour from one client address.
    pub per_client_per_hour: i64,
    /// Submissions per hour to one practice.
    pub per_practice_per_hour: i64,
}

impl Default for ContactLimits {
    fn default() -> Self {
        Self {
            per_client_per_hour: 5,
            per_practice_per_hour: 500,
        }
    }
}

/// Rules for staff invitations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPolicy {
    /// Email domains staff may be invited at. `nhs.net` allows exactly that
    /// domain; `.nhs.uk` allows any subdomain of nhs.uk (STAFF_EMAIL_DOMAINS,
    /// default `nhs.net,.nhs.uk`).
    pub email_domains: Vec<String>,
    /// How long an invitation link works (INVITE_LINK_DAYS, default 7).
    pub invite_lifetime_ms: i64,
    /// Invitation emails and links an organisation may make per hour
    /// (INVITES_PER_HOUR, default 500).
    pub invites_per_hour: i64,
}

impl Default for StaffPolicy {
    fn default() -> Self {
        StaffPolicy {
            email_domains: vec!["nhs.net".to_string(), ".nhs.uk".to_string()],
            invite_lifetime_ms: 7 * 24 * 3_600_000,
            invites_per_hour: 500,
        }
    }
}

impl StaffPolicy {
    /// Whether an address (already checked for shape) is at an allowed domain.
    pub fn allows_email(&self, email: &str) -> bool {
        let Some((_, domain)) = email.rsplit_once('@') else {
            return false;
        };
        let domain = domain.to_ascii_lowercase();
        self.email_domains
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(parent) => domain
                    .strip_suffix(parent)
                    .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
                None => domain == *allowed,
            })
    }

    /// The allowed domains as users read them: "nhs.net or any nhs.uk address".
    pub fn describe(&self) -> String {
        let words: Vec<String> = self
            .email_domains
            .iter()
            .map(|d| match d.strip_prefix('.') {
                Some(parent) => format!("an address ending .{parent}"),
                None => d.clone(),
            })
            .collect();
        words.join(" or ")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("GATEHOUSE_ENV must be 'development' or 'production', not '{0}'")]
    BadMode(String),
    #[error("SECRET_KEY is required in production, the default mode (at least 32 characters; generate one with `openssl rand -hex 32`; to try Gatehouse on your own computer set GATEHOUSE_ENV=development)")]
    MissingSecretKey,
    #[error("SECRET_KEY must be at least 32 characters long")]
    ShortSecretKey,
    #[error("METRICS_TOKEN must be at least 32 characters long (generate one with `openssl rand -hex 32`)")]
    ShortMetricsToken,
    #[error("BASE_URL is required in production, the default mode (for example https://gatehouse.example.nhs.uk; to try Gatehouse on your own computer set GATEHOUSE_ENV=development)")]
    MissingBaseUrl,
    #[error("BASE_URL must start with http:// or https://, not '{0}'")]
    BadBaseUrl(String),
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got '{0}')")]
    BadDatabaseUrl(String),
    #[error("SMTP_URL must start with smtp:// or smtps:// (got '{0}')")]
    BadSmtpUrl(String),
    #[error("{name} must be a whole number greater than 0, not '{value}'")]
    BadNumber { name: &'static str, value: String },
    #[error("STAFF_EMAIL_DOMAINS must list domains separated by commas, like nhs.net,.nhs.uk (got '{0}')")]
    BadDomains(String),
    #[error("TRUSTED_PROXIES must list addresses or networks separated by commas, like 10.0.0.0/8,::1 (got '{0}')")]
    BadTrustedProxies(String),
    #[error("GP_CONNECT_URL=simulator is for development only: in production set GP_CONNECT_URL to the GP Connect endpoint, or leave it unset to turn the clinical-system link off")]
    SimulatorInProduction,
    #[error("GP_CONNECT_URL must start with http:// or https://, or be 'simulator' in development (got '{0}')")]
    BadGpConnectUrl(String),
    #[error("CLINICAL_ADAPTER must be 'gp-connect' or 'emis-im1', not '{0}'")]
    BadClinicalAdapter(String),
    #[error("cannot create data folder {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("cannot read or write the development secret key at {path}: {reason}")]
    SecretFile { path: String, reason: String },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mode = match get("GATEHOUSE_ENV").as_deref().map(str::trim) {
            // Production unless development is asked for by name: the
            // development extras (an open mailbox page, demo data, a
            // generated key) must never be on by accident.
            None | Some("production") | Some("prod") => Mode::Production,
            Some("development") | Some("dev") => Mode::Development,
            Some(other) => return Err(ConfigError::BadMode(other.to_string())),
        };
        let data_dir = PathBuf::from(get("GATEHOUSE_DATA_DIR").unwrap_or_else(|| "data".into()));

        let base_url = match (get("BASE_URL"), mode) {
            (Some(url), _) => url,
            (None, Mode::Production) => return Err(ConfigError::MissingBaseUrl),
            (None, Mode::Development) => "http://127.0.0.1:3000".to_string(),
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::BadBaseUrl(base_url));
        }
        let base_url = base_url.trim_end_matches('/').to_string();

        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/gatehouse.db?mode=rwc", data_dir.display()));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::BadDatabaseUrl(redact_url(&database_url)));
        }

        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError::BadSmtpUrl(redact_url(url)));
            }
        }
        let mail_from =
            get("MAIL_FROM").unwrap_or_else(|| "Gatehouse <gatehouse@localhost>".to_string());

        let needs_data_dir = database_url.starts_with("sqlite:") || get("SECRET_KEY").is_none();
        if needs_data_dir {
            ensure_data_dir(&data_dir)?;
        }
        let secret_key = match (get("SECRET_KEY"), mode) {
            (Some(key), _) if key.len() < 32 => return Err(ConfigError::ShortSecretKey),
            (Some(key), _) => SecretKey(key.into_bytes()),
            (None, Mode::Production) => return Err(ConfigError::MissingSecretKey),
            (None, Mode::Development) => development_secret(&data_dir)?,
        };

        let number = |name: &'static str, default: i64| -> Result<i64, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(value) => match value.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(ConfigError::BadNumber { name, value }),
                },
            }
        };
        let session_idle_ms = number("SESSION_IDLE_MINUTES", 30)? * 60_000;
        let session_absolute_ms = number("SESSION_ABSOLUTE_HOURS", 12)? * 3_600_000;
        let mut staff = StaffPolicy {
            invite_lifetime_ms: number("INVITE_LINK_DAYS", 7)? * 24 * 3_600_000,
            invites_per_hour: number("INVITES_PER_HOUR", 500)?,
            ..StaffPolicy::default()
        };
        if let Some(domains) = get("STAFF_EMAIL_DOMAINS") {
            staff.email_domains = domains
                .split(',')
                .map(|d| d.trim().to_ascii_lowercase())
                .filter(|d| !d.is_empty() && d != ".")
                .collect();
            if staff.email_domains.is_empty() {
                return Err(ConfigError::BadDomains(domains));
            }
        }

        let contact = ContactLimits {
            per_client_per_hour: number("CONTACT_PER_CLIENT_PER_HOUR", 5)?,
            per_practice_per_hour: number("CONTACT_PER_PRACTICE_PER_HOUR", 500)?,
        };

        let patient_registration_attempts = number("PATIENT_REGISTRATION_ATTEMPTS", 5)?.max(1);
        let shift_look_ahead_days = number("SHIFT_LOOK_AHEAD_DAYS", 21)?.clamp(1, 90);
        let files_dir = match get("FILES_DIR") {
            Some(dir) if !dir.trim().is_empty() => {
                let dir = PathBuf::from(dir.trim());
                ensure_data_dir(&dir)?;
                Some(dir)
            }
            _ => None,
        };

        let metrics_token = match get("METRICS_TOKEN") {
            Some(token) if token.trim().len() < 32 => return Err(ConfigError::ShortMetricsToken),
            Some(token) => Some(SecretKey(token.trim().as_bytes().to_vec())),
            None => None,
        };

        let trusted_proxies = match get("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .filter(|entry| !entry.trim().is_empty())
                .map(super::client::ProxyNet::parse)
                .collect::<Option<Vec<_>>>()
                .filter(|nets| !nets.is_empty())
                .ok_or(ConfigError::BadTrustedProxies(list))?,
        };

        let endpoint = match (get("GP_CONNECT_URL").map(|u| u.trim().to_string()), mode) {
            (None, Mode::Production) => Endpoint::Off,
            (None, Mode::Development) => Endpoint::Simulator,
            (Some(url), Mode::Production) if url == "simulator" => {
                return Err(ConfigError::SimulatorInProduction)
            }
            (Some(url), Mode::Development) if url == "simulator" => Endpoint::Simulator,
            (Some(url), _) if url.starts_with("http://") || url.starts_with("https://") => {
                Endpoint::Url(url.trim_end_matches('/').to_string())
            }
            (Some(url), _) => return Err(ConfigError::BadGpConnectUrl(redact_url(&url))),
        };
        let adapter = match get("CLINICAL_ADAPTER").as_deref().map(str::trim) {
            None | Some("gp-connect") => AdapterChoice::GpConnect,
            Some("emis-im1") => AdapterChoice::EmisIm1,
            Some(other) => return Err(ConfigError::BadClinicalAdapter(other.to_string())),
        };
        let clinical = ClinicalLinkConfig {
            endpoint,
            adapter,
            timeout_ms: number("GP_CONNECT_TIMEOUT_MS", 10_000)?.unsigned_abs(),
        };

        Ok(Config {
            mode,
            data_dir,
            database_url,
            base_url,
            smtp_url,
            mail_from,
            secret_key,
            session_idle_ms,
            session_absolute_ms,
            staff,
            contact,
            patient_registration_attempts,
            shift_look_ahead_days,
            files_dir,
            metrics_token,
            trusted_proxies,
            clinical,
        })
    }

    /// Whether cookies must be marked Secure (BASE_URL is https).
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

fn ensure_data_dir(path: &Path) -> Result<(), ConfigError> {
    let fail = |e: std::io::Error| ConfigError::DataDir {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(path).map_err(fail)?;
    // Prove we can write there, so a read-only folder fails now, clearly.
    let probe = path.join(".write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)
}

/// In development the key is generated once into `<data>/secret_key`.
fn development_secret(data_dir: &Path) -> Result<SecretKey, ConfigError> {
    let path = data_dir.join("secret_key");
    let fail = |e: std::io::Error| ConfigError::SecretFile {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    match std::fs::read_to_string(&path) {
        Ok(existing) if existing.trim().len() >= 32 => {
            Ok(SecretKey(existing.trim().as_bytes().to_vec()))
        }
        Ok(_) | Err(_) => {
            let key = crate::server::tokens::random_hex(32);
            write_private(&path, key.as_bytes()).map_err(fail)?;
            Ok(SecretKey(key.into_bytes()))
        }
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// Hides the password part of a URL so it can be shown in errors and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Development unless `vars` names a mode (most tests are not about it).
    fn config_from(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        map.entry("GATEHOUSE_ENV".into())
            .or_insert_with(|| "development".into());
        Config::from_lookup(|name| map.get(name).cloned())
    }

    fn exactly(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn without_gatehouse_env_the_server_runs_in_production_and_development_must_be_named() {
        let dir = temp_dir("default-mode");
        let err = exactly(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap_err();
        assert_eq!(err, ConfigError::MissingBaseUrl);
        assert!(err.to_string().contains("GATEHOUSE_ENV=development"));
        let key = "0123456789abcdef0123456789abcdef";
        let config = exactly(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("BASE_URL", "https://gatehouse.example.nhs.uk"),
            ("SECRET_KEY", key),
        ])
        .unwrap();
        assert_eq!(config.mode, Mode::Production);
        let config = exactly(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("GATEHOUSE_ENV", "development"),
        ])
        .unwrap();
        assert_eq!(config.mode, Mode::Development);
        assert!(matches!(
            exactly(&[("GATEHOUSE_DATA_DIR", &dir), ("GATEHOUSE_ENV", "devel")]),
            Err(ConfigError::BadMode(_))
        ));
    }

    #[test]
    fn the_gp_connect_simulator_is_the_development_default_and_refused_in_production() {
        let dir = temp_dir("clinical");
        let dev = config_from(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap();
        assert_eq!(dev.clinical.endpoint, Endpoint::Simulator);
        assert_eq!(dev.clinical.adapter, AdapterChoice::GpConnect);
        let prod = [
            ("GATEHOUSE_ENV", "production"),
            ("GATEHOUSE_DATA_DIR", dir.as_str()),
            ("BASE_URL", "https://gatehouse.example.nhs.uk"),
            ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ];
        assert_eq!(exactly(&prod).unwrap().clinical.endpoint, Endpoint::Off);
        let mut simulated = prod.to_vec();
        simulated.push(("GP_CONNECT_URL", "simulator"));
        assert_eq!(
            exactly(&simulated).unwrap_err(),
            ConfigError::SimulatorInProduction
        );
        let mut real = prod.to_vec();
        real.push(("GP_CONNECT_URL", "https://gpc.example.nhs.uk/"));
        real.push(("CLINICAL_ADAPTER", "emis-im1"));
        let config = exactly(&real).unwrap();
        assert_eq!(
            config.clinical.endpoint,
            Endpoint::Url("https://gpc.example.nhs.uk".to_string())
        );
        assert_eq!(config.clinical.adapter, AdapterChoice::EmisIm1);
        assert!(matches!(
            config_from(&[("GATEHOUSE_DATA_DIR", &dir), ("GP_CONNECT_URL", "ftp://x")]),
            Err(ConfigError::BadGpConnectUrl(_))
        ));
    }

    fn temp_dir(name: &str) -> String {
        let dir = std::env::temp_dir().join(format!("gh-config-{name}-{}", uuid::Uuid::new_v4()));
        dir.display().to_string()
    }

    #[test]
    fn staff_may_be_invited_at_nhs_net_and_any_nhs_uk_subdomain_by_default() {
        let policy = StaffPolicy::default();
        assert!(policy.allows_email("jo@nhs.net"));
        assert!(policy.allows_email("jo@NHS.NET"));
        assert!(policy.allows_email("jo@leedsth.nhs.uk"));
        assert!(!policy.allows_email("jo@nhs.uk"));
        assert!(!policy.allows_email("jo@gmail.com"));
        assert!(!policy.allows_email("jo@fakenhs.net"));
        assert!(!policy.allows_email("jo@evilnhs.uk"));
        assert_eq!(policy.invite_lifetime_ms, 7 * 24 * 3_600_000);
        assert_eq!(policy.invites_per_hour, 500);
    }

    #[test]
    fn invite_rules_come_from_the_environment() {
        let dir = temp_dir("staff");
        let config = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("STAFF_EMAIL_DOMAINS", " example.org , .trust.example "),
            ("INVITE_LINK_DAYS", "2"),
            ("INVITES_PER_HOUR", "10"),
        ])
        .unwrap();
        assert!(config.staff.allows_email("a@example.org"));
        assert!(config.staff.allows_email("a@ward.trust.example"));
        assert!(!config.staff.allows_email("a@nhs.net"));
        assert_eq!(config.staff.invite_lifetime_ms, 2 * 24 * 3_600_000);
        assert_eq!(config.staff.invites_per_hour, 10);
        assert_eq!(config.contact, ContactLimits::default());
        let busy = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("CONTACT_PER_CLIENT_PER_HOUR", "50"),
            ("CONTACT_PER_PRACTICE_PER_HOUR", "9000"),
        ])
        .unwrap();
        assert_eq!(busy.contact.per_client_per_hour, 50);
        assert_eq!(busy.contact.per_practice_per_hour, 9000);
        let bad = config_from(&[("GATEHOUSE_DATA_DIR", &dir), ("STAFF_EMAIL_DOMAINS", " , ")]);
        assert!(matches!(bad, Err(ConfigError::BadDomains(_))));
    }

    #[test]
    fn development_defaults_to_sqlite_under_the_data_folder_and_generates_a_secret_once() {
        let dir = temp_dir("dev");
        let first = config_from(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap();
        assert_eq!(first.mode, Mode::Development);
        assert_eq!(
            first.database_url,
            format!("sqlite://{dir}/gatehouse.db?mode=rwc")
        );
        assert_eq!(first.base_url, "http://127.0.0.1:3000");
        let second = config_from(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap();
        assert_eq!(first.secret_key.as_bytes(), second.secret_key.as_bytes());
        assert_eq!(first.secret_key.as_bytes().len(), 64);
    }

    #[test]
    fn production_without_a_secret_key_is_refused() {
        let dir = temp_dir("prod");
        let err = config_from(&[
            ("GATEHOUSE_ENV", "production"),
            ("GATEHOUSE_DATA_DIR", &dir),
            ("BASE_URL", "https://gatehouse.example.nhs.uk"),
        ])
        .unwrap_err();
        assert_eq!(err, ConfigError::MissingSecretKey);
    }

    #[test]
    fn a_database_url_of_another_kind_is_refused_without_showing_its_password() {
        let dir = temp_dir("db");
        let err = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("DATABASE_URL", "mysql://admin:hunter2@db/gatehouse"),
        ])
        .unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("DATABASE_URL must start with sqlite: or postgres://"));
        assert!(!shown.contains("hunter2"));
    }

    #[test]
    fn a_data_folder_that_cannot_be_created_is_reported_by_path() {
        let err =
            config_from(&[("GATEHOUSE_DATA_DIR", "/proc/gatehouse-cannot-be-here")]).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("cannot create data folder /proc/gatehouse-cannot-be-here"));
    }

    #[test]
    fn session_limits_default_to_nhs_login_rules_and_can_be_changed() {
        let dir = temp_dir("session");
        let config = config_from(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap();
        assert_eq!(config.session_idle_ms, 30 * 60_000);
        assert_eq!(config.session_absolute_ms, 12 * 3_600_000);
        let config =
            config_from(&[("GATEHOUSE_DATA_DIR", &dir), ("SESSION_IDLE_MINUTES", "5")]).unwrap();
        assert_eq!(config.session_idle_ms, 5 * 60_000);
        let err = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("SESSION_IDLE_MINUTES", "soon"),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "SESSION_IDLE_MINUTES must be a whole number greater than 0, not 'soon'"
        );
    }

    #[test]
    fn a_short_secret_key_is_refused() {
        let dir = temp_dir("short");
        let err =
            config_from(&[("GATEHOUSE_DATA_DIR", &dir), ("SECRET_KEY", "too-short")]).unwrap_err();
        assert_eq!(err, ConfigError::ShortSecretKey);
    }

    #[test]
    fn no_proxy_is_trusted_unless_listed_and_a_bad_list_is_refused() {
        let dir = temp_dir("proxies");
        let config = config_from(&[("GATEHOUSE_DATA_DIR", &dir)]).unwrap();
        assert!(config.trusted_proxies.is_empty());
        let config = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1"),
        ])
        .unwrap();
        assert_eq!(config.trusted_proxies.len(), 3);
        let err = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("TRUSTED_PROXIES", "10.0.0.0/8,proxy.example"),
        ])
        .unwrap_err();
        assert!(matches!(err, ConfigError::BadTrustedProxies(_)));
    }

    #[test]
    fn https_base_url_means_secure_cookies() {
        let dir = temp_dir("https");
        let config = config_from(&[
            ("GATEHOUSE_DATA_DIR", &dir),
            ("BASE_URL", "https://gatehouse.example.nhs.uk/"),
        ])
        .unwrap();
        assert!(config.is_https());
        assert_eq!(config.base_url, "https://gatehouse.example.nhs.uk");
    }
}
