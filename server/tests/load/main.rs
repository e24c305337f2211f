//! The heavy tests, in a binary of their own: cargo runs test binaries one
//! after another, so their load (hundreds of journeys at once against a
//! debug build on two cores) never starves the servers of the other tests.
//! Run alongside them, a page of another test once waited past its 20 s
//! guard. They share `tests/it`'s support module (parts of it go unused here).

#[allow(dead_code)]
#[path = "../it/support/mod.rs"]
mod support;

mod pages;
mod pumping;
mod soak;
