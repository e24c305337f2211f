//! SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)):
//! what a confidential app client sends with each call, and what the pool
//! checks. The server computes it; local-cognito verifies it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(client_secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Constant-time check of a presented hash.
pub fn verify(client_secret: &str, username: &str, client_id: &str, presented: &str) -> bool {
    let expected = secret_hash(client_secret, username, client_id);
    expected.as_bytes().ct_eq(presented.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_documented_construction() {
        // Computed independently: printf 'user1client1' | openssl dgst -sha256 -hmac secret1 -binary | base64
        assert_eq!(
            secret_hash("secret1", "user1", "client1"),
            "k00eswlFDjGP2+MqbWO3F3LeInbxfBxQ7UwxxZHuvHA="
        );
        assert!(verify(
            "secret1",
            "user1",
            "client1",
            &secret_hash("secret1", "user1", "client1")
        ));
        assert!(!verify(
            "secret1",
            "user2",
            "client1",
            &secret_hash("secret1", "user1", "client1")
        ));
        assert!(!verify("secret1", "user1", "client1", "not base64!"));
        assert!(!verify("secret1", "user1", "client1", ""));
    }
}
