//! Works out each request's client address once, for the per-address limits.

use std::net::{IpAddr, SocketAddr};

use app::server::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use crate::config::{TrustedProxies, canonical};

/// The client's address: the socket's peer, unless the peer is one of the
/// trusted proxies; then the proxies' header, read from the right (each
/// proxy appends the address it saw) past the proxies' own addresses.
/// Whatever the client itself wrote there (the left) is never reached while
/// a proxy stands between.
pub fn client_ip(headers: &HeaderMap, proxies: Option<&TrustedProxies>, peer: SocketAddr) -> IpAddr {
    let peer = canonical(peer.ip());
    let Some(proxies) = proxies.filter(|p| p.trusts(peer)) else {
        return peer;
    };
    let mut last_proxy = peer;
    // Bytes, split before they are read as text: a client's own junk on the
    // left of a line its proxy appended to must not spoil the proxy's entry.
    for value in headers.get_all(&proxies.header).iter().rev() {
        for entry in value.as_bytes().rsplit(|b| *b == b',') {
            let ip = std::str::from_utf8(entry).ok().and_then(|e| parse_ip(e.trim()));
            match ip.map(canonical) {
                Some(ip) if proxies.trusts(ip) => last_proxy = ip,
                Some(ip) => return ip,
                // Unreadable: nothing to its left can be believed either.
                None => return last_proxy,
            }
        }
    }
    last_proxy
}

/// A bare address, or one with a port (`1.2.3.4:5678`, `[::1]:5678`).
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

pub async fn remember(proxies: Option<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if let Some(peer) = peer {
        let ip = client_ip(request.headers(), proxies.as_ref(), peer);
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderName;

    use super::*;

    fn proxies(from: &[&str]) -> TrustedProxies {
        TrustedProxies {
            header: HeaderName::from_static("x-forwarded-for"),
            from: from.iter().map(|s| s.parse().unwrap()).collect(),
        }
    }

    fn with_xff(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let p = proxies(&["10.0.0.0/8"]);
        let proxy: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let stranger: SocketAddr = "198.51.100.9:4000".parse().unwrap();
        let headers = with_xff("6.6.6.6, 203.0.113.7");
        assert_eq!(
            client_ip(&headers, Some(&p), proxy),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_ip(&headers, Some(&p), stranger),
            stranger.ip(),
            "a client talking to us directly names nobody"
        );
        assert_eq!(client_ip(&headers, None, proxy), proxy.ip());
        assert_eq!(client_ip(&HeaderMap::new(), Some(&p), proxy), proxy.ip());
    }

    #[test]
    fn chained_proxies_are_skipped_from_the_right() {
        let p = proxies(&["10.0.0.0/8", "192.0.2.1/32"]);
        let proxy: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let headers = with_xff("6.6.6.6, 203.0.113.7, 192.0.2.1, 10.9.9.9");
        assert_eq!(
            client_ip(&headers, Some(&p), proxy),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let headers = with_xff("[2001:db8::1]:443");
        assert_eq!(
            client_ip(&headers, Some(&p), proxy),
            "2001:db8::1".parse::<IpAddr>().unwrap()
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_bytes(b"\xff\xfe, 203.0.113.7").unwrap(),
        );
        assert_eq!(
            client_ip(&headers, Some(&p), proxy),
            "203.0.113.7".parse::<IpAddr>().unwrap(),
            "the client's own bytes on the left spoil nothing"
        );
        let headers = with_xff("6.6.6.6, garbage, 10.9.9.9");
        assert_eq!(
            client_ip(&headers, Some(&p), proxy),
            "10.9.9.9".parse::<IpAddr>().unwrap(),
            "nothing left of an unreadable entry is believed"
        );
    }
}
