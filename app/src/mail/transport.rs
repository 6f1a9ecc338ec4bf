//! Where delivered mail goes: a real SMTP server (lettre, pooled
//! connections) or, in development without `SMTP_URL`, the development
//! mailbox, which keeps the message in the outbox for `/dev/mailbox`.

use std::time::{Duration, SystemTime};

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::OutgoingEmail;
use crate::server::config::redact_url;
use crate::server::{Config, Mode};

/// How long one SMTP command may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest `last_error` kept in the outbox.
const MAX_ERROR_CHARS: usize = 200;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailSetupError {
    #[error("SMTP_URL '{url}' cannot be used: {reason}")]
    BadSmtpUrl { url: String, reason: String },
    #[error("MAIL_FROM must be an address like 'Gatehouse <gatehouse@example.nhs.uk>', not '{0}'")]
    BadMailFrom(String),
}

enum Kind {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    DevMailbox,
}

/// The sender address and where messages go.
pub struct Transport {
    from: Mailbox,
    kind: Kind,
    description: String,
}

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The SMTP server accepted it.
    Sent,
    /// Kept for `/dev/mailbox`.
    KeptInDevMailbox,
    /// Try again later. `unreachable`: the server could not be reached at
    /// all, so the rest of the batch need not wait for their own timeouts.
    Retry { error: String, unreachable: bool },
    /// Can never be sent as it stands (e.g. a malformed address).
    Undeliverable(String),
}

impl Transport {
    /// SMTP at `smtp_url` (`smtp://host:port`, `smtp://host?tls=required`,
    /// `smtps://user:pass@host`), reusing connections between messages.
    pub fn smtp(smtp_url: &str, mail_from: &str) -> Result<Self, MailSetupError> {
        let from = parse_from(mail_from)?;
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailSetupError::BadSmtpUrl {
                url: redact_url(smtp_url),
                reason: e.to_string(),
            })?
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(super::service::CONCURRENT_SENDS as u32))
            .build();
        Ok(Self {
            from,
            kind: Kind::Smtp(smtp),
            description: format!("SMTP at {}", redact_url(smtp_url)),
        })
    }

    /// The development mailbox: nothing leaves the machine.
    pub fn dev_mailbox(mail_from: &str) -> Result<Self, MailSetupError> {
        Ok(Self {
            from: parse_from(mail_from)?,
            kind: Kind::DevMailbox,
            description: "the development mailbox (/dev/mailbox)".to_string(),
        })
    }

    /// SMTP when `SMTP_URL` is set; otherwise the development mailbox in
    /// development, and nothing (`None`: mail stays queued) in production.
    pub fn from_config(config: &Config) -> Result<Option<Self>, MailSetupError> {
        match (&config.smtp_url, config.mode) {
            (Some(url), _) => Self::smtp(url, &config.mail_from).map(Some),
            (None, Mode::Development) => Self::dev_mailbox(&config.mail_from).map(Some),
            (None, Mode::Production) => {
                parse_from(&config.mail_from)?;
                Ok(None)
            }
        }
    }

    pub fn is_dev_mailbox(&self) -> bool {
        matches!(self.kind, Kind::DevMailbox)
    }

    /// For logs; never shows a password.
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// Delivers one message from the outbox. The `Message-ID` is derived
    /// from the outbox id, so a retry carries the same id as the first try.
    pub async fn deliver(&self, outbox_id: &str, email: &OutgoingEmail, now_ms: i64) -> Outcome {
        let message = match self.message(outbox_id, email, now_ms) {
            Ok(message) => message,
            Err(reason) => return Outcome::Undeliverable(reason),
        };
        match &self.kind {
            Kind::DevMailbox => Outcome::KeptInDevMailbox,
            Kind::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Outcome::Sent,
                Err(error) => Outcome::Retry {
                    unreachable: error.status().is_none() && !error.is_client(),
                    error: short_error(&error.to_string()),
                },
            },
        }
    }

    fn message(
        &self,
        outbox_id: &str,
        email: &OutgoingEmail,
        now_ms: i64,
    ) -> Result<Message, String> {
        let to: Mailbox = email
            .to
            .trim()
            .parse()
            .map_err(|_| "the recipient is not a valid email address".to_string())?;
        let subject: String = email
            .subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let date =
            SystemTime::UNIX_EPOCH + Duration::from_millis(u64::try_from(now_ms).unwrap_or(0));
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .date(date)
            .message_id(Some(format!("<{outbox_id}@{}>", self.from.email.domain())))
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| short_error(&format!("the message cannot be built: {e}")))
    }
}

fn parse_from(mail_from: &str) -> Result<Mailbox, MailSetupError> {
    mail_from
        .trim()
        .parse()
        .map_err(|_| MailSetupError::BadMailFrom(mail_from.to_string()))
}

/// One line, at most `MAX_ERROR_CHARS` characters.
pub fn short_error(error: &str) -> String {
    let one_line = error.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_sender_or_smtp_url_is_refused_without_showing_a_password() {
        assert!(matches!(
            Transport::dev_mailbox("not an address"),
            Err(MailSetupError::BadMailFrom(_))
        ));
        let Err(error) = Transport::smtp("smtp://user:hunter2@", "a@nhs.net") else {
            panic!("a URL without a host is refused");
        };
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn errors_are_kept_short_and_on_one_line() {
        assert_eq!(short_error("a\r\n  b"), "a b");
        let long = "x".repeat(500);
        assert_eq!(short_error(&long).chars().count(), MAX_ERROR_CHARS + 1);
    }
}
