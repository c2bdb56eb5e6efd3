//! The C entry points that take strings or JSON and need no server, called through their
//! `extern "C"` functions: the input is split at NUL bytes into NUL-terminated strings for the
//! options setters, then the `flex_get_login_details` parameters (JSON).
#![no_main]

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use flex_sdk_c::auth::flex_get_login_details;
use flex_sdk_c::error::{flex_code_name, flex_error_code, flex_error_free, flex_error_message, flex_last_error, flex_result, FLEX_OK};
use flex_sdk_c::fuzzing::flex_string_free;
use flex_sdk_c::options::*;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// A failed call left a last error with its code and a message.
fn check(result: flex_result, what: &str) {
    assert!(!flex_code_name(result).is_null(), "{what}: code {result} has no name");
    if result == FLEX_OK {
        return;
    }
    let error = flex_last_error();
    assert!(!error.is_null(), "{what} failed without a last error");
    // SAFETY: `error` is a live error from flex_last_error, freed once.
    unsafe {
        assert_eq!(flex_error_code(error), result, "{what}");
        assert!(!flex_error_message(error).is_null());
        flex_error_free(error);
    }
}

type Setter = unsafe extern "C" fn(*mut flex_client_options, *const c_char) -> flex_result;

const SETTERS: [(&str, Setter); 6] = [
    ("endpoint_override", flex_client_options_set_endpoint_override),
    ("region", flex_client_options_set_region),
    ("edge", flex_client_options_set_edge),
    ("ui_version", flex_client_options_set_ui_version),
    ("refresh_token", flex_client_options_set_refresh_token),
    ("sso_profile_sid", flex_client_options_set_sso_profile_sid),
];

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0).map(|p| CString::new(p).expect("no NUL inside"));
    let options = flex_client_options_create();
    assert!(!options.is_null());
    // SAFETY: live options, NUL-terminated strings, writable out-parameters.
    unsafe {
        for (name, set) in SETTERS {
            let Some(value) = parts.next() else { break };
            let result = set(options, value.as_ptr());
            check(result, name);
            // Setters store any UTF-8 string; only bad UTF-8 is refused.
            assert_eq!(result == FLEX_OK, value.to_str().is_ok(), "{name}");
        }
        let account = parts.next();
        let instance = parts.next();
        let raw = |s: &Option<CString>| s.as_ref().map_or(ptr::null(), |s| s.as_ptr());
        let result = flex_client_options_set_console_login(options, data.len().is_multiple_of(2), raw(&account), raw(&instance));
        check(result, "console_login");
        let params = parts.next().unwrap_or_else(|| CString::new(r#"{"client_id":"c","is_console_login":true}"#).unwrap());
        for opts in [options.cast_const(), ptr::null()] {
            let mut out: *mut c_char = ptr::null_mut();
            let result = flex_get_login_details(opts, params.as_ptr(), &mut out);
            check(result, "get_login_details");
            if result == FLEX_OK {
                assert!(!out.is_null(), "success without a result");
                let text = CStr::from_ptr(out).to_str().expect("the result is UTF-8");
                let v: Value = serde_json::from_str(text).expect("the result is JSON");
                for key in ["login_url", "nonce", "code_challenge", "state", "code_verifier"] {
                    assert!(v.get(key).is_some_and(Value::is_string), "no {key} in {text}");
                }
                flex_string_free(out);
            } else {
                assert!(out.is_null(), "an out-parameter written on failure");
            }
        }
        flex_client_options_free(options);
    }
});
