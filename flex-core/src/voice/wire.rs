//! PStream frames (VOICE.md §1.1, §1.3): what the client sends, and the server
//! frames it reads. Every frame but the `"\n"` heartbeat is a JSON object
//! `{type, version, payload}`; the client always sends version "1.6".

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::auth::Secret;

/// The protocol version the client sends.
const VERSION: &str = "1.6";

/// A client → server frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClientFrame {
    /// Authenticates the stream (on every open and every token update).
    Listen {
        /// The access token (redacted in `Debug`).
        token: Secret,
    },
    /// Registers (`true`) or unregisters for incoming calls.
    Register {
        /// `media.audio`.
        audio: bool,
    },
    /// Accepts an incoming call.
    Answer {
        /// The call.
        call_sid: String,
        /// The local answer.
        sdp: String,
    },
    /// Declines a pending incoming call.
    Reject {
        /// The call.
        call_sid: String,
    },
    /// Ends a call.
    Hangup {
        /// The call.
        call_sid: String,
    },
    /// DTMF digits (the fallback when the media engine has no RTP DTMF).
    Dtmf {
        /// The call.
        call_sid: String,
        /// The digits.
        digits: String,
    },
    /// A user-defined message.
    Message {
        /// The call.
        call_sid: String,
        /// The content.
        content: String,
        /// Its MIME type.
        content_type: String,
        /// The client-generated `KX…` id the `ack` names.
        voice_event_sid: String,
    },
    /// The reconnect form of `invite`, after a signalling drop during a call.
    Reconnect {
        /// The call.
        call_sid: String,
        /// The current local SDP.
        sdp: String,
        /// The call's signalling reconnect token.
        token: String,
    },
}

impl ClientFrame {
    /// The frame as JSON text.
    pub(crate) fn to_text(&self) -> String {
        let (kind, payload) = match self {
            ClientFrame::Listen { token } => (
                "listen",
                json!({
                    "token": token.expose(),
                    "browserinfo": browser_info(),
                    "reconnectTimeout": 0,
                }),
            ),
            ClientFrame::Register { audio } => ("register", json!({"media": {"audio": audio}})),
            ClientFrame::Answer { call_sid, sdp } => {
                ("answer", json!({"callsid": call_sid, "sdp": sdp}))
            }
            ClientFrame::Reject { call_sid } => ("reject", json!({"callsid": call_sid})),
            ClientFrame::Hangup { call_sid } => ("hangup", json!({"callsid": call_sid})),
            ClientFrame::Dtmf { call_sid, digits } => {
                ("dtmf", json!({"callsid": call_sid, "dtmf": digits}))
            }
            ClientFrame::Message {
                call_sid,
                content,
                content_type,
                voice_event_sid,
            } => (
                "message",
                json!({
                    "callsid": call_sid,
                    "content": content,
                    "contenttype": content_type,
                    "messagetype": "user-defined-message",
                    "voiceeventsid": voice_event_sid,
                }),
            ),
            ClientFrame::Reconnect {
                call_sid,
                sdp,
                token,
            } => (
                "invite",
                json!({
                    "callsid": call_sid, "sdp": sdp, "reconnect": token, "twilio": {},
                }),
            ),
        };
        json!({"type": kind, "version": VERSION, "payload": payload}).to_string()
    }

    /// Whether a frame that could not be sent is queued for the next socket
    /// (VOICE.md §1.2): not `listen` (sent on every open) nor `register` (sent on `connected`).
    pub(crate) fn retryable(&self) -> bool {
        !matches!(
            self,
            ClientFrame::Listen { .. } | ClientFrame::Register { .. }
        )
    }
}

/// `browserinfo` shaped as the JS SDK's (VOICE.md §1.3), naming this SDK.
fn browser_info() -> Value {
    let version = env!("CARGO_PKG_VERSION");
    json!({
        "p": "browser",
        "v": version,
        "plugin": "rtc",
        "browser": {
            "userAgent": format!("flex-sdk-rust/{version} ({})", std::env::consts::OS),
            "platform": std::env::consts::OS,
        },
    })
}

/// A server → client frame the client acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ServerFrame {
    /// `"\n"`: answer with `"\n"`.
    Heartbeat,
    /// The stream is authenticated.
    Connected {
        /// `token.identity`.
        identity: String,
    },
    /// Registered for incoming calls.
    Ready,
    /// Unregistered.
    Offline,
    /// An incoming call.
    Invite {
        /// The call.
        call_sid: String,
        /// The remote offer.
        sdp: String,
        /// The flat parameter map.
        parameters: HashMap<String, String>,
        /// The signalling reconnect token.
        reconnect: Option<String>,
    },
    /// The answer to a reconnect `invite` or a `reinvite`.
    Answer {
        /// The call.
        call_sid: String,
        /// A new reconnect token, if any.
        reconnect: Option<String>,
    },
    /// A pending incoming call was withdrawn.
    Cancel {
        /// The call.
        call_sid: String,
    },
    /// The remote side hung up.
    Hangup {
        /// The call.
        call_sid: String,
        /// `error {code, message}`, when it ended on one.
        error: Option<(u32, String)>,
    },
    /// A user-defined message was accepted.
    Ack {
        /// The call.
        call_sid: String,
        /// The message's id.
        voice_event_sid: String,
    },
    /// A user-defined message for a call.
    Message {
        /// The call.
        call_sid: String,
        /// The content.
        content: String,
        /// Its MIME type.
        content_type: String,
        /// The message's id.
        voice_event_sid: String,
    },
    /// An error, about the stream or (with `call_sid`) a call.
    Error {
        /// The Voice error code.
        code: u32,
        /// Its message.
        message: String,
        /// The call it is about.
        call_sid: Option<String>,
        /// The message it is about.
        voice_event_sid: Option<String>,
    },
    /// Server teardown: no reconnect.
    Close,
    /// Any other (or malformed) frame, by type: ignored.
    Other(String),
}

/// Parses a text frame; malformed JSON is `Other("")`.
pub(crate) fn parse(text: &str) -> ServerFrame {
    if text == "\n" || text.trim().is_empty() {
        return ServerFrame::Heartbeat;
    }
    let Ok(mut v) = serde_json::from_str::<Value>(text) else {
        return ServerFrame::Other(String::new());
    };
    let kind = v
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let p = v.get_mut("payload").map(Value::take).unwrap_or(Value::Null);
    let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
    let call_sid = s("callsid");
    match (kind.as_str(), call_sid) {
        ("connected", _) => ServerFrame::Connected {
            identity: p
                .pointer("/token/identity")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .into(),
        },
        ("ready", _) => ServerFrame::Ready,
        ("offline", _) => ServerFrame::Offline,
        ("close", _) => ServerFrame::Close,
        ("invite", Some(call_sid)) => match s("sdp") {
            Some(sdp) => ServerFrame::Invite {
                call_sid,
                sdp,
                parameters: string_map(p.get("parameters")),
                reconnect: s("reconnect"),
            },
            None => ServerFrame::Other(kind),
        },
        ("answer", Some(call_sid)) => ServerFrame::Answer {
            call_sid,
            reconnect: s("reconnect"),
        },
        ("cancel", Some(call_sid)) => ServerFrame::Cancel { call_sid },
        ("hangup", Some(call_sid)) => ServerFrame::Hangup {
            call_sid,
            error: error_of(&p),
        },
        ("ack", Some(call_sid)) => ServerFrame::Ack {
            call_sid,
            voice_event_sid: s("voiceeventsid").unwrap_or_default(),
        },
        ("message", Some(call_sid)) => ServerFrame::Message {
            call_sid,
            content: s("content").unwrap_or_default(),
            content_type: s("contenttype").unwrap_or_else(|| "application/json".into()),
            voice_event_sid: s("voiceeventsid").unwrap_or_default(),
        },
        ("error", call_sid) => {
            let (code, message) = error_of(&p).unwrap_or((31000, "Unknown error".into()));
            ServerFrame::Error {
                code,
                message,
                call_sid,
                voice_event_sid: s("voiceeventsid"),
            }
        }
        _ => ServerFrame::Other(kind),
    }
}

/// `payload.error` as `(code, message)`.
fn error_of(p: &Value) -> Option<(u32, String)> {
    let e = p.get("error")?;
    let code = e
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok())?;
    let message = e
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Some((code, message))
}

/// A JSON object as a flat string map (non-string scalars in their JSON form).
fn string_map(v: Option<&Value>) -> HashMap<String, String> {
    let Some(Value::Object(m)) = v else {
        return HashMap::new();
    };
    m.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(f: &ClientFrame) -> Value {
        serde_json::from_str(&f.to_text()).unwrap()
    }

    #[test]
    fn client_frames_have_the_documented_shape() {
        let frame = ClientFrame::Listen {
            token: "t.o.k".into(),
        };
        assert!(
            !format!("{frame:?}").contains("t.o.k"),
            "the token is redacted"
        );
        let listen = value(&frame);
        assert_eq!(listen["type"], "listen");
        assert_eq!(listen["version"], "1.6");
        assert_eq!(listen["payload"]["token"], "t.o.k");
        assert_eq!(listen["payload"]["browserinfo"]["p"], "browser");
        assert_eq!(listen["payload"]["browserinfo"]["plugin"], "rtc");
        assert!(listen["payload"]["browserinfo"]["browser"]["userAgent"].is_string());
        assert_eq!(listen["payload"]["reconnectTimeout"], 0);
        let register = value(&ClientFrame::Register { audio: true });
        assert_eq!(register["payload"]["media"]["audio"], true);
        let m = value(&ClientFrame::Message {
            call_sid: "CA1".into(),
            content: "{}".into(),
            content_type: "application/json".into(),
            voice_event_sid: "KX1".into(),
        });
        assert_eq!(m["payload"]["messagetype"], "user-defined-message");
        assert_eq!(m["payload"]["voiceeventsid"], "KX1");
        let r = value(&ClientFrame::Reconnect {
            call_sid: "CA1".into(),
            sdp: "v=0".into(),
            token: "r1".into(),
        });
        assert_eq!(r["type"], "invite");
        assert_eq!(r["payload"]["reconnect"], "r1");
        assert_eq!(r["payload"]["twilio"], json!({}));
        let d = value(&ClientFrame::Dtmf {
            call_sid: "CA1".into(),
            digits: "12#".into(),
        });
        assert_eq!(d["payload"]["dtmf"], "12#");
    }

    #[test]
    fn only_listen_and_register_are_not_queued() {
        assert!(!ClientFrame::Listen {
            token: Secret::default()
        }
        .retryable());
        assert!(!ClientFrame::Register { audio: true }.retryable());
        assert!(ClientFrame::Hangup {
            call_sid: "CA1".into()
        }
        .retryable());
        assert!(ClientFrame::Answer {
            call_sid: "CA1".into(),
            sdp: String::new()
        }
        .retryable());
    }

    #[test]
    fn server_frames_parse() {
        assert_eq!(parse("\n"), ServerFrame::Heartbeat);
        assert_eq!(parse("{bad"), ServerFrame::Other(String::new()));
        assert_eq!(
            parse(
                r#"{"type":"connected","payload":{"region":"r","token":{"identity":"alice","ttl":60}}}"#
            ),
            ServerFrame::Connected {
                identity: "alice".into()
            }
        );
        let invite = parse(
            r#"{"type":"invite","payload":{"callsid":"CA1","sdp":"v=0","reconnect":"r1",
                "parameters":{"CallSid":"CA1","From":"+1555","Params":"a=b","Num":3}}}"#,
        );
        let ServerFrame::Invite {
            call_sid,
            parameters,
            reconnect,
            ..
        } = invite
        else {
            panic!("{invite:?}")
        };
        assert_eq!(call_sid, "CA1");
        assert_eq!(parameters["From"], "+1555");
        assert_eq!(parameters["Num"], "3");
        assert_eq!(reconnect.as_deref(), Some("r1"));
        assert_eq!(
            parse(r#"{"type":"invite","payload":{"callsid":"CA1"}}"#),
            ServerFrame::Other("invite".into())
        );
        assert_eq!(
            parse(
                r#"{"type":"error","payload":{"error":{"code":31209,"message":"no"},"callsid":"CA1"}}"#
            ),
            ServerFrame::Error {
                code: 31209,
                message: "no".into(),
                call_sid: Some("CA1".into()),
                voice_event_sid: None
            }
        );
        assert_eq!(
            parse(
                r#"{"type":"hangup","payload":{"callsid":"CA1","error":{"code":31603,"message":"x"}}}"#
            ),
            ServerFrame::Hangup {
                call_sid: "CA1".into(),
                error: Some((31603, "x".into()))
            }
        );
        assert_eq!(
            parse(
                r#"{"type":"message","payload":{"callsid":"CA1","content":"{}","contenttype":"text/plain","voiceeventsid":"KX1"}}"#
            ),
            ServerFrame::Message {
                call_sid: "CA1".into(),
                content: "{}".into(),
                content_type: "text/plain".into(),
                voice_event_sid: "KX1".into()
            }
        );
        assert_eq!(
            parse(r#"{"type":"roster","payload":{}}"#),
            ServerFrame::Other("roster".into())
        );
    }
}
