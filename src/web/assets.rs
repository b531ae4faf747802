//! The stylesheet and the one small script, embedded in the binary so the
//! site runs from any directory and the CSP can stay `'self'`.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("static/site.css");
const TIME_JS: &str = include_str!("static/time.js");
const DASHBOARD_JS: &str = include_str!("static/dashboard.js");

/// An hour of caching: assets change only with a new binary.
const CACHE: &str = "public, max-age=3600";

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        CSS,
    )
}

pub async fn time_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        TIME_JS,
    )
}

pub async fn dashboard_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        DASHBOARD_JS,
    )
}
