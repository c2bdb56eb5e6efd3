//! Voice error codes (VOICE.md §1.8) as SDK errors: the official `ErrorCode`
//! closest in meaning, with the Voice code kept in `twilio_code`.

use crate::error::{ErrorCode, FlexSdkError};

/// The SDK error for a Voice (or signalling) error code and message.
pub(crate) fn voice_error(code: u32, message: &str) -> FlexSdkError {
    let sdk = match code {
        20101 | 31202 | 31204 => ErrorCode::InvalidAccessToken,
        20104 | 31205 => ErrorCode::AccessTokenExpired,
        20151 | 31201 | 31203 | 31207 => ErrorCode::AuthorizationError,
        31206 => ErrorCode::TooManyRequests,
        31005 | 31009 | 53000 | 53001 => ErrorCode::NetworkError,
        31100..=31105 | 31107 | 31210 | 31212 => ErrorCode::InvalidParams,
        _ => ErrorCode::DownstreamServiceError,
    };
    let mut e = FlexSdkError::new(sdk, format!("voice: {message} ({code})"));
    e.twilio_code = Some(code);
    e
}

/// Whether a stream error is about the token (the stream waits for a new one).
pub(crate) fn is_token_error(code: u32) -> bool {
    matches!(code, 20101 | 20104 | 31202 | 31204 | 31205)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_codes_map_to_sdk_codes_and_keep_the_voice_code() {
        let e = voice_error(31204, "JWT token is invalid");
        assert_eq!(e.code, ErrorCode::InvalidAccessToken);
        assert_eq!(e.twilio_code, Some(31204));
        assert_eq!(voice_error(31205, "x").code, ErrorCode::AccessTokenExpired);
        assert_eq!(voice_error(31210, "x").code, ErrorCode::InvalidParams);
        assert_eq!(voice_error(53001, "x").code, ErrorCode::NetworkError);
        assert_eq!(
            voice_error(31209, "x").code,
            ErrorCode::DownstreamServiceError
        );
        assert!(is_token_error(31205) && !is_token_error(31209));
    }
}
