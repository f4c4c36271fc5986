//! The HTTP service for the website's search box: a thin axum layer over the engine.
//!
//! [`router`] builds the whole app (routes, limits, CORS, metrics, JSON errors), so tests call
//! it directly with `tower::ServiceExt::oneshot`; [`serve`] runs it on a socket with live
//! reload on SIGHUP and graceful shutdown on SIGTERM / Ctrl-C.

mod error;
mod metrics;
mod page;
mod params;
mod reload;
mod routes;
mod state;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use metrics::Metrics;
pub use params::Params;
pub use reload::{Reloaded, reload};
pub use state::AppState;

use crate::source::Source;

/// How the service runs; every field has a flag and an environment variable in the CLI.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Where the pages are read from (at start and on reload).
    pub catalog: Source,
    /// Where the synonym tables are read from.
    pub synonyms: Source,
    /// Origins allowed to call the API from a browser; none means same-origin only.
    pub cors_origins: Vec<String>,
    /// Token for `POST /admin/reload`; without one the route does not exist.
    pub admin_token: Option<String>,
    /// Longest a request may take before it is answered 408.
    pub request_timeout: Duration,
    /// Requests answered at once; beyond it, 503 at once rather than a growing queue.
    pub max_in_flight: usize,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Log each query's text (never with a client address).
    pub log_queries: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            catalog: Source::Embedded,
            synonyms: Source::Embedded,
            cors_origins: Vec::new(),
            admin_token: None,
            request_timeout: Duration::from_secs(5),
            max_in_flight: 1024,
            max_body_bytes: 8 * 1024 * 1024,
            log_queries: false,
        }
    }
}

/// Counts and times every request, and logs it without its query string or client address.
async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("other", |p| p.as_str())
        .to_string();
    let method = request.method().clone();
    let started = Instant::now();
    state.metrics.started();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status();
    state.metrics.finished(&route, status.as_u16(), elapsed);
    if status.is_server_error() {
        tracing::warn!(%method, %route, status = status.as_u16(), micros = elapsed.as_micros() as u64, "request failed");
    } else {
        tracing::debug!(%method, %route, status = status.as_u16(), micros = elapsed.as_micros() as u64, "request");
    }
    response
}

/// Gives error responses made by middleware (timeouts, body limits) the JSON body every other
/// error has, and sets headers every response carries.
async fn finish(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (response.status().is_client_error() || response.status().is_server_error()) && !is_json {
        response = ApiError::from_status(response.status()).into_response();
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"),
    );
    response
}

/// The whole app for `state`, with the limits and CORS of `config`.
pub fn router(state: AppState, config: &Config) -> Router {
    let mut app = Router::new()
        .route("/", get(page::index))
        .route("/assets/{file}", get(page::asset))
        .route("/search", get(routes::search))
        .route("/suggest", get(routes::suggest))
        .route("/conditions", get(routes::conditions))
        .route("/conditions/{slug}", get(routes::condition))
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(routes::metrics))
        .route("/coverage", post(routes::coverage));
    if state.admin_token.is_some() {
        app = app.route("/admin/reload", post(routes::admin_reload));
    }
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            ApiError::Overloaded
        }))
        .load_shed()
        .concurrency_limit(config.max_in_flight)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes));
    let mut app = app
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(limits);
    if !config.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    app.layer(middleware::from_fn(finish))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .with_state(state)
}

/// Resolves when the process is asked to stop (SIGTERM or Ctrl-C).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Reloads the content on every SIGHUP.
#[cfg(unix)]
fn reload_on_hangup(state: AppState) {
    tokio::spawn(async move {
        let Ok(mut hangups) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("cannot listen for SIGHUP; reload with POST /admin/reload instead");
            return;
        };
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading content");
            // The outcome is logged by `reload` either way.
            let _ = reload(&state).await;
        }
    });
}

/// Serves `state` on `listener` until SIGTERM or Ctrl-C, reloading on SIGHUP.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    config: &Config,
) -> std::io::Result<()> {
    #[cfg(unix)]
    reload_on_hangup(state.clone());
    let app = router(state, config);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}
