//! Counters an operator watches (texts sent, refused, codes used, breakers
//! tripped), in the Prometheus text format. Per server process: Prometheus
//! scrapes each and adds them up. The server serves them on a listener of
//! their own (`METRICS_ADDR`), never on the app's port.

use domain::PhoneNumber;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

use super::limits::Purpose;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Texted {
    purpose: &'static str,
    /// ISO 3166 alpha-2: only countries the SMS policy allows get here.
    country: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Refused {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Country {
    country: String,
}

/// Why a code was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Outside the SMS policy (country or line type).
    Policy,
    /// A person's limits (per number, per address).
    Limited,
    /// One of the owner's budgets is spent.
    Budget,
    /// The country's conversion breaker is tripped.
    Conversion,
    /// Risk is up and no proof came with the request.
    ProofNeeded,
}

impl Refusal {
    fn label(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::Limited => "limited",
            Self::Budget => "budget",
            Self::Conversion => "conversion",
            Self::ProofNeeded => "proof_needed",
        }
    }
}

pub struct Metrics {
    registry: Registry,
    texted: Family<Texted, Counter>,
    refused: Family<Refused, Counter>,
    used: Family<Texted, Counter>,
    tripped: Family<Country, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

fn labels(purpose: Purpose, phone: &PhoneNumber) -> Texted {
    Texted {
        purpose: purpose.name(),
        country: phone.region().unwrap_or("none").to_owned(),
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("phone_sign_in");
        let texted = Family::<Texted, Counter>::default();
        let refused = Family::<Refused, Counter>::default();
        let used = Family::<Texted, Counter>::default();
        let tripped = Family::<Country, Counter>::default();
        registry.register(
            "texts_sent",
            "Codes Cognito was asked to text, and took",
            texted.clone(),
        );
        registry.register("texts_refused", "Codes not sent, by reason", refused.clone());
        registry.register("codes_used", "Texted codes typed in correctly", used.clone());
        registry.register(
            "conversion_breaker_trips",
            "Times a country's open texts (those that may reach unconfirmed numbers) paused because their codes went unused",
            tripped.clone(),
        );
        Self {
            registry,
            texted,
            refused,
            used,
            tripped,
        }
    }

    pub fn texted(&self, purpose: Purpose, phone: &PhoneNumber) {
        self.texted.get_or_create(&labels(purpose, phone)).inc();
    }

    pub fn refused(&self, reason: Refusal) {
        self.refused.get_or_create(&Refused { reason: reason.label() }).inc();
    }

    pub fn code_used(&self, purpose: Purpose, phone: &PhoneNumber) {
        self.used.get_or_create(&labels(purpose, phone)).inc();
    }

    pub fn tripped(&self, phone: &PhoneNumber) {
        let country = phone.region().unwrap_or("none").to_owned();
        self.tripped.get_or_create(&Country { country }).inc();
    }

    /// The text a scrape gets.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_read_as_prometheus_text() {
        let metrics = Metrics::new();
        let uk = PhoneNumber::parse("+447400123456").unwrap();
        metrics.texted(Purpose::SignUp, &uk);
        metrics.texted(Purpose::SignUp, &uk);
        metrics.code_used(Purpose::SignUp, &uk);
        metrics.refused(Refusal::Budget);
        metrics.tripped(&uk);
        let text = metrics.encode();
        for line in [
            "# TYPE phone_sign_in_texts_sent counter",
            r#"phone_sign_in_texts_sent_total{purpose="signup",country="GB"} 2"#,
            r#"phone_sign_in_codes_used_total{purpose="signup",country="GB"} 1"#,
            r#"phone_sign_in_texts_refused_total{reason="budget"} 1"#,
            r#"phone_sign_in_conversion_breaker_trips_total{country="GB"} 1"#,
            "# EOF",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
        }
        assert!(!text.contains("7400123456"), "no number in the counters");
    }
}
