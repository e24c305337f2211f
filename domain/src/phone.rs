//! Phone numbers: one parser for what people type ([`PhoneNumber`]), one
//! for what Cognito and SNS carry ([`E164`]), and one way to mask either.

use std::fmt;

use phonenumber::Mode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid phone number in E.164 form (`+14155550123`), checked against its
/// country's numbering plan.
///
/// `Debug` masks all but the last four digits so a number never lands in a log
/// whole; use [`PhoneNumber::as_e164`] where the full number is needed (the
/// Cognito username, the SMS destination). It serializes as its E.164 string
/// and deserializes by parsing that string again, so a stored number is
/// always a valid one.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    e164: E164,
    region: Option<String>,
    national: String,
    international: String,
    line: LineType,
}

/// What kind of line a number is, as libphonenumber tells from the
/// country's numbering plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineType {
    Mobile,
    /// Where the plan does not tell mobile from fixed (the US, Canada).
    MobileOrFixed,
    /// Fixed lines, premium rate, toll free, shared cost, personal numbers,
    /// VoIP, pagers and the rest: nothing that reliably receives a text, and
    /// most of what SMS pumping aims at.
    Other,
}

/// Why a typed number was refused. The wording people see is the app's; this
/// text is for developers and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneParseError {
    #[error("no number given")]
    Empty,
    #[error("not a phone number")]
    Unparseable,
    #[error("not a valid number for its country")]
    Invalid,
    /// Fewer digits than any number of its country has.
    #[error("too short for its country")]
    TooShort,
    /// More digits than any number of its country has.
    #[error("too long for its country")]
    TooLong,
}

/// The most digits an E.164 number has, calling code included.
const E164_MAX_DIGITS: usize = 15;

impl PhoneNumber {
    /// Parses a number written in international form (`+44 20 7946 0958`).
    pub fn parse(input: &str) -> Result<Self, PhoneParseError> {
        Self::parse_with_region(input, None)
    }

    /// Parses a number typed nationally (`(415) 555-0123`) for a region given
    /// as an ISO 3166 alpha-2 code (`US`), or internationally (`+1 ...`).
    pub fn parse_with_region(input: &str, region: Option<&str>) -> Result<Self, PhoneParseError> {
        let narrowed = narrow(input);
        let trimmed = narrowed.trim();
        if trimmed.is_empty() {
            return Err(PhoneParseError::Empty);
        }
        // Guards the parser from pathological input; no real number is this long.
        if trimmed.len() > 40 {
            return Err(PhoneParseError::Unparseable);
        }
        let country = match region {
            Some(r) if !trimmed.starts_with('+') => Some(
                r.trim()
                    .to_ascii_uppercase()
                    .parse::<phonenumber::country::Id>()
                    .map_err(|_| PhoneParseError::Unparseable)?,
            ),
            _ => None,
        };
        let parsed = phonenumber::parse(country, trimmed).map_err(|_| PhoneParseError::Unparseable)?;
        if !phonenumber::is_valid(&parsed) {
            return Err(length_problem(&parsed));
        }
        // libphonenumber accepts some German numbers of 16 digits; E.164 (and
        // so Cognito, SNS and E164 below) stops at 15. Found by fuzzing.
        let e164 = E164::parse(&parsed.format().mode(Mode::E164).to_string()).map_err(|_| PhoneParseError::Invalid)?;
        let line = match parsed.number_type(&phonenumber::metadata::DATABASE) {
            phonenumber::Type::Mobile => LineType::Mobile,
            phonenumber::Type::FixedLineOrMobile => LineType::MobileOrFixed,
            _ => LineType::Other,
        };
        Ok(Self {
            e164,
            region: parsed.country().id().map(|id| id.as_ref().to_owned()),
            national: parsed.format().mode(Mode::National).to_string(),
            international: parsed.format().mode(Mode::International).to_string(),
            line,
        })
    }

    pub fn as_e164(&self) -> &str {
        self.e164.as_str()
    }

    /// The number as an SMS destination.
    pub fn e164(&self) -> &E164 {
        &self.e164
    }

    /// ISO 3166 alpha-2 region (`US`), where the number belongs to one
    /// (international services such as +881 satellite phones do not).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn line(&self) -> LineType {
        self.line
    }

    /// The number with its last four digits hidden (`+44740012****`): the
    /// range it belongs to, which SMS pumping walks through, and what the
    /// range budgets count by. Not for logs: with [`Self::masked`] (its last
    /// four digits), which logs also carry, it is the whole number.
    pub fn range(&self) -> String {
        let e164 = self.as_e164();
        format!("{}****", &e164[..e164.len() - 4])
    }

    /// See [`E164::block`].
    pub fn block(&self) -> String {
        self.e164.block()
    }

    /// The number as written nationally (`(415) 555-2671`), for prefilling.
    pub fn national(&self) -> String {
        self.national.clone()
    }

    /// `+1 *** *** 4567`: see [`E164::masked`].
    pub fn masked(&self) -> String {
        self.e164.masked()
    }

    /// As people write it across borders: `+1 415-555-0102`, `+44 7400 123456`.
    pub fn international(&self) -> &str {
        &self.international
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

/// A number as typed on a keyboard that writes full-width forms (Japanese,
/// Chinese and Korean input methods: `０９０−１２３４−５６７８`), in ASCII: the
/// full-width digits, plus, hyphens, parentheses and the ideographic space.
pub fn narrow(input: &str) -> std::borrow::Cow<'_, str> {
    if input.is_ascii() {
        return std::borrow::Cow::Borrowed(input);
    }
    input
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            '－' | '−' | 'ー' | '‐' | '‑' | '–' | '—' => '-',
            '（' => '(',
            '）' => ')',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect::<String>()
        .into()
}

/// What a number typed for `region` that did not parse most likely is, in a
/// person's terms (the chosen country is blamed only when the number is
/// another country's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typo {
    /// Fewer digits than the country's mobile and landline numbers have.
    Short,
    /// More digits than they have.
    Long,
    /// Written as another country writes its numbers (its trunk prefix,
    /// which the chosen country does not use) and valid there: that
    /// country's code, the first of `others` it fits.
    OtherCountry(String),
    /// A length the country's numbers have, but not a number in use.
    Digits,
}

/// Why `input`, typed nationally for `region`, is not a number there;
/// `others` are the countries it may be (the picker's, in its order).
pub fn diagnose<'a>(input: &str, region: &str, others: impl IntoIterator<Item = &'a str>) -> Typo {
    let digits: String = narrow(input).chars().filter(char::is_ascii_digit).collect();
    let db = &phonenumber::metadata::DATABASE;
    let prefix_of = |r: &str| db.by_id(r).and_then(|m| m.national_prefix().map(str::to_owned));
    let ours = prefix_of(region);
    for other in others.into_iter().filter(|o| !o.eq_ignore_ascii_case(region)) {
        let theirs = prefix_of(other);
        let written_their_way = theirs
            .as_deref()
            .is_some_and(|p| digits.starts_with(p) && ours.as_deref() != Some(p));
        if written_their_way && PhoneNumber::parse_with_region(input, Some(other)).is_ok() {
            return Typo::OtherCountry(other.to_ascii_uppercase());
        }
    }
    let lengths: Vec<u16> = db
        .by_id(&region.to_ascii_uppercase())
        .map(|m| {
            use phonenumber::Type as T;
            [T::Mobile, T::FixedLine]
                .into_iter()
                .filter_map(|kind| m.descriptors().get(kind))
                .flat_map(|d| d.possible_length().iter().copied())
                .collect()
        })
        .unwrap_or_default();
    // The national significant number: without the country's trunk prefix
    // where one was typed (only then is it longer than the numbers are: a
    // US number may begin with the US trunk prefix's digit).
    let typed = digits.len() as u16;
    let significant = match (ours.as_deref(), lengths.iter().max()) {
        (Some(p), Some(&longest)) if digits.starts_with(p) && typed > longest => typed - p.len() as u16,
        _ => typed,
    };
    match (lengths.iter().min(), lengths.iter().max()) {
        (Some(&shortest), _) if significant < shortest => Typo::Short,
        (_, Some(&longest)) if significant > longest => Typo::Long,
        _ => Typo::Digits,
    }
}

/// Why a parsed number is not valid: too short or too long for every
/// number of its calling code (libphonenumber's possible lengths), or
/// neither (a length numbers have, but not a number in use).
fn length_problem(parsed: &phonenumber::PhoneNumber) -> PhoneParseError {
    let digits = parsed.national().to_string().len() as u16;
    let lengths: Vec<u16> = phonenumber::metadata::DATABASE
        .by_code(&parsed.code().value())
        .unwrap_or_default()
        .iter()
        .flat_map(|m| {
            // The general descriptor's lengths are empty in this crate's
            // data; every kind of number's are there.
            use phonenumber::Type as T;
            [
                T::FixedLine,
                T::Mobile,
                T::TollFree,
                T::PremiumRate,
                T::SharedCost,
                T::PersonalNumber,
                T::Voip,
                T::Pager,
                T::Uan,
            ]
            .into_iter()
            .filter_map(|kind| m.descriptors().get(kind))
            .flat_map(|d| d.possible_length().iter().copied())
            .collect::<Vec<_>>()
        })
        .collect();
    match (lengths.iter().min(), lengths.iter().max()) {
        (Some(&shortest), _) if digits < shortest => PhoneParseError::TooShort,
        (_, Some(&longest)) if digits > longest => PhoneParseError::TooLong,
        _ => PhoneParseError::Invalid,
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_e164())
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Country calling codes, sorted: libphonenumber's list, copied here because
/// loading its whole metadata database costs about 45 ms, which a Lambda cold
/// start should not pay to check a prefix. A test keeps the two equal.
const CALLING_CODES: [u16; 215] = [
    1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60,
    61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290,
    291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378,
    380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591,
    592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686,
    687, 688, 689, 690, 691, 692, 800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961,
    962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998,
];

/// An SMS destination: `+` and 5 to 15 digits starting with a country
/// calling code that exists. This is what SNS needs and what Cognito stores;
/// unlike [`PhoneNumber`] it does not check the country's numbering plan, which
/// costs microseconds per call and was done when the number was registered.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct E164 {
    number: String,
    country_code_len: usize,
}

/// The digits of `+<digits>` if it has E.164's shape: `+`, then 5 to 15
/// ASCII digits, the first not 0. This is the format rule Cognito applies to
/// phone-number usernames; [`E164::parse`] also wants a real calling code.
pub fn e164_digits(input: &str) -> Result<&str, PhoneParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(PhoneParseError::Empty);
    }
    let digits = s.strip_prefix('+').ok_or(PhoneParseError::Unparseable)?;
    if !(5..=E164_MAX_DIGITS).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || digits.starts_with('0')
    {
        return Err(PhoneParseError::Unparseable);
    }
    Ok(digits)
}

impl E164 {
    pub fn parse(input: &str) -> Result<Self, PhoneParseError> {
        let digits = e164_digits(input)?;
        // Calling codes are prefix-free, so at most one of these matches.
        let country_code_len = (1..=3)
            .find(|&n| {
                digits[..n]
                    .parse::<u16>()
                    .is_ok_and(|code| CALLING_CODES.binary_search(&code).is_ok())
            })
            .ok_or(PhoneParseError::Invalid)?;
        Ok(Self {
            number: format!("+{digits}"),
            country_code_len,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// How many digits the calling code has.
    pub fn country_code_len(&self) -> usize {
        self.country_code_len
    }

    /// The number with its last six digits hidden (`+447400******`): the
    /// block of ranges it is in, for logs. With [`Self::masked`] two digits
    /// are still unknown, so no log line, nor any two, holds a number.
    pub fn block(&self) -> String {
        let keep = self.number.len().saturating_sub(6).max(2);
        format!("{}{}", &self.number[..keep], "*".repeat(self.number.len() - keep))
    }

    /// The number with everything but the country code and the last four
    /// digits hidden, as the code page and the logs show it: `+1 *** *** 4567`.
    /// The only display mask: every other place calls this one.
    pub fn masked(&self) -> String {
        let digits = &self.number[1..];
        format!(
            "+{} *** *** {}",
            &digits[..self.country_code_len],
            &digits[digits.len() - 4..]
        )
    }

    /// Cognito's own form in `CodeDeliveryDetails.Destination`
    /// (`+*******2671`): part of the wire protocol local-cognito speaks, not a
    /// display mask.
    pub fn delivery_destination(&self) -> String {
        let digits = &self.number[1..];
        format!("+{}{}", "*".repeat(digits.len() - 4), &digits[digits.len() - 4..])
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_international_and_national_forms() {
        let a = PhoneNumber::parse("+1 (415) 555-2671").unwrap();
        assert_eq!(a.as_e164(), "+14155552671");
        let b = PhoneNumber::parse_with_region("(415) 555-2671", Some("us")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.region(), Some("US"));
        assert_eq!(a.national(), "(415) 555-2671");
        let uk = PhoneNumber::parse_with_region("020 7946 0958", Some("GB")).unwrap();
        assert_eq!(uk.as_e164(), "+442079460958");
        // A leading + wins over the region.
        let de = PhoneNumber::parse_with_region("+49 30 901820", Some("US")).unwrap();
        assert_eq!(de.as_e164(), "+4930901820");
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(PhoneNumber::parse("  "), Err(PhoneParseError::Empty));
        assert_eq!(PhoneNumber::parse("hello"), Err(PhoneParseError::Unparseable));
        assert_eq!(PhoneNumber::parse("+1 555"), Err(PhoneParseError::TooShort));
        assert!(PhoneNumber::parse_with_region("4155552671", Some("XX")).is_err());
        assert!(PhoneNumber::parse(&"9".repeat(100)).is_err());
        // Valid to libphonenumber, one digit too long for E.164.
        assert_eq!(
            PhoneNumber::parse_with_region("20100000000000", Some("DE")),
            Err(PhoneParseError::Invalid)
        );
    }

    #[test]
    fn written_internationally() {
        assert_eq!(
            PhoneNumber::parse("+14155550102").unwrap().international(),
            "+1 415-555-0102"
        );
        assert_eq!(
            PhoneNumber::parse("+447400123456").unwrap().international(),
            "+44 7400 123456"
        );
    }

    #[test]
    fn too_short_and_too_long_are_told_apart_from_invalid() {
        let with = |s: &str| PhoneNumber::parse_with_region(s, Some("US")).unwrap_err();
        assert_eq!(with("123"), PhoneParseError::TooShort);
        assert_eq!(with("415 555 01234567"), PhoneParseError::TooLong);
        // Ten digits, but no such area code.
        assert_eq!(with("(123) 555-0100"), PhoneParseError::Invalid);
        assert_eq!(with("+44 20 7946"), PhoneParseError::TooShort);
    }

    #[test]
    fn masking_keeps_country_and_last_four_only() {
        let p = PhoneNumber::parse("+14155552671").unwrap();
        assert_eq!(p.masked(), "+1 *** *** 2671");
        assert!(!format!("{p:?}").contains("4155552671"));
        assert_eq!(p.e164().delivery_destination(), "+*******2671");
    }

    #[test]
    fn stored_numbers_are_parsed_again() {
        let p = PhoneNumber::parse("+442079460958").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"+442079460958\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
        assert!(serde_json::from_str::<PhoneNumber>("\"+1 555\"").is_err());
    }

    #[test]
    fn calling_codes_match_libphonenumber() {
        let from_db: Vec<u16> = (1..1000)
            .filter(|c| phonenumber::metadata::DATABASE.by_code(c).is_some())
            .collect();
        assert_eq!(CALLING_CODES.to_vec(), from_db);
    }

    #[test]
    fn e164_destinations() {
        let us = E164::parse("+14155552671").unwrap();
        assert_eq!(us.masked(), "+1 *** *** 2671");
        assert_eq!(E164::parse("+442079460958").unwrap().masked(), "+44 *** *** 0958");
        assert_eq!(E164::parse("+35312345678").unwrap().masked(), "+353 *** *** 5678");
        assert_eq!(PhoneNumber::parse("+14155552671").unwrap().e164(), &us);
        for bad in [
            "",
            "14155552671",
            "+0123456",
            "+1415",
            "+1234567890123456",
            "+1 415 555 2671",
            "+999123456",
        ] {
            assert!(E164::parse(bad).is_err(), "{bad}");
        }
        assert!(!format!("{us:?}").contains("4155552671"));
    }
}

#[cfg(test)]
mod typos {
    use super::*;

    const PICKER: [&str; 5] = ["US", "CA", "GB", "DE", "FR"];

    #[test]
    fn a_typo_is_told_apart_from_another_countrys_number() {
        assert_eq!(diagnose("415 555 026", "US", PICKER), Typo::Short);
        assert_eq!(diagnose("(415) 155-0123", "US", PICKER), Typo::Digits);
        assert_eq!(diagnose("415 555 02671", "US", PICKER), Typo::Long);
        assert_eq!(diagnose("07911 123456", "US", PICKER), Typo::OtherCountry("GB".into()));
        // A German mobile one digit short is not blamed on Germany.
        assert_ne!(diagnose("0151 234567", "DE", PICKER), Typo::OtherCountry("GB".into()));
        assert!(matches!(
            diagnose("0151 234567", "DE", PICKER),
            Typo::Short | Typo::Digits
        ));
    }
}

#[cfg(test)]
mod full_width {
    use super::*;

    #[test]
    fn full_width_digits_parse_as_their_ascii_forms() {
        let typed = PhoneNumber::parse_with_region("０９０−１２３４−５６７８", Some("JP")).unwrap();
        assert_eq!(typed.as_e164(), "+819012345678");
        let plus = PhoneNumber::parse("＋８１\u{3000}９０（１２３４）５６７８").unwrap();
        assert_eq!(plus.as_e164(), "+819012345678");
    }
}
