//! The custom challenge as the triggers and the app agree on it: its name,
//! the parameter names each side reads, and what Cognito keeps between
//! trigger calls instead of the code, a versioned record of when the code
//! was issued and an HMAC binding it to the user.
//!
//! Format (`challengeMetadata` and the private challenge parameter `otp`):
//! `OTP1.<issued unix seconds>.<hex HMAC-SHA256>`, or, for a round that
//! also takes the code a retried Create may have texted (see
//! [`RETRY_WINDOW_SECS`]), `OTP2.<issued>.<hex HMAC>.<hex HMAC>`.

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

/// The triggers' key, made ready for HMAC once (its inner and outer pads
/// hashed), not again for every code: two compressions of SHA-256 fewer
/// for each of a round's four MACs.
#[derive(Clone)]
pub struct CodeKey(Hmac<Sha256>);

impl CodeKey {
    pub fn new(key: &[u8]) -> Self {
        // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
        Self(<Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!()))
    }

    fn mac(&self) -> Hmac<Sha256> {
        self.0.clone()
    }
}

impl std::fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKey(..)")
    }
}

/// How long the code for one user stays the same: Cognito retrying Create
/// (it does, when a trigger is slow) within the same slot texts the code it
/// texted already rather than a second one. With [`RETRY_WINDOW_SECS`],
/// shorter than the server's one-minute resend cooldown, with room for the
/// two clocks to differ, so "send a new code" always gets a new one.
pub const CODE_SLOT_SECS: u64 = 40;

/// How long after its slot begins a round may be Cognito's retry of a
/// Create that began in the slot before: Cognito tries a trigger again when
/// it has not answered in 5 s, three tries in all. Such a retry texts this
/// slot's code while the first try may have texted the last slot's, so a
/// round that begins this early in its slot takes both; only those rounds
/// take two codes (at most two in a million per guess).
pub const RETRY_WINDOW_SECS: u64 = 15;

/// A new code a minute on (the resend cooldown) is never one a round took
/// before, with five seconds to spare for the clocks of two machines.
const _: () = assert!(CODE_SLOT_SECS + RETRY_WINDOW_SECS + 5 <= 60);

/// The sign-in code for `user` at `now`: an HMAC of the user and the
/// current slot under the triggers' key, so unpredictable without the key,
/// the same for every retry within the slot, and another one after.
pub fn sign_in_code(key: &CodeKey, user: &str, now: u64) -> OtpCode {
    let mut mac = key.mac();
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

/// The code a first round beginning at `now` texts, and, when it begins
/// within [`RETRY_WINDOW_SECS`] of its slot, the last slot's code, which a
/// first try of the same Create that Cognito gave up on may have texted.
pub fn sign_in_codes(key: &CodeKey, user: &str, now: u64) -> (OtpCode, Option<OtpCode>) {
    let earlier = (now % CODE_SLOT_SECS < RETRY_WINDOW_SECS && now >= CODE_SLOT_SECS)
        .then(|| sign_in_code(key, user, now - CODE_SLOT_SECS));
    (sign_in_code(key, user, now), earlier)
}

const PREFIX: &str = "OTP1";
/// A round that takes a second code too.
const PREFIX_TWO: &str = "OTP2";

/// The stored form of one issued code (and of the earlier one its round
/// also takes, if any).
#[derive(Clone, PartialEq, Eq)]
pub struct SealedCode {
    pub issued_at: u64,
    mac: [u8; 32],
    earlier: Option<[u8; 32]>,
}

impl std::fmt::Debug for SealedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedCode {{ issued_at: {} }}", self.issued_at)
    }
}

fn compute_mac(key: &CodeKey, user: &str, issued_at: u64, code: &OtpCode) -> [u8; 32] {
    let mut mac = key.mac();
    // Length-prefixing the user keeps "ab"+"1..." and "a"+"b1..." apart.
    mac.update(PREFIX.as_bytes());
    mac.update(&(user.len() as u64).to_be_bytes());
    mac.update(user.as_bytes());
    mac.update(&issued_at.to_be_bytes());
    mac.update(code.expose().as_bytes());
    mac.finalize().into_bytes().into()
}

impl SealedCode {
    pub fn seal(key: &CodeKey, user: &str, issued_at: u64, code: &OtpCode) -> Self {
        Self::seal_with(key, user, issued_at, code, None)
    }

    /// Seals `code`, and `earlier` too when given (see [`sign_in_codes`]).
    pub fn seal_with(key: &CodeKey, user: &str, issued_at: u64, code: &OtpCode, earlier: Option<&OtpCode>) -> Self {
        Self {
            issued_at,
            mac: compute_mac(key, user, issued_at, code),
            earlier: earlier.map(|e| compute_mac(key, user, issued_at, e)),
        }
    }

    /// Constant-time check of a candidate code (against both sealed codes,
    /// where there are two, always comparing both).
    pub fn matches(&self, key: &CodeKey, user: &str, candidate: &OtpCode) -> bool {
        let expected = compute_mac(key, user, self.issued_at, candidate);
        let mut found = expected.ct_eq(&self.mac);
        if let Some(earlier) = &self.earlier {
            found |= expected.ct_eq(earlier);
        }
        found.into()
    }

    pub fn encode(&self) -> String {
        let prefix = if self.earlier.is_some() { PREFIX_TWO } else { PREFIX };
        let mut out = String::with_capacity(160);
        out.push_str(prefix);
        out.push('.');
        out.push_str(&self.issued_at.to_string());
        for mac in std::iter::once(&self.mac).chain(&self.earlier) {
            out.push('.');
            let mut hex = [0u8; 64];
            // A buffer of twice the input's length cannot be too short, and
            // hex digits are UTF-8.
            let _ = hex::encode_to_slice(mac, &mut hex);
            out.push_str(std::str::from_utf8(&hex).unwrap_or_default());
        }
        out
    }

    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        let macs = match parts.next()? {
            PREFIX => 1,
            PREFIX_TWO => 2,
            _ => return None,
        };
        let issued_at = parts.next()?.parse().ok()?;
        let mut read = || -> Option<[u8; 32]> {
            let mut mac = [0u8; 32];
            hex::decode_to_slice(parts.next()?, &mut mac).ok()?;
            Some(mac)
        };
        let mac = read()?;
        let earlier = if macs == 2 { Some(read()?) } else { None };
        if parts.next().is_some() {
            return None;
        }
        Some(Self {
            issued_at,
            mac,
            earlier,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_matches_only_the_right_code() {
        let key = CodeKey::new(&b"k".repeat(32));
        let code = OtpCode::parse("004217").unwrap();
        let sealed = SealedCode::seal(&key, "user-1", 1_700_000_000, &code);
        let decoded = SealedCode::decode(&sealed.encode()).unwrap();
        assert_eq!(decoded, sealed);
        assert!(decoded.matches(&key, "user-1", &code));
        assert!(!decoded.matches(&key, "user-1", &OtpCode::parse("004218").unwrap()));
        assert!(!decoded.matches(&key, "user-2", &code));
        assert!(!decoded.matches(&CodeKey::new(&b"x".repeat(32)), "user-1", &code));
        assert!(!sealed.encode().contains("004217"));
    }

    #[test]
    fn a_users_code_holds_for_its_slot_and_changes_after() {
        let key = CodeKey::new(&b"k".repeat(32));
        let t = 1_700_000_000; // the start of a slot
        let code = sign_in_code(&key, "user-1", t);
        assert_eq!(sign_in_code(&key, "user-1", t + 19), code, "a retry in the same slot");
        assert_ne!(sign_in_code(&key, "user-1", t + 60), code, "a resend a minute later");
        assert_ne!(sign_in_code(&key, "user-2", t), code, "another user");
        assert_ne!(
            sign_in_code(&CodeKey::new(&b"x".repeat(32)), "user-1", t),
            code,
            "another key"
        );
        assert_eq!(code.expose().len(), 6);
    }

    #[test]
    fn a_round_early_in_its_slot_also_takes_the_code_a_retried_create_may_have_texted() {
        let key = CodeKey::new(&b"k".repeat(32));
        let start = 1_700_000_000 / CODE_SLOT_SECS * CODE_SLOT_SECS + CODE_SLOT_SECS;
        // Cognito gave up on a first try just before the slot ended, and its
        // retry began in the next one: two texts, two codes.
        let first_try = sign_in_code(&key, "u", start - 2);
        let (texted, earlier) = sign_in_codes(&key, "u", start + 4);
        assert_ne!(texted, first_try);
        assert_eq!(earlier.as_ref(), Some(&first_try));
        let sealed = SealedCode::seal_with(&key, "u", start + 4, &texted, earlier.as_ref());
        let sealed = SealedCode::decode(&sealed.encode()).unwrap();
        assert!(sealed.matches(&key, "u", &texted));
        assert!(sealed.matches(&key, "u", &first_try), "either text works");
        // Later in a slot, one code.
        assert_eq!(sign_in_codes(&key, "u", start + RETRY_WINDOW_SECS).1, None);
    }

    #[test]
    fn a_new_code_a_minute_on_never_takes_the_one_before() {
        let key = CodeKey::new(&b"k".repeat(32));
        let t0 = 1_700_000_000;
        for t in t0..t0 + 3 * CODE_SLOT_SECS {
            let before = sign_in_code(&key, "u", t);
            // Sent at the end of the cooldown, or later.
            for later in [t + 60, t + 61, t + 95] {
                let (code, earlier) = sign_in_codes(&key, "u", later);
                assert_ne!(code, before, "{t} then {later}");
                assert_ne!(earlier, Some(before.clone()), "{t} then {later}");
            }
        }
    }

    #[test]
    fn derived_codes_cover_every_digit_at_every_position() {
        let key = CodeKey::new(&b"k".repeat(32));
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
            &format!("OTP2.1.{}", "0".repeat(64)),
            &format!("OTP2.1.{}.{}.00", "0".repeat(64), "0".repeat(64)),
        ] {
            assert!(SealedCode::decode(bad).is_none(), "{bad}");
        }
    }
}
