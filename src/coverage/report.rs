//! Renders a coverage [`Report`] as a terminal table, CSV, JSON or one self-contained HTML file.

use std::fmt::Write as _;

use super::{Report, Status};
use crate::error::Result;
use crate::html::escape;

/// Output formats of `condsearch coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable in a terminal.
    Table,
    /// One row per query, for spreadsheets.
    Csv,
    /// The whole report, for scripts.
    Json,
    /// One self-contained page: summary, chart, gaps, a sortable and filterable table.
    Html,
}

/// Queries shown in the terminal table (all are in the CSV, JSON and HTML).
const TABLE_QUERIES: usize = 50;

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table(report),
        Format::Csv => csv(report)?,
        Format::Json => serde_json::to_string_pretty(report).expect("a report serializes") + "\n",
        Format::Html => html(report),
    })
}

fn table(r: &Report) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} rows read ({} malformed, {} merged as repeats): {} distinct queries, volume {}",
        thousands(s.rows as u64),
        s.malformed,
        s.merged,
        thousands(s.queries as u64),
        thousands(s.volume)
    );
    let _ = writeln!(
        w,
        "coverage: {} of queries, {} of volume answered by a page\n",
        percent(s.coverage_by_queries),
        percent(s.coverage_by_volume)
    );
    let _ = writeln!(w, "{:<10} {:>8} {:>12}", "status", "queries", "volume");
    for status in Status::ALL {
        let t = s.by_status.get(&status).copied().unwrap_or_default();
        let _ = writeln!(
            w,
            "{:<10} {:>8} {:>12}",
            status.as_str(),
            t.queries,
            thousands(t.volume)
        );
    }
    let _ = writeln!(w, "\nper condition (answered queries landing first on it):");
    for c in r.conditions.iter().filter(|c| c.queries > 0) {
        let _ = writeln!(
            w,
            "  {:<46} {:>6} queries {:>12}",
            c.title,
            c.queries,
            thousands(c.volume)
        );
    }
    let none: Vec<&str> = r
        .conditions
        .iter()
        .filter(|c| c.queries == 0)
        .map(|c| c.title.as_str())
        .collect();
    if !none.is_empty() {
        let _ = writeln!(w, "  nothing lands on: {}", none.join(", "));
    }
    if !r.gaps.is_empty() {
        let _ = writeln!(w, "\ngaps (uncovered and weak queries, grouped):");
        for g in &r.gaps {
            let shown: Vec<&str> = g.queries.iter().take(5).map(String::as_str).collect();
            let more = if g.queries.len() > 5 {
                format!(" +{} more", g.queries.len() - 5)
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "  {:>10}  {}{more}\n              → {}",
                thousands(g.volume),
                shown.join(" | "),
                g.suggestion
            );
        }
    }
    if !r.mismatches.is_empty() {
        let _ = writeln!(w, "\nlanding elsewhere than expected:");
        for m in &r.mismatches {
            let _ = writeln!(
                w,
                "  line {}: {:?} expected {}, got {} ({})",
                m.line,
                m.query,
                m.expected,
                m.got.as_deref().unwrap_or("no page"),
                m.status.as_str()
            );
        }
    }
    if !r.malformed.is_empty() {
        let _ = writeln!(w, "\nmalformed rows (not counted above):");
        for m in &r.malformed {
            let _ = writeln!(w, "  line {}: {}", m.line, m.reason);
        }
    }
    let mut by_volume: Vec<&super::QueryCoverage> = r.queries.iter().collect();
    by_volume.sort_by(|a, b| b.volume.cmp(&a.volume).then(a.line.cmp(&b.line)));
    let _ = writeln!(
        w,
        "\n{:<40} {:>9}  {:<10} {:<34} {:<7} {:<15} runner-up",
        "query", "volume", "status", "page", "conf", "matched by"
    );
    for q in by_volume.iter().take(TABLE_QUERIES) {
        let (page, conf) = q
            .first
            .as_ref()
            .map_or(("-", "-"), |f| (f.slug.as_str(), f.confidence.as_str()));
        let runner = q.runner_up.as_ref().map_or("-".to_string(), |r| {
            format!("{} (margin {:.2})", r.slug, q.margin)
        });
        let mut query: String = q.query.chars().take(40).collect();
        if q.query.chars().count() > 40 {
            query.pop();
            query.push('…');
        }
        let _ = writeln!(
            w,
            "{query:<40} {:>9}  {:<10} {page:<34} {conf:<7} {:<15} {runner}",
            thousands(q.volume),
            q.status.as_str(),
            q.matched_by.as_str()
        );
    }
    if r.queries.len() > TABLE_QUERIES {
        let _ = writeln!(
            w,
            "({} more queries: use --format csv, json or html for all)",
            r.queries.len() - TABLE_QUERIES
        );
    }
    out
}

fn csv(r: &Report) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| crate::error::Error::InvalidArgument {
        name: "csv",
        message: e.to_string(),
    };
    writer
        .write_record([
            "query",
            "volume",
            "rows",
            "line",
            "status",
            "page",
            "title",
            "confidence",
            "runner_up",
            "runner_up_confidence",
            "margin",
            "matched_by",
            "expected",
            "did_you_mean",
        ])
        .map_err(io)?;
    for q in &r.queries {
        let first = q.first.as_ref();
        let second = q.runner_up.as_ref();
        writer
            .write_record([
                q.query.as_str(),
                &q.volume.to_string(),
                &q.rows.to_string(),
                &q.line.to_string(),
                q.status.as_str(),
                first.map_or("", |f| f.slug.as_str()),
                first.map_or("", |f| f.title.as_str()),
                first.map_or("", |f| f.confidence.as_str()),
                second.map_or("", |f| f.slug.as_str()),
                second.map_or("", |f| f.confidence.as_str()),
                &format!("{:.3}", q.margin),
                q.matched_by.as_str(),
                q.expected.as_deref().unwrap_or(""),
                q.did_you_mean.as_deref().unwrap_or(""),
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|e| io(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

const HTML_STYLE: &str = include_str!("report.css");
const HTML_SCRIPT: &str = include_str!("report.js");

fn html(r: &Report) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let w = &mut out;
    let _ = write!(
        w,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Query coverage report</title><style>{HTML_STYLE}</style></head><body><main>\
         <h1>Query coverage</h1>"
    );
    let _ = write!(w, "<section class=\"cards\" aria-label=\"Summary\">");
    let card = |w: &mut String, label: &str, value: String| {
        let _ = write!(
            w,
            "<div class=\"card\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
            escape(&value),
            escape(label)
        );
    };
    card(w, "queries answered", percent(s.coverage_by_queries));
    card(w, "volume answered", percent(s.coverage_by_volume));
    card(w, "distinct queries", thousands(s.queries as u64));
    card(w, "total volume", thousands(s.volume));
    card(w, "malformed rows", s.malformed.to_string());
    let _ = write!(
        w,
        "</section><table class=\"status\"><caption>By status</caption><thead><tr><th>status</th><th>queries</th><th>volume</th></tr></thead><tbody>"
    );
    for status in Status::ALL {
        let t = s.by_status.get(&status).copied().unwrap_or_default();
        let _ = write!(
            w,
            "<tr><td><span class=\"badge {0}\">{0}</span></td><td>{1}</td><td>{2}</td></tr>",
            status.as_str(),
            t.queries,
            thousands(t.volume)
        );
    }
    let _ = write!(w, "</tbody></table>");

    let _ = write!(
        w,
        "<section aria-labelledby=\"chart-h\"><h2 id=\"chart-h\">Volume per condition</h2><div class=\"chart\" role=\"list\">"
    );
    let max = r
        .conditions
        .iter()
        .map(|c| c.volume.max(c.queries as u64))
        .max()
        .unwrap_or(1)
        .max(1);
    for c in &r.conditions {
        let measure = if s.volume > 0 {
            c.volume
        } else {
            c.queries as u64
        };
        let width = 100.0 * measure as f64 / max as f64;
        let _ = write!(
            w,
            "<div class=\"bar-row\" role=\"listitem\"><span class=\"bar-label\">{}</span><span class=\"bar\" style=\"width:{width:.1}%\"></span><span class=\"bar-value\">{} · {} q</span></div>",
            escape(&c.title),
            thousands(c.volume),
            c.queries
        );
    }
    let _ = write!(w, "</div></section>");

    let _ = write!(
        w,
        "<section aria-labelledby=\"gaps-h\"><h2 id=\"gaps-h\">Gaps</h2><p>Uncovered and weak queries grouped by similarity, with the page they most nearly match.</p><table><thead><tr><th>volume</th><th>queries</th><th>nearest page</th><th>suggestion</th></tr></thead><tbody>"
    );
    for g in &r.gaps {
        let _ = write!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            thousands(g.volume),
            g.queries
                .iter()
                .map(|q| escape(q))
                .collect::<Vec<_>>()
                .join("<br>"),
            g.nearest_title.as_deref().map_or("—".to_string(), escape),
            escape(&g.suggestion)
        );
    }
    if r.gaps.is_empty() {
        let _ = write!(w, "<tr><td colspan=\"4\">No gaps.</td></tr>");
    }
    let _ = write!(w, "</tbody></table></section>");

    if !r.mismatches.is_empty() {
        let _ = write!(
            w,
            "<section aria-labelledby=\"mis-h\"><h2 id=\"mis-h\">Landing elsewhere than expected</h2><table><thead><tr><th>line</th><th>query</th><th>expected</th><th>got</th><th>status</th></tr></thead><tbody>"
        );
        for m in &r.mismatches {
            let _ = write!(
                w,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                m.line,
                escape(&m.query),
                escape(&m.expected),
                escape(m.got.as_deref().unwrap_or("no page")),
                m.status.as_str()
            );
        }
        let _ = write!(w, "</tbody></table></section>");
    }
    if !r.malformed.is_empty() {
        let _ = write!(
            w,
            "<section aria-labelledby=\"mal-h\"><h2 id=\"mal-h\">Malformed rows</h2><ul>"
        );
        for m in &r.malformed {
            let _ = write!(w, "<li>line {}: {}</li>", m.line, escape(&m.reason));
        }
        let _ = write!(w, "</ul></section>");
    }

    let _ = write!(
        w,
        "<section aria-labelledby=\"all-h\"><h2 id=\"all-h\">All queries</h2>\
         <div class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"query or page\"></label>\
         <label>Status <select id=\"status-filter\"><option value=\"\">all</option><option>covered</option><option>weak</option><option>ambiguous</option><option>uncovered</option></select></label>\
         <span id=\"count\" role=\"status\"></span></div>\
         <table id=\"queries\"><thead><tr>\
         <th data-key=\"query\" aria-sort=\"none\"><button type=\"button\">query</button></th>\
         <th data-key=\"volume\" aria-sort=\"none\"><button type=\"button\">volume</button></th>\
         <th data-key=\"status\" aria-sort=\"none\"><button type=\"button\">status</button></th>\
         <th data-key=\"page\" aria-sort=\"none\"><button type=\"button\">page</button></th>\
         <th data-key=\"confidence\" aria-sort=\"none\"><button type=\"button\">confidence</button></th>\
         <th data-key=\"runner\" aria-sort=\"none\"><button type=\"button\">runner-up</button></th>\
         <th data-key=\"margin\" aria-sort=\"none\"><button type=\"button\">margin</button></th>\
         <th data-key=\"matched\" aria-sort=\"none\"><button type=\"button\">matched by</button></th>\
         </tr></thead><tbody></tbody></table></section>"
    );
    let rows: Vec<serde_json::Value> = r
        .queries
        .iter()
        .map(|q| {
            serde_json::json!({
                "query": q.query,
                "volume": q.volume,
                "status": q.status.as_str(),
                "page": q.first.as_ref().map(|f| f.title.as_str()),
                "confidence": q.first.as_ref().map(|f| f.confidence.as_str()),
                "runner": q.runner_up.as_ref().map(|f| f.title.as_str()),
                "margin": (q.margin * 1000.0).round() / 1000.0,
                "matched": q.matched_by.as_str(),
            })
        })
        .collect();
    // Inside <script>, "</script" would end the element and "<!--" change how it is parsed;
    // "<", ">" and "&" only occur inside JSON strings, where \u escapes mean the same.
    let data = serde_json::to_string(&rows)
        .expect("rows serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let _ = write!(
        w,
        "<script type=\"application/json\" id=\"data\">{data}</script><script>{HTML_SCRIPT}</script></main></body></html>"
    );
    out
}
