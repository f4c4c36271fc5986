//! HTML escaping, for every place that writes page or user text into HTML (snippets, the
//! condition view, the coverage report).

/// Appends `text` to `out` with `& < > " '` escaped: safe in element content and quoted
/// attributes.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` with `& < > " '` escaped.
///
/// ```
/// assert_eq!(condsearch::html::escape("<b>\"Horton's\" & co</b>"),
///            "&lt;b&gt;&quot;Horton&#39;s&quot; &amp; co&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}
