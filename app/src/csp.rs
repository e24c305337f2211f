//! The pages' Content-Security-Policy, and how your app extends it: one
//! setting, `CSP_EXTRA` (for example `img-src https://images.example;
//! connect-src https://api.example`), whose sources are added to the
//! policy's directives of the same name (or as new directives).

/// The page's Content-Security-Policy: scripts only from this origin or
/// inline with one of `inline` (hash sources: Leptos's data scripts and the
/// bundle's loader), wasm allowed to compile, no framing, forms only to this
/// origin; with `extra`'s sources added (see [`check_extra`]). Hashes rather
/// than a nonce, so that a page that does not depend on the request is the
/// same bytes every time (and can be served as such). In development the
/// live-reload script (nonce) and websocket are allowed too.
pub fn content_security_policy(inline: &str, reload: Option<(&str, u32)>, extra: &str) -> String {
    let (nonce, socket) = reload
        .map(|(nonce, p)| {
            (
                format!(" 'nonce-{nonce}'"),
                format!(" ws://127.0.0.1:{p} ws://localhost:{p}"),
            )
        })
        .unwrap_or_default();
    let base = format!(
        "default-src 'self'; script-src 'self' {inline}{nonce} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{socket}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    );
    extend(&base, extra)
}

/// Sources that would undo what the policy is for: any inline or evaluated
/// script, and any origin at all.
const REFUSED: [&str; 4] = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"];

/// `CSP_EXTRA` checked: directives (`name source...`) separated by `;`,
/// with none of [`REFUSED`]'s sources. Why not, otherwise.
pub fn check_extra(extra: &str) -> Result<(), String> {
    for directive in extra.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_ascii_whitespace();
        let name = words.next().unwrap_or_default();
        if !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(format!("{name:?} is not a directive name"));
        }
        let sources: Vec<&str> = words.collect();
        if sources.is_empty() {
            return Err(format!("{name} names no source"));
        }
        if let Some(bad) = sources
            .iter()
            .find(|s| REFUSED.contains(s) || s.contains(',') || !s.is_ascii())
        {
            return Err(format!("{bad} in {name} would undo the policy"));
        }
    }
    Ok(())
}

/// `base` with `extra`'s sources added to the directives of the same name,
/// and its other directives appended.
fn extend(base: &str, extra: &str) -> String {
    let mut directives: Vec<String> = base.split("; ").map(str::to_owned).collect();
    for directive in extra.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let (name, sources) = directive.split_once(' ').unwrap_or((directive, ""));
        match directives.iter_mut().find(|d| d.split(' ').next() == Some(name)) {
            // 'none' alone means nothing; with a source it would be ignored.
            Some(existing) if existing.ends_with(" 'none'") => *existing = format!("{name} {}", sources.trim()),
            Some(existing) => {
                existing.push(' ');
                existing.push_str(sources.trim());
            }
            None => directives.push(format!("{name} {}", sources.trim())),
        }
    }
    directives.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_sources_join_their_directive_or_add_one() {
        let csp = content_security_policy(
            "'sha256-x'",
            None,
            "img-src https://images.example; media-src https://v.example",
        );
        assert!(csp.contains("img-src 'self' data: https://images.example;"), "{csp}");
        assert!(csp.ends_with("; media-src https://v.example"), "{csp}");
        assert!(
            csp.contains("script-src 'self' 'sha256-x' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert_eq!(
            content_security_policy("", None, ""),
            content_security_policy("", None, " ; ")
        );
        let framed = content_security_policy("", None, "frame-ancestors https://partner.example");
        assert!(framed.contains("frame-ancestors https://partner.example;"), "{framed}");
    }

    #[test]
    fn sources_that_undo_the_policy_are_refused() {
        assert_eq!(
            check_extra("img-src https://images.example; connect-src https://api.example"),
            Ok(())
        );
        for bad in [
            "script-src 'unsafe-inline'",
            "script-src 'unsafe-eval'",
            "default-src *",
            "img-src",
            "Img-Src x",
            "img-src a,b",
        ] {
            assert!(check_extra(bad).is_err(), "{bad}");
        }
    }
}
