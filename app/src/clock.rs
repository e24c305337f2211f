//! How a countdown reads (`2:05`): the server writes it and the browser
//! bundle keeps it moving, so both compile this file (the bundle includes
//! it by path, keeping Leptos out of the browser).

/// `2:05`, as people read a timer.
pub fn clock_text(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// What a countdown says: `running` with `{}` as the time left, `done` at
/// zero.
pub fn said(seconds: u64, running: &str, done: &str) -> String {
    match seconds {
        0 => done.to_owned(),
        s => running.replace("{}", &clock_text(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::{clock_text, said};

    #[test]
    fn timer_text() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(59), "0:59");
        assert_eq!(clock_text(180), "3:00");
        assert_eq!(clock_text(3725), "62:05");
    }

    #[test]
    fn a_countdown_says_its_time_then_its_end() {
        assert_eq!(said(125, "Expires in {}.", "Expired."), "Expires in 2:05.");
        assert_eq!(said(0, "Expires in {}.", "Expired."), "Expired.");
    }
}
