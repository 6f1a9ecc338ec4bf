//! The session cookie: an opaque random token; HttpOnly, SameSite=Lax, and
//! Secure with the `__Host-` prefix when BASE_URL is https.

use http::header::{COOKIE, SET_COOKIE};
use http::HeaderValue;
use leptos::prelude::use_context;

use super::config::Config;

pub fn session_cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        "__Host-gatehouse_session"
    } else {
        "gatehouse_session"
    }
}

/// The value of the `Set-Cookie` header that starts a session.
pub fn session_cookie(config: &Config, token: &str) -> String {
    let secure = if config.is_https() { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
        session_cookie_name(config)
    )
}

/// The value of the `Set-Cookie` header that removes the session cookie.
pub fn expired_session_cookie(config: &Config) -> String {
    let secure = if config.is_https() { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        session_cookie_name(config)
    )
}

/// Finds a cookie's value in `Cookie` header values.
pub fn find_cookie<'a>(
    headers: impl Iterator<Item = &'a HeaderValue>,
    name: &str,
) -> Option<String> {
    headers
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// The session token sent with the current request, if any.
pub fn request_session_token(config: &Config) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    find_cookie(
        parts.headers.get_all(COOKIE).iter(),
        session_cookie_name(config),
    )
}

/// Adds a `Set-Cookie` header to the current response.
pub fn set_cookie_header(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let headers = [HeaderValue::from_static("a=1; gatehouse_session=abc; b=2")];
        assert_eq!(
            find_cookie(headers.iter(), "gatehouse_session").as_deref(),
            Some("abc")
        );
        assert_eq!(find_cookie(headers.iter(), "other"), None);
    }
}
