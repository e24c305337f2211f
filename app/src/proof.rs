//! The proof of work behind the step that costs scripts more than people:
//! when risk is up, the server sends a `Puzzle` and sends no text until the
//! page finds an answer whose SHA-256 with the seed starts with enough zero
//! bits (about a second for a browser, once) or, without JavaScript, waits.
//! The same functions check an answer on the server and find one in the
//! browser (the bundle includes this file by path, keeping Leptos out of
//! the browser), so the two cannot disagree.

use sha2::{Digest, Sha256};

/// The zero bits a digest starts with.
pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `answer` solves the puzzle of `seed` at `bits`.
pub fn solves(seed: &str, answer: u64, bits: u8) -> bool {
    let digest = Sha256::new()
        .chain_update(seed.as_bytes())
        .chain_update(b":")
        .chain_update(answer.to_string().as_bytes())
        .finalize();
    leading_zero_bits(&digest) >= u32::from(bits)
}

/// The first answer in `from..from + count` that solves it, if any: the
/// browser searches in slices, to keep the page responsive between them.
pub fn search(seed: &str, bits: u8, from: u64, count: u64) -> Option<u64> {
    (from..from.saturating_add(count)).find(|&answer| solves(seed, answer, bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0x01]), 7);
        assert_eq!(leading_zero_bits(&[0, 0, 0x10]), 19);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn an_answer_found_is_an_answer_checked() {
        let seed = "c2VlZA";
        let answer = search(seed, 12, 0, 1 << 20).expect("one in 4096 solves it");
        assert!(solves(seed, answer, 12));
        // A harder ask is not met by it (this seed's answer has fewer zeros).
        assert!(!solves(seed, answer, 24));
        // Nothing before it solves it.
        assert_eq!(search(seed, 12, 0, answer), None);
    }
}
