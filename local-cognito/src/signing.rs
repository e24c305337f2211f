//! RS256 tokens with Cognito's claims, and the JWKS that verifies them.

use std::collections::BTreeMap;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("could not generate the signing key")]
    Generate,
    #[error("could not load the signing key: {0}")]
    Load(#[from] jsonwebtoken::errors::Error),
}

/// The pool's signing key, created per run.
pub struct Signer {
    /// The private key (PKCS#8 DER), kept so a state file can carry it.
    pkcs8: Vec<u8>,
    kid: String,
    /// Parsed once (see [`Signer::sign`]).
    pair: KeyPair,
    decoding: DecodingKey,
    n: String,
    e: String,
}

/// Claims of the access token, as Cognito writes them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub sub: String,
    pub iss: String,
    pub client_id: String,
    pub origin_jti: String,
    pub event_id: String,
    pub token_use: String,
    pub scope: String,
    pub auth_time: u64,
    pub exp: u64,
    pub iat: u64,
    pub jti: String,
    pub username: String,
    pub version: u32,
}

/// What the pool knows when it issues tokens.
pub struct Issue<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub sub: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
    pub auth_time: u64,
    pub now: u64,
    pub origin_jti: &'a str,
    pub event_id: &'a str,
    pub access_ttl: u64,
    pub id_ttl: u64,
}

impl Signer {
    pub fn generate() -> Result<Self, KeyError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError::Generate)?;
        let pkcs8 = pair.as_der().map_err(|_| KeyError::Generate)?;
        Self::from_pkcs8(pkcs8.as_ref())
    }

    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// Loads a key written by [`Signer::pkcs8`].
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, KeyError> {
        let pair = KeyPair::from_pkcs8(pkcs8).map_err(|_| KeyError::Generate)?;
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8)
        );
        // Refused as jsonwebtoken would refuse it, should a state file hold
        // something that is not an RSA key it can use.
        EncodingKey::from_rsa_pem(pem.as_bytes())?;
        let public = pair.public_key();
        let n = URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero());
        let e = URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero());
        let decoding = DecodingKey::from_rsa_components(&n, &e)?;
        let kid =
            URL_SAFE_NO_PAD.encode(&aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, n.as_bytes()).as_ref()[..16]);
        Ok(Self {
            pkcs8: pkcs8.to_vec(),
            kid,
            pair,
            decoding,
            n,
            e,
        })
    }

    fn header(&self) -> Header {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        header.typ = None;
        header
    }

    /// A compact JWS, as `jsonwebtoken::encode` writes it, signed with the
    /// key parsed once: `encode` parses (and checks) the private key again
    /// for every signature, which costs about as much as the signature.
    fn sign<T: Serialize>(&self, claims: &T) -> String {
        // Serialising our own claim structs and signing with a key we
        // generated fail only on allocation failure.
        fn part<T: Serialize>(value: &T) -> String {
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_else(|e| panic!("JWT part: {e}")))
        }
        let message = format!("{}.{}", part(&self.header()), part(claims));
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                message.as_bytes(),
                &mut signature,
            )
            .unwrap_or_else(|_| panic!("RS256 signing failed"));
        format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// Returns (access token, ID token, access jti).
    pub fn issue(&self, i: &Issue<'_>) -> (String, String, String) {
        let access_jti = uuid::Uuid::new_v4().to_string();
        let access = AccessClaims {
            sub: i.sub.to_owned(),
            iss: i.issuer.to_owned(),
            client_id: i.client_id.to_owned(),
            origin_jti: i.origin_jti.to_owned(),
            event_id: i.event_id.to_owned(),
            token_use: "access".into(),
            scope: "aws.cognito.signin.user.admin".into(),
            auth_time: i.auth_time,
            exp: i.now + i.access_ttl,
            iat: i.now,
            jti: access_jti.clone(),
            username: i.sub.to_owned(),
            version: 2,
        };
        let mut id = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            id.insert(k.to_owned(), v);
        };
        put("sub", i.sub.into());
        put("iss", i.issuer.into());
        put("aud", i.client_id.into());
        put("cognito:username", i.sub.into());
        put("origin_jti", i.origin_jti.into());
        put("event_id", i.event_id.into());
        put("token_use", "id".into());
        put("auth_time", i.auth_time.into());
        put("exp", (i.now + i.id_ttl).into());
        put("iat", i.now.into());
        put("jti", uuid::Uuid::new_v4().to_string().into());
        for (k, v) in i.attributes {
            if k == "sub" {
                continue;
            }
            let value = match k.as_str() {
                "phone_number_verified" => serde_json::Value::Bool(v == "true"),
                _ => v.as_str().into(),
            };
            put(k, value);
        }
        (self.sign(&access), self.sign(&id), access_jti)
    }

    /// Checks signature, issuer and `token_use`; expiry and revocation are the
    /// pool's business because they depend on its clock.
    pub fn verify_access(&self, token: &str, issuer: &str) -> Option<AccessClaims> {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        validation.set_issuer(&[issuer]);
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation).ok()?;
        (data.header.kid.as_deref() == Some(&self.kid) && data.claims.token_use == "access").then_some(data.claims)
    }

    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [{
            "alg": "RS256", "e": self.e, "kid": self.kid, "kty": "RSA", "n": self.n, "use": "sig"
        }]})
    }
}
