//! Prometheus metrics: requests by route and status, a latency histogram per route, searches
//! with no confident answer, reloads, and the loaded catalog's version and load time.
//!
//! Counters are fixed arrays of atomics (routes and statuses are known in advance), so
//! recording a request never takes a lock.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, UNIX_EPOCH};

use crate::engine::Engine;

/// The routes, as axum matches them; anything else is counted as `other`.
pub const ROUTES: [&str; 12] = [
    "/",
    "/assets/{file}",
    "/search",
    "/suggest",
    "/conditions",
    "/conditions/{slug}",
    "/coverage",
    "/healthz",
    "/readyz",
    "/metrics",
    "/admin/reload",
    "other",
];

/// Statuses counted by value; anything else is counted as `other`.
const STATUSES: [u16; 11] = [200, 400, 401, 404, 405, 408, 413, 422, 500, 503, 0];

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 10] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0,
];

/// The service's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: [[AtomicU64; STATUSES.len()]; ROUTES.len()],
    buckets: [[AtomicU64; BUCKETS.len()]; ROUTES.len()],
    latency_sum_us: [AtomicU64; ROUTES.len()],
    latency_count: [AtomicU64; ROUTES.len()],
    in_flight: AtomicI64,
    searches: AtomicU64,
    unanswered: AtomicU64,
    crisis: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
}

fn route_index(route: &str) -> usize {
    ROUTES
        .iter()
        .position(|r| *r == route)
        .unwrap_or(ROUTES.len() - 1)
}

impl Metrics {
    /// A request started.
    pub fn started(&self) {
        self.in_flight.fetch_add(1, Relaxed);
    }

    /// A request finished with `status` after `elapsed`.
    pub fn finished(&self, route: &str, status: u16, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Relaxed);
        let r = route_index(route);
        let s = STATUSES
            .iter()
            .position(|&c| c == status)
            .unwrap_or(STATUSES.len() - 1);
        self.requests[r][s].fetch_add(1, Relaxed);
        let seconds = elapsed.as_secs_f64();
        if let Some(b) = BUCKETS.iter().position(|&upper| seconds <= upper) {
            self.buckets[r][b].fetch_add(1, Relaxed);
        }
        self.latency_sum_us[r].fetch_add(elapsed.as_micros() as u64, Relaxed);
        self.latency_count[r].fetch_add(1, Relaxed);
    }

    /// A search was answered; `confident` when some hit was high or medium.
    pub fn searched(&self, confident: bool, crisis: bool) {
        self.searches.fetch_add(1, Relaxed);
        if !confident {
            self.unanswered.fetch_add(1, Relaxed);
        }
        if crisis {
            self.crisis.fetch_add(1, Relaxed);
        }
    }

    /// A reload finished.
    pub fn reloaded(&self, ok: bool) {
        if ok {
            self.reloads_ok.fetch_add(1, Relaxed);
        } else {
            self.reloads_failed.fetch_add(1, Relaxed);
        }
    }

    /// The Prometheus text exposition of every metric, with `engine` the one serving now.
    pub fn render(&self, engine: &Engine) -> String {
        let mut out = String::with_capacity(8192);
        let w = &mut out;
        let _ = writeln!(
            w,
            "# HELP condsearch_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(w, "# TYPE condsearch_http_requests_total counter");
        for (r, route) in ROUTES.iter().enumerate() {
            for (s, status) in STATUSES.iter().enumerate() {
                let n = self.requests[r][s].load(Relaxed);
                if n > 0 {
                    let status = if *status == 0 {
                        "other".to_string()
                    } else {
                        status.to_string()
                    };
                    let _ = writeln!(
                        w,
                        "condsearch_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                    );
                }
            }
        }
        let _ = writeln!(
            w,
            "# HELP condsearch_http_request_duration_seconds Time to answer a request, by route."
        );
        let _ = writeln!(
            w,
            "# TYPE condsearch_http_request_duration_seconds histogram"
        );
        for (r, route) in ROUTES.iter().enumerate() {
            let count = self.latency_count[r].load(Relaxed);
            if count == 0 {
                continue;
            }
            let mut cumulative = 0;
            for (b, upper) in BUCKETS.iter().enumerate() {
                cumulative += self.buckets[r][b].load(Relaxed);
                let _ = writeln!(
                    w,
                    "condsearch_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{upper}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                w,
                "condsearch_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let sum = self.latency_sum_us[r].load(Relaxed) as f64 / 1e6;
            let _ = writeln!(
                w,
                "condsearch_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}"
            );
            let _ = writeln!(
                w,
                "condsearch_http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
            );
        }
        let gauge = |w: &mut String, name: &str, help: &str, kind: &str, value: String| {
            let _ = writeln!(
                w,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        gauge(
            w,
            "condsearch_http_requests_in_flight",
            "Requests being answered now.",
            "gauge",
            self.in_flight.load(Relaxed).to_string(),
        );
        gauge(
            w,
            "condsearch_searches_total",
            "Searches answered.",
            "counter",
            self.searches.load(Relaxed).to_string(),
        );
        gauge(
            w,
            "condsearch_searches_unanswered_total",
            "Searches with no high or medium hit.",
            "counter",
            self.unanswered.load(Relaxed).to_string(),
        );
        gauge(
            w,
            "condsearch_searches_crisis_total",
            "Searches flagged as expressing self-harm.",
            "counter",
            self.crisis.load(Relaxed).to_string(),
        );
        let _ = writeln!(
            w,
            "# HELP condsearch_reloads_total Content reloads by result.\n# TYPE condsearch_reloads_total counter"
        );
        let _ = writeln!(
            w,
            "condsearch_reloads_total{{result=\"ok\"}} {}",
            self.reloads_ok.load(Relaxed)
        );
        let _ = writeln!(
            w,
            "condsearch_reloads_total{{result=\"refused\"}} {}",
            self.reloads_failed.load(Relaxed)
        );
        let info = engine.info();
        let _ = writeln!(
            w,
            "# HELP condsearch_catalog_info The content serving now.\n# TYPE condsearch_catalog_info gauge"
        );
        let _ = writeln!(
            w,
            "condsearch_catalog_info{{version=\"{}\",catalog=\"{}\",synonyms=\"{}\"}} 1",
            info.version,
            info.catalog_source.replace(['"', '\\'], "_"),
            info.synonyms_source.replace(['"', '\\'], "_")
        );
        gauge(
            w,
            "condsearch_catalog_pages",
            "Pages in the content serving now.",
            "gauge",
            info.pages.to_string(),
        );
        gauge(
            w,
            "condsearch_catalog_load_seconds",
            "Time the content serving now took to load and index.",
            "gauge",
            info.build_time.as_secs_f64().to_string(),
        );
        let loaded = info
            .loaded_at
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        gauge(
            w,
            "condsearch_catalog_loaded_timestamp_seconds",
            "When the content serving now was loaded (Unix time).",
            "gauge",
            loaded.to_string(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_renders() {
        let m = Metrics::default();
        m.started();
        m.finished("/search", 200, Duration::from_micros(300));
        m.started();
        m.finished("/nowhere", 404, Duration::from_millis(2));
        m.searched(false, false);
        let text = m.render(&Engine::embedded().unwrap());
        assert!(
            text.contains("condsearch_http_requests_total{route=\"/search\",status=\"200\"} 1")
        );
        assert!(text.contains("condsearch_http_requests_total{route=\"other\",status=\"404\"} 1"));
        assert!(text.contains(
            "condsearch_http_request_duration_seconds_bucket{route=\"/search\",le=\"0.0005\"} 1"
        ));
        assert!(text.contains("condsearch_searches_unanswered_total 1"));
        assert!(text.contains("condsearch_catalog_pages 25"));
        assert!(text.contains("condsearch_http_requests_in_flight 0"));
    }
}
