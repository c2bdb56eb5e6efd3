//! Twilio-style SIDs: a two-letter prefix followed by 32 lowercase hex digits.

use rand::Rng;

/// Makes a fresh random SID with the given two-letter prefix (e.g. `"WK"`).
pub fn new_sid(prefix: &str) -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    let mut sid = String::with_capacity(34);
    sid.push_str(prefix);
    for b in bytes {
        sid.push_str(&format!("{b:02x}"));
    }
    sid
}

/// Makes a random secret of 32 lowercase hex digits (auth tokens, signing keys).
pub fn new_secret() -> String {
    new_sid("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_shape() {
        let sid = new_sid("WK");
        assert_eq!(sid.len(), 34);
        assert!(sid.starts_with("WK"));
        assert!(sid[2..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }
}
