//! The demo search page and the HTML view of a condition page, served by the binary itself:
//! plain HTML, CSS and JavaScript compiled in, no front-end build step.

use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::error::ApiError;
use crate::catalog::Condition;
use crate::html::escape;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// `GET /`: the search page.
pub async fn index() -> Html<&'static str> {
    Html(INDEX_HTML)
}

/// `GET /assets/{file}`: the page's script and style sheet.
pub async fn asset(Path(file): Path<String>) -> Result<Response, ApiError> {
    let (body, kind) = match file.as_str() {
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        _ => return Err(ApiError::NotFound(format!("no asset '{file}'"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

/// A condition page as simple HTML, for result links followed in a browser.
pub fn condition_html(page: &Condition) -> String {
    let mut html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>\
         <body><main><p><a href=\"/\">← Search</a></p><h1>{title}</h1><p>{summary}</p>",
        title = escape(&page.title),
        summary = escape(&page.summary)
    );
    for section in &page.sections {
        html.push_str(&format!("<h2>{}</h2>", escape(&section.heading)));
        for p in &section.paragraphs {
            html.push_str(&format!("<p>{}</p>", escape(p)));
        }
        for sub in &section.subsections {
            html.push_str(&format!("<h3>{}</h3>", escape(&sub.heading)));
            for p in &sub.paragraphs {
                html.push_str(&format!("<p>{}</p>", escape(p)));
            }
        }
    }
    html.push_str(&format!(
        "<hr><p><em>{}</em></p></main></body></html>",
        escape(&page.disclaimer)
    ));
    html
}
