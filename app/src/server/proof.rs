//! The step before a text when risk is up: a puzzle signed by the server
//! (no state kept until it comes back), solved by the page's island or
//! waited out without JavaScript, and good for one text to one number.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::error::Puzzle;
use crate::proof::solves;

/// Marks a puzzle as given to this browser's own form post, so that its page
/// may solve it and send the form again by itself (a puzzle that arrives in
/// a link, which anyone can write, is only shown). A cookie rather than a
/// session record: `SameSite=Strict`, so a link from another site cannot
/// carry it, and asking for the step costs no session write.
pub struct IssuedCookie;

impl IssuedCookie {
    fn name(secure: bool) -> &'static str {
        if secure { "__Host-proof" } else { "proof" }
    }

    fn header(secure: bool, value: &str, max_age: u64) -> String {
        let flags = if secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Strict{flags}",
            Self::name(secure)
        )
    }

    /// The `Set-Cookie` value for a puzzle just given to a form post.
    pub fn issue(seed: &str, secure: bool) -> String {
        Self::header(secure, seed, PROOF_TTL_SECS)
    }

    /// Whether `cookies` (a `Cookie` header) names `seed` as issued here.
    pub fn names(cookies: &str, seed: &str, secure: bool) -> bool {
        super::session::cookie(cookies, Self::name(secure)).is_some_and(|value| value == seed)
    }

    /// During a page's render: whether this request's browser was given
    /// `seed` by its own form post; if so the mark is used up (a reload does
    /// not send the form again).
    pub fn take_if_issued(seed: &str) -> bool {
        use leptos::prelude::use_context;
        let Some(app) = use_context::<super::AppState>() else {
            return false;
        };
        let secure = app.drafts.secure();
        let issued = super::request::cookies().is_some_and(|c| Self::names(&c, seed, secure));
        if issued
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(clear) = http::HeaderValue::from_str(&Self::header(secure, "", 0))
        {
            response.append_header(http::header::SET_COOKIE, clear);
        }
        issued
    }
}

/// How long a puzzle can be answered.
pub const PROOF_TTL_SECS: u64 = 600;

const TAG_LEN: usize = 16;
/// issued at (8), bits (1), wait (2), nonce (16).
const BODY_LEN: usize = 27;

/// When and how the step is asked for (`PROOF_*` settings).
#[derive(Clone)]
pub struct ProofGate {
    key: SecretSlice<u8>,
    pub policy: ProofPolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofPolicy {
    /// Zero bits a browser's answer must have (each one doubles the work).
    pub bits: u8,
    /// Without JavaScript: seconds to wait instead.
    pub wait_secs: u64,
    /// Asked for once an address, or the texts a number's range, country or
    /// everyone may have, has spent this share (percent) of its limit. 0:
    /// always.
    pub from_percent: u32,
}

impl Default for ProofPolicy {
    fn default() -> Self {
        Self {
            bits: 20,
            wait_secs: 10,
            from_percent: 50,
        }
    }
}

/// What a form brought back: the seed and, from a page that solved it, an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofAnswer {
    seed: String,
    answer: Option<u64>,
}

impl ProofAnswer {
    /// None when the form had no seed (the step was not asked for).
    pub fn parse(seed: Option<&str>, answer: Option<&str>) -> Option<Self> {
        let seed = seed.map(str::trim).filter(|s| !s.is_empty() && s.len() <= 128)?;
        Some(Self {
            seed: seed.to_owned(),
            answer: answer.and_then(|a| a.trim().parse().ok()),
        })
    }

    /// The seed, which names the puzzle (each is good for one text).
    pub fn seed(&self) -> &str {
        &self.seed
    }
}

/// How an answer passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    Solved,
    /// Not solved, but waited out (no JavaScript): the caller holds these
    /// to a few per address, since waiting costs a script nothing.
    Waited,
}

/// Why an answer does not pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("not a puzzle of ours")]
    Forged,
    #[error("the puzzle expired")]
    Expired,
    /// Neither solved nor waited out: the same puzzle, with the wait left.
    #[error("not solved, and too soon")]
    TooSoon(Puzzle),
}

impl ProofGate {
    pub fn new(key: SecretSlice<u8>, policy: ProofPolicy) -> Self {
        Self { key, policy }
    }

    fn tag(&self, subject: &str, body: &[u8]) -> [u8; TAG_LEN] {
        // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.key.expose_secret()).unwrap_or_else(|_| unreachable!());
        mac.update(b"proof\0");
        mac.update(subject.as_bytes());
        mac.update(&[0]);
        mac.update(body);
        let full = mac.finalize().into_bytes();
        let mut tag = [0; TAG_LEN];
        tag.copy_from_slice(&full[..TAG_LEN]);
        tag
    }

    /// A new puzzle for `subject` (what the text is for: the flow and the
    /// number), so that an answer for one number cannot buy a text to another.
    pub fn issue(&self, subject: &str, now: u64) -> Puzzle {
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let wait = u16::try_from(self.policy.wait_secs).unwrap_or(u16::MAX);
        let mut sealed = Vec::with_capacity(BODY_LEN + TAG_LEN);
        sealed.extend_from_slice(&now.to_be_bytes());
        sealed.push(self.policy.bits);
        sealed.extend_from_slice(&wait.to_be_bytes());
        sealed.extend_from_slice(&nonce);
        let tag = self.tag(subject, &sealed);
        sealed.extend_from_slice(&tag);
        Puzzle {
            seed: URL_SAFE_NO_PAD.encode(&sealed),
            bits: self.policy.bits,
            wait_secs: self.policy.wait_secs,
        }
    }

    /// Passes an answer to a puzzle this server issued for `subject`, not
    /// expired, and either solved or waited out. Whether it was used before
    /// is the caller's to ask (the limit store keeps spent seeds).
    pub fn check(&self, proof: &ProofAnswer, subject: &str, now: u64) -> Result<Passed, ProofError> {
        let sealed = URL_SAFE_NO_PAD.decode(&proof.seed).map_err(|_| ProofError::Forged)?;
        if sealed.len() != BODY_LEN + TAG_LEN {
            return Err(ProofError::Forged);
        }
        let (body, tag) = sealed.split_at(BODY_LEN);
        if !bool::from(self.tag(subject, body).ct_eq(tag)) {
            return Err(ProofError::Forged);
        }
        let issued_at = u64::from_be_bytes(body[..8].try_into().map_err(|_| ProofError::Forged)?);
        let bits = body[8];
        let wait = u64::from(u16::from_be_bytes([body[9], body[10]]));
        if now > issued_at.saturating_add(PROOF_TTL_SECS) {
            return Err(ProofError::Expired);
        }
        if proof.answer.is_some_and(|a| solves(&proof.seed, a, bits)) {
            return Ok(Passed::Solved);
        }
        let ready_at = issued_at.saturating_add(wait);
        if now >= ready_at {
            return Ok(Passed::Waited);
        }
        Err(ProofError::TooSoon(Puzzle {
            seed: proof.seed.clone(),
            bits,
            wait_secs: ready_at - now,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::search;

    fn gate(key: u8) -> ProofGate {
        ProofGate::new(
            vec![key; 32].into(),
            ProofPolicy {
                bits: 12,
                ..ProofPolicy::default()
            },
        )
    }

    fn answer(puzzle: &Puzzle, answer: Option<u64>) -> ProofAnswer {
        ProofAnswer::parse(Some(&puzzle.seed), answer.map(|a| a.to_string()).as_deref()).unwrap()
    }

    #[test]
    fn the_issued_mark_names_one_puzzle_for_this_browser_only() {
        for secure in [false, true] {
            let set = IssuedCookie::issue("c2VlZA", secure);
            assert!(set.contains("SameSite=Strict") && set.contains("HttpOnly"), "{set}");
            assert_eq!(set.contains("; Secure"), secure, "{set}");
            let (pair, _) = set.split_once(';').unwrap();
            let cookies = format!("sid=abc; {pair}");
            assert!(IssuedCookie::names(&cookies, "c2VlZA", secure));
            // Another puzzle, or the mark under the other name, is not it.
            assert!(!IssuedCookie::names(&cookies, "b3RoZXI", secure));
            assert!(!IssuedCookie::names(&cookies, "c2VlZA", !secure));
            assert!(!IssuedCookie::names("sid=abc", "c2VlZA", secure));
        }
    }

    #[test]
    fn a_solved_puzzle_passes_at_once() {
        let g = gate(1);
        let p = g.issue("signup:+447400123456", 1000);
        assert_eq!((p.bits, p.wait_secs), (12, 10));
        let solution = search(&p.seed, p.bits, 0, 1 << 24).unwrap();
        assert_eq!(
            g.check(&answer(&p, Some(solution)), "signup:+447400123456", 1000),
            Ok(Passed::Solved)
        );
    }

    #[test]
    fn without_an_answer_it_passes_once_waited_out() {
        let g = gate(1);
        let p = g.issue("signin:+447400123456", 1000);
        match g.check(&answer(&p, None), "signin:+447400123456", 1004) {
            Err(ProofError::TooSoon(again)) => {
                assert_eq!(again.seed, p.seed, "the same puzzle: the wait goes on");
                assert_eq!(again.wait_secs, 6);
            }
            other => panic!("{other:?}"),
        }
        // A wrong answer is no answer.
        let wrong = (0..).find(|&a| !solves(&p.seed, a, p.bits)).unwrap();
        assert!(matches!(
            g.check(&answer(&p, Some(wrong)), "signin:+447400123456", 1004),
            Err(ProofError::TooSoon(_))
        ));
        assert_eq!(
            g.check(&answer(&p, None), "signin:+447400123456", 1010),
            Ok(Passed::Waited)
        );
    }

    #[test]
    fn only_our_fresh_puzzles_for_the_same_number_pass() {
        let g = gate(1);
        let p = g.issue("signup:+447400123456", 1000);
        assert_eq!(
            g.check(&answer(&p, None), "signup:+447400123457", 1020),
            Err(ProofError::Forged),
            "another number"
        );
        assert_eq!(
            g.check(&answer(&p, None), "signin:+447400123456", 1020),
            Err(ProofError::Forged),
            "another flow"
        );
        assert_eq!(
            gate(2).check(&answer(&p, None), "signup:+447400123456", 1020),
            Err(ProofError::Forged),
            "another server's key"
        );
        assert_eq!(
            g.check(&answer(&p, None), "signup:+447400123456", 1000 + PROOF_TTL_SECS + 1),
            Err(ProofError::Expired)
        );
        // Tampering with the wait (or anything else) breaks the tag.
        let mut raw = URL_SAFE_NO_PAD.decode(&p.seed).unwrap();
        raw[10] = 0;
        let tampered = ProofAnswer::parse(Some(&URL_SAFE_NO_PAD.encode(&raw)), None).unwrap();
        assert_eq!(
            g.check(&tampered, "signup:+447400123456", 1001),
            Err(ProofError::Forged)
        );
        for junk in ["", "   ", "!!!", "AAAA"] {
            if let Some(a) = ProofAnswer::parse(Some(junk), None) {
                assert_eq!(
                    g.check(&a, "signup:+447400123456", 1001),
                    Err(ProofError::Forged),
                    "{junk:?}"
                );
            }
        }
        assert_eq!(ProofAnswer::parse(None, Some("5")), None);
    }
}
