//! Works out each request's client address once, for the per-address limits.

use std::net::{IpAddr, SocketAddr};

use app::server::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;

/// The address from a trusted proxy's header (the last entry: the one the
/// proxy itself appended; earlier ones are whatever the client sent), else
/// the socket's peer.
pub fn client_ip(headers: &HeaderMap, header: Option<&HeaderName>, peer: Option<SocketAddr>) -> Option<IpAddr> {
    let from_header = header
        .and_then(|h| headers.get_all(h).iter().next_back())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| parse_ip(v.trim()));
    from_header.or(peer.map(|p| p.ip()))
}

/// A bare address, or one with a port (`1.2.3.4:5678`, `[::1]:5678`).
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

pub async fn remember(header: Option<HeaderName>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if let Some(ip) = client_ip(request.headers(), header.as_ref(), peer) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_header_then_peer() {
        let peer: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let xff = HeaderName::from_static("x-forwarded-for");
        let mut headers = HeaderMap::new();
        assert_eq!(client_ip(&headers, Some(&xff), Some(peer)), Some(peer.ip()));
        headers.insert(&xff, "6.6.6.6, 203.0.113.7".parse().unwrap());
        assert_eq!(
            client_ip(&headers, Some(&xff), Some(peer)),
            Some("203.0.113.7".parse().unwrap()),
            "the client-supplied first entry is ignored"
        );
        assert_eq!(
            client_ip(&headers, None, Some(peer)),
            Some(peer.ip()),
            "header not trusted"
        );
        headers.insert(&xff, "[2001:db8::1]:443".parse().unwrap());
        assert_eq!(
            client_ip(&headers, Some(&xff), None),
            Some("2001:db8::1".parse().unwrap())
        );
        headers.insert(&xff, "garbage".parse().unwrap());
        assert_eq!(client_ip(&headers, Some(&xff), Some(peer)), Some(peer.ip()));
    }
}
