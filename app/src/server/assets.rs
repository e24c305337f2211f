//! The site's CSS, JavaScript and wasm under the names the build gave them:
//! content-hashed (so that they can be cached for a year) when the build
//! wrote a manifest (`scripts/site-assets.sh`), the plain names otherwise
//! (`cargo leptos watch`).

use std::path::Path;

/// Where the manifest sits, in the site's root.
pub const MANIFEST: &str = "assets.txt";

/// URL paths of the site's own files, and whether they are content-hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
    pub hashed: bool,
}

impl Assets {
    /// The plain names cargo-leptos writes.
    pub fn plain(pkg_dir: &str, name: &str) -> Self {
        Self {
            css: format!("/{pkg_dir}/{name}.css"),
            js: format!("/{pkg_dir}/{name}.js"),
            wasm: format!("/{pkg_dir}/{name}.wasm"),
            hashed: false,
        }
    }

    /// The manifest's names (`css <file>`, one kind a line, files in
    /// `pkg_dir`); None unless it names all three.
    pub fn parse(text: &str, pkg_dir: &str) -> Option<Self> {
        let mut found = [None, None, None];
        for line in text.lines() {
            let Some((kind, file)) = line.trim().split_once(' ') else {
                continue;
            };
            let file = file.trim();
            // Names only: a manifest cannot point outside the package dir.
            if file.is_empty() || !file.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) {
                return None;
            }
            let slot = match kind {
                "css" => 0,
                "js" => 1,
                "wasm" => 2,
                _ => continue,
            };
            found[slot] = Some(format!("/{pkg_dir}/{file}"));
        }
        let [Some(css), Some(js), Some(wasm)] = found else {
            return None;
        };
        Some(Self {
            css,
            js,
            wasm,
            hashed: true,
        })
    }

    /// The manifest in `site_root` if the build wrote one, else the plain names.
    pub fn load(site_root: &Path, pkg_dir: &str, name: &str) -> Self {
        match std::fs::read_to_string(site_root.join(MANIFEST)) {
            Ok(text) => Self::parse(&text, pkg_dir).unwrap_or_else(|| {
                tracing::warn!(manifest = %site_root.join(MANIFEST).display(), "asset manifest unreadable: plain names used");
                Self::plain(pkg_dir, name)
            }),
            Err(_) => Self::plain(pkg_dir, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_names_the_hashed_files() {
        let a = Assets::parse("css site.abc.css\njs site.def.js\nwasm site.0a1.wasm\n", "pkg").unwrap();
        assert_eq!(a.css, "/pkg/site.abc.css");
        assert_eq!(a.js, "/pkg/site.def.js");
        assert_eq!(a.wasm, "/pkg/site.0a1.wasm");
        assert!(a.hashed);
    }

    #[test]
    fn a_manifest_missing_a_file_or_pointing_elsewhere_is_refused() {
        assert_eq!(Assets::parse("css a.css\njs a.js\n", "pkg"), None);
        assert_eq!(Assets::parse("css ../a.css\njs a.js\nwasm a.wasm", "pkg"), None);
        assert_eq!(Assets::parse("css a.css\njs a.js\nwasm /etc/a.wasm", "pkg"), None);
    }

    #[test]
    fn without_a_manifest_the_plain_names_are_used() {
        let dir = std::env::temp_dir().join(format!("assets-test-{}", std::process::id()));
        let a = Assets::load(&dir, "pkg", "site");
        assert_eq!(a, Assets::plain("pkg", "site"));
        assert!(!a.hashed);
    }
}
