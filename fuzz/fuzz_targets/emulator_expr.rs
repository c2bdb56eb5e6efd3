//! The emulator's TaskRouter expressions: the first line is the expression, the rest the
//! JSON attributes it reads (default: a small worker).
#![no_main]

use flex_emulator::fuzzing::{matches, Expr, Scope, MAX_EXPRESSION_BYTES};
use flex_fuzz::split_line;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let (expr, rest) = split_line(data);
    let Ok(text) = std::str::from_utf8(expr) else { return };
    let attrs: Value = serde_json::from_slice(rest)
        .unwrap_or_else(|_| json!({"skills": ["support", "sales"], "level": 4, "lang": "en", "name": "alice"}));
    let worker = json!({"skills": ["support"], "level": 5});
    let scope = Scope { root: &attrs, task: Some(&attrs), worker: Some(&worker) };
    let parsed = Expr::parse(text);
    if text.len() > MAX_EXPRESSION_BYTES {
        assert!(parsed.is_err(), "an over-long expression was accepted");
    }
    assert_eq!(Expr::parse(text), parsed, "parsing is not deterministic");
    let value = parsed.as_ref().map(|e| e.eval(&scope)).unwrap_or(false);
    assert_eq!(matches(text, &scope), value);
    let Ok(e) = parsed else { return };
    assert_eq!(e.eval(&scope), value, "evaluation is not deterministic");
    // Composed expressions mean what they say (when still within the limits).
    if let Ok(not) = Expr::parse(&format!("NOT ({text})")) {
        assert_eq!(not.eval(&scope), !value, "NOT ({text})");
    }
    if let Ok(and) = Expr::parse(&format!("({text}) AND ({text})")) {
        assert_eq!(and.eval(&scope), value, "({text}) AND ({text})");
    }
    if let Ok(or) = Expr::parse(&format!("({text}) OR 1 == 2")) {
        assert_eq!(or.eval(&scope), value, "({text}) OR 1 == 2");
    }
});
