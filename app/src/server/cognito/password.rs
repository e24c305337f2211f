//! The throwaway password Cognito requires at sign-up. Nobody ever sees or
//! uses it: sign-in is by SMS code only (the app client allows CUSTOM_AUTH and
//! refresh only).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// 192 random bits from the CSPRNG, plus one character of each class so any
/// Cognito password policy is met.
pub fn throwaway_password() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    format!("{}Aa1!", URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_strong_and_distinct() {
        let a = throwaway_password();
        assert!(a.len() >= 36);
        assert!(a.chars().any(|c| c.is_ascii_uppercase()));
        assert!(a.chars().any(|c| c.is_ascii_lowercase()));
        assert!(a.chars().any(|c| c.is_ascii_digit()));
        assert!(a.chars().any(|c| c.is_ascii_punctuation()));
        assert_ne!(a, throwaway_password());
    }
}
