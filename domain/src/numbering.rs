//! What libphonenumber's numbering plan says of a number in E.164 form (its
//! region, and whether it is a mobile line) read from a table built from
//! libphonenumber's metadata. Reading it costs well under a microsecond and
//! loads nothing, where libphonenumber loads its whole plan (tens of
//! milliseconds and megabytes) on first use: the triggers, which start cold
//! for a person's first sign-in, use this. `domain/tests/numbering` builds
//! the table again from the metadata and compares it byte for byte, and
//! compares its answers with libphonenumber's for every calling code.
//!
//! The table (`numbering.bin`, little-endian):
//! - `NUMB`, a version (1), the number of regions, then each region's ISO
//!   3166 code in two bytes (the first, `--`, is no region);
//! - for each calling code from 0 to 999: its tree's root node (0 for no
//!   calling code) and the region of a number no pattern takes (for a code
//!   of one region, that region; else none), two bytes each;
//! - the number of nodes, then each node: what a national number ending
//!   there is (bit 15 set when valid, bits 8-9 the line: 1 mobile, 2 fixed
//!   or mobile, 3 other; bits 0-7 the region), and its child for each digit
//!   0 to 9, two bytes each. Node 0 is the dead end: no pattern takes any
//!   number below it.

use crate::phone::{E164, LineType};

static TABLE: &[u8] = include_bytes!("numbering.bin");

const HEADER: usize = 12;
const CODES: usize = 1000;
const NODE: usize = 22;

fn u16_at(at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(TABLE.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(TABLE.get(at..at + 4)?.try_into().ok()?))
}

fn regions() -> usize {
    u32_at(8).unwrap_or(0) as usize
}

fn codes_at() -> usize {
    HEADER + 2 * regions()
}

fn nodes_at() -> usize {
    codes_at() + 4 * CODES + 4
}

fn region(index: u16) -> Option<&'static str> {
    if index == 0 {
        return None;
    }
    let at = HEADER + 2 * usize::from(index);
    std::str::from_utf8(TABLE.get(at..at + 2)?).ok()
}

/// What a national number of `code` is: the word of the node it ends at.
fn word(code: u16, national: &[u8]) -> Option<u16> {
    let entry = codes_at() + 4 * usize::from(code);
    let (root, dead_region) = (u16_at(entry)?, u16_at(entry + 2)?);
    if root == 0 {
        return None;
    }
    let mut node = root;
    for digit in national {
        let child = u16_at(nodes_at() + NODE * usize::from(node) + 2 + 2 * usize::from(digit - b'0'))?;
        if child == 0 {
            // No pattern takes it: invalid, an "other" line, in the code's
            // only region if it has one.
            return Some(3 << 8 | dead_region);
        }
        node = child;
    }
    u16_at(nodes_at() + NODE * usize::from(node))
}

/// The region and line of `number` as libphonenumber's plan gives them, or
/// None when the plan has no such number. Only numbers in the form
/// libphonenumber writes are known: one it would write otherwise (with a
/// national prefix, say: `+44 07400 123456`) is not a number here.
pub fn classify(number: &E164) -> Option<(Option<&'static str>, LineType)> {
    let digits = &number.as_str().as_bytes()[1..];
    let code_len = number.country_code_len();
    let code: u16 = std::str::from_utf8(&digits[..code_len]).ok()?.parse().ok()?;
    let national = &digits[code_len..];
    // libphonenumber wants two digits at least.
    if national.len() < 2 || word(code, national)? & 0x8000 == 0 {
        return None;
    }
    // Its region and line come from the national number without leading
    // zeros (`PhoneNumber::national().value()`), its validity from the
    // number with them: libphonenumber's own mix, kept.
    let significant = match national.iter().position(|d| *d != b'0') {
        Some(first) => &national[first..],
        None => b"0".as_slice(),
    };
    let said = word(code, significant)?;
    let line = match said >> 8 & 0b11 {
        1 => LineType::Mobile,
        2 => LineType::MobileOrFixed,
        _ => LineType::Other,
    };
    Some((region(said & 0xff), line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(number: &str) -> Option<(Option<&'static str>, LineType)> {
        classify(&E164::parse(number).unwrap())
    }

    #[test]
    fn the_table_reads_as_its_format_says() {
        assert_eq!(&TABLE[..4], b"NUMB");
        assert_eq!(u32_at(4), Some(1));
        assert_eq!(region(0), None);
        assert_eq!(
            TABLE.len(),
            nodes_at() + NODE * u32_at(nodes_at() - 4).unwrap() as usize
        );
    }

    #[test]
    fn regions_and_lines() {
        assert_eq!(of("+14155552671"), Some((Some("US"), LineType::MobileOrFixed)));
        assert_eq!(of("+447400123456"), Some((Some("GB"), LineType::Mobile)));
        assert_eq!(of("+442079460958"), Some((Some("GB"), LineType::Other)));
        assert_eq!(of("+18765551234").map(|(r, _)| r), Some(Some("JM")));
        assert_eq!(of("+8816123456789").map(|(r, _)| r), Some(None), "satellite: no region");
        assert_eq!(of("+1415555267"), None, "a digit short");
        assert_eq!(of("+4407400123456"), None, "with the national prefix");
    }
}
