//! `/Tasks` and `/Tasks/{WT}/Reservations`.

use axum::http::Method;

use super::{unsupported, Reply, Request};
use crate::errors::{ApiError, ApiResult};
use crate::eventbridge::apply_reservation;
use crate::queries;
use crate::rest::shapes;
use crate::server::App;
use crate::state::{find, NewTask, TaskUpdate};

/// Dispatches a task request.
pub fn handle(app: &App, req: &Request<'_>) -> ApiResult<Reply> {
    let p = &req.params;
    match (&req.method, req.rest.as_slice()) {
        (&Method::GET, []) => app.read(|s| {
            let items = queries::tasks(s, p)?
                .into_iter()
                .map(|t| shapes::task(s, t))
                .collect();
            req.page(s, "tasks", items)
        }),
        (&Method::POST, []) => {
            let new = NewTask {
                attributes: p.json_object("Attributes")?,
                priority: p.int("Priority")?,
                timeout: p.int("Timeout")?,
                channel: p.string("TaskChannel"),
                workflow_sid: p.string("WorkflowSid"),
                queue_sid: p.string("TaskQueueSid"),
                routing_target: p.string("RoutingTarget"),
                virtual_start: None,
            };
            app.mutate(|s| {
                let sid = s.create_task(new)?;
                Ok(Reply::Created(shapes::task(s, find(&s.tasks, &sid)?)))
            })
        }
        (&Method::GET, [wt]) => app.read(|s| Ok(Reply::Ok(shapes::task(s, find(&s.tasks, wt)?)))),
        (&Method::POST, [wt]) => {
            let update = TaskUpdate {
                attributes: p.json_object("Attributes")?,
                assignment_status: p.string("AssignmentStatus"),
                reason: p.string("Reason"),
                priority: p.int("Priority")?,
            };
            app.mutate(|s| {
                req.check_version(wt, find(&s.tasks, wt)?.version)?;
                s.update_task(wt, update)?;
                Ok(Reply::Ok(shapes::task(s, find(&s.tasks, wt)?)))
            })
        }
        (&Method::DELETE, [wt]) => app.mutate(|s| s.delete_task(wt).map(|_| Reply::Deleted)),
        (&Method::GET, [wt, "Reservations"]) => app.read(|s| {
            find(&s.tasks, wt)?;
            let items = queries::reservations(s, p, |r| r.task_sid == *wt)?;
            let items = items
                .into_iter()
                .filter(|r| p.get("WorkerSid").is_none_or(|w| r.worker_sid == w))
                .map(|r| shapes::reservation(s, r))
                .collect();
            req.page(s, "reservations", items)
        }),
        (&Method::GET, [wt, "Reservations", wr]) => app.read(|s| {
            let r = find(&s.reservations, wr).ok().filter(|r| r.task_sid == *wt);
            Ok(Reply::Ok(shapes::reservation(
                s,
                r.ok_or_else(|| ApiError::not_found("Reservation", wr))?,
            )))
        }),
        (&Method::POST, [wt, "Reservations", wr]) => app.mutate(|s| {
            let r = find(&s.reservations, wr).ok().filter(|r| r.task_sid == *wt);
            req.check_version(
                wr,
                r.ok_or_else(|| ApiError::not_found("Reservation", wr))?
                    .version,
            )?;
            apply_reservation(s, wr, p)?;
            Ok(Reply::Ok(shapes::reservation(
                s,
                find(&s.reservations, wr)?,
            )))
        }),
        (_, [] | [_] | [_, _] | [_, _, _]) => Err(unsupported(req)),
        _ => Err(ApiError::no_route(req.path)),
    }
}
