//! Pages that are the same bytes for every anonymous visitor (`/`,
//! `/login`, `/signup` asked for with no cookie and no query string: no
//! session, no draft, no error to show) are rendered once, compressed once
//! (brotli at its highest quality, gzip), and then sent as they are: a
//! first visit costs the server what a static file does. Anything that
//! could make a page differ (a cookie, a query, a response that sets a
//! cookie or is not a 200) goes through the app as usual.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CONTENT_ENCODING, CONTENT_LENGTH, COOKIE, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;

/// The pages whose anonymous version does not depend on the request.
const PAGES: [&str; 3] = ["/", "/login", "/signup"];
/// A page bigger than this is not kept (ours are a few KB).
const MAX_PAGE: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The best encoding `Accept-Encoding` allows: brotli, then gzip.
pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let accepted = |name: &str| {
        headers
            .get_all(ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';');
                let token = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    let p = p.trim().to_ascii_lowercase();
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                token.eq_ignore_ascii_case(name) && !refused
            })
    };
    if accepted("br") {
        Encoding::Brotli
    } else if accepted("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// One page, as rendered, in each encoding.
struct Cached {
    headers: HeaderMap,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Cached {
    fn new(mut headers: HeaderMap, page: Bytes) -> Option<Self> {
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut page.as_ref(), &mut brotli, &params).ok()?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&page).ok()?;
        let gzip = gzip.finish().ok()?;
        headers.remove(CONTENT_LENGTH);
        // The copy sent depends on both (the compression layer in front of
        // the render said only the first).
        headers.insert(VARY, HeaderValue::from_static("accept-encoding, accept-language"));
        Some(Self {
            headers,
            identity: page,
            gzip: gzip.into(),
            brotli: brotli.into(),
        })
    }

    fn response(&self, encoding: Encoding) -> Response {
        let (body, name) = match encoding {
            Encoding::Brotli => (self.brotli.clone(), Some("br")),
            Encoding::Gzip => (self.gzip.clone(), Some("gzip")),
            Encoding::Identity => (self.identity.clone(), None),
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        if let Some(name) = name {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        response
    }
}

/// Which copy of a kept page: its path, the country the browser's
/// languages point to (the forms start on it), and the language it is in.
type Key = (&'static str, Option<String>, app::i18n::Language);

/// The kept pages, by path, country and language. Filled on first use; lives as long as the
/// server (a page changes only with a new build or new settings).
pub struct PageCache {
    /// By path, the country the browser's languages point to (the forms
    /// start on it) and the language they pick: at most a page per path,
    /// country texts go to, and language.
    pages: RwLock<HashMap<Key, Arc<Cached>>>,
    /// The copies being made: one request makes each, and the others that
    /// miss it meanwhile are answered as any other page is (compressed on
    /// the fly, at a fast level), rather than each compressing it at brotli
    /// 11 too.
    filling: Mutex<HashSet<Key>>,
    enabled: bool,
    /// The countries texts go to (`SMS_COUNTRIES`).
    countries: Vec<String>,
}

impl PageCache {
    /// Keeps pages unless `enabled` is false (see [`enabled`]).
    pub fn new(enabled: bool, countries: Vec<String>) -> Self {
        Self {
            pages: RwLock::default(),
            filling: Mutex::default(),
            enabled,
            countries,
        }
    }

    /// Which copy of `path` this request gets.
    fn key(&self, path: &'static str, request: &Request) -> Key {
        let languages = request.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let country = languages.and_then(|l| app::server::forms::country_for_languages(l, &self.countries));
        // No cookie reaches here, so the browser's languages alone decide.
        (path, country, app::i18n::language_for(None, languages))
    }

    fn get(&self, key: &Key) -> Option<Arc<Cached>> {
        self.pages.read().unwrap_or_else(|p| p.into_inner()).get(key).cloned()
    }

    /// Whether this request makes the copy for `key` (no other is making it).
    fn start_filling(self: &Arc<Self>, key: &Key) -> Option<Filling> {
        let mut filling = self.filling.lock().unwrap_or_else(|p| p.into_inner());
        filling.insert(key.clone()).then(|| Filling {
            cache: self.clone(),
            key: key.clone(),
        })
    }

    fn put(&self, key: Key, page: Cached) {
        self.pages
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, Arc::new(page));
    }
}

/// A copy being made; dropped (made or not), the next miss may make it.
struct Filling {
    cache: Arc<PageCache>,
    key: Key,
}

impl Drop for Filling {
    fn drop(&mut self) {
        self.cache
            .filling
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

/// The page this request may be served from the cache as, if any.
fn cacheable(request: &Request) -> Option<&'static str> {
    if request.method() != Method::GET || request.uri().query().is_some() || request.headers().contains_key(COOKIE) {
        return None;
    }
    PAGES.into_iter().find(|p| *p == request.uri().path())
}

/// Under `cargo leptos watch` pages carry the live-reload script's nonce,
/// which must differ per response: nothing is kept then.
pub fn enabled() -> bool {
    std::env::var_os("LEPTOS_WATCH").is_none()
}

pub async fn serve(cache: Arc<PageCache>, request: Request, next: Next) -> Response {
    let Some(path) = cacheable(&request).filter(|_| cache.enabled) else {
        return next.run(request).await;
    };
    let encoding = negotiate(request.headers());
    let key = cache.key(path, &request);
    if let Some(page) = cache.get(&key) {
        return page.response(encoding);
    }
    let Some(filling) = cache.start_filling(&key) else {
        return next.run(request).await;
    };
    // Rendered uncompressed, to be compressed once here.
    let mut request = request;
    request.headers_mut().remove(ACCEPT_ENCODING);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || response.headers().contains_key(SET_COOKIE)
        || response.headers().contains_key(CONTENT_ENCODING)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Read whole whatever its size (the page is sent either way), kept only
    // if small; a body that fails midway is the app's error, answered as one.
    let Ok(page) = axum::body::to_bytes(body, usize::MAX).await else {
        tracing::warn!(path, "a page could not be read whole; answered as unavailable");
        return Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .body(Body::from("Try again in a moment."))
            .unwrap_or_default();
    };
    // Brotli at quality 11 takes milliseconds of CPU: off the threads that
    // answer requests.
    let kept = if page.len() <= MAX_PAGE {
        let (headers, page) = (parts.headers.clone(), page.clone());
        tokio::task::spawn_blocking(move || Cached::new(headers, page))
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let response = match kept {
        Some(cached) => {
            let response = cached.response(encoding);
            cache.put(key, cached);
            response
        }
        None => Response::from_parts(parts, Body::from(page)),
    };
    drop(filling);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn brotli_then_gzip_then_nothing() {
        assert_eq!(
            negotiate(&accept("br;Q=0, gzip")),
            Encoding::Gzip,
            "parameter names ignore case"
        );
        assert_eq!(negotiate(&accept("gzip, deflate, br, zstd")), Encoding::Brotli);
        assert_eq!(negotiate(&accept("gzip")), Encoding::Gzip);
        assert_eq!(negotiate(&accept("br;q=0, gzip;q=0.5")), Encoding::Gzip);
        assert_eq!(negotiate(&accept("identity")), Encoding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(negotiate(&accept("brotli")), Encoding::Identity, "names, not prefixes");
    }

    #[test]
    fn a_kept_page_decompresses_to_what_was_rendered() {
        let page = Bytes::from("<!DOCTYPE html><html><body><form>a sign-in page</form></body></html>".repeat(20));
        let cached = Cached::new(HeaderMap::new(), page.clone()).unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut cached.brotli.as_ref(), &mut out).unwrap();
        assert_eq!(out, page);
        let mut gz = flate2::read::GzDecoder::new(cached.gzip.as_ref());
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut gz, &mut out).unwrap();
        assert_eq!(out, page);
        assert!(cached.brotli.len() < page.len() / 4);
    }
}
