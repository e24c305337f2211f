//! `domain::numbering`'s table is libphonenumber's numbering plan: built
//! again here from its metadata and compared byte for byte, and its answers
//! compared with libphonenumber's own on every calling code.
//!
//! After a `phonenumber` upgrade: `REGENERATE=1 cargo test -p domain --test
//! numbering` writes the table anew.

mod plan;

#[test]
fn the_table_is_built_from_libphonenumbers_metadata() {
    let tree = plan::build();
    let table = plan::encode(&tree);
    println!(
        "{} nodes, {} regions, {} bytes",
        tree.nodes.len(),
        tree.regions.0.len(),
        table.len()
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/numbering.bin");
    if std::env::var_os("REGENERATE").is_some() {
        std::fs::write(path, &table).unwrap();
    }
    let committed = std::fs::read(path).unwrap_or_default();
    assert!(
        committed == table,
        "domain/src/numbering.bin is not what libphonenumber's metadata gives: \
         REGENERATE=1 cargo test -p domain --test numbering"
    );
}

use domain::numbering::classify;
use domain::{E164, LineType, PhoneNumber};
use phonenumber::metadata::DATABASE;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// libphonenumber's word on `number`: its region and line, or None when it
/// is not a number, or not in the form libphonenumber writes.
fn libphonenumber(number: &str) -> Option<(Option<String>, LineType)> {
    let parsed = PhoneNumber::parse(number).ok()?;
    (parsed.as_e164() == number).then(|| (parsed.region().map(str::to_owned), parsed.line()))
}

fn table(number: &str) -> Option<Option<(Option<String>, LineType)>> {
    let e164 = E164::parse(number).ok()?;
    Some(classify(&e164).map(|(region, line)| (region.map(str::to_owned), line)))
}

/// What the SMS policy decides by: the region of a number that can take a
/// text (a mobile line, or one that may be), or None.
fn textable(said: &Option<(Option<String>, LineType)>) -> Option<Option<String>> {
    said.as_ref()
        .filter(|(_, line)| *line != LineType::Other)
        .map(|(region, _)| region.clone())
}

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

/// Numbers for every calling code: each region's example numbers, each
/// with its last digits drawn anew at every cut, or a digit more or less;
/// with a leading zero or the national prefix before them; and digits
/// drawn at every length.
fn samples() -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut out = Vec::new();
    for code in (1..1000u16).filter(|c| DATABASE.region(c).is_some()) {
        let cc = code.to_string();
        for meta in DATABASE.by_code(&code).unwrap() {
            let d = meta.descriptors();
            let descriptors = [
                Some(d.general()),
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.shared_cost(),
                d.personal_number(),
                d.voip(),
                d.pager(),
                d.uan(),
                d.voicemail(),
            ];
            for example in descriptors.into_iter().flatten().filter_map(|d| d.example()) {
                out.push(format!("+{cc}{example}"));
                out.push(format!("+{cc}0{example}"));
                if let Some(prefix) = meta.national_prefix() {
                    out.push(format!("+{cc}{prefix}{example}"));
                }
                for cut in 0..example.len() {
                    for len in [example.len() - 1, example.len(), example.len() + 1] {
                        if len > cut {
                            let rest = digits(&mut rng, len - cut);
                            out.push(format!("+{cc}{}{rest}", &example[..cut]));
                        }
                    }
                }
            }
        }
        for len in 2..=15 - cc.len() {
            for _ in 0..12 {
                out.push(format!("+{cc}{}", digits(&mut rng, len)));
            }
        }
    }
    out
}

#[test]
fn the_table_answers_as_libphonenumber_does() {
    let samples = samples();
    let mut compared = 0;
    let mut valid = 0;
    let mut mismatches = Vec::new();
    for number in &samples {
        let Some(table) = table(number) else { continue };
        compared += 1;
        let expected = libphonenumber(number);
        valid += usize::from(expected.is_some());
        if textable(&table) != textable(&expected) {
            mismatches.push(format!("{number}: table {table:?}, libphonenumber {expected:?}"));
        }
    }
    println!("{compared} numbers compared, {valid} of them valid");
    assert!(valid > 10_000, "too few valid numbers to say much: {valid}");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ, e.g.:\n{}",
        mismatches.len(),
        mismatches.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}
