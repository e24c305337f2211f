//! What the tests and benchmarks of several crates share. Never a normal
//! dependency: production code does not link it.

pub mod events;
pub mod logs;
pub mod process;

/// A loopback port nothing listens on right now (for a process that must be
/// told its port before it starts; in-process servers bind port 0 instead).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
