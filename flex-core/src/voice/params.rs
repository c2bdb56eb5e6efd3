//! The custom parameters of an incoming call (VOICE.md §1.5): `parameters.Params`
//! is a URL-encoded query string (`+` is a space).

use std::collections::HashMap;

/// Parses `Params` into a map (a repeated key keeps its last value).
pub(crate) fn custom_parameters(params: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_query_string() {
        let p = custom_parameters("flex_session_identifier=0a1b&name=Ada+Lovelace&x=%3D%26&empty=");
        assert_eq!(p["flex_session_identifier"], "0a1b");
        assert_eq!(p["name"], "Ada Lovelace");
        assert_eq!(p["x"], "=&");
        assert_eq!(p["empty"], "");
        assert!(custom_parameters("").is_empty());
        assert_eq!(custom_parameters("a=1&a=2")["a"], "2");
    }
}
