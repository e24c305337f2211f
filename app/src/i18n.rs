//! The pages' words in each language: Fluent files under `app/locales`,
//! built into the binary, and the language a request gets (its `lang`
//! cookie, set by the language switch; else the first of its browser's
//! languages this product speaks; else English).

use std::borrow::Cow;
use std::collections::HashMap;

pub use domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: every language here
        // is written left to right, and marks would sit inside numbers and
        // names that people copy.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie the language switch sets.
pub const LANGUAGE_COOKIE: &str = "lang";

fn id(language: Language) -> &'static LanguageIdentifier {
    static EN: LanguageIdentifier = langid!("en");
    static ES: LanguageIdentifier = langid!("es");
    static FR: LanguageIdentifier = langid!("fr");
    static DE: LanguageIdentifier = langid!("de");
    static PT: LanguageIdentifier = langid!("pt");
    match language {
        Language::En => &EN,
        Language::Es => &ES,
        Language::Fr => &FR,
        Language::De => &DE,
        Language::Pt => &PT,
    }
}

/// An argument of a message: a number (which picks plural forms) or words.
#[derive(Clone)]
pub enum Arg {
    Number(u64),
    Text(String),
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Number(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Number(n.into())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(n as u64)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

/// The message `key` in `language`, with `args`.
pub fn text(language: Language, key: &str, args: &[(&'static str, Arg)]) -> String {
    if args.is_empty() {
        return LOCALES.lookup(id(language), key);
    }
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::from(s.clone()),
            };
            (Cow::Borrowed(*name), value)
        })
        .collect();
    LOCALES.lookup_with_args(id(language), key, &args)
}

/// The message `key` in `language` (or English), if a file has it: for keys
/// made from data, such as a country's name.
pub fn try_text(language: Language, key: &str) -> Option<String> {
    LOCALES.try_lookup(id(language), key)
}

/// `tr!(language, "key")`, `tr!(language, "key", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($language:expr, $key:literal) => {
        $crate::i18n::text($language, $key, &[])
    };
    ($language:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($language, $key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A message with one argument shown apart (a number in `<strong>`): the
/// words before it and after it, in `language`'s order.
pub fn around(language: Language, key: &str, name: &'static str, args: &[(&'static str, Arg)]) -> (String, String) {
    const MARK: &str = "\u{1}";
    let mut all: Vec<(&'static str, Arg)> = vec![(name, Arg::Text(MARK.to_owned()))];
    all.extend(args.iter().cloned());
    let whole = text(language, key, &all);
    match whole.split_once(MARK) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (whole, String::new()),
    }
}

/// The language this page is in: what the shell provided for the request,
/// English where nothing did.
pub fn use_language() -> Language {
    leptos::prelude::use_context::<Language>().unwrap_or_default()
}

/// A request's tags from `Accept-Language`, most preferred first (by
/// weight, then order); refused ones (`q=0`) left out.
pub fn preferred_tags(accept_language: &str) -> Vec<&str> {
    let mut tags: Vec<(f32, usize, &str)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut fields = part.split(';');
            let tag = fields.next()?.trim();
            let q = fields
                .find_map(|f| f.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .take(16)
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().map(|(_, _, tag)| tag).collect()
}

/// The language a request gets: the switch's cookie, else the first of the
/// browser's languages spoken here, else English.
pub fn language_for(cookie: Option<&str>, accept_language: Option<&str>) -> Language {
    cookie
        .and_then(Language::parse)
        .or_else(|| {
            preferred_tags(accept_language.unwrap_or_default())
                .into_iter()
                .find_map(Language::parse)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of every file, by name.
    fn keys(language: Language) -> Vec<String> {
        let path = format!("{}/locales/{}/app.ftl", env!("CARGO_MANIFEST_DIR"), language.tag());
        let source = std::fs::read_to_string(&path).unwrap();
        source
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(k, _)| k)
            .filter(|k| {
                k.starts_with(|c: char| c.is_ascii_alphabetic())
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_language_has_every_message_and_no_other() {
        let english = keys(Language::En);
        assert!(english.len() > 100, "{}", english.len());
        for language in Language::ALL {
            let mut theirs = keys(language);
            theirs.sort();
            let mut ours = english.clone();
            ours.sort();
            assert_eq!(theirs, ours, "{language:?}");
            // Every argument any message takes, so that a message fails
            // only when it is missing or names an argument no code passes.
            let args: HashMap<&str, FluentValue> = [
                "phone", "digits", "time", "seconds", "minutes", "max", "left", "wait", "country", "page",
            ]
            .into_iter()
            .map(|name| (name, FluentValue::from(2u64)))
            .collect();
            for key in &english {
                let found = LOCALES.lookup_single_language(id(language), key, Some(&args));
                assert!(found.is_ok(), "{language:?} {key}: {found:?}");
            }
        }
    }

    #[test]
    fn numbers_pick_each_languages_plural_forms() {
        assert_eq!(
            tr!(Language::En, "error-wrong-code", left = 1u32),
            "That code isn't right. 1 attempt left."
        );
        assert_eq!(
            tr!(Language::En, "error-wrong-code", left = 2u32),
            "That code isn't right. 2 attempts left."
        );
        assert_eq!(
            tr!(Language::Es, "error-wrong-code", left = 1u32),
            "Ese código no es correcto. Te queda 1 intento."
        );
        assert_eq!(
            tr!(Language::Es, "error-wrong-code", left = 2u32),
            "Ese código no es correcto. Te quedan 2 intentos."
        );
        assert_eq!(
            tr!(Language::Fr, "error-wrong-code", left = 0u32),
            "Ce code n'est pas le bon. Demandez un nouveau code."
        );
    }

    #[test]
    fn a_shown_argument_splits_its_sentence() {
        let (before, after) = around(Language::De, "we-sent-a-code", "phone", &[]);
        assert_eq!(
            (before.as_str(), after.as_str()),
            ("Wir haben einen Code an ", " gesendet.")
        );
    }

    #[test]
    fn the_cookie_then_the_browsers_languages_choose() {
        assert_eq!(language_for(Some("es"), Some("de-DE")), Language::Es);
        assert_eq!(
            language_for(Some("xx"), Some("de-DE")),
            Language::De,
            "a cookie we do not speak is ignored"
        );
        assert_eq!(
            language_for(None, Some("ar-EG, fr;q=0.8, es;q=0.9")),
            Language::Es,
            "by weight"
        );
        assert_eq!(
            language_for(None, Some("es;q=0, fr;q=0.1")),
            Language::Fr,
            "refused ones do not count"
        );
        assert_eq!(language_for(None, Some("zh-CN")), Language::En);
        assert_eq!(language_for(None, None), Language::En);
    }
}
