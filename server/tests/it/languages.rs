//! Pages in the browser's language, or the one chosen with the switch
//! (remembered, and working as a plain form post); texts in the page's.

use reqwest::StatusCode;

use crate::support::{browser_speaking, start};

/// The `lang` of a page and its first heading.
fn lang_and_heading(html: &str) -> (String, String) {
    let lang = html
        .split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let heading = html
        .split("<h1>")
        .nth(1)
        .and_then(|r| r.split("</h1>").next())
        .unwrap_or_default()
        .to_owned();
    (lang, heading)
}

#[tokio::test]
async fn pages_speak_the_browsers_language_and_say_which() {
    let mut h = start().await;
    for (languages, lang, heading) in [
        ("es-MX,es;q=0.9,en;q=0.8", "es", "Iniciar sesión"),
        ("de-DE", "de", "Anmelden"),
        ("fr-CA,fr;q=0.9", "fr", "Se connecter"),
        ("pt-BR", "pt", "Iniciar sessão"),
        ("ar-EG,ar;q=0.9", "en", "Sign in"),
        ("zh-CN, es;q=0.5", "es", "Iniciar sesión"),
        ("es;q=0, en", "en", "Sign in"),
    ] {
        h.switch_to(browser_speaking(languages));
        // Twice: the second is the kept copy, which must be this language's.
        for _ in 0..2 {
            let (status, _, html) = h.page("/login").await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                lang_and_heading(&html),
                (lang.to_owned(), heading.to_owned()),
                "{languages}"
            );
        }
    }
}

#[tokio::test]
async fn the_switch_is_remembered_and_goes_back_to_the_page() {
    let mut h = start().await;
    h.switch_to(browser_speaking("es"));
    let (status, location) = h
        .form("/api/language", "/signup", &[("language", "fr"), ("back", "/signup")])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/signup"));
    // The browser still asks for Spanish; the choice wins, on every page.
    for (path, heading) in [("/signup", "Créer un compte"), ("/login", "Se connecter")] {
        let (_, _, html) = h.page(path).await;
        assert_eq!(lang_and_heading(&html), ("fr".to_owned(), heading.to_owned()));
        assert!(
            html.contains(r#"lang="es""#) && html.contains("Español"),
            "the switch offers the others"
        );
    }
    // Only our own pages are gone back to.
    let (_, location) = h
        .form(
            "/api/language",
            "/login",
            &[("language", "de"), ("back", "https://elsewhere.example/")],
        )
        .await;
    assert_eq!(location, "/");
    // A language we do not speak changes nothing.
    let (status, _) = h
        .form("/api/language", "/login", &[("language", "xx"), ("back", "/login")])
        .await;
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (_, _, html) = h.page("/login").await;
    assert_eq!(lang_and_heading(&html).0, "de");
}

/// The last text to `to`, whole.
async fn last_text(h: &crate::support::Harness, to: &str) -> String {
    h.texts(to).await.last().expect("a text")["body"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn texts_are_written_in_the_pages_language() {
    let mut h = start().await;
    h.switch_to(browser_speaking("es-ES,es;q=0.9"));
    let (national, e164) = ("4155550377", "+14155550377");
    h.sign_up_and_in(national, e164).await;
    // The sign-up's one text is the account's first sign-in code, in the
    // language the account took from the page; so are its later ones.
    let first = last_text(&h, e164).await;
    assert!(first.contains("es tu código de inicio de sesión"), "{first}");
    h.form("/api/sign_out", "/account", &[]).await;
    h.sign_in(national, e164).await;
    let text = last_text(&h, e164).await;
    assert!(text.contains("es tu código de inicio de sesión"), "{text}");
    // Switched while signed in: the account's next texts follow.
    let (status, _) = h
        .form("/api/language", "/account", &[("language", "de"), ("back", "/account")])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, _, html) = h.page("/account").await;
    assert_eq!(lang_and_heading(&html), ("de".to_owned(), "Ihr Konto".to_owned()));
    h.form("/api/sign_out", "/account", &[]).await;
    h.advance(61);
    h.sign_in(national, e164).await;
    let text = last_text(&h, e164).await;
    assert!(text.contains("ist Ihr"), "{text}");
}
