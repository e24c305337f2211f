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
    /// `1` when this round texted a code, `0` when it did not (a number with
    /// no account, or a wrong answer's next round). Only the server reads it
    /// (the app client has a secret): to count the owner's budget of texts
    /// by what was sent, so that asking codes for numbers without accounts
    /// costs the budget nothing. No page or answer ever carries it.
    pub const TEXTED: &str = "texted";
    /// Added by Cognito itself: the user's internal name, which every answer
    /// must carry.
    pub const USERNAME: &str = "USERNAME";
}

/// Private challenge parameter holding the sealed code for Verify.
pub const PRIVATE_SEALED_CODE: &str = "otp";

/// How long the code for one user stays the same: Cognito retrying Create
/// (it does, when a trigger is slow) within the same slot texts the code it
/// texted already rather than a second one. Shorter than the server's
/// one-minute resend cooldown, with room for the two clocks to differ, so
/// "send a new code" always gets a new one.
pub const CODE_SLOT_SECS: u64 = 50;

/// The sign-in code for `user` at `now`: an HMAC of the user and the
/// current slot under the triggers' key, so unpredictable without the key,
/// the same for every retry within the slot, and another one after.
pub fn sign_in_code(key: &[u8], user: &str, now: u64) -> OtpCode {
    // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(b"OTP1-code");
    mac.update(&(user.len() as u64).to_be_bytes());
    mac.update(user.as_bytes());
    mac.update(&(now / CODE_SLOT_SECS).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // 2^64 is not a multiple of 10^6: the bias is under 10^-13.
    OtpCode::from_number(u64::from_be_bytes(first))
}

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
    fn a_users_code_holds_for_its_slot_and_changes_after() {
        let key = b"k".repeat(32);
        let t = 1_700_000_000; // the start of a slot
        let code = sign_in_code(&key, "user-1", t);
        assert_eq!(sign_in_code(&key, "user-1", t + 19), code, "a retry in the same slot");
        assert_ne!(sign_in_code(&key, "user-1", t + 60), code, "a resend a minute later");
        assert_ne!(sign_in_code(&key, "user-2", t), code, "another user");
        assert_ne!(sign_in_code(&b"x".repeat(32), "user-1", t), code, "another key");
        assert_eq!(code.expose().len(), 6);
    }

    #[test]
    fn derived_codes_cover_every_digit_at_every_position() {
        let key = b"k".repeat(32);
        let mut seen = [[false; 10]; 6];
        for slot in 0..3_000u64 {
            let code = sign_in_code(&key, "u", slot * CODE_SLOT_SECS);
            for (pos, b) in code.expose().bytes().enumerate() {
                seen[pos][(b - b'0') as usize] = true;
            }
        }
        assert!(seen.iter().flatten().all(|hit| *hit));
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
