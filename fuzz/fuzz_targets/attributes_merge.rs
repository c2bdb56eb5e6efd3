//! Deep merge of worker attributes: the input is two JSON documents, base then patch.
#![no_main]

use flex_core::fuzzing::deep_merge;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let mut docs = serde_json::Deserializer::from_slice(data).into_iter::<Value>();
    let (Some(Ok(base)), Some(Ok(patch))) = (docs.next(), docs.next()) else { return };
    let mut merged = base.clone();
    deep_merge(&mut merged, patch.clone());
    match (&base, &patch, &merged) {
        (Value::Object(b), Value::Object(p), Value::Object(m)) => {
            assert!(b.keys().chain(p.keys()).all(|k| m.contains_key(k)), "a key was lost");
            assert!(m.keys().all(|k| b.contains_key(k) || p.contains_key(k)), "a key appeared");
            for (k, v) in p {
                if !v.is_object() || !b.get(k).is_some_and(Value::is_object) {
                    assert_eq!(m.get(k), Some(v), "patch value of {k} not applied");
                }
            }
            for (k, v) in b {
                if !p.contains_key(k) {
                    assert_eq!(m.get(k), Some(v), "untouched {k} changed");
                }
            }
        }
        (Value::Object(_), Value::Object(_), _) => panic!("two objects merged into a non-object"),
        _ => assert_eq!(merged, patch, "a non-object patch replaces"),
    }
    // Merging the same patch again changes nothing; an empty patch changes nothing.
    let mut twice = merged.clone();
    deep_merge(&mut twice, patch);
    assert_eq!(twice, merged, "merge is not idempotent");
    if merged.is_object() {
        let mut same = merged.clone();
        deep_merge(&mut same, Value::Object(Map::new()));
        assert_eq!(same, merged);
    }
});
