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

pub fn usage(pid: u32) -> Usage {
    // Summed over every thread: /proc/<pid>/schedstat alone is the main
    // thread's. Its first field is nanoseconds on a CPU, finer than stat's
    // 10 ms ticks.
    let cpu_ns: f64 = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .sum();
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
        cpu_seconds: cpu_ns / 1e9,
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
}
