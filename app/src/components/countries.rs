//! The names the phone form shows for countries: ISO code, name, and the
//! calling code for when the server has not said (its list is the SMS
//! policy's: `domain::sms_policy`). A person can always type a full
//! international number (`+...`) instead.

pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("US", "United States", "+1"),
    ("CA", "Canada", "+1"),
    ("GB", "United Kingdom", "+44"),
    ("IE", "Ireland", "+353"),
    ("AU", "Australia", "+61"),
    ("NZ", "New Zealand", "+64"),
    ("IN", "India", "+91"),
    ("DE", "Germany", "+49"),
    ("FR", "France", "+33"),
    ("ES", "Spain", "+34"),
    ("IT", "Italy", "+39"),
    ("NL", "Netherlands", "+31"),
    ("BE", "Belgium", "+32"),
    ("CH", "Switzerland", "+41"),
    ("AT", "Austria", "+43"),
    ("SE", "Sweden", "+46"),
    ("NO", "Norway", "+47"),
    ("DK", "Denmark", "+45"),
    ("FI", "Finland", "+358"),
    ("PL", "Poland", "+48"),
    ("PT", "Portugal", "+351"),
    ("BR", "Brazil", "+55"),
    ("MX", "Mexico", "+52"),
    ("AR", "Argentina", "+54"),
    ("JP", "Japan", "+81"),
    ("KR", "South Korea", "+82"),
    ("SG", "Singapore", "+65"),
    ("ZA", "South Africa", "+27"),
    ("NG", "Nigeria", "+234"),
    ("KE", "Kenya", "+254"),
];

/// The picker's label for a country: its name where known, else its code.
pub fn country_label(code: &str, dial: &str) -> String {
    let name = COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, name, _)| name);
    format!("{name} ({dial})")
}
