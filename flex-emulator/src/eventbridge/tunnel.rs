//! The REST tunnel: `POST /v1/wschannels` with a JSON envelope `{url, method, params, token}`,
//! answered `{payload}` in event-bridge format (PROTOCOL.md §5.1–5.2).

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::payload;
use crate::errors::{ApiError, ApiResult};
use crate::paging::tunnel_page;
use crate::params::Params;
use crate::queries;
use crate::server::App;
use crate::state::{find, NewTask, State, TaskUpdate, WorkerUpdate};
use crate::tokens::Claims;

/// One tunnelled request.
struct Envelope {
    url: String,
    method: String,
    params: Params,
    token: String,
}

fn parse_envelope(body: &[u8]) -> ApiResult<Envelope> {
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Malformed request envelope: {e}")))?;
    if let Value::String(inner) = &value {
        value = serde_json::from_str(inner)
            .map_err(|e| ApiError::bad_request(format!("Malformed request envelope: {e}")))?;
    }
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let url = text("url").ok_or_else(|| ApiError::bad_request("The envelope needs a url"))?;
    let params = match value.get("params") {
        Some(Value::String(s)) => Params::from_body(s.as_bytes())?,
        Some(other) => Params::from_json(other),
        None => Params::default(),
    };
    Ok(Envelope {
        url,
        method: text("method")
            .unwrap_or_else(|| "GET".into())
            .to_ascii_uppercase(),
        params,
        token: text("token").unwrap_or_default(),
    })
}

/// Handles one envelope.
pub async fn handle(AxumState(app): AxumState<App>, body: Bytes) -> Response {
    match serve(&app, &body) {
        Ok(payload) => Json(json!({ "payload": payload })).into_response(),
        Err(error) => error.into_response(),
    }
}

fn serve(app: &App, body: &[u8]) -> ApiResult<Value> {
    let mut envelope = parse_envelope(body)?;
    let claims = app.verify(&envelope.token)?;
    let (path, query) = envelope
        .url
        .split_once('?')
        .unwrap_or((envelope.url.as_str(), ""));
    envelope.params.extend(Params::from_form(query));
    let path = path.trim_matches('/');
    let path = path
        .strip_prefix("v1/")
        .or_else(|| path.strip_prefix("v2/"))
        .unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let ["Interactions", rest @ ..] = segments.as_slice() {
        return super::interactions::serve(app, &envelope.method, rest, &envelope.params);
    }
    let ["Workspaces", workspace, rest @ ..] = segments.as_slice() else {
        return Err(ApiError::no_route(&envelope.url));
    };
    if *workspace != claims.workspace_sid {
        return Err(ApiError::forbidden(
            "The token does not grant access to this workspace",
        ));
    }
    let p = &envelope.params;
    match (envelope.method.as_str(), rest) {
        ("POST", _) => write(app, &claims, rest, p),
        ("GET", _) => app.read(|s| read(s, rest, p)),
        (other, _) => Err(ApiError::bad_request(format!(
            "Method {other} is not supported by the tunnel"
        ))),
    }
}

fn read(s: &State, rest: &[&str], p: &Params) -> ApiResult<Value> {
    let list = |items: Vec<(String, Value)>| tunnel_page(items, p);
    match rest {
        [] => Ok(
            json!({"sid": s.workspace.sid, "account_sid": s.account.sid, "friendly_name": s.workspace.friendly_name}),
        ),
        ["Activities"] => list(
            s.activities
                .iter()
                .map(|a| (a.sid.clone(), payload::activity(s, a)))
                .collect(),
        ),
        ["Activities", sid] => Ok(payload::activity(s, find(&s.activities, sid)?)),
        ["Workers"] => list(
            queries::workers(s, p)?
                .into_iter()
                .map(|w| (w.sid.clone(), payload::worker(s, w)))
                .collect(),
        ),
        ["Workers", sid] => Ok(payload::worker(s, find(&s.workers, sid)?)),
        ["Workers", wk, "WorkerChannels" | "Channels"] => {
            find(&s.workers, wk)?;
            list(
                s.channels_of(wk)
                    .map(|c| (c.sid.clone(), payload::worker_channel(s, c)))
                    .collect(),
            )
        }
        ["Workers", wk, "WorkerChannels" | "Channels", key] => {
            find(&s.workers, wk)?;
            let c = s
                .channels_of(wk)
                .find(|c| c.sid == *key || c.unique_name == *key)
                .ok_or_else(|| ApiError::not_found("WorkerChannel", key))?;
            Ok(payload::worker_channel(s, c))
        }
        ["Workers", wk, "Reservations"] => {
            find(&s.workers, wk)?;
            let items = queries::reservations(s, p, |r| r.worker_sid == *wk)?;
            list(
                items
                    .into_iter()
                    .map(|r| (r.sid.clone(), payload::reservation(s, r)))
                    .collect(),
            )
        }
        [parent @ ("Workers" | "Tasks"), owner, "Reservations", sid] => {
            let r = find(&s.reservations, sid)?;
            if !belongs(r, parent, owner) {
                return Err(ApiError::not_found("Reservation", sid));
            }
            Ok(payload::reservation(s, r))
        }
        ["TaskQueues"] => list(
            queries::task_queues(s, p)?
                .into_iter()
                .map(|q| (q.sid.clone(), payload::task_queue(s, q)))
                .collect(),
        ),
        ["TaskQueues", sid] => Ok(payload::task_queue(s, find(&s.queues, sid)?)),
        ["Tasks"] => list(
            queries::tasks(s, p)?
                .into_iter()
                .map(|t| (t.sid.clone(), payload::task(s, t)))
                .collect(),
        ),
        ["Tasks", sid] => Ok(payload::task(s, find(&s.tasks, sid)?)),
        _ => Err(ApiError::no_route(&rest.join("/"))),
    }
}

/// Whether a reservation sits under `Workers/{owner}` or `Tasks/{owner}`.
fn belongs(r: &crate::state::Reservation, parent: &str, owner: &str) -> bool {
    if parent == "Workers" {
        r.worker_sid == owner
    } else {
        r.task_sid == owner
    }
}

/// Agents may change only themselves and their own reservations; admins anyone.
fn check_self(claims: &Claims, worker_sid: &str) -> ApiResult<()> {
    if claims.role == "worker" && claims.worker_sid != worker_sid {
        return Err(ApiError::forbidden(format!(
            "Worker {} is not allowed to modify Worker {worker_sid}",
            claims.worker_sid
        )));
    }
    Ok(())
}

fn write(app: &App, claims: &Claims, rest: &[&str], p: &Params) -> ApiResult<Value> {
    match rest {
        ["Workers", wk] => {
            check_self(claims, wk)?;
            let update = WorkerUpdate {
                activity_sid: p.string("ActivitySid"),
                attributes: p.json_object("Attributes")?,
                friendly_name: p.string("FriendlyName"),
                reject_pending: p.bool("RejectPendingReservations")?.unwrap_or(false),
            };
            app.mutate(|s| {
                s.update_worker(wk, update)?;
                Ok(payload::worker(s, find(&s.workers, wk)?))
            })
        }
        [parent @ ("Workers" | "Tasks"), owner, "Reservations", wr] => app.mutate(|s| {
            let r = find(&s.reservations, wr)?;
            if !belongs(r, parent, owner) {
                return Err(ApiError::not_found("Reservation", wr));
            }
            let instruction = p.get("Instruction");
            if instruction != Some("supervise") {
                check_self(claims, &r.worker_sid.clone())?;
            }
            apply_reservation(s, wr, p)?;
            Ok(payload::reservation(s, find(&s.reservations, wr)?))
        }),
        ["Tasks"] => {
            let new = NewTask {
                attributes: p.json_object("Attributes")?,
                priority: p.int("Priority")?,
                timeout: p.int("Timeout")?,
                channel: p
                    .string("TaskChannelUniqueName")
                    .or_else(|| p.string("TaskChannelSid"))
                    .or_else(|| p.string("TaskChannel")),
                workflow_sid: p.string("WorkflowSid"),
                queue_sid: p.string("TaskQueueSid"),
                routing_target: p.string("RoutingTarget"),
                virtual_start: p.int("VirtualStartTime")?,
            };
            app.mutate(|s| {
                let sid = s.create_task(new)?;
                Ok(payload::task(s, find(&s.tasks, &sid)?))
            })
        }
        ["Tasks", wt] => {
            let update = TaskUpdate {
                attributes: p.json_object("Attributes")?,
                assignment_status: p.string("AssignmentStatus"),
                reason: p.string("Reason"),
                priority: p.int("Priority")?,
            };
            app.mutate(|s| {
                s.update_task(wt, update)?;
                Ok(payload::task(s, find(&s.tasks, wt)?))
            })
        }
        _ => Err(ApiError::no_route(&rest.join("/"))),
    }
}

/// `ReservationStatus`, or an `Instruction` (conference dials the worker's registered
/// voice device, whose answer accepts a pending reservation; call/dequeue/redirect, and a
/// conference with no device to dial, accept it at once; supervise is acknowledged).
pub fn apply_reservation(s: &mut State, wr: &str, p: &Params) -> ApiResult<()> {
    if let Some(status) = p.get("ReservationStatus") {
        return s.update_reservation(wr, status, p.get("WorkerActivitySid"));
    }
    match p.get("Instruction") {
        Some(instruction @ ("conference" | "call" | "dequeue" | "redirect")) => {
            let pending =
                find(&s.reservations, wr)?.status == crate::state::ReservationStatus::Pending;
            // A conference dials the worker's registered voice device, and its
            // answer accepts the reservation; without one it is accepted at once.
            let dialled = pending && instruction == "conference" && s.dial_conference(wr, p)?;
            if pending && !dialled {
                s.update_reservation(wr, "accepted", None)?;
            }
            Ok(())
        }
        Some("supervise") => Ok(()),
        Some(other) => Err(ApiError::bad_request(format!(
            "Unsupported Instruction '{other}'"
        ))),
        None => Err(ApiError::bad_request(
            "Missing ReservationStatus or Instruction",
        )),
    }
}
