//! `condsearch serve`: the HTTP service. Flags fall back to environment variables, so the same
//! binary configures the same way in a terminal, a container or a systemd unit.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use tracing_subscriber::EnvFilter;

use condsearch::Engine;
use condsearch::server::{self, AppState, Config};

use super::ContentArgs;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "CONDSEARCH_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Origin allowed to call the API from a browser (repeat, or comma-separate in the
    /// variable); none by default: only the service's own page
    #[arg(
        long = "cors-origin",
        env = "CONDSEARCH_CORS_ORIGINS",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,
    /// Seconds a request may take before it is answered 408
    #[arg(long, env = "CONDSEARCH_REQUEST_TIMEOUT_SECS", default_value_t = 5)]
    request_timeout_secs: u64,
    /// Requests answered at once; beyond it the service answers 503 at once
    #[arg(long, env = "CONDSEARCH_MAX_IN_FLIGHT", default_value_t = 1024)]
    max_in_flight: usize,
    /// Largest request body accepted, in bytes
    #[arg(long, env = "CONDSEARCH_MAX_BODY_BYTES", default_value_t = 8 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Log the text of each query (never with a client address); off by default because
    /// health searches are sensitive
    #[arg(long, env = "CONDSEARCH_LOG_QUERIES")]
    log_queries: bool,
    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `condsearch=debug`
    #[arg(long, env = "CONDSEARCH_LOG", default_value = "info")]
    log: String,
    /// Worker threads [default: one per core]
    #[arg(long, env = "CONDSEARCH_WORKERS")]
    workers: Option<usize>,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: ServeArgs) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_new(&args.log)
                .with_context(|| format!("invalid --log filter '{}'", args.log))?,
        )
        .with_target(false)
        .init();
    // The token comes only from the environment, never a flag: flags show in process lists.
    let admin_token = std::env::var("CONDSEARCH_ADMIN_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let (catalog, synonyms) = args.content.sources();
    let config = Config {
        addr: args.addr,
        catalog: catalog.clone(),
        synonyms: synonyms.clone(),
        cors_origins: args.cors_origins.clone(),
        admin_token: admin_token.clone(),
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        max_in_flight: args.max_in_flight,
        max_body_bytes: args.max_body_bytes,
        log_queries: args.log_queries,
    };
    tracing::info!(
        addr = %config.addr,
        catalog = %catalog.describe(),
        synonyms = %synonyms.describe(),
        cors_origins = ?config.cors_origins,
        admin_reload = if admin_token.is_some() { "enabled (CONDSEARCH_ADMIN_TOKEN)" } else { "disabled" },
        request_timeout_secs = args.request_timeout_secs,
        max_in_flight = config.max_in_flight,
        max_body_bytes = config.max_body_bytes,
        log_queries = config.log_queries,
        "condsearch {} starting",
        env!("CARGO_PKG_VERSION"),
    );
    let (engine, warnings) = Engine::load_with(&catalog, &synonyms, args.content.ranking()?)
        .context("cannot load the content to serve")?;
    match &engine.info().semantic_model {
        Some(model) => tracing::info!(
            model = %model,
            units = engine.info().semantic_units,
            "meaning: queries that describe rather than name a page are ranked with the sentence model"
        ),
        None => tracing::warn!(
            "meaning: no sentence model in this build (feature `semantic` off); ranking is lexical only"
        ),
    }
    tracing::info!(
        pages = engine.info().pages,
        synonym_rules = engine.info().synonym_rules,
        version = %engine.info().version,
        warnings = warnings.warning_count(),
        build_ms = engine.info().build_time.as_secs_f64() * 1000.0,
        "content loaded"
    );
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = args.workers {
        runtime.worker_threads(workers);
    }
    let runtime = runtime
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        tracing::info!("listening on http://{}", listener.local_addr()?);
        let state = AppState::new(engine, catalog, synonyms, admin_token, config.log_queries);
        server::serve(listener, state, &config)
            .await
            .context("the server failed")
    })?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}
