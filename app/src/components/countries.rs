//! The calling codes the phone form falls back on when the server has not
//! said (its list is the SMS policy's: `domain::sms_policy`), and how the
//! picker names a country: in the page's language (`country-XX` in the
//! Fluent files), by its code where no file names it. A person can always
//! type a full international number (`+...`) instead.

use crate::i18n::{self, Language};

pub const COUNTRIES: &[(&str, &str)] = &[
    ("US", "+1"),
    ("CA", "+1"),
    ("GB", "+44"),
    ("IE", "+353"),
    ("AU", "+61"),
    ("NZ", "+64"),
    ("IN", "+91"),
    ("DE", "+49"),
    ("FR", "+33"),
    ("ES", "+34"),
    ("IT", "+39"),
    ("NL", "+31"),
    ("BE", "+32"),
    ("CH", "+41"),
    ("AT", "+43"),
    ("SE", "+46"),
    ("NO", "+47"),
    ("DK", "+45"),
    ("FI", "+358"),
    ("PL", "+48"),
    ("PT", "+351"),
    ("BR", "+55"),
    ("MX", "+52"),
    ("AR", "+54"),
    ("JP", "+81"),
    ("KR", "+82"),
    ("SG", "+65"),
    ("ZA", "+27"),
    ("NG", "+234"),
    ("KE", "+254"),
];

/// The picker's label for a country: its name where known, else its code.
pub fn country_label(language: Language, code: &str, dial: &str) -> String {
    let name = i18n::try_text(language, &format!("country-{code}")).unwrap_or_else(|| code.to_owned());
    format!("{name} ({dial})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_named_in_the_pages_language() {
        assert_eq!(country_label(Language::En, "DE", "+49"), "Germany (+49)");
        assert_eq!(country_label(Language::De, "DE", "+49"), "Deutschland (+49)");
        assert_eq!(country_label(Language::Es, "US", "+1"), "Estados Unidos (+1)");
        assert_eq!(
            country_label(Language::Fr, "EG", "+20"),
            "EG (+20)",
            "an unnamed one by its code"
        );
    }
}
