//! Activities, TaskChannels, TaskQueues and Workflows: list, fetch, create, update, delete.

use std::time::Duration;

use axum::http::Method;

use super::{unsupported, Reply, Request};
use crate::errors::{ApiError, ApiResult};
use crate::expr::Expr;
use crate::queries;
use crate::rest::shapes;
use crate::server::App;
use crate::sid::new_sid;
use crate::state::{
    find, find_mut, Activity, State, TaskChannel, TaskQueue, WorkerChannel, Workflow,
};
use crate::time::now;

/// Dispatches one catalog resource (`kind` is the collection name).
pub fn handle(app: &App, kind: &str, req: &Request<'_>) -> ApiResult<Reply> {
    match (kind, &req.method, req.rest.as_slice()) {
        ("Activities", &Method::GET, []) => app.read(|s| {
            let items = s
                .activities
                .iter()
                .filter(|a| {
                    req.params
                        .get("FriendlyName")
                        .is_none_or(|n| a.friendly_name == n)
                })
                .filter(|a| {
                    req.params
                        .bool("Available")
                        .ok()
                        .flatten()
                        .is_none_or(|v| a.available == v)
                })
                .map(|a| shapes::activity(s, a))
                .collect();
            req.page(s, "activities", items)
        }),
        ("Activities", &Method::GET, [sid]) => {
            app.read(|s| Ok(Reply::Ok(shapes::activity(s, find(&s.activities, sid)?))))
        }
        ("Activities", &Method::POST, []) => app.mutate(|s| create_activity(s, req)),
        ("Activities", &Method::POST, [sid]) => app.mutate(|s| {
            let a = find_mut(&mut s.activities, sid)?;
            if let Some(name) = req.params.string("FriendlyName") {
                a.friendly_name = name;
                a.updated = now();
            }
            Ok(Reply::Ok(shapes::activity(s, find(&s.activities, sid)?)))
        }),
        ("Activities", &Method::DELETE, [sid]) => app.mutate(|s| {
            find(&s.activities, sid)?;
            if s.workers.iter().any(|w| w.activity_sid == *sid)
                || s.workspace.default_activity_sid == *sid
            {
                return Err(ApiError::bad_request(format!(
                    "Activity {sid} is in use and cannot be deleted"
                )));
            }
            s.activities.retain(|a| a.sid != *sid);
            Ok(Reply::Deleted)
        }),
        ("TaskChannels", &Method::GET, []) => app.read(|s| {
            req.page(
                s,
                "channels",
                s.channels
                    .iter()
                    .map(|c| shapes::task_channel(s, c))
                    .collect(),
            )
        }),
        ("TaskChannels", &Method::GET, [key]) => app.read(|s| {
            let c = s
                .channels
                .iter()
                .find(|c| c.sid == *key || c.unique_name == *key);
            Ok(Reply::Ok(shapes::task_channel(
                s,
                c.ok_or_else(|| ApiError::not_found("TaskChannel", key))?,
            )))
        }),
        ("TaskChannels", &Method::POST, []) => app.mutate(|s| create_task_channel(s, req)),
        ("TaskQueues", &Method::GET, []) => app.read(|s| {
            let items = queries::task_queues(s, &req.params)?
                .into_iter()
                .map(|q| shapes::task_queue(s, q))
                .collect();
            req.page(s, "task_queues", items)
        }),
        ("TaskQueues", &Method::GET, [sid]) => {
            app.read(|s| Ok(Reply::Ok(shapes::task_queue(s, find(&s.queues, sid)?))))
        }
        ("TaskQueues", &Method::POST, []) => app.mutate(|s| save_queue(s, req, None)),
        ("TaskQueues", &Method::POST, [sid]) => app.mutate(|s| save_queue(s, req, Some(sid))),
        ("TaskQueues", &Method::DELETE, [sid]) => app.mutate(|s| {
            find(&s.queues, sid)?;
            s.queues.retain(|q| q.sid != *sid);
            Ok(Reply::Deleted)
        }),
        ("Workflows", &Method::GET, []) => app.read(|s| {
            let items = s
                .workflows
                .iter()
                .filter(|w| {
                    req.params
                        .get("FriendlyName")
                        .is_none_or(|n| w.friendly_name == n)
                })
                .map(|w| shapes::workflow(s, w))
                .collect();
            req.page(s, "workflows", items)
        }),
        ("Workflows", &Method::GET, [sid]) => {
            app.read(|s| Ok(Reply::Ok(shapes::workflow(s, find(&s.workflows, sid)?))))
        }
        ("Workflows", &Method::POST, []) => app.mutate(|s| save_workflow(s, req, None)),
        ("Workflows", &Method::POST, [sid]) => app.mutate(|s| save_workflow(s, req, Some(sid))),
        ("Workflows", &Method::DELETE, [sid]) => app.mutate(|s| {
            find(&s.workflows, sid)?;
            s.workflows.retain(|w| w.sid != *sid);
            Ok(Reply::Deleted)
        }),
        (_, _, [] | [_]) => Err(unsupported(req)),
        _ => Err(ApiError::no_route(req.path)),
    }
}

fn required(req: &Request<'_>, name: &str) -> ApiResult<String> {
    req.params
        .string(name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Missing required parameter {name} in the post body"
            ))
        })
}

fn create_activity(s: &mut State, req: &Request<'_>) -> ApiResult<Reply> {
    let name = required(req, "FriendlyName")?;
    if s.activities.iter().any(|a| a.friendly_name == name) {
        return Err(ApiError::bad_request(format!(
            "Activity with FriendlyName {name} already exists"
        )));
    }
    let t = now();
    let activity = Activity {
        sid: new_sid("WA"),
        friendly_name: name,
        available: req.params.bool("Available")?.unwrap_or(true),
        created: t,
        updated: t,
    };
    let body = shapes::activity(s, &activity);
    s.activities.push(activity);
    Ok(Reply::Created(body))
}

fn create_task_channel(s: &mut State, req: &Request<'_>) -> ApiResult<Reply> {
    let unique_name = required(req, "UniqueName")?;
    if s.channels.iter().any(|c| c.unique_name == unique_name) {
        return Err(ApiError::bad_request(format!(
            "TaskChannel {unique_name} already exists"
        )));
    }
    let t = now();
    let channel = TaskChannel {
        sid: new_sid("TC"),
        friendly_name: req
            .params
            .string("FriendlyName")
            .unwrap_or_else(|| unique_name.clone()),
        unique_name,
        default_capacity: 1,
        created: t,
    };
    let new_channels: Vec<WorkerChannel> = s
        .workers
        .iter()
        .map(|w| WorkerChannel {
            sid: new_sid("WC"),
            worker_sid: w.sid.clone(),
            task_channel_sid: channel.sid.clone(),
            unique_name: channel.unique_name.clone(),
            capacity: 1,
            available: true,
            created: t,
            updated: t,
            last_reserved: None,
        })
        .collect();
    s.worker_channels.extend(new_channels);
    let body = shapes::task_channel(s, &channel);
    s.channels.push(channel);
    Ok(Reply::Created(body))
}

fn optional_activity(
    s: &State,
    req: &Request<'_>,
    name: &str,
) -> ApiResult<Option<Option<String>>> {
    match req.params.get(name) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(sid) => Ok(Some(Some(
            find(&s.activities, sid)
                .map_err(|_| {
                    ApiError::bad_request(format!("{name} {sid} does not exist in this workspace"))
                })?
                .sid
                .clone(),
        ))),
    }
}

fn save_queue(s: &mut State, req: &Request<'_>, sid: Option<&str>) -> ApiResult<Reply> {
    let p = &req.params;
    if let Some(expression) = p.get("TargetWorkers") {
        Expr::parse(expression)
            .map_err(|e| ApiError::bad_request(format!("Invalid TargetWorkers expression: {e}")))?;
    }
    let max = p.int::<u32>("MaxReservedWorkers")?;
    if max.is_some_and(|m| !(1..=50).contains(&m)) {
        return Err(ApiError::bad_request(
            "MaxReservedWorkers must be between 1 and 50",
        ));
    }
    let order = p.string("TaskOrder");
    if order.as_deref().is_some_and(|o| o != "FIFO" && o != "LIFO") {
        return Err(ApiError::bad_request("TaskOrder must be FIFO or LIFO"));
    }
    let reservation_activity = optional_activity(s, req, "ReservationActivitySid")?;
    let assignment_activity = optional_activity(s, req, "AssignmentActivitySid")?;
    let t = now();
    let (sid, created) = match sid {
        Some(sid) => (find(&s.queues, sid)?.sid.clone(), false),
        None => {
            let name = required(req, "FriendlyName")?;
            let sid = new_sid("WQ");
            s.queues.push(TaskQueue {
                sid: sid.clone(),
                friendly_name: name,
                target_workers: "1==1".into(),
                task_order: "FIFO".into(),
                max_reserved_workers: 1,
                reservation_activity_sid: None,
                assignment_activity_sid: None,
                created: t,
                updated: t,
            });
            (sid, true)
        }
    };
    let queue = find_mut(&mut s.queues, &sid)?;
    if let Some(name) = p.string("FriendlyName") {
        queue.friendly_name = name;
    }
    if let Some(expression) = p.string("TargetWorkers") {
        queue.target_workers = expression;
    }
    if let Some(max) = max {
        queue.max_reserved_workers = max;
    }
    if let Some(order) = order {
        queue.task_order = order;
    }
    if let Some(a) = reservation_activity {
        queue.reservation_activity_sid = a;
    }
    if let Some(a) = assignment_activity {
        queue.assignment_activity_sid = a;
    }
    queue.updated = t;
    s.route();
    let body = shapes::task_queue(s, find(&s.queues, &sid)?);
    Ok(if created {
        Reply::Created(body)
    } else {
        Reply::Ok(body)
    })
}

fn save_workflow(s: &mut State, req: &Request<'_>, sid: Option<&str>) -> ApiResult<Reply> {
    let p = &req.params;
    if let Some(configuration) = p.get("Configuration") {
        crate::routing::validate_configuration(configuration).map_err(ApiError::bad_request)?;
    }
    let timeout = p.int::<u64>("TaskReservationTimeout")?;
    if timeout.is_some_and(|t| !(1..=86_400).contains(&t)) {
        return Err(ApiError::bad_request(
            "TaskReservationTimeout must be between 1 and 86400",
        ));
    }
    let t = now();
    let (sid, created) = match sid {
        Some(sid) => (find(&s.workflows, sid)?.sid.clone(), false),
        None => {
            let name = required(req, "FriendlyName")?;
            let configuration = required(req, "Configuration")?;
            let sid = new_sid("WW");
            s.workflows.push(Workflow {
                sid: sid.clone(),
                friendly_name: name,
                configuration,
                reservation_timeout: Duration::from_secs(120),
                assignment_callback_url: None,
                created: t,
                updated: t,
            });
            (sid, true)
        }
    };
    let workflow = find_mut(&mut s.workflows, &sid)?;
    if let Some(name) = p.string("FriendlyName") {
        workflow.friendly_name = name;
    }
    if let Some(configuration) = p.string("Configuration") {
        workflow.configuration = configuration;
    }
    if let Some(timeout) = timeout {
        workflow.reservation_timeout = Duration::from_secs(timeout);
    }
    if let Some(url) = p.string("AssignmentCallbackUrl") {
        workflow.assignment_callback_url = Some(url).filter(|u| !u.is_empty());
    }
    workflow.updated = t;
    let body = shapes::workflow(s, find(&s.workflows, &sid)?);
    Ok(if created {
        Reply::Created(body)
    } else {
        Reply::Ok(body)
    })
}
