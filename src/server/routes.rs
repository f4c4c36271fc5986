//! The request handlers, each a thin call into the engine.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::error::ApiError;
use super::page;
use super::params::Params;
use super::reload;
use super::state::AppState;
use crate::catalog::Condition;
use crate::search::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS, SearchRequest};
use crate::suggest::{self, MAX_SUGGESTIONS};

/// The text of `q`, checked: present, not blank, not too long.
fn query_text(params: &Params) -> Result<&str, ApiError> {
    let q = params.query()?;
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(
            "query_too_long",
            format!("parameter 'q' has {chars} characters; the most accepted is {MAX_QUERY_CHARS}"),
        ));
    }
    Ok(q)
}

/// `GET /search?q=&limit=`: the engine's response.
pub async fn search(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let q = query_text(&params)?;
    let limit = params.number("limit", 1, MAX_LIMIT, DEFAULT_LIMIT)?;
    let response = state.engine().search(&SearchRequest::new(q).limit(limit))?;
    state
        .metrics
        .searched(response.is_answered(), response.crisis);
    if state.log_queries {
        tracing::info!(
            query = q,
            hits = response.hits.len(),
            answered = response.is_answered(),
            "search"
        );
    }
    Ok(Json(response).into_response())
}

#[derive(Serialize)]
struct Suggestions<'a> {
    query: &'a str,
    suggestions: Vec<suggest::Suggestion>,
}

/// `GET /suggest?q=&limit=`: completions for the search box.
pub async fn suggest(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let q = query_text(&params)?;
    let limit = params.number("limit", 1, MAX_SUGGESTIONS, MAX_SUGGESTIONS)?;
    let suggestions = suggest::suggest(&state.engine(), q, limit)?;
    Ok(Json(Suggestions {
        query: q,
        suggestions,
    })
    .into_response())
}

#[derive(Serialize)]
struct ConditionSummary<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    summary: &'a str,
}

/// `GET /conditions`: every page, briefly.
pub async fn conditions(State(state): State<AppState>) -> Response {
    let engine = state.engine();
    let list: Vec<ConditionSummary<'_>> = engine
        .catalog()
        .conditions()
        .iter()
        .map(|c| ConditionSummary {
            slug: &c.slug,
            title: &c.title,
            url: c.url(),
            summary: &c.summary,
        })
        .collect();
    Json(list).into_response()
}

/// Whether the client prefers HTML (a browser following a result link) to JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// `GET /conditions/{slug}`: the parsed page, as JSON, or as HTML for a browser.
pub async fn condition(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let engine = state.engine();
    let page: &Condition = engine
        .catalog()
        .get(&slug)
        .ok_or_else(|| ApiError::NotFound(format!("no condition page with slug '{slug}'")))?;
    Ok(if wants_html(&headers) {
        Html(page::condition_html(page)).into_response()
    } else {
        Json(page).into_response()
    })
}

/// `GET /healthz`: the process is up.
pub async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

/// `GET /readyz`: an index is loaded and answers a search.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let engine = state.engine();
    match engine.search(&SearchRequest::new("pain").limit(1)) {
        Ok(r) if !r.hits.is_empty() => Json(json!({
            "status": "ready",
            "pages": engine.info().pages,
            "version": engine.info().version,
        }))
        .into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({ "error": { "code": "not_ready", "message": "the index does not answer" } }),
            ),
        )
            .into_response(),
    }
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(&state.engine()),
    )
        .into_response()
}

/// `POST /coverage`: the coverage report (JSON) of the keyword list in the body (CSV, TSV or
/// one query per line), computed off the request threads.
pub async fn coverage(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "empty_body",
            "send the keyword list as the request body: CSV or TSV with a header, or one query per line",
        ));
    }
    let engine = state.engine();
    let report = tokio::task::spawn_blocking(move || {
        let ingested = crate::coverage::ingest::read("request body", body.as_ref())?;
        crate::coverage::analyze(&engine, ingested, &|_| {})
    })
    .await
    .map_err(|e| ApiError::Internal(format!("coverage task failed: {e}")))??;
    Ok(Json(report).into_response())
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /admin/reload` (only when an admin token is configured): reload the content.
pub async fn admin_reload(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = state
        .admin_token
        .as_deref()
        .ok_or(ApiError::NotFound("no such route".into()))?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.as_bytes(), expected.as_bytes()) {
        return Err(ApiError::Unauthorized);
    }
    let reloaded = reload::reload(&state).await?;
    Ok(Json(json!({ "status": "reloaded", "content": reloaded })).into_response())
}

/// Any route that does not exist.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such route; see / for the search page, /search?q= for the API".into())
}

/// A route that exists, called with a method it does not accept.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
