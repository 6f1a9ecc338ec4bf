//! Plain HTML form posts: what a form does before (or without) WebAssembly.

use leptos::prelude::*;

/// For a plain HTML form post (no WebAssembly yet, or none at all), answers
/// "303 See Other" to `path`: the page the hydrated form goes to itself once
/// the server function succeeds. Calls from the hydrated page (which do not
/// ask for HTML) are left alone: the page handles the answer. Without this,
/// a plain post is sent back to the page it came from, which shows the form
/// again, blank, or a one-time link that has just been used.
pub fn plain_form_lands_on(path: &str) {
    use axum::http::{header, HeaderValue, StatusCode};
    let (Some(request), Some(response)) = (
        use_context::<http::request::Parts>(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if !asks_for_html(&request.headers) {
        return;
    }
    if let Ok(location) = HeaderValue::from_str(path) {
        response.insert_header(header::LOCATION, location);
        response.set_status(StatusCode::SEE_OTHER);
    }
}

/// Whether a request is a browser's own form post or page load (it accepts
/// HTML) rather than a server function call from the hydrated page.
fn asks_for_html(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_request_that_accepts_html_is_a_plain_form_post() {
        let mut headers = http::HeaderMap::new();
        assert!(!asks_for_html(&headers));
        headers.insert(http::header::ACCEPT, "application/json".parse().unwrap());
        assert!(!asks_for_html(&headers));
        headers.insert(
            http::header::ACCEPT,
            "text/html,application/xhtml+xml,*/*;q=0.8".parse().unwrap(),
        );
        assert!(asks_for_html(&headers));
    }
}
