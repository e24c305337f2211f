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

/// Sources that would undo what the policy is for, in any directive: any
/// inline or evaluated script, and any origin at all.
const REFUSED: [&str; 5] = [
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'strict-dynamic'",
    "*",
];

/// Directives that say where scripts and plugins come from: extended only
/// by hosts (`https://cdn.example`), never by a keyword, a bare scheme
/// (`https:`, `data:`) or a wildcard.
const SCRIPT_DIRECTIVES: [&str; 2] = ["script-src", "default-src"];

/// Directives not extended at all: one that would override `script-src`
/// (without its hashes), and the ones that are `'none'` on purpose.
const FIXED: [&str; 4] = ["script-src-elem", "script-src-attr", "object-src", "base-uri"];

/// `CSP_EXTRA` checked: directives (`name source...`) separated by `;`,
/// none that would weaken the policy (see [`REFUSED`], [`SCRIPT_DIRECTIVES`],
/// [`FIXED`]), in printable ASCII. Why not, otherwise.
pub fn check_extra(extra: &str) -> Result<(), String> {
    if let Some(c) = extra.chars().find(|c| !(c.is_ascii_graphic() || *c == ' ')) {
        return Err(format!("{c:?} is not allowed (printable ASCII and spaces only)"));
    }
    for (name, sources) in directives(extra) {
        if !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(format!("{name:?} is not a directive name"));
        }
        if FIXED.contains(&name) {
            return Err(format!("{name} cannot be extended"));
        }
        if sources.is_empty() {
            return Err(format!("{name} names no source"));
        }
        for source in sources {
            let lower = source.to_ascii_lowercase();
            let script = SCRIPT_DIRECTIVES.contains(&name);
            if REFUSED.contains(&lower.as_str())
                || source.contains(',')
                || (script && (lower.starts_with('\'') || lower.ends_with(':') || lower.contains('*')))
            {
                return Err(format!("{source} in {name} would undo the policy"));
            }
        }
    }
    Ok(())
}

/// The directives of a policy text: each name with its sources.
fn directives(text: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    text.split(';').filter_map(|d| {
        let mut words = d.split_ascii_whitespace();
        Some((words.next()?, words.collect()))
    })
}

/// `base` with `extra`'s sources added to the directives of the same name,
/// and its other directives appended.
fn extend(base: &str, extra: &str) -> String {
    let mut policy: Vec<(&str, Vec<&str>)> = directives(base).collect();
    for (name, sources) in directives(extra) {
        match policy.iter_mut().find(|(n, _)| *n == name) {
            // 'none' alone means nothing; with a source it would be ignored.
            Some((_, existing)) if existing.as_slice() == ["'none'"] => *existing = sources,
            Some((_, existing)) => existing.extend(sources),
            None => policy.push((name, sources)),
        }
    }
    policy
        .iter()
        .map(|(name, sources)| format!("{name} {}", sources.join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
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
        assert_eq!(
            check_extra("script-src https://cdn.example; frame-ancestors https://partner.example"),
            Ok(())
        );
        for bad in [
            "script-src 'unsafe-inline'",
            "style-src 'Unsafe-Inline'",
            "script-src 'UNSAFE-EVAL'",
            "script-src https:",
            "script-src data:",
            "script-src https://*.example",
            "script-src 'self'",
            "default-src *",
            "script-src-elem https://cdn.example",
            "script-src-attr https://cdn.example",
            "object-src https://x.example",
            "base-uri https://x.example",
            "img-src",
            "Img-Src x",
            "img-src a,b",
            "img-src https://a\n https://b",
            "img-src https://a\x0b",
        ] {
            assert!(check_extra(bad).is_err(), "{bad}");
        }
    }
}
