//! Timings of one operation, printed as mean, median and 99th percentile
//! (shared by the benches through `#[path]`).

use std::time::Duration;

pub struct Figures(pub Vec<Duration>);

impl Figures {
    pub fn print(mut self, backend: &str, what: &str) {
        self.0.sort();
        let n = self.0.len();
        let pct = |p: f64| self.0[((n as f64 * p) as usize).min(n - 1)];
        let mean = self.0.iter().sum::<Duration>() / n as u32;
        println!(
            "{backend:<9} {what:<34} n={n:<4} mean={:>8.3} ms  p50={:>8.3} ms  p99={:>8.3} ms",
            ms(mean),
            ms(pct(0.50)),
            ms(pct(0.99))
        );
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
