//! What a text says: the code first, what it is for, when it expires, and
//! the origin-bound last line that browsers read.

use std::fmt::Write;
use std::time::Duration;

use crate::otp::OtpCode;
use crate::phone::E164;

/// One text message ready to send.
#[derive(Clone)]
pub struct SmsMessage {
    pub to: E164,
    pub body: String,
}

impl std::fmt::Debug for SmsMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsMessage")
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

/// What a text is for; the wording differs, the last line does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    ConfirmPhone,
}

/// The language a text is written in: the page's, passed as the `locale`
/// client metadata, else the user's `locale` attribute.
pub use crate::language::Language as Locale;

/// A code's lifetime in whole minutes or hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifetime {
    Minutes(u64),
    Hours(u64),
}

fn lifetime(ttl: Duration) -> Lifetime {
    let minutes = ttl.as_secs().div_ceil(60).max(1);
    if minutes >= 120 && minutes.is_multiple_of(60) {
        Lifetime::Hours(minutes / 60)
    } else {
        Lifetime::Minutes(minutes)
    }
}

/// A number and its unit, in the plural where it needs one.
struct Plural<'a>(u64, &'a str, &'a str);

impl std::fmt::Display for Plural<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self(n, one, many) = self;
        write!(f, "{n} {}", if *n == 1 { one } else { many })
    }
}

/// Words of one language: (sign-in, phone confirmation), (minute, minutes),
/// (hour, hours), and the sentence around them.
fn sentence(text: &mut String, locale: Locale, purpose: Purpose, app: &str, code: &str, life: Lifetime) {
    let (what, units_min, units_hour) = match locale {
        Locale::En => (
            ["sign-in", "phone confirmation"],
            ["minute", "minutes"],
            ["hour", "hours"],
        ),
        Locale::Es => (
            ["inicio de sesión", "confirmación de teléfono"],
            ["minuto", "minutos"],
            ["hora", "horas"],
        ),
        Locale::Fr => (
            ["connexion", "confirmation du téléphone"],
            ["minute", "minutes"],
            ["heure", "heures"],
        ),
        Locale::De => (
            ["Anmeldecode", "Bestätigungscode"],
            ["Minute", "Minuten"],
            ["Stunde", "Stunden"],
        ),
        Locale::Pt => (
            ["login", "confirmação de telefone"],
            ["minuto", "minutos"],
            ["hora", "horas"],
        ),
    };
    let what = what[match purpose {
        Purpose::SignIn => 0,
        Purpose::ConfirmPhone => 1,
    }];
    let life = match life {
        Lifetime::Minutes(n) => Plural(n, units_min[0], units_min[1]),
        Lifetime::Hours(n) => Plural(n, units_hour[0], units_hour[1]),
    };
    // Writing to a String cannot fail.
    let _ = match locale {
        Locale::En => write!(
            text,
            "{code} is your {app} {what} code. It expires in {life}. Don't share it."
        ),
        Locale::Es => write!(
            text,
            "{code} es tu código de {what} de {app}. Caduca en {life}. No lo compartas."
        ),
        Locale::Fr => write!(
            text,
            "{code} est votre code de {what} {app}. Il expire dans {life}. Ne le partagez pas."
        ),
        Locale::De => write!(
            text,
            "{code} ist Ihr {app}-{what}. Er läuft in {life} ab. Geben Sie ihn nicht weiter."
        ),
        Locale::Pt => write!(
            text,
            "{code} é o seu código de {what} do {app}. Expira em {life}. Não o partilhe."
        ),
    };
}

/// Builds the text: the code first (notification previews show it), what it
/// is for, when it expires, and as the last line the origin-bound form
/// (`@example.com #123456`) that Safari's autofill and Chrome's WebOTP read.
pub fn compose(
    locale: Locale,
    purpose: Purpose,
    app_name: &str,
    domain: &str,
    code: &OtpCode,
    ttl: Duration,
) -> String {
    template(locale, purpose, app_name, domain, code.expose(), ttl)
}

/// [`compose`]'s text with `code` standing for the code: Cognito's
/// placeholder (`{####}`) in a text Cognito fills in itself.
pub fn template(locale: Locale, purpose: Purpose, app_name: &str, domain: &str, code: &str, ttl: Duration) -> String {
    let mut text = String::with_capacity(160);
    sentence(&mut text, locale, purpose, app_name, code, lifetime(ttl));
    let _ = write!(text, "\n\n@{domain} #{code}");
    text
}

/// How long Cognito's own sign-up confirmation codes work (fixed by
/// Cognito: 24 hours).
pub const CONFIRMATION_CODE_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Reads the code back out of a text, for the local outbox: the
/// origin-bound last line's, else (a template without that line, such as
/// Cognito's default for its own sign-in codes) the first run of 6 to 9
/// digits.
pub fn code_from_body(body: &str) -> Option<OtpCode> {
    let digits = |s: &str| {
        (6..=9)
            .contains(&s.len())
            .then(|| OtpCode::parse_exact_digits(s, s.len()).ok())?
    };
    if let Some((_, code)) = body.lines().last().and_then(|l| l.rsplit_once(" #")) {
        return digits(code);
    }
    body.split(|c: char| !c.is_ascii_digit()).find_map(digits)
}

/// The text Cognito sends with its own sign-in codes (the pool's
/// `SmsAuthenticationMessage`, `{####}` standing for the code) as this
/// project sets it: the code first and the origin-bound last line, like
/// [`compose`]'s, in English only (Cognito has one template per pool).
/// The code lives as long as the client's `AuthSessionValidity`, which the
/// template sets to [`NATIVE_ROUND_SECS`](crate::settings::NATIVE_ROUND_SECS).
pub fn native_sign_in_template(app_name: &str, domain: &str) -> String {
    let minutes = crate::settings::NATIVE_ROUND_SECS / 60;
    format!(
        "{{####}} is your {app_name} sign-in code. It expires in {minutes} minutes. Don't share it.\n\n@{domain} #{{####}}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Duration = Duration::from_secs(180);

    #[test]
    fn text_names_the_purpose_and_ends_with_the_origin_bound_line() {
        let code = OtpCode::parse("012345").unwrap();
        let body = compose(Locale::En, Purpose::SignIn, "Acme", "acme.example", &code, TTL);
        assert!(body.starts_with("012345 is your Acme sign-in code. It expires in 3 minutes."));
        assert_eq!(body.lines().last(), Some("@acme.example #012345"));
        assert_eq!(code_from_body(&body), Some(code.clone()));
        let one = compose(
            Locale::En,
            Purpose::ConfirmPhone,
            "Acme",
            "a.b",
            &code,
            Duration::from_secs(45),
        );
        assert!(one.contains("phone confirmation code. It expires in 1 minute."));
        let day = compose(
            Locale::En,
            Purpose::ConfirmPhone,
            "Acme",
            "a.b",
            &code,
            Duration::from_secs(86_400),
        );
        assert!(day.contains("It expires in 24 hours."), "{day}");
    }

    #[test]
    fn other_languages_keep_the_code_first_and_the_bound_line_last() {
        let code = OtpCode::parse("987650").unwrap();
        let cases = [
            ("es-MX", "Caduca en 3 minutos"),
            ("fr", "expire dans 3 minutes"),
            ("de_DE", "in 3 Minuten"),
            ("pt-BR", "Expira em 3 minutos"),
            ("xx", "expires in 3 minutes"),
        ];
        for (tag, words) in cases {
            let body = compose(
                Locale::from_tag(Some(tag)),
                Purpose::SignIn,
                "Acme",
                "a.example",
                &code,
                TTL,
            );
            assert!(body.starts_with("987650 "), "{body}");
            assert!(body.contains(words), "{tag}: {body}");
            assert_eq!(body.lines().last(), Some("@a.example #987650"));
            assert!(body.chars().count() <= 160, "fits one SMS: {body}");
        }
        assert_eq!(Locale::from_tag(None), Locale::En);
    }

    #[test]
    fn cognitos_own_sign_in_texts_are_read_too() {
        // Cognito's own template, with or without the origin-bound line.
        assert_eq!(
            code_from_body("Your authentication code is 01234567. ").map(|c| c.expose().to_owned()),
            Some("01234567".to_owned())
        );
        let ours = native_sign_in_template("Shop", "shop.example").replace("{####}", "76543210");
        assert!(ours.ends_with("\n\n@shop.example #76543210"), "{ours}");
        // Says how long the code lives, as the custom flow's texts do.
        assert!(
            ours.starts_with("76543210 is your Shop sign-in code. It expires in 3 minutes."),
            "{ours}"
        );
        assert_eq!(
            code_from_body(&ours).map(|c| c.expose().to_owned()),
            Some("76543210".to_owned())
        );
    }

    #[test]
    fn no_code_in_other_texts() {
        assert_eq!(code_from_body("hello"), None);
        assert_eq!(code_from_body("@a.b #12345"), None);
    }
}
