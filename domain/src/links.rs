//! The addresses a deployment links its pages to (`HELP_URL`, `TERMS_URL`,
//! `PRIVACY_URL`): an `https://` page anywhere, or a path on this site.
//! Nothing else: no `javascript:`, no plain `http://` (a person's help page
//! must not be rewritable on the way), nothing that could break out of the
//! attribute it is written into.

use crate::ReturnTo;

/// A link a page may show, as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink(String);

/// Longer than any real address; keeps the pages' bytes bounded.
pub const MAX_LINK: usize = 2048;

impl PageLink {
    /// `https://host/...` or `/path`; None for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.len() > MAX_LINK {
            return None;
        }
        if let Some(rest) = raw.strip_prefix("https://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let plain = raw
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`'));
            let host_ok = !host.is_empty()
                && !host.contains('@')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
            return (plain && host_ok).then(|| Self(raw.to_owned()));
        }
        ReturnTo::parse(raw).map(|path| Self(path.as_str().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_pages_and_site_paths_only() {
        for ok in [
            "https://example.com/help",
            "https://example.com",
            "https://help.example.com:8443/a?b=c#d",
            "/help",
            "  /legal/terms  ",
        ] {
            assert!(PageLink::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "http://example.com/help",
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil.example",
            "https://",
            "https://user@evil.example",
            "https://example.com/\"onmouseover=x",
            "https://exa mple.com",
            "help",
            "data:text/html,hi",
            "",
        ] {
            assert_eq!(PageLink::parse(bad), None, "{bad}");
        }
        assert_eq!(PageLink::parse(&format!("/{}", "a".repeat(MAX_LINK))), None);
    }
}
