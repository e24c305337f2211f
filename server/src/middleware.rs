//! Response fix-ups. The security ones (`only_our_errors_in_urls`) apply to
//! every route; the sign-in's policies (the POST cap, its failure pages,
//! its decode-error answers) only to the sign-in's own routes
//! ([`app::api::is_sign_in_route`]): a route of yours keeps its own
//! answers, its 500s included.

use app::api::is_sign_in_route;
use app::error::AuthError;
use app::server::{AppState, ClientIp, respond};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Every POST to the sign-in from one address is counted before anything
/// in it is read (nor any session created for it): past the limit it gets
/// a 429 at once. A POST to a route of yours is not counted.
pub async fn cap_posts(app: AppState, request: Request, next: Next) -> Response {
    if request.method() == Method::POST
        && is_sign_in_route(request.uri().path())
        && let Some(ClientIp(ip)) = request.extensions().get::<ClientIp>().copied()
        && let Err(e) = app.limits.take_post(ip, app.now()).await
    {
        let page = !request.uri().path().starts_with("/api/") || wants_html(&request);
        return respond::response(&e, page).into_response();
    }
    next.run(request).await
}

fn wants_html(request: &Request) -> bool {
    request
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// A plain form post that failed comes back to its page with the error in
/// the URL (`?__path=<server function>&__err=<base64 JSON>`), and the page
/// shows it. Anyone can write such a URL, so only an error that decodes as
/// one of ours is kept; otherwise the browser is sent (303) to the same URL
/// without both, so that neither the server nor the hydrated page sees them.
pub async fn only_our_errors_in_urls(request: Request, next: Next) -> Response {
    let Some(query) = request.uri().query() else {
        return next.run(request).await;
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let readable = |(k, v): &(String, String)| k != "__err" || respond::error_from_url(v).is_some();
    if pairs.iter().all(readable) {
        return next.run(request).await;
    }
    tracing::info!("an error in the URL that is not ours was ignored");
    let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "__err" && k != "__path").collect();
    let mut clean = on_this_site(request.uri().path());
    if !kept.is_empty() {
        clean.push('?');
        clean.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish(),
        );
    }
    axum::response::Redirect::to(&clean).into_response()
}

/// A failed plain form post is sent back to its page with the error added
/// to the page's address, which may hold the previous failure's already:
/// only the newest `__path`/`__err` pair is kept, so that addresses do not
/// grow with each failed post.
pub async fn one_error_per_address(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response
        .headers()
        .get(axum::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return response;
    };
    if let Some(kept) = newest_error_only(location)
        && let Ok(value) = axum::http::HeaderValue::from_str(&kept)
    {
        response.headers_mut().insert(axum::http::header::LOCATION, value);
    }
    response
}

/// `location` with only its last `__path` and `__err`, or None when it has
/// at most one of each.
fn newest_error_only(location: &str) -> Option<String> {
    let (path, query) = location.split_once('?')?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let count = |name: &str| pairs.iter().filter(|(k, _)| k == name).count();
    if count("__err") <= 1 && count("__path") <= 1 {
        return None;
    }
    let last = |name: &str| pairs.iter().rev().find(|(k, _)| k == name).cloned();
    let newest = [last("__path"), last("__err")];
    let others = pairs.iter().filter(|(k, _)| k != "__err" && k != "__path").cloned();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(others.chain(newest.into_iter().flatten()))
        .finish();
    Some(format!("{path}?{query}"))
}

/// A request's own path as a redirect target that stays on this site. A
/// path may begin with `//` or `/\` (`GET //evil.example/login`), which a
/// browser reads in a `Location` as another host: the leading run of
/// slashes and backslashes becomes one slash.
pub fn on_this_site(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

/// Server functions answer every error they raise with its own 4xx/503
/// status. A 500 from under `/api/` can only come from the framework failing
/// to decode the request (a malformed or forged body), which is the caller's
/// fault: answered as a bad request. Runs inside the session layer, so that
/// the session layer's own 500s are left to [`store_failures_are_503`].
pub async fn server_fn_decode_errors_are_400(request: Request, next: Next) -> Response {
    let is_api = app::api::SIGN_IN_ENDPOINTS.contains(&request.uri().path());
    let response = next.run(request).await;
    if is_api && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return respond::response(&AuthError::BadRequest, false).into_response();
    }
    response
}

/// Outside the session layer, a 500 means the session store failed while
/// loading or saving the session (tower-sessions answers those with an empty
/// 500). That is an outage, not a bug in the request: answered as every
/// other "unavailable" is, with a time to retry. The session itself is
/// untouched, so the person continues once the store is back.
pub async fn store_failures_are_503(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let (ours, is_api) = (is_sign_in_route(path), path.starts_with("/api/"));
    let response = next.run(request).await;
    if !ours || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    tracing::error!(
        status = 500,
        "failure under the session layer (the session store, as a rule); answered 503"
    );
    respond::response(&AuthError::Unavailable, !is_api).into_response()
}

#[cfg(test)]
mod tests {
    use super::{newest_error_only, on_this_site};

    #[test]
    fn a_failed_posts_address_keeps_only_the_newest_error() {
        assert_eq!(
            newest_error_only("/login?next=%2Fa&__path=%2Fapi%2Fx&__err=OLD&__path=%2Fapi%2Fy&__err=NEW").as_deref(),
            Some("/login?next=%2Fa&__path=%2Fapi%2Fy&__err=NEW")
        );
        assert_eq!(newest_error_only("/login?__path=%2Fapi%2Fx&__err=ONE"), None);
        assert_eq!(newest_error_only("/login"), None);
    }

    #[test]
    fn a_redirect_to_the_requests_own_path_stays_on_this_site() {
        for (path, expected) in [
            ("/login", "/login"),
            ("//evil.example/login", "/evil.example/login"),
            ("/\\evil.example/login", "/evil.example/login"),
            ("/\\/\\//evil.example", "/evil.example"),
            ("/", "/"),
        ] {
            assert_eq!(on_this_site(path), expected, "{path}");
        }
    }
}
