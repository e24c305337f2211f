//! How a countdown reads (`2:05`): the server writes it and the browser
//! bundle keeps it moving, so both compile this file (the bundle includes
//! it by path, keeping Leptos out of the browser).

/// `2:05`, as people read a timer.
pub fn clock_text(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::clock_text;

    #[test]
    fn timer_text() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(59), "0:59");
        assert_eq!(clock_text(180), "3:00");
        assert_eq!(clock_text(3725), "62:05");
    }
}
