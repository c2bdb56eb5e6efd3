//! Tunnelled Flex Interactions routes (`apiVersion: v2`, `v1/Interactions/…`, PROTOCOL.md §6.2):
//! channels and participants of task interactions.

use serde_json::{json, Value};

use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::server::App;

/// Serves `Interactions/{KD}/Channels[/{UO}/Participants[/{UT}]]` (path after `v1/`).
pub fn serve(app: &App, method: &str, rest: &[&str], p: &Params) -> ApiResult<Value> {
    match (method, rest) {
        ("GET", [kd, "Channels"]) => app.read(|s| {
            let i = s.interaction(kd, None)?;
            Ok(json!({"channels": [i.channel_json()]}))
        }),
        ("GET", [kd, "Channels", uo, "Participants"]) => app.read(|s| {
            let i = s.interaction(kd, Some(uo))?;
            let participants: Vec<Value> = i
                .participants
                .iter()
                .map(|x| i.participant_json(x))
                .collect();
            Ok(json!({"channel_type": i.channel_type, "participants": participants}))
        }),
        ("POST", [kd, "Channels", uo, "Participants"]) => {
            let kind = p
                .string("Type")
                .ok_or_else(|| ApiError::bad_request("Missing required parameter Type"))?;
            let media = p
                .json_object("MediaProperties")?
                .unwrap_or_else(|| json!({}));
            let routing = p.json_object("RoutingProperties")?;
            app.mutate(|s| s.add_participant(kd, uo, &kind, media, routing))
        }
        ("POST", [kd, "Channels", uo, "Participants", ut]) => {
            let status = p.string("Status");
            if let Some(s) = status.as_deref() {
                if !matches!(s, "closed" | "wrapup" | "active") {
                    return Err(ApiError::bad_request(format!("Invalid Status '{s}'")));
                }
            }
            let media = p.json_object("MediaProperties")?;
            app.mutate(|s| s.modify_participant(kd, uo, ut, status.as_deref(), media))
        }
        _ => Err(ApiError::no_route(&format!(
            "Interactions/{}",
            rest.join("/")
        ))),
    }
}
