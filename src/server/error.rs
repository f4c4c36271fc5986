//! The HTTP error type: every error leaves the service as JSON
//! `{"error": {"code": ..., "message": ...}}` with the right status.
//!
//! Client errors explain themselves; server errors say "internal error" and are logged in full.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::diagnostic::Diagnostics;

/// Everything a request can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// A parameter is missing or malformed (400).
    BadRequest {
        /// Machine-readable code (`missing_parameter`, `invalid_limit`, ...).
        code: &'static str,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// No such page or route (404).
    NotFound(String),
    /// The route exists but not for this method (405).
    MethodNotAllowed,
    /// The admin token is missing or wrong (401).
    Unauthorized,
    /// Reloaded content has errors; the old content keeps serving (422).
    InvalidContent(Diagnostics),
    /// Too many requests in flight (503).
    Overloaded,
    /// The request took longer than the configured timeout (408).
    Timeout,
    /// The request body is over the size limit (413).
    TooLarge,
    /// A bug or resource failure (500); the detail is logged, not sent.
    Internal(String),
}

impl ApiError {
    /// A 400 with a code and a message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The error a status code stands for, for responses produced by middleware with no body.
    pub fn from_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::NotFound("no such route".into()),
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Overloaded,
            StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
            s if s.is_client_error() => {
                ApiError::bad_request("bad_request", "the request is malformed")
            }
            s => ApiError::Internal(format!("status {s}")),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::BadRequest { code, message } => {
                (StatusCode::BAD_REQUEST, code, message.clone())
            }
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, "not_found", what.clone()),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not accept that method".into(),
            ),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send the admin token as 'Authorization: Bearer <token>'".into(),
            ),
            ApiError::InvalidContent(d) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_content",
                format!(
                    "the new content has {} error(s) and was not loaded; the previous content is still serving",
                    d.error_count()
                ),
            ),
            ApiError::Overloaded => (
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "too many requests in flight; retry shortly".into(),
            ),
            ApiError::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "the request took too long".into(),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is over the size limit".into(),
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error".into(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, code, message) = self.parts();
        let mut body = json!({ "error": { "code": code, "message": message } });
        if let ApiError::InvalidContent(diagnostics) = &self {
            body["error"]["diagnostics"] = json!(
                diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            );
        }
        (status, Json(body)).into_response()
    }
}

impl From<crate::error::Error> for ApiError {
    fn from(err: crate::error::Error) -> ApiError {
        match err {
            crate::error::Error::InvalidArgument { name, message } => ApiError::BadRequest {
                code: match name {
                    "limit" => "invalid_limit",
                    _ => "invalid_query",
                },
                message: format!("parameter '{name}': {message}"),
            },
            crate::error::Error::InvalidContent(d) => ApiError::InvalidContent(d),
            other => ApiError::Internal(other.to_string()),
        }
    }
}
