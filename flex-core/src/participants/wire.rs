//! Parsing participant payloads (`participant.*` frames and the Interactions
//! participants list) into [`TaskParticipant`] (API.md §8.3 conversion rules).

use serde_json::{Map, Value};

use super::{ParticipantError, ParticipantEventKind, ParticipantType, RoutingProperties, TaskParticipant};
use crate::wire::{opt_i64, opt_str, str_or_empty};

const VOICE_BOOLS: [&str; 5] = ["coaching", "endConferenceOnExit", "hold", "muted", "startConferenceOnEnter"];

impl ParticipantType {
    fn parse(s: &str) -> ParticipantType {
        match s {
            "agent" => ParticipantType::Agent,
            "customer" => ParticipantType::Customer,
            "supervisor" => ParticipantType::Supervisor,
            "external" => ParticipantType::External,
            _ => ParticipantType::Unknown,
        }
    }
}

impl ParticipantEventKind {
    /// The kind of a socket event type, if it is a participant event.
    pub(crate) fn from_event_type(event_type: &str) -> Option<ParticipantEventKind> {
        Some(match event_type {
            "participant.added" => ParticipantEventKind::Added,
            "participant.removed" => ParticipantEventKind::Removed,
            "participant.modified" => ParticipantEventKind::Modified,
            "participant.add.failed" => ParticipantEventKind::AddFailed,
            "participant.remove.failed" => ParticipantEventKind::RemoveFailed,
            "participant.modify.failed" => ParticipantEventKind::ModifyFailed,
            _ => return None,
        })
    }
}

/// `snake_case` or `PascalCase` to `camelCase`.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for (i, c) in key.chars().enumerate() {
        if c == '_' || c == '-' {
            upper = i > 0;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else if out.is_empty() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Deep camelCase of every object key.
fn camel_deep(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (camel(k), camel_deep(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(camel_deep).collect()),
        other => other.clone(),
    }
}

/// Voice media properties: each value is an array of strings; take `[0]`,
/// type the known booleans and `sequenceNumber`, pass the rest through.
fn voice_media(v: &Value) -> Value {
    let Value::Object(m) = camel_deep(v) else {
        return Value::Null;
    };
    let out: Map<String, Value> = m
        .into_iter()
        .map(|(k, v)| {
            let first = match &v {
                Value::Array(a) => a.first().and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            let typed = match (k.as_str(), first) {
                (b, Some(s)) if VOICE_BOOLS.contains(&b) => Value::Bool(s == "true"),
                ("sequenceNumber", Some(s)) => Value::from(s.trim().parse::<i64>().unwrap_or(-1)),
                (_, Some(s)) => Value::String(s),
                (_, None) => v,
            };
            (k, typed)
        })
        .collect();
    Value::Object(out)
}

/// A participant from a socket frame or a list item; `channel_type` comes from
/// the payload or, for lists, from the response's top level.
pub(crate) fn parse_participant(v: &Value, channel_type: Option<&str>) -> Option<TaskParticipant> {
    let participant_sid = opt_str(v, "participant_sid").or_else(|| opt_str(v, "sid"))?;
    let channel_type = opt_str(v, "channel_type")
        .or_else(|| channel_type.map(str::to_string))
        .unwrap_or_default();
    let routing_properties = v
        .get("routing_properties")
        .filter(|r| r.is_object())
        .and_then(|r| {
            Some(RoutingProperties {
                task_sid: opt_str(r, "task_sid")?,
                worker_sid: opt_str(r, "worker_sid"),
                reservation_sid: opt_str(r, "reservation_sid"),
            })
        });
    let media_properties = v.get("media_properties").filter(|m| m.is_object()).map(|m| {
        if channel_type == "voice" {
            voice_media(m)
        } else {
            camel_deep(m)
        }
    });
    let is_on_hold = channel_type == "voice"
        && media_properties
            .as_ref()
            .and_then(|m| m.get("hold"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
    let error = v.get("error_data").filter(|e| e.is_object()).map(|e| ParticipantError {
        message: str_or_empty(e, "error_message"),
        code: opt_i64(e, "error_code").unwrap_or(0),
    });
    Some(TaskParticipant {
        participant_sid,
        participant_type: ParticipantType::parse(&str_or_empty(v, "type")),
        channel_type,
        channel_sid: str_or_empty(v, "channel_sid"),
        interaction_sid: str_or_empty(v, "interaction_sid"),
        routing_properties,
        media_properties,
        is_on_hold,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn voice_frame_is_converted() {
        let p = parse_participant(
            &json!({"participant_sid": "UT1", "type": "agent", "channel_type": "voice", "channel_sid": "UO1",
                "interaction_sid": "KD1", "routing_properties": {"task_sid": "WT1", "worker_sid": "WK1"},
                "media_properties": {"Hold": ["true"], "SequenceNumber": ["x"], "CallSid": ["CA1"], "Muted": ["false"], "Other": 3}}),
            None,
        )
        .unwrap();
        let m = p.media_properties.unwrap();
        assert_eq!(m, json!({"hold": true, "sequenceNumber": -1, "callSid": "CA1", "muted": false, "other": 3}));
        assert!(p.is_on_hold);
        assert_eq!(p.participant_type, ParticipantType::Agent);
        assert_eq!(p.routing_properties.unwrap().worker_sid.as_deref(), Some("WK1"));
    }

    #[test]
    fn chat_list_item_and_errors() {
        let p = parse_participant(
            &json!({"sid": "UT2", "type": "customer", "media_properties": {"conversation_sid": "CH1", "messaging_binding": {"proxy_address": "x"}},
                "error_data": {"error_message": "bad", "error_code": 45000}}),
            Some("chat"),
        )
        .unwrap();
        assert_eq!(p.channel_type, "chat");
        assert_eq!(p.media_properties.unwrap(), json!({"conversationSid": "CH1", "messagingBinding": {"proxyAddress": "x"}}));
        assert_eq!(p.error.unwrap().code, 45000);
        assert!(parse_participant(&json!({"type": "agent"}), None).is_none());
        assert_eq!(camel("StatusCallbackEvent"), "statusCallbackEvent");
    }
}
