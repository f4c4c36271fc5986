//! Live reload: read the content again, build a new engine off the request path, and swap it in
//! whole — or keep the old one serving if the new content has errors.

use serde::Serialize;

use super::error::ApiError;
use super::state::AppState;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::Engine;
use crate::error::Error;

/// What a successful reload loaded.
#[derive(Debug, Serialize)]
pub struct Reloaded {
    /// The new content version.
    pub version: String,
    /// Pages now serving.
    pub pages: usize,
    /// Milliseconds to load and index.
    pub build_ms: f64,
    /// Warnings in the new content (pages awaiting review, ...).
    pub warnings: Vec<String>,
}

/// Reloads the content; on any error the engine serving now stays.
pub async fn reload(state: &AppState) -> Result<Reloaded, ApiError> {
    let _one_at_a_time = state.reload_lock.lock().await;
    let (catalog, synonyms) = (state.catalog.clone(), state.synonyms.clone());
    // The new engine reads meaning as the one serving does (same model, same fusion weights).
    let ranking = state.engine().ranking();
    let built =
        tokio::task::spawn_blocking(move || Engine::load_with(&catalog, &synonyms, ranking))
            .await
            .map_err(|e| ApiError::Internal(format!("reload task failed: {e}")))?;
    match built {
        Ok((engine, warnings)) => {
            let reloaded = Reloaded {
                version: engine.info().version.clone(),
                pages: engine.info().pages,
                build_ms: engine.info().build_time.as_secs_f64() * 1000.0,
                warnings: warnings.iter().map(ToString::to_string).collect(),
            };
            state.engine.store(std::sync::Arc::new(engine));
            state.metrics.reloaded(true);
            tracing::info!(version = %reloaded.version, pages = reloaded.pages, build_ms = reloaded.build_ms, "content reloaded");
            Ok(reloaded)
        }
        Err(err) => {
            state.metrics.reloaded(false);
            let diagnostics = match err {
                Error::InvalidContent(d) => d,
                other => {
                    let mut d = Diagnostics::default();
                    d.push(Diagnostic::error(
                        &state.catalog.describe(),
                        None,
                        other.to_string(),
                    ));
                    d
                }
            };
            tracing::error!(
                errors = diagnostics.error_count(),
                "reload refused; the previous content keeps serving"
            );
            for d in diagnostics.iter() {
                tracing::error!("{d}");
            }
            Err(ApiError::InvalidContent(diagnostics))
        }
    }
}
