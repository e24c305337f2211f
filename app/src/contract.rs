//! What the server's pages and the browser bundle agree on: the `data-*`
//! attributes the components write and the bundle reads, and the files the
//! two compile in common. [`FINGERPRINT`] is a hash of those files, worked
//! out when each side is compiled (the bundle includes this file by path):
//! the server writes it on every page (`<body data-bundle>`), and a bundle
//! built from other sources (say `cargo leptos watch`'s site beside a plain
//! `cargo build`'s server) finds another one, says so in the console, and
//! leaves the page as the plain HTML it works as.

/// FNV-1a, which a `const` can compute.
const fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The files that make the agreement, both sides'.
const FILES: [&[u8]; 12] = [
    include_bytes!("../../frontend/src/lib.rs"),
    include_bytes!("../../frontend/src/countdown.rs"),
    include_bytes!("../../frontend/src/code_field.rs"),
    include_bytes!("../../frontend/src/proof.rs"),
    include_bytes!("../../frontend/src/webotp.rs"),
    include_bytes!("clock.rs"),
    include_bytes!("proof.rs"),
    include_bytes!("../../domain/src/paste.rs"),
    include_bytes!("components/countdown.rs"),
    include_bytes!("components/fields.rs"),
    include_bytes!("components/proof.rs"),
    include_bytes!("components/scripts.rs"),
];

pub const FINGERPRINT: u64 = {
    let mut hash = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < FILES.len() {
        hash = fnv(hash, FILES[i]);
        i += 1;
    }
    hash
};

/// [`FINGERPRINT`] as the page carries it.
pub fn fingerprint() -> String {
    format!("{FINGERPRINT:016x}")
}
