//! The custom challenge as the triggers and the app agree on it: its name,
//! the parameter names each side reads, and what Cognito keeps between
//! trigger calls instead of the code, a versioned record of when the code
//! was issued and an HMAC binding it to the user.
//!
//! Format (`challengeMetadata` and the private challenge parameter `otp`):
//! `OTP1.<issued unix seconds>.<hex HMAC-SHA256>`.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::otp::OtpCode;

/// The only challenge the triggers issue.
pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";

/// Public challenge parameters: what Create tells the client, and so what
/// the code page shows.
pub mod public {
    /// The masked number the code went to.
    pub const PHONE: &str = "phone";
    pub const CODE_LENGTH: &str = "codeLength";
    pub const ATTEMPTS_LEFT: &str = "attemptsLeft";
    /// Unix seconds after which the code is refused.
    pub const EXPIRES_AT: &str = "expiresAt";
    /// Added by Cognito itself: the user's internal name, which every answer
    /// must carry.
    pub const USERNAME: &str = "USERNAME";
}

/// Private challenge parameter holding the sealed code for Verify.
pub const PRIVATE_SEALED_CODE: &str = "otp";

const PREFIX: &str = "OTP1";

/// The stored form of one issued code.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedCode {
    pub issued_at: u64,
    mac: [u8; 32],
}

impl std::fmt::Debug for SealedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedCode {{ issued_at: {} }}", self.issued_at)
    }
}

fn compute_mac(key: &[u8], user: &str, issued_at: u64, code: &OtpCode) -> [u8; 32] {
    // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    // Length-prefixing the user keeps "ab"+"1..." and "a"+"b1..." apart.
    mac.update(PREFIX.as_bytes());
    mac.update(&(user.len() as u64).to_be_bytes());
    mac.update(user.as_bytes());
    mac.update(&issued_at.to_be_bytes());
    mac.update(code.expose().as_bytes());
    mac.finalize().into_bytes().into()
}

impl SealedCode {
    pub fn seal(key: &[u8], user: &str, issued_at: u64, code: &OtpCode) -> Self {
        Self {
            issued_at,
            mac: compute_mac(key, user, issued_at, code),
        }
    }

    /// Constant-time check of a candidate code.
    pub fn matches(&self, key: &[u8], user: &str, candidate: &OtpCode) -> bool {
        let expected = compute_mac(key, user, self.issued_at, candidate);
        expected.ct_eq(&self.mac).into()
    }

    pub fn encode(&self) -> String {
        format!("{PREFIX}.{}.{}", self.issued_at, hex::encode(self.mac))
    }

    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        if parts.next()? != PREFIX {
            return None;
        }
        let issued_at = parts.next()?.parse().ok()?;
        let mac_hex = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        let mut mac = [0u8; 32];
        hex::decode_to_slice(mac_hex, &mut mac).ok()?;
        Some(Self { issued_at, mac })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_matches_only_the_right_code() {
        let key = b"k".repeat(32);
        let code = OtpCode::parse("004217").unwrap();
        let sealed = SealedCode::seal(&key, "user-1", 1_700_000_000, &code);
        let decoded = SealedCode::decode(&sealed.encode()).unwrap();
        assert_eq!(decoded, sealed);
        assert!(decoded.matches(&key, "user-1", &code));
        assert!(!decoded.matches(&key, "user-1", &OtpCode::parse("004218").unwrap()));
        assert!(!decoded.matches(&key, "user-2", &code));
        assert!(!decoded.matches(&b"x".repeat(32), "user-1", &code));
        assert!(!sealed.encode().contains("004217"));
    }

    #[test]
    fn rejects_malformed_records() {
        for bad in [
            "",
            "OTP1",
            "OTP1.1",
            "OTP2.1.00",
            "OTP1.x.00",
            "OTP1.1.zz",
            "OTP1.1.00.extra",
        ] {
            assert!(SealedCode::decode(bad).is_none(), "{bad}");
        }
    }
}
