//! A live process's CPU time and memory, from /proc (Linux).

/// What a process has used so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// CPU time over all its threads, in seconds.
    pub cpu_seconds: f64,
    /// Resident memory now (VmRSS), KiB.
    pub rss_kib: u64,
    /// The most resident memory it has had (VmHWM), KiB.
    pub peak_rss_kib: u64,
}

/// CPU seconds of each live thread of a process, with the thread's name.
pub fn threads(pid: u32) -> Vec<(String, f64)> {
    // /proc/<pid>/schedstat alone is the main thread's. Its first field is
    // nanoseconds on a CPU, finer than stat's 10 ms ticks.
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| {
            let ns = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let ns = ns.split_whitespace().next()?.parse::<f64>().ok()?;
            let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            Some((name.trim_end().to_owned(), ns / 1e9))
        })
        .collect()
}

pub fn usage(pid: u32) -> Usage {
    let cpu_seconds: f64 = threads(pid).iter().map(|(_, s)| s).sum();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Usage {
        cpu_seconds,
        rss_kib: kib("VmRSS:"),
        peak_rss_kib: kib("VmHWM:"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let u = usage(std::process::id());
        assert!(u.rss_kib > 0 && u.peak_rss_kib >= u.rss_kib, "{u:?}");
        assert!(u.cpu_seconds > 0.0, "{u:?}");
    }

    #[test]
    fn names_each_thread() {
        let (spun, done) = std::sync::mpsc::channel();
        let spin = std::thread::Builder::new()
            .name("named-spinner".into())
            .spawn(move || {
                let start = std::time::Instant::now();
                let mut n = 0u64;
                while start.elapsed() < std::time::Duration::from_millis(20) {
                    n = std::hint::black_box(n + 1);
                }
                spun.send(()).unwrap();
                std::thread::park();
            })
            .unwrap();
        done.recv().unwrap();
        let t = threads(std::process::id());
        spin.thread().unpark();
        let (_, cpu) = t
            .iter()
            .find(|(name, _)| name == "named-spinner")
            .expect("the thread is listed");
        assert!(*cpu > 0.0, "{t:?}");
    }
}
