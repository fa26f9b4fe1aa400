//! Process CPU time (Linux `/proc/self/stat`), so throughput on a shared machine can be reported per CPU second.

/// User + system CPU seconds used by this process so far, or `None` where `/proc` is unavailable.
/// Assumes the usual Linux clock tick of 100 Hz.
pub fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_time_grows_with_work() {
        let Some(a) = super::process_cpu_seconds() else {
            return;
        };
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let b = super::process_cpu_seconds().unwrap_or(a);
        assert!(b >= a);
    }
}
