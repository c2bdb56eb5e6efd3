//! Lenient readers for event-bridge payload fields (snake_case keys, epoch-second
//! dates, JSON-string attributes). A missing or odd field never panics.

use serde_json::{Map, Value};

use crate::auth::time_from_value;

/// A string field (numbers are stringified); `None` when absent, null or empty.
pub(crate) fn opt_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string field, empty when absent.
pub(crate) fn str_or_empty(v: &Value, key: &str) -> String {
    opt_str(v, key).unwrap_or_default()
}

/// A signed integer field (numbers or numeric strings).
pub(crate) fn opt_i64(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A non-negative integer field, 0 when absent or negative.
pub(crate) fn u64_or_zero(v: &Value, key: &str) -> u64 {
    opt_i64(v, key)
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0)
}

/// A boolean field (`true`/`"true"`), false when absent.
pub(crate) fn bool_or_false(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A date field as epoch seconds: numbers are seconds (milliseconds are
/// detected), strings may be ISO 8601; 0 when absent.
pub(crate) fn date(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(time_from_value).unwrap_or(0)
}

/// An attributes field: a JSON string holding an object, or an object; `{}` otherwise.
pub(crate) fn attributes(v: &Value, key: &str) -> Value {
    match v.get(key) {
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(obj @ Value::Object(_)) => obj,
            _ => Value::Object(Map::new()),
        },
        Some(obj @ Value::Object(_)) => obj.clone(),
        _ => Value::Object(Map::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lenient_fields() {
        let v = json!({"a": "x", "n": 5, "s": "7", "b": "true", "d": 1_700_000_000, "dm": 1_700_000_000_000u64,
                       "di": "2017-05-30T23:32:39Z", "attr": "{\"k\":1}", "bad": "{", "neg": -3});
        assert_eq!(opt_str(&v, "a").as_deref(), Some("x"));
        assert_eq!(opt_str(&v, "n").as_deref(), Some("5"));
        assert_eq!(opt_str(&v, "missing"), None);
        assert_eq!(opt_i64(&v, "s"), Some(7));
        assert!(bool_or_false(&v, "b"));
        assert_eq!(date(&v, "d"), 1_700_000_000);
        assert_eq!(date(&v, "dm"), 1_700_000_000);
        assert_eq!(date(&v, "di"), 1_496_187_159);
        assert_eq!(attributes(&v, "attr"), json!({"k": 1}));
        assert_eq!(attributes(&v, "bad"), json!({}));
        assert_eq!(u64_or_zero(&v, "neg"), 0);
    }
}
