//! The HTTP service, black box: every endpoint and every bad input, in process with
//! `tower::ServiceExt::oneshot`; a reload (good, then broken content) while other tasks search;
//! and one test on a real socket (port 0, loopback) for graceful shutdown.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use condsearch::Engine;
use condsearch::server::{self, AppState, Config};
use condsearch::source::Source;

fn app_with(config: Config, token: Option<&str>) -> Router {
    let (engine, _) = Engine::load(&config.catalog, &config.synonyms).expect("content loads");
    let state = AppState::new(
        engine,
        config.catalog.clone(),
        config.synonyms.clone(),
        token.map(String::from),
        false,
    );
    server::router(state, &config)
}

fn app() -> Router {
    app_with(Config::default(), None)
}

async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, body, headers)
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    send(app, method, uri, headers, Body::empty()).await
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, body, headers) = call(app, Method::GET, uri, &[]).await;
    assert!(
        headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{uri}: not JSON"
    );
    (status, serde_json::from_slice(&body).unwrap())
}

async fn error_code(app: &Router, uri: &str) -> (StatusCode, String) {
    let (status, body) = get_json(app, uri).await;
    (status, body["error"]["code"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn search_returns_the_engine_response() {
    let app = app();
    let (status, body) = get_json(&app, "/search?q=fibromyalga&limit=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["query"], "fibromyalga");
    assert_eq!(body["hits"][0]["slug"], "fibromyalgia");
    assert_eq!(body["hits"][0]["url"], "/conditions/fibromyalgia");
    assert_eq!(body["hits"][0]["confidence"], "high");
    assert!(
        body["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>")
    );
    assert!(!body["hits"][0]["why"].as_array().unwrap().is_empty());
    assert_eq!(body["did_you_mean"], "fibromyalgia");
    assert_eq!(body["crisis"], false);
    assert!(body["took_us"].as_u64().is_some());
    assert!(body["hits"].as_array().unwrap().len() <= 3);
}

#[tokio::test]
async fn search_decodes_unicode_and_flags_crisis() {
    let app = app();
    let (_, body) = get_json(&app, "/search?q=Horton%E2%80%99s%20headache").await;
    assert_eq!(body["hits"][0]["slug"], "cluster-headache");
    let (_, body) = get_json(&app, "/search?q=i+want+to+die").await;
    assert_eq!(body["crisis"], true);
}

#[tokio::test]
async fn search_rejects_bad_input_with_400() {
    let app = app();
    let long = format!("/search?q={}", "a".repeat(257));
    for (uri, code) in [
        ("/search", "missing_parameter"),
        ("/search?q=", "empty_query"),
        ("/search?q=+++", "empty_query"),
        (long.as_str(), "query_too_long"),
        ("/search?q=pain&limit=0", "invalid_limit"),
        ("/search?q=pain&limit=51", "invalid_limit"),
        ("/search?q=pain&limit=ten", "invalid_limit"),
        ("/search?q=pain&limit=-1", "invalid_limit"),
        ("/search?q=100%", "invalid_encoding"),
        ("/search?q=%E2%28%A1", "invalid_encoding"),
        ("/search?q=a&q=b", "duplicate_parameter"),
    ] {
        assert_eq!(
            error_code(&app, uri).await,
            (StatusCode::BAD_REQUEST, code.to_string()),
            "{uri}"
        );
    }
    let (_, body) = get_json(&app, "/search?q=pain&limit=ten").await;
    assert_eq!(
        body["error"]["message"],
        "parameter 'limit' must be a whole number from 1 to 50, got 'ten'"
    );
}

#[tokio::test]
async fn limit_bounds_are_inclusive() {
    let app = app();
    assert_eq!(
        get_json(&app, "/search?q=pain&limit=1").await.1["hits"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        get_json(&app, "/search?q=pain&limit=50").await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn suggest_completes_and_tolerates_typos() {
    let app = app();
    let (status, body) = get_json(&app, "/suggest?q=fibromyal").await;
    assert_eq!(status, StatusCode::OK);
    let first = &body["suggestions"][0];
    assert_eq!(first["text"], "Fibromyalgia");
    assert_eq!(first["slug"], "fibromyalgia");
    assert!(body["suggestions"].as_array().unwrap().len() <= 8);
    let (_, body) = get_json(&app, "/suggest?q=trigemenal").await;
    assert_eq!(body["suggestions"][0]["slug"], "trigeminal-neuralgia");
    assert_eq!(error_code(&app, "/suggest").await.1, "missing_parameter");
    assert_eq!(
        error_code(&app, "/suggest?q=x&limit=9").await.1,
        "invalid_limit"
    );
}

#[tokio::test]
async fn conditions_list_and_pages() {
    let app = app();
    let (status, body) = get_json(&app, "/conditions").await;
    assert_eq!(status, StatusCode::OK);
    let list = body.as_array().unwrap();
    assert_eq!(list.len(), 25);
    for key in ["slug", "title", "url", "summary"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let (status, page) = get_json(&app, "/conditions/complex-regional-pain-syndrome").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["icd11"][0], "MG30.04");
    assert_eq!(page["sections"].as_array().unwrap().len(), 9);
    assert_eq!(
        error_code(&app, "/conditions/no-such-page").await,
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let (status, html, headers) = call(
        &app,
        Method::GET,
        "/conditions/fibromyalgia",
        &[("accept", "text/html")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("<h1>Fibromyalgia</h1>")
    );
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = app();
    assert_eq!(get_json(&app, "/healthz").await.1["status"], "ok");
    let (status, ready) = get_json(&app, "/readyz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ready["pages"], 25);
    get_json(&app, "/search?q=asdfgh").await;
    get_json(&app, "/search").await;
    let (status, body, headers) = call(&app, Method::GET, "/metrics", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8(body).unwrap();
    for line in [
        "condsearch_http_requests_total{route=\"/search\",status=\"200\"} 1",
        "condsearch_http_requests_total{route=\"/search\",status=\"400\"} 1",
        "condsearch_searches_unanswered_total 1",
        "condsearch_catalog_pages 25",
        "# TYPE condsearch_http_request_duration_seconds histogram",
        "condsearch_catalog_load_seconds ",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods() {
    let app = app();
    assert_eq!(
        error_code(&app, "/nope").await,
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let (status, body, _) = call(&app, Method::POST, "/search?q=pain", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"],
        "method_not_allowed"
    );
    let (status, _, _) = call(&app, Method::DELETE, "/conditions", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // Without an admin token the reload route does not exist.
    let (status, _, _) = call(&app, Method::POST, "/admin/reload", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_page_and_assets() {
    let app = app();
    let (status, body, headers) = call(&app, Method::GET, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("role=\"combobox\"") && html.contains("role=\"listbox\""));
    assert!(html.contains("<label for=\"q\""));
    let (status, _, headers) = call(&app, Method::GET, "/assets/app.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(
        call(&app, Method::GET, "/assets/evil.js", &[]).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn cors_is_off_by_default_and_follows_the_configured_origins() {
    let (_, _, headers) = call(
        &app(),
        Method::GET,
        "/search?q=pain",
        &[("origin", "https://example.org")],
    )
    .await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let config = Config {
        cors_origins: vec!["https://clinic.example".into()],
        ..Config::default()
    };
    let app = app_with(config, None);
    let (_, _, headers) = call(
        &app,
        Method::GET,
        "/search?q=pain",
        &[("origin", "https://clinic.example")],
    )
    .await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://clinic.example"
    );
    let (_, _, headers) = call(
        &app,
        Method::GET,
        "/search?q=pain",
        &[("origin", "https://evil.example")],
    )
    .await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn oversized_bodies_get_413_as_json() {
    let config = Config {
        max_body_bytes: 16,
        ..Config::default()
    };
    let app = app_with(config, Some("secret"));
    let (status, body, _) = send(
        &app,
        Method::POST,
        "/admin/reload",
        &[
            ("authorization", "Bearer secret"),
            ("content-length", "100"),
        ],
        Body::from(vec![b'x'; 100]),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "too_large");
}

#[tokio::test]
async fn reload_needs_the_token() {
    let app = app_with(Config::default(), Some("s3cret"));
    for auth in [None, Some("Bearer wrong"), Some("s3cret")] {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        let (status, body, _) = call(&app, Method::POST, "/admin/reload", &headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"],
            "unauthorized"
        );
    }
    let (status, body, _) = call(
        &app,
        Method::POST,
        "/admin/reload",
        &[("authorization", "Bearer s3cret")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["content"]["pages"],
        25
    );
}

#[tokio::test]
async fn coverage_takes_a_keyword_list_and_returns_the_report() {
    let app = app();
    let post = |body: &'static str| {
        let app = app.clone();
        async move {
            let (status, body, _) = send(
                &app,
                Method::POST,
                "/coverage",
                &[("content-type", "text/csv")],
                Body::from(body),
            )
            .await;
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (status, body) = post("  \n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "empty_body");
}

/// Reloads good content, then broken content, while other tasks search; no search fails and the
/// broken content is refused with its diagnostics while the good content keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_swaps_content_without_failing_searches() {
    let content = common::Content::fixture();
    let config = Config {
        catalog: Source::Dir(content.catalog()),
        synonyms: Source::Dir(content.synonyms()),
        ..Config::default()
    };
    let app = app_with(config, Some("token"));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let searches = Arc::new(AtomicUsize::new(0));
    let mut searchers = Vec::new();
    for _ in 0..4 {
        let (app, stop, failures, searches) = (
            app.clone(),
            stop.clone(),
            failures.clone(),
            searches.clone(),
        );
        searchers.push(tokio::spawn(async move {
            // Bounded: at most 10,000 searches per task.
            for _ in 0..10_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let (status, _, _) = call(&app, Method::GET, "/search?q=alpha+pain", &[]).await;
                searches.fetch_add(1, Ordering::Relaxed);
                if status != StatusCode::OK {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let reload = || {
        call(
            &app,
            Method::POST,
            "/admin/reload",
            &[("authorization", "Bearer token")],
        )
    };

    // Good new content: a fourth page.
    let gamma = std::fs::read_to_string(content.catalog().join("gamma-headache.md")).unwrap();
    content.write(
        "catalog/delta-ache.md",
        &gamma
            .replace("gamma-headache", "delta-ache")
            .replace("Gamma Headache", "Delta Ache")
            .replace("gamma headache behind one eye", "delta ache in the toes")
            .replace("Gammagraine", "Deltalgia"),
    );
    let (status, body, _) = reload().await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(
        get_json(&app, "/conditions")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Broken new content: refused, and the four pages keep serving.
    content.edit(
        "catalog/delta-ache.md",
        "related = []",
        "related = [\"nowhere\"]",
    );
    let (status, body, _) = reload().await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "invalid_content");
    let diagnostics = body["error"]["diagnostics"].as_array().unwrap();
    let errors: Vec<&str> = diagnostics
        .iter()
        .filter_map(Value::as_str)
        .filter(|d| d.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{diagnostics:?}");
    assert!(
        errors[0].ends_with(
            "delta-ache.md:11: error: related slug 'nowhere' has no page in the catalog"
        ),
        "{errors:?}"
    );
    assert_eq!(
        get_json(&app, "/conditions")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        4
    );

    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.store(true, Ordering::Relaxed);
    for s in searchers {
        s.await.unwrap();
    }
    assert!(searches.load(Ordering::Relaxed) > 0);
    assert_eq!(failures.load(Ordering::Relaxed), 0);
    let (_, metrics, _) = call(&app, Method::GET, "/metrics", &[]).await;
    let metrics = String::from_utf8(metrics).unwrap();
    assert!(metrics.contains("condsearch_reloads_total{result=\"ok\"} 1"));
    assert!(metrics.contains("condsearch_reloads_total{result=\"refused\"} 1"));
}

/// A real socket on port 0: the service answers, and a shutdown lets the request in flight
/// finish.
#[tokio::test]
async fn serves_on_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::default();
    let engine = Engine::embedded().unwrap();
    let state = AppState::new(engine, Source::Embedded, Source::Embedded, None, false);
    let app = server::router(state, &config);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /search?q=ptsd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("post-traumatic-stress-disorder"));
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}
