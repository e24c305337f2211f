//! Finding a one-time code in what a person pasted or typed. Plain code with
//! no dependencies: the browser bundle (`frontend`) compiles this file by
//! path, so the page submits exactly what the server will accept.

/// The code of `digits` digits in `input`: the one run of exactly that many
/// ASCII digits, where a space or dash between two digits continues a run
/// ("471 674"). The same run more than once counts once (our texts carry
/// the code twice); none, or two different ones, is None.
pub fn code_in(input: &str, digits: usize) -> Option<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if (c == ' ' || c == '-') && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    let mut found = runs.into_iter().filter(|r| r.len() == digits);
    let first = found.next()?;
    found.all(|r| r == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::code_in;

    #[test]
    fn the_one_run_of_the_codes_length() {
        assert_eq!(code_in("471674", 6).as_deref(), Some("471674"));
        assert_eq!(code_in("471 674", 6).as_deref(), Some("471674"));
        assert_eq!(code_in("471-674", 6).as_deref(), Some("471674"));
        let text = "471674 is your Shop sign-in code. It expires in 3 minutes.\n\n@shop.example #471674";
        assert_eq!(code_in(text, 6).as_deref(), Some("471674"));
        assert_eq!(code_in("4716", 6), None);
        assert_eq!(code_in("471674 or 123456", 6), None);
        assert_eq!(code_in("12345678", 6), None);
        assert_eq!(code_in("", 6), None);
    }
}
