//! Redaction of secrets in log text: JWT-looking strings and the values of
//! `token=`, `code=`, `code_verifier`, `refresh_token`, … (as `k=v`, `k: v` or `"k":"v"`).

const REDACTED: &str = "[redacted]";

/// Names whose values are always secret (lower case, longest first).
const SECRET_KEYS: [&str; 10] = [
    "refresh_token",
    "code_verifier",
    "access_token",
    "refreshtoken",
    "codeverifier",
    "accesstoken",
    "auth_token",
    "password",
    "token",
    "code",
];

/// Whether a field or parameter with this name holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_KEYS.contains(&lower.as_str()) || lower.ends_with("_token") || lower.ends_with("verifier")
}

/// A field value: secret names give `[redacted]` (except numeric codes), others are scanned.
pub(crate) fn field(name: &str, value: &str) -> String {
    let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if is_secret_name(name) && !(name.eq_ignore_ascii_case("code") && numeric) {
        REDACTED.to_string()
    } else {
        text(value)
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'=')
}

fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'&' | b'"' | b'\'' | b',' | b'}' | b';' | b')' | b']')
}

/// The text with secrets replaced by `[redacted]`.
pub(crate) fn text(s: &str) -> String {
    jwts(&pairs(s))
}

/// Replaces the values after secret keys.
fn pairs(s: &str) -> String {
    let bytes = s.as_bytes();
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !is_ident(bytes[i - 1]);
        let key = boundary
            .then(|| SECRET_KEYS.iter().find(|k| lower.as_bytes()[i..].starts_with(k.as_bytes())))
            .flatten();
        let Some(key) = key else {
            i += 1;
            continue;
        };
        let mut j = i + key.len();
        if j < bytes.len() && is_ident(bytes[j]) {
            i += 1;
            continue;
        }
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b' ') {
            j += 1;
        }
        if j >= bytes.len() || !matches!(bytes[j], b'=' | b':') {
            i += 1;
            continue;
        }
        j += 1;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b' ') {
            j += 1;
        }
        let start = j;
        while j < bytes.len() && !ends_value(bytes[j]) {
            j += 1;
        }
        let value = &s[start..j];
        let numeric_code = *key == "code" && value.bytes().all(|b| b.is_ascii_digit());
        if value.is_empty() || numeric_code || value == REDACTED {
            i = j.max(i + 1);
            continue;
        }
        out.push_str(&s[copied..start]);
        out.push_str(REDACTED);
        copied = j;
        i = j;
    }
    out.push_str(&s[copied..]);
    out
}

/// Replaces JWT/JWE-looking runs (`eyJ…` with two or four dots).
fn jwts(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_token_char(bytes[i]) || (i > 0 && is_token_char(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && is_token_char(bytes[j]) {
            j += 1;
        }
        while j > i && bytes[j - 1] == b'.' {
            j -= 1;
        }
        let run = &s[i..j];
        let dots = run.bytes().filter(|b| *b == b'.').count();
        if run.starts_with("eyJ") && (dots == 2 || dots == 4) && run.len() >= 20 {
            out.push_str(&s[copied..i]);
            out.push_str(REDACTED);
            copied = j;
        }
        i = j.max(i + 1);
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJBQzEyMyJ9.c2lnbmF0dXJlLXZhbHVl";

    #[test]
    fn jwts_and_secret_pairs_are_redacted() {
        let t = text(&format!("GET /x?token={JWT}&clientVersion=2.1.1 then {JWT}."));
        assert!(!t.contains("eyJ"), "{t}");
        assert!(t.contains("clientVersion=2.1.1"));
        let t = text(r#"{"refresh_token":"abc123","code_verifier": "v-1", "code":"xyz","nonce":"n"}"#);
        assert!(!t.contains("abc123") && !t.contains("v-1") && !t.contains("xyz"), "{t}");
        assert!(t.contains(r#""nonce":"n""#));
        assert_eq!(text("error code=20104"), "error code=20104");
        assert_eq!(text("barcode=1 encode: x"), "barcode=1 encode: x");
        assert_eq!(text("refreshToken=r1 ok"), "refreshToken=[redacted] ok");
        assert_eq!(text("é token=t é"), "é token=[redacted] é");
    }

    #[test]
    fn secret_fields() {
        assert_eq!(field("refresh_token", "r"), REDACTED);
        assert_eq!(field("code", "20104"), "20104");
        assert_eq!(field("code", "abc"), REDACTED);
        assert_eq!(field("url", &format!("x?token={JWT}")), "x?token=[redacted]");
        assert_eq!(field("identity", "alice"), "alice");
    }
}
