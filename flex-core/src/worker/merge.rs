//! Deep merge of worker attributes (objects merge recursively; other values replace).

use serde_json::Value;

/// Merges `patch` into `base`: object keys merge recursively, anything else replaces.
pub(crate) fn deep_merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, p) => *b = p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_objects_recursively_and_replaces_the_rest() {
        let mut base = json!({"a": 1, "skills": {"en": 5, "fr": 2}, "list": [1, 2], "keep": true});
        deep_merge(
            &mut base,
            json!({"a": 2, "skills": {"fr": 4, "de": 1}, "list": [3], "new": null}),
        );
        assert_eq!(
            base,
            json!({"a": 2, "skills": {"en": 5, "fr": 4, "de": 1}, "list": [3], "keep": true, "new": null})
        );
    }

    #[test]
    fn non_object_base_is_replaced() {
        let mut base = json!("x");
        deep_merge(&mut base, json!({"a": 1}));
        assert_eq!(base, json!({"a": 1}));
    }
}
