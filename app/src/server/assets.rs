//! The site's CSS, JavaScript and wasm under the names the build gave them:
//! content-hashed (so that they can be cached for a year) when the build
//! wrote a manifest (`scripts/site-assets.mjs`), the plain names otherwise
//! (`cargo leptos watch`); and the inline scripts pages may carry, allowed
//! by the Content-Security-Policy by their hashes.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// What Leptos writes inline into every page it renders: its data for
/// hydration, empty here since nothing is hydrated. Allowed by hash, so a
/// Leptos version that writes something else is refused by the browser and
/// the end-to-end suite's console check says so.
pub const LEPTOS_DATA_SCRIPTS: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// On every page where JavaScript may run: a form's button shows it is busy
/// once pressed and takes no second press, so a double click cannot send
/// twice (and an older answer cannot undo a newer one); a page brought back
/// from the back-forward cache gets its buttons back. Disabled at once, in
/// the submit event (a second click in the same moment finds it disabled);
/// the form is sent all the same, and no button here carries a value.
/// A failure's or a save's address (`__err`, `__path`, `saved`) is put back
/// to the page's own once shown, so that reloading does not replay it.
/// Escape closes the step to confirm that holds the focus, else the open one (a `<details>`,
/// whose toggle closes it too, with or without JavaScript) and gives the
/// focus back to its toggle.
pub const PENDING_SCRIPT: &str = "addEventListener('submit',e=>{const b=e.submitter;if(b){b.setAttribute('aria-busy','true');b.disabled=true}});\
addEventListener('pageshow',()=>{for(const b of document.querySelectorAll('button[aria-busy]')){b.disabled=false;b.removeAttribute('aria-busy')}});\
{const u=new URL(location.href),q=u.searchParams;if(q.has('__err')||q.has('saved')){q.delete('__err');q.delete('__path');q.delete('saved');history.replaceState(null,'',u)}}\
addEventListener('keydown',e=>{if(e.key!=='Escape')return;const a=document.activeElement,d=(a&&a.closest('details.confirm[open]'))||document.querySelector('details.confirm[open]');if(d){d.open=false;d.querySelector('summary').focus()}});\
{const s=document.querySelector('[data-proof-status][data-waiting]');if(s&&document.querySelector('input[data-seed][data-solve]')){s.textContent=s.dataset.checking;setTimeout(()=>{s.textContent=s.dataset.waiting},10000)}}";

/// `'sha256-…'`, a CSP source that allows exactly this inline script.
pub fn script_hash(script: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script.as_bytes())))
}

/// Where the manifest sits, in the site's root.
pub const MANIFEST: &str = "assets.txt";

/// URL paths of the site's own files, whether they are content-hashed, and
/// what every rendered page needs from them (worked out once, at start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
    pub hashed: bool,
    loader: String,
    script_sources: String,
}

impl Assets {
    fn new(css: String, js: String, wasm: String, hashed: bool) -> Self {
        let loader = format!(
            "import('{js}').then(async(m)=>{{await m.default({{module_or_path:'{wasm}'}});\
             if(m.start())document.body.setAttribute('data-hydrated','');}});"
        );
        let script_sources = LEPTOS_DATA_SCRIPTS
            .iter()
            .copied()
            .chain([loader.as_str(), PENDING_SCRIPT])
            .map(script_hash)
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            css,
            js,
            wasm,
            hashed,
            loader,
            script_sources,
        }
    }

    /// The plain names cargo-leptos writes.
    pub fn plain(pkg_dir: &str, name: &str) -> Self {
        Self::new(
            format!("/{pkg_dir}/{name}.css"),
            format!("/{pkg_dir}/{name}.js"),
            format!("/{pkg_dir}/{name}.wasm"),
            false,
        )
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
            if file.is_empty()
                || file.starts_with('.')
                || !file.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            {
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
        Some(Self::new(css, js, wasm, true))
    }

    /// The inline module that loads the bundle and starts it on the page,
    /// then marks the body `data-hydrated` (tests wait for it).
    pub fn loader(&self) -> &str {
        &self.loader
    }

    /// The CSP sources for every inline script a page may carry: Leptos's
    /// data, the loader and [`PENDING_SCRIPT`].
    pub fn script_sources(&self) -> &str {
        &self.script_sources
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
        assert_eq!(Assets::parse("css ..\njs a.js\nwasm a.wasm", "pkg"), None);
    }

    #[test]
    fn a_script_hash_is_the_csp_form_of_its_sha256() {
        // The example from the CSP specification's hash-source section.
        assert_eq!(
            script_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        let a = Assets::plain("pkg", "site");
        assert!(a.script_sources().contains(&script_hash(a.loader())));
        assert!(a.script_sources().contains(&script_hash(LEPTOS_DATA_SCRIPTS[1])));
    }

    #[test]
    fn without_a_manifest_the_plain_names_are_used() {
        let dir = std::env::temp_dir().join(format!("assets-test-{}", std::process::id()));
        let a = Assets::load(&dir, "pkg", "site");
        assert_eq!(a, Assets::plain("pkg", "site"));
        assert!(!a.hashed);
    }
}
