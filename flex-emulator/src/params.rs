//! A bag of request parameters, from a form body, a query string or a JSON object.

use serde_json::Value;

use crate::errors::{ApiError, ApiResult};

/// Request parameters as (name, value) pairs; repeated names are kept.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `a=1&b=2` (form body or query string); bad encoding yields no pairs.
    pub fn from_form(text: &str) -> Self {
        Self(serde_urlencoded::from_str(text).unwrap_or_default())
    }

    /// Parses a body: JSON when it looks like a JSON object, otherwise form-encoded.
    pub fn from_body(body: &[u8]) -> ApiResult<Self> {
        let text =
            std::str::from_utf8(body).map_err(|_| ApiError::bad_request("Body is not UTF-8"))?;
        if text.trim_start().starts_with('{') {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| ApiError::bad_request(format!("Malformed JSON body: {e}")))?;
            Ok(Self::from_json(&value))
        } else {
            Ok(Self::from_form(text))
        }
    }

    /// Flattens a JSON object: strings as is, objects/arrays as JSON text, null skipped.
    pub fn from_json(value: &Value) -> Self {
        let pairs = value
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        Self(pairs)
    }

    /// Adds the pairs of another bag (later lookups still find the first value).
    pub fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    /// The first value of `name`, matched case-insensitively (Twilio names are PascalCase,
    /// JSON bodies often snake/camel case).
    pub fn get(&self, name: &str) -> Option<&str> {
        let wanted = normalize(name);
        self.0
            .iter()
            .find(|(k, _)| normalize(k) == wanted)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        let wanted = normalize(name);
        self.0
            .iter()
            .filter(|(k, _)| normalize(k) == wanted)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// All pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// An owned copy of `get`.
    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// A `true`/`false` parameter (absent is `None`).
    pub fn bool(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad_request(format!(
                "{name} must be true or false, got '{v}'"
            ))),
        }
    }

    /// An integer parameter.
    pub fn int<T: std::str::FromStr>(&self, name: &str) -> ApiResult<Option<T>> {
        self.get(name)
            .map(|v| {
                v.trim().parse::<T>().map_err(|_| {
                    ApiError::bad_request(format!("{name} must be a number, got '{v}'"))
                })
            })
            .transpose()
    }

    /// A JSON parameter (`Attributes`): parsed from its text; must be an object.
    pub fn json_object(&self, name: &str) -> ApiResult<Option<Value>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("{name} must be valid JSON: {e}")))?;
        if value.is_object() {
            Ok(Some(value))
        } else {
            Err(ApiError::bad_request(format!(
                "{name} must be a JSON object"
            )))
        }
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_json_and_lookups() {
        let p = Params::from_form("FriendlyName=a%20b&AssignmentStatus=x&AssignmentStatus=y");
        assert_eq!(p.get("friendly_name"), Some("a b"));
        assert_eq!(p.all("AssignmentStatus"), vec!["x", "y"]);
        let j = Params::from_body(br#"{"Attributes":{"a":1},"Active":true,"ttl":5}"#).unwrap();
        assert_eq!(j.json_object("Attributes").unwrap().unwrap()["a"], 1);
        assert_eq!(j.bool("Active").unwrap(), Some(true));
        assert_eq!(j.int::<u64>("ttl").unwrap(), Some(5));
        assert!(Params::from_body(b"{bad").is_err());
        assert!(Params::from_form("Attributes=[1]")
            .json_object("Attributes")
            .is_err());
    }
}
