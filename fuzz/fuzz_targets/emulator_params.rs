//! The emulator's REST parameters: a request body (form-encoded or JSON).
#![no_main]

use flex_emulator::fuzzing::Params;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(params) = Params::from_body(data) else {
        let json = std::str::from_utf8(data).map(|t| t.trim_start().starts_with('{'));
        assert!(json != Ok(false), "a UTF-8 form body was refused");
        return;
    };
    let text = std::str::from_utf8(data).expect("an accepted body is UTF-8");
    if text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text).expect("an accepted JSON body is JSON");
        let non_null = value.as_object().map_or(0, |o| o.values().filter(|v| !v.is_null()).count());
        assert_eq!(params.pairs().len(), non_null);
    } else {
        // A form body written back and read again gives the same pairs.
        let encoded = serde_urlencoded::to_string(params.pairs()).expect("pairs encode");
        assert_eq!(Params::from_form(&encoded).pairs(), params.pairs(), "{encoded}");
    }
    for (name, _) in params.pairs() {
        let first = params.get(name).expect("a present name is found");
        assert_eq!(params.all(name).first().copied(), Some(first));
        let _ = params.bool(name);
        let _ = params.int::<i64>(name);
        let _ = params.int::<u32>(name);
        if let Ok(Some(v)) = params.json_object(name) {
            assert!(v.is_object());
        }
    }
});
