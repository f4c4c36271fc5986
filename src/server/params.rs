//! Query-string parameters, decoded strictly.
//!
//! Browsers and scripts send malformed query strings (a lone `%`, bytes that are not UTF-8);
//! the lenient decoders replace them silently, which would search for something the user did
//! not type. These are rejected with a 400 that names the parameter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiError;

/// The decoded parameters of a request, in order.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode(raw: &str, what: &str) -> Result<String, ApiError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let pair = bytes
                    .get(i + 1)
                    .and_then(|&h| hex(h))
                    .zip(bytes.get(i + 2).and_then(|&l| hex(l)));
                let Some((high, low)) = pair else {
                    return Err(ApiError::bad_request(
                        "invalid_encoding",
                        format!(
                            "{what} has a '%' not followed by two hex digits (broken percent-encoding)"
                        ),
                    ));
                };
                out.push(high * 16 + low);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        ApiError::bad_request(
            "invalid_encoding",
            format!("{what} is not valid UTF-8 once decoded"),
        )
    })
}

impl Params {
    /// Parses a raw query string.
    pub fn parse(query: &str) -> Result<Params, ApiError> {
        let mut params: Vec<(String, String)> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key, "a parameter name")?;
            let value = decode(value, &format!("parameter '{key}'"))?;
            if params.iter().any(|(k, _)| *k == key) {
                return Err(ApiError::bad_request(
                    "duplicate_parameter",
                    format!("parameter '{key}' is given more than once"),
                ));
            }
            params.push((key, value));
        }
        Ok(Params(params))
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The search text `q`: required and not blank.
    pub fn query(&self) -> Result<&str, ApiError> {
        match self.get("q") {
            None => Err(ApiError::bad_request(
                "missing_parameter",
                "parameter 'q' is required: the text to search for",
            )),
            Some(q) if q.trim().is_empty() => Err(ApiError::bad_request(
                "empty_query",
                "parameter 'q' is empty; send at least one word",
            )),
            Some(q) => Ok(q),
        }
    }

    /// The whole number `key` in `min..=max`, or `default` when absent.
    pub fn number(
        &self,
        key: &str,
        min: usize,
        max: usize,
        default: usize,
    ) -> Result<usize, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_limit",
                        format!("parameter '{key}' must be a whole number from {min} to {max}, got '{raw}'"),
                    )
                }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Params, ApiError> {
        Params::parse(parts.uri.query().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: ApiError) -> String {
        match e {
            ApiError::BadRequest { message, .. } => message,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn decodes_plus_and_percent() {
        let p = Params::parse("q=post%E2%80%90traumatic+stress&limit=5").unwrap();
        assert_eq!(p.get("q"), Some("post\u{2010}traumatic stress"));
        assert_eq!(p.number("limit", 1, 50, 10).unwrap(), 5);
    }

    #[test]
    fn rejects_broken_encoding_and_bad_utf8() {
        assert!(message(Params::parse("q=100%").unwrap_err()).contains("broken percent-encoding"));
        assert!(message(Params::parse("q=%ZZ").unwrap_err()).contains("broken percent-encoding"));
        assert!(message(Params::parse("q=%FF%FE").unwrap_err()).contains("not valid UTF-8"));
    }

    #[test]
    fn numbers_and_required_query() {
        let p = Params::parse("q=+&limit=0").unwrap();
        assert!(message(p.query().unwrap_err()).contains("empty"));
        assert!(message(p.number("limit", 1, 50, 10).unwrap_err()).contains("got '0'"));
        assert!(message(Params::parse("").unwrap().query().unwrap_err()).contains("required"));
        assert!(message(Params::parse("q=a&q=b").unwrap_err()).contains("more than once"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,64}") {
            let _ = Params::parse(&raw);
        }
    }
}
