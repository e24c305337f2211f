//! The site's own files (`/pkg`): sent as the build compressed them (brotli,
//! gzip: no CPU spent per request), and, under content-hashed names, cached
//! by browsers for a year, since a new build means new names.

use std::path::Path;

use app::server::assets::Assets;
use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, VARY};
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;

/// A year, and never revalidated: the name changes when the content does.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Plain names (`cargo leptos watch`) change content in place.
const PLAIN: &str = "no-cache";

pub fn package(options: &LeptosOptions, assets: &Assets) -> Router {
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = HeaderValue::from_static(if assets.hashed { HASHED } else { PLAIN });
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| {
                let cache = cache.clone();
                async move {
                    // The body depends on Accept-Encoding (the `.br` or `.gz`
                    // copy): a shared cache in front must keep them apart.
                    response
                        .headers_mut()
                        .append(VARY, HeaderValue::from_static("accept-encoding"));
                    if response.status().is_success() {
                        response.headers_mut().insert(CACHE_CONTROL, cache);
                    }
                    response
                }
            },
        ))
}
