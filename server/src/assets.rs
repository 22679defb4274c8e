//! The site's static files: the bundle under `/pkg` (named by content hash) and the vendored
//! chart library under `/vendor` (named by version), sent precompressed when the browser
//! accepts it and cacheable for a year; and the page options that name the hashed files.

use axum::http::{header, HeaderValue, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A file whose address changes with its content may be kept by browsers and proxies forever.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

/// The file the site build writes the bundle's hashes to, when the site at `site_root` has one.
pub fn hash_file(site_root: &str) -> Option<PathBuf> {
    // Leptos looks the file up relative to the executable; an absolute path overrides that.
    let path = std::path::absolute(Path::new(site_root).join("hash.txt")).ok()?;
    path.is_file().then_some(path)
}

/// `/pkg` and `/vendor` from the site at `site_root`, preferring the `.br` and `.gz` copies the
/// site build wrote; only found files are marked cacheable, so a missing one is asked for again
/// once it exists.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let root = Path::new(site_root);
    let serve = |dir: PathBuf| {
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                |res: &Response<_>| res.status().is_success().then_some(IMMUTABLE),
            ))
            .service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
    };
    Router::new()
        .nest_service("/pkg", serve(root.join("pkg")))
        .nest_service("/vendor", serve(root.join("vendor")))
}
