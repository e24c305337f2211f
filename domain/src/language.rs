//! The languages the product speaks: its pages and its texts. A language is
//! named by a BCP 47 tag (`es-MX`); only its primary subtag counts, and one
//! this product does not speak is English.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    En,
    Es,
    Fr,
    De,
    Pt,
}

impl Language {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Self; 5] = [Self::En, Self::Es, Self::Fr, Self::De, Self::Pt];

    /// Its primary subtag (`es`): the `lang` attribute, the cookie, the
    /// `locale` attribute and client metadata the triggers read.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Pt => "pt",
        }
    }

    /// Its name in itself, as a language switch shows it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
            Self::Fr => "Français",
            Self::De => "Deutsch",
            Self::Pt => "Português",
        }
    }

    /// The language a tag names, if this product speaks it.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// As [`Language::parse`], English when the tag is missing or unknown.
    pub fn from_tag(tag: Option<&str>) -> Self {
        tag.and_then(Self::parse).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_names_a_language_by_its_primary_subtag() {
        assert_eq!(Language::parse("es-MX"), Some(Language::Es));
        assert_eq!(Language::parse("pt_BR"), Some(Language::Pt));
        assert_eq!(Language::parse("DE"), Some(Language::De));
        assert_eq!(Language::parse("ar-EG"), None);
        assert_eq!(Language::parse(""), None);
        assert_eq!(Language::from_tag(Some("zh")), Language::En);
        assert_eq!(Language::from_tag(None), Language::En);
        for l in Language::ALL {
            assert_eq!(Language::parse(l.tag()), Some(l));
        }
    }
}
