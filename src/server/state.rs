//! What every request handler shares: the engine serving now (swapped whole on reload), the
//! metrics, and the configuration reloads need.

use std::sync::Arc;

use arc_swap::ArcSwap;

use super::metrics::Metrics;
use crate::engine::Engine;
use crate::source::Source;

/// The shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

/// The shared state itself.
pub struct Shared {
    /// The engine serving now. A reload stores a new one; searches in flight keep the one they
    /// loaded, so none fails or waits.
    pub engine: ArcSwap<Engine>,
    /// Request and search counters.
    pub metrics: Metrics,
    /// Where a reload reads the pages from.
    pub catalog: Source,
    /// Where a reload reads the synonym tables from.
    pub synonyms: Source,
    /// The bearer token of `POST /admin/reload`; without one the route does not exist.
    pub admin_token: Option<String>,
    /// Log each query's text (never with a client address). Off by default: health searches
    /// are sensitive.
    pub log_queries: bool,
    /// Serializes reloads, so two never build at once.
    pub reload_lock: tokio::sync::Mutex<()>,
}

impl AppState {
    /// State serving `engine`, reloading from `catalog` and `synonyms`.
    pub fn new(
        engine: Engine,
        catalog: Source,
        synonyms: Source,
        admin_token: Option<String>,
        log_queries: bool,
    ) -> AppState {
        AppState {
            inner: Arc::new(Shared {
                engine: ArcSwap::from_pointee(engine),
                metrics: Metrics::default(),
                catalog,
                synonyms,
                admin_token,
                log_queries,
                reload_lock: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The engine serving now.
    pub fn engine(&self) -> Arc<Engine> {
        self.inner.engine.load_full()
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.inner
    }
}
