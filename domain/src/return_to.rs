//! Return-to: the page that sent a person to sign in, where signing in
//! ends. It arrives from the address bar (`?next=`), so it is parsed as
//! hostile: only a path on this site comes out.

use std::fmt;

/// The longest target kept: a deep link with its query fits; a page-long
/// one is not a link anyone was sent from.
pub const MAX_RETURN_TO: usize = 512;

/// A path on this site (`/dashboard?tab=2`), as a `Location` header can
/// carry it and a browser can only read as this site's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReturnTo(String);

impl ReturnTo {
    /// The target, already decoded once (as a query or a form field is):
    /// nothing here decodes it again. None unless it starts with exactly one
    /// `/` (not `//` nor `/\`, which a browser reads as another host), is at
    /// most [`MAX_RETURN_TO`] bytes, and holds only printable ASCII without a
    /// backslash: no scheme can precede the `/`, no control character or
    /// space can be dropped by a URL parser to join two slashes, and any
    /// other character arrives percent-encoded from a real address bar.
    /// Nor may its path hold a `.` or `..` segment (`/.//evil.example`,
    /// `/%2e%2e//x`), which a browser resolves into a path that starts `//`.
    pub fn parse(raw: &str) -> Option<Self> {
        let bytes = raw.as_bytes();
        let ok = bytes.first() == Some(&b'/')
            && !matches!(bytes.get(1), Some(b'/' | b'\\'))
            && bytes.len() <= MAX_RETURN_TO
            && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\')
            && !path_of(raw).split('/').any(is_dot_segment);
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path without its query or fragment.
    pub fn path(&self) -> &str {
        path_of(&self.0)
    }
}

fn path_of(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or("/")
}

/// `.` or `..`, written plainly or percent-encoded (`%2e`, `%2E`).
fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}

impl fmt::Display for ReturnTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ReturnTo {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw).ok_or("not a path on this site")
    }
}

impl From<ReturnTo> for String {
    fn from(r: ReturnTo) -> Self {
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_on_this_site_is_kept_as_it_is() {
        for raw in [
            "/",
            "/dashboard",
            "/dashboard?tab=a%20b&x=1#top",
            "/%2F/evil.example",
            "/caf%C3%A9",
        ] {
            assert_eq!(ReturnTo::parse(raw).map(String::from), Some(raw.to_owned()), "{raw}");
        }
        assert_eq!(ReturnTo::parse("/dashboard?tab=2").unwrap().path(), "/dashboard");
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        let long = format!("/{}", "a".repeat(MAX_RETURN_TO));
        for raw in [
            "",
            "//evil.example",
            "/\\evil.example",
            "https:evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "%2F%2Fevil.example",
            "evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/a\u{0}b",
            "/a b",
            "/a\\b",
            "/café",
            "/.//evil.example",
            "/..//evil.example",
            "/%2e%2e//evil.example",
            "/a/%2E/b",
            "/a/..",
            long.as_str(),
        ] {
            assert_eq!(ReturnTo::parse(raw), None, "{raw:?}");
        }
        assert!(ReturnTo::parse(&long[..MAX_RETURN_TO]).is_some());
    }

    #[test]
    fn a_stored_target_is_parsed_again_when_read() {
        assert!(serde_json::from_str::<ReturnTo>("\"//evil.example\"").is_err());
        assert_eq!(
            serde_json::from_str::<ReturnTo>("\"/dashboard\"").unwrap(),
            ReturnTo::parse("/dashboard").unwrap()
        );
    }
}
