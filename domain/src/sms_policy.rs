//! Which numbers may be texted at all: countries on a list, denied by
//! default, and only lines that can receive a text. SMS pumping (toll fraud)
//! makes a site text numbers whose carriers pay the attacker; a number
//! outside the policy is refused before anything is sent, by the server and
//! again by the triggers.

use crate::numbering;
use crate::phone::{E164, LineType, PhoneNumber};
use crate::settings::SettingsError;

/// The countries texts go to unless `SMS_COUNTRIES` says otherwise: those the
/// sign-in form offers. `infra/template.yaml`'s default is kept equal to it
/// by `infra/tests`.
pub const DEFAULT_SMS_COUNTRIES: &[&str] = &[
    "US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI",
    "PL", "PT", "BR", "MX", "AR", "JP", "KR", "SG", "ZA", "NG", "KE",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsPolicy {
    countries: Vec<String>,
}

/// Why a number is not texted. The person sees the same answer as for a
/// number that cannot be reached; operators see which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SmsRefusal {
    #[error("its country is not on the SMS list")]
    Country,
    #[error("it is not a mobile line")]
    LineType,
    /// Not a number of libphonenumber's plan, in the form it writes (see
    /// [`SmsPolicy::check_e164`]).
    #[error("it is not a number of the numbering plan")]
    NotInPlan,
}

impl Default for SmsPolicy {
    fn default() -> Self {
        Self {
            countries: DEFAULT_SMS_COUNTRIES.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}

impl SmsPolicy {
    /// Reads `SMS_COUNTRIES` (ISO 3166 alpha-2 codes, comma-separated) through
    /// `get`; unset means [`DEFAULT_SMS_COUNTRIES`].
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let Some(list) = get("SMS_COUNTRIES") else {
            return Ok(Self::default());
        };
        let mut countries = Vec::new();
        for code in list
            .split(',')
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
        {
            if code.parse::<phonenumber::country::Id>().is_err() {
                return Err(SettingsError::Invalid {
                    name: "SMS_COUNTRIES",
                    reason: format!("{code:?} is not a country code (ISO 3166 alpha-2, like US)"),
                });
            }
            if !countries.contains(&code) {
                countries.push(code);
            }
        }
        if countries.is_empty() {
            return Err(SettingsError::Invalid {
                name: "SMS_COUNTRIES",
                reason: "lists no country, so no text could ever be sent".into(),
            });
        }
        Ok(Self { countries })
    }

    /// The countries, in the order given (the form offers them so).
    pub fn countries(&self) -> &[String] {
        &self.countries
    }

    pub fn check(&self, phone: &PhoneNumber) -> Result<(), SmsRefusal> {
        self.allows(phone.region(), phone.line())
    }

    /// The same check for a number in E.164 form (what Cognito stores), by
    /// the table of libphonenumber's plan ([`numbering`]), which costs a
    /// trigger starting cold nothing to load. The same decisions as
    /// [`Self::check`] on the number libphonenumber parses; a number it
    /// would write otherwise (with a national prefix, say) is refused.
    pub fn check_e164(&self, number: &E164) -> Result<(), SmsRefusal> {
        let (region, line) = numbering::classify(number).ok_or(SmsRefusal::NotInPlan)?;
        self.allows(region, line)
    }

    fn allows(&self, region: Option<&str>, line: LineType) -> Result<(), SmsRefusal> {
        if !region.is_some_and(|r| self.countries.iter().any(|c| c == r)) {
            return Err(SmsRefusal::Country);
        }
        match line {
            LineType::Mobile | LineType::MobileOrFixed => Ok(()),
            LineType::Other => Err(SmsRefusal::LineType),
        }
    }
}

/// The calling code of a country (`GB` → `+44`), for the form's picker.
pub fn dialing_code(country: &str) -> Option<String> {
    let id = country.parse::<phonenumber::country::Id>().ok()?;
    let meta = phonenumber::metadata::DATABASE.by_id(id.as_ref())?;
    Some(format!("+{}", meta.country_code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    #[test]
    fn mobiles_in_listed_countries_only() {
        let policy = SmsPolicy::default();
        assert_eq!(policy.check(&phone("+14155552671")), Ok(()), "US: mobile or fixed");
        assert_eq!(policy.check(&phone("+447400123456")), Ok(()), "a UK mobile");
        assert_eq!(
            policy.check(&phone("+442079460958")),
            Err(SmsRefusal::LineType),
            "a London landline"
        );
        assert_eq!(
            policy.check(&phone("+449098790000")),
            Err(SmsRefusal::LineType),
            "UK premium rate"
        );
        assert_eq!(
            policy.check(&phone("+18005550100")),
            Err(SmsRefusal::LineType),
            "US toll free"
        );
        assert_eq!(
            policy.check(&phone("+8816123456789")),
            Err(SmsRefusal::Country),
            "Iridium satellite"
        );
        assert_eq!(
            policy.check(&phone("+37060012345")),
            Err(SmsRefusal::Country),
            "a Lithuanian mobile, not listed"
        );
        // Caribbean numbers share +1 with the US; the country decides.
        assert_eq!(
            policy.check(&phone("+18765551234")),
            Err(SmsRefusal::Country),
            "Jamaica"
        );
    }

    #[test]
    fn numbers_in_e164_form_get_the_same_decisions() {
        let policy = SmsPolicy::default();
        for number in [
            "+14155552671",
            "+447400123456",
            "+442079460958",
            "+449098790000",
            "+18005550100",
            "+8816123456789",
            "+37060012345",
            "+18765551234",
        ] {
            let e164 = E164::parse(number).unwrap();
            assert_eq!(policy.check_e164(&e164), policy.check(&phone(number)), "{number}");
        }
        let prefixed = E164::parse("+4407400123456").unwrap();
        assert_eq!(policy.check_e164(&prefixed), Err(SmsRefusal::NotInPlan));
    }

    #[test]
    fn the_list_is_the_owners() {
        let only = |v: &'static str| move |k: &str| (k == "SMS_COUNTRIES").then(|| v.to_owned());
        let policy = SmsPolicy::from_lookup(only(" lt, us ,US")).unwrap();
        assert_eq!(policy.countries(), ["LT", "US"]);
        assert_eq!(policy.check(&phone("+37060012345")), Ok(()));
        assert_eq!(policy.check(&phone("+447400123456")), Err(SmsRefusal::Country));
        assert!(SmsPolicy::from_lookup(only("US,XX")).is_err());
        assert!(SmsPolicy::from_lookup(only(" , ")).is_err());
        assert_eq!(SmsPolicy::from_lookup(|_| None).unwrap(), SmsPolicy::default());
    }

    #[test]
    fn dialing_codes_and_ranges() {
        assert_eq!(dialing_code("GB").as_deref(), Some("+44"));
        assert_eq!(dialing_code("US").as_deref(), Some("+1"));
        assert_eq!(dialing_code("XX"), None);
        assert_eq!(phone("+447400123456").range(), "+44740012****");
        // What logs carry: with the masked last four, still two digits short.
        assert_eq!(phone("+447400123456").block(), "+447400******");
        assert_eq!(phone("+14155552671").block(), "+14155******");
        for country in DEFAULT_SMS_COUNTRIES {
            assert!(dialing_code(country).is_some(), "{country}");
        }
    }
}
