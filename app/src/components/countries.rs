//! The calling codes the phone form falls back on when the server has not
//! said (its list is the SMS policy's: `domain::sms_policy`), and how the
//! picker names a country: in the page's language (`country-XX` in the
//! Fluent files), by its code where no file names it. A person can always
//! type a full international number (`+...`) instead.

use crate::i18n::{self, Language};
use crate::views::CountryChoice;

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

/// The picker's options, `(code, label)`, in the order people look for
/// them: by name in the page's language, accents aside ("Österreich" among
/// the O's), so that typing a name's first letters finds it.
pub fn picker_options(language: Language, countries: &[CountryChoice]) -> Vec<(String, String)> {
    let mut options: Vec<(String, String, String)> = countries
        .iter()
        .map(|c| {
            let label = country_label(language, &c.code, &c.dial);
            (sort_key(&label), c.code.clone(), label)
        })
        .collect();
    options.sort();
    options.into_iter().map(|(_, code, label)| (code, label)).collect()
}

fn sort_key(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    label
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(codes: &[&str]) -> Vec<CountryChoice> {
        codes
            .iter()
            .map(|code| CountryChoice {
                code: (*code).to_owned(),
                dial: "+0".to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_picker_lists_countries_by_their_name_in_the_pages_language() {
        let listed = |language, codes: &[&str]| -> Vec<String> {
            picker_options(language, &choices(codes))
                .into_iter()
                .map(|(code, _)| code)
                .collect()
        };
        let codes = ["US", "AT", "DE", "ES", "GB", "JP"];
        assert_eq!(listed(Language::En, &codes), ["AT", "DE", "JP", "ES", "GB", "US"]);
        // Deutschland, Japan, Österreich (among the O's), Spanien, ...
        assert_eq!(listed(Language::De, &codes), ["DE", "JP", "AT", "ES", "US", "GB"]);
        assert_eq!(listed(Language::Es, &codes)[..2], ["DE", "AT"], "Alemania, Austria");
    }

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
