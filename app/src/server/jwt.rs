//! Checks Cognito's ID and access tokens against the pool's published keys
//! (JWKS) before anything in them is believed: signature (RS256), issuer,
//! audience or client id, token use and expiry.

use std::sync::{Arc, Mutex};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

use super::cognito::Tokens;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("token expired")]
    Expired,
    /// Bad signature, wrong issuer/audience/use, unknown key, malformed.
    #[error("token rejected: {0}")]
    Rejected(&'static str),
    /// The keys could not be fetched.
    #[error("JWKS unavailable")]
    KeysUnavailable,
}

/// The claims the app uses, from either token.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub exp: u64,
    pub token_use: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default, rename = "cognito:username")]
    pub cognito_username: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub phone_number_verified: Option<bool>,
    #[serde(default)]
    pub name: Option<String>,
    /// The language of the user's texts (the `locale` attribute).
    #[serde(default)]
    pub locale: Option<String>,
}

impl Claims {
    /// Cognito's internal user name (what SECRET_HASH is computed over).
    pub fn user_name(&self) -> &str {
        self.username
            .as_deref()
            .or(self.cognito_username.as_deref())
            .unwrap_or(&self.sub)
    }
}

/// What a person sees when tokens fail their check: an outage if the keys
/// could not be fetched, otherwise "sign in again".
pub fn refusal(e: TokenError) -> crate::error::AuthError {
    use crate::error::AuthError;
    match e {
        TokenError::KeysUnavailable => AuthError::Unavailable,
        TokenError::Expired | TokenError::Rejected(_) => {
            tracing::warn!(error = %e, "token refused");
            AuthError::NotSignedIn
        }
    }
}

/// Both tokens of a sign-in, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub access: Claims,
    pub id: Claims,
}

/// Keys are fetched on first use and again when a token names a key we do
/// not have (Cognito rotates keys), at most once a minute.
const REFETCH_AFTER_SECS: u64 = 60;

/// Keys fetched this recently count as reachable for readiness.
pub const READY_KEYS_SECS: u64 = 15 * 60;

/// A failed readiness fetch is not tried again for this long.
pub const READY_RETRY_SECS: u64 = 10;

pub struct TokenVerifier {
    issuer: String,
    jwks_url: String,
    client_id: String,
    http: reqwest::Client,
    keys: Mutex<Option<(Arc<JwkSet>, u64)>>,
    /// When the readiness probe's last fetch failed.
    probe_failed_at: Mutex<Option<u64>>,
}

impl TokenVerifier {
    pub fn new(
        issuer: String,
        jwks_url: String,
        client_id: String,
        timeout: std::time::Duration,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self {
            issuer,
            jwks_url,
            client_id,
            http,
            keys: Mutex::new(None),
            probe_failed_at: Mutex::new(None),
        })
    }

    fn cached(&self) -> Option<(Arc<JwkSet>, u64)> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    async fn fetch(&self, now: u64) -> Result<Arc<JwkSet>, TokenError> {
        let fetched = async {
            self.http
                .get(&self.jwks_url)
                .send()
                .await?
                .error_for_status()?
                .json::<JwkSet>()
                .await
        }
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "fetching the pool's JWKS failed");
            TokenError::KeysUnavailable
        })?;
        let set = Arc::new(fetched);
        *self.keys.lock().unwrap_or_else(|p| p.into_inner()) = Some((set.clone(), now));
        Ok(set)
    }

    async fn key_for(&self, kid: &str, now: u64) -> Result<DecodingKey, TokenError> {
        let cached = self.cached();
        if let Some((set, _)) = &cached
            && let Some(jwk) = set.find(kid)
        {
            return DecodingKey::from_jwk(jwk).map_err(|_| TokenError::Rejected("unusable key"));
        }
        if let Some((_, at)) = cached
            && now < at + REFETCH_AFTER_SECS
        {
            return Err(TokenError::Rejected("unknown key"));
        }
        let set = self.fetch(now).await?;
        let jwk = set.find(kid).ok_or(TokenError::Rejected("unknown key"))?;
        DecodingKey::from_jwk(jwk).map_err(|_| TokenError::Rejected("unusable key"))
    }

    /// Whether the pool's keys can be had, for the readiness probe: fetched
    /// within [`READY_KEYS_SECS`], else fetched now. A short outage of the
    /// pool's JWKS, which tokens ride out on the keys they have, does not
    /// take every server out of rotation at once; a failed fetch is
    /// remembered for [`READY_RETRY_SECS`], so probes (which anyone can
    /// send) never hammer the pool.
    pub async fn keys_reachable(&self, now: u64) -> bool {
        if let Some((_, at)) = self.cached()
            && now < at + READY_KEYS_SECS
        {
            return true;
        }
        let failed_at = *self.probe_failed_at.lock().unwrap_or_else(|p| p.into_inner());
        if failed_at.is_some_and(|at| now < at + READY_RETRY_SECS) {
            return false;
        }
        let ok = self.fetch(now).await.is_ok();
        *self.probe_failed_at.lock().unwrap_or_else(|p| p.into_inner()) = (!ok).then_some(now);
        ok
    }

    /// The access and ID tokens of one sign-in, each checked as [`Self::verify`] does.
    pub async fn verify_pair(&self, tokens: &Tokens, now: u64) -> Result<Verified, TokenError> {
        let access = self.verify(&tokens.access_token, TokenUse::Access, now).await?;
        let id = self.verify(&tokens.id_token, TokenUse::Id, now).await?;
        Ok(Verified { access, id })
    }

    /// The token's claims if it is genuine, this pool's, for this app, of
    /// this use, and unexpired at `now`.
    pub async fn verify(&self, token: &str, usage: TokenUse, now: u64) -> Result<Claims, TokenError> {
        let header = decode_header(token).map_err(|_| TokenError::Rejected("malformed"))?;
        if header.alg != Algorithm::RS256 {
            return Err(TokenError::Rejected("algorithm"));
        }
        let kid = header.kid.ok_or(TokenError::Rejected("no key id"))?;
        let key = self.key_for(&kid, now).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        // Expiry is checked below against the app's clock.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        match usage {
            TokenUse::Id => validation.set_audience(&[&self.client_id]),
            // Access tokens carry `client_id` instead of `aud`.
            TokenUse::Access => validation.validate_aud = false,
        }
        let claims = decode::<Claims>(token, &key, &validation)
            .map_err(|_| TokenError::Rejected("signature or claims"))?
            .claims;
        if claims.token_use != usage.as_str() {
            return Err(TokenError::Rejected("token use"));
        }
        if usage == TokenUse::Access && claims.client_id.as_deref() != Some(self.client_id.as_str()) {
            return Err(TokenError::Rejected("client id"));
        }
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use local_cognito::signing::{Issue, Signer};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test";
    const CLIENT: &str = "client-1";
    const NOW: u64 = 1_800_000_000;

    /// Serves `jwks` to any request, counting the requests.
    async fn jwks_server(jwks: serde_json::Value) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        let body = jwks.to_string();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            }
        });
        (url, hits)
    }

    fn tokens(signer: &Signer, issuer: &str, client: &str, now: u64) -> (String, String) {
        let attributes = BTreeMap::from([
            ("phone_number".to_owned(), "+14155552671".to_owned()),
            ("phone_number_verified".to_owned(), "true".to_owned()),
        ]);
        let (access, id, _) = signer.issue(&Issue {
            issuer,
            client_id: client,
            sub: "user-1",
            attributes: &attributes,
            auth_time: now,
            now,
            origin_jti: "o",
            event_id: "e",
            access_ttl: 3600,
            id_ttl: 3600,
        });
        (access, id)
    }

    async fn verifier(signer: &Signer) -> (TokenVerifier, Arc<std::sync::atomic::AtomicUsize>) {
        let (url, hits) = jwks_server(signer.jwks()).await;
        let v = TokenVerifier::new(ISSUER.into(), url, CLIENT.into(), Duration::from_secs(5)).unwrap();
        (v, hits)
    }

    #[tokio::test]
    async fn genuine_tokens_pass_with_their_claims() {
        let signer = Signer::generate().unwrap();
        let (v, hits) = verifier(&signer).await;
        let (access, id) = tokens(&signer, ISSUER, CLIENT, NOW);
        let a = v.verify(&access, TokenUse::Access, NOW + 10).await.unwrap();
        assert_eq!((a.sub.as_str(), a.user_name()), ("user-1", "user-1"));
        let i = v.verify(&id, TokenUse::Id, NOW + 10).await.unwrap();
        assert_eq!(i.phone_number.as_deref(), Some("+14155552671"));
        assert_eq!(i.phone_number_verified, Some(true));
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1, "keys are cached");
    }

    #[tokio::test]
    async fn everything_else_is_refused() {
        let signer = Signer::generate().unwrap();
        let (v, _) = verifier(&signer).await;
        let (access, id) = tokens(&signer, ISSUER, CLIENT, NOW);
        assert_eq!(
            v.verify(&access, TokenUse::Access, NOW + 3600).await,
            Err(TokenError::Expired)
        );
        assert!(matches!(
            v.verify(&id, TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));
        assert!(matches!(
            v.verify(&access, TokenUse::Id, NOW).await,
            Err(TokenError::Rejected(_))
        ));

        let (access, id) = tokens(&signer, "https://evil.example/pool", CLIENT, NOW);
        assert!(matches!(
            v.verify(&access, TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));
        assert!(matches!(
            v.verify(&id, TokenUse::Id, NOW).await,
            Err(TokenError::Rejected(_))
        ));

        let (access, id) = tokens(&signer, ISSUER, "another-app", NOW);
        assert!(matches!(
            v.verify(&access, TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));
        assert!(matches!(
            v.verify(&id, TokenUse::Id, NOW).await,
            Err(TokenError::Rejected(_))
        ));

        // Claims edited after signing.
        let (access, _) = tokens(&signer, ISSUER, CLIENT, NOW);
        let mut parts: Vec<String> = access.split('.').map(str::to_owned).collect();
        let forged = tokens(&signer, ISSUER, CLIENT, NOW + 100_000).0;
        parts[1] = forged.split('.').nth(1).unwrap().to_owned();
        assert!(matches!(
            v.verify(&parts.join("."), TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));

        // Signed by a key the pool never published.
        let stranger = Signer::generate().unwrap();
        let (access, _) = tokens(&stranger, ISSUER, CLIENT, NOW);
        assert!(matches!(
            v.verify(&access, TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));
        assert!(matches!(
            v.verify("not a token", TokenUse::Access, NOW).await,
            Err(TokenError::Rejected(_))
        ));
    }

    #[tokio::test]
    async fn keys_that_cannot_be_fetched_are_an_outage_not_a_refusal() {
        let signer = Signer::generate().unwrap();
        let v = TokenVerifier::new(
            ISSUER.into(),
            "http://127.0.0.1:9/jwks.json".into(),
            CLIENT.into(),
            Duration::from_secs(2),
        )
        .unwrap();
        let (access, _) = tokens(&signer, ISSUER, CLIENT, NOW);
        assert_eq!(
            v.verify(&access, TokenUse::Access, NOW).await,
            Err(TokenError::KeysUnavailable)
        );
    }
}
