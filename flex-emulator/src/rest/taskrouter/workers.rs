//! `/Workers`, `/Workers/{WK}/Channels`, `/Workers/{WK}/Reservations`.

use axum::http::Method;

use super::{unsupported, Reply, Request};
use crate::errors::{ApiError, ApiResult};
use crate::eventbridge::apply_reservation;
use crate::queries;
use crate::rest::shapes;
use crate::server::App;
use crate::state::{find, NewWorker, WorkerUpdate};

/// Dispatches a worker request.
pub fn handle(app: &App, req: &Request<'_>) -> ApiResult<Reply> {
    let p = &req.params;
    match (&req.method, req.rest.as_slice()) {
        (&Method::GET, []) => app.read(|s| {
            let items = queries::workers(s, p)?
                .into_iter()
                .map(|w| shapes::worker(s, w))
                .collect();
            req.page(s, "workers", items)
        }),
        (&Method::POST, []) => {
            let new = NewWorker {
                friendly_name: p.string("FriendlyName").unwrap_or_default(),
                activity_sid: p.string("ActivitySid"),
                attributes: p.json_object("Attributes")?,
            };
            app.mutate(|s| {
                let sid = s.create_worker(new)?;
                Ok(Reply::Created(shapes::worker(s, find(&s.workers, &sid)?)))
            })
        }
        (&Method::GET, [wk]) => {
            app.read(|s| Ok(Reply::Ok(shapes::worker(s, find(&s.workers, wk)?))))
        }
        (&Method::POST, [wk]) => {
            let update = WorkerUpdate {
                activity_sid: p.string("ActivitySid"),
                attributes: p.json_object("Attributes")?,
                friendly_name: p.string("FriendlyName"),
                reject_pending: p.bool("RejectPendingReservations")?.unwrap_or(false),
            };
            app.mutate(|s| {
                req.check_version(wk, find(&s.workers, wk)?.version)?;
                s.update_worker(wk, update)?;
                Ok(Reply::Ok(shapes::worker(s, find(&s.workers, wk)?)))
            })
        }
        (&Method::DELETE, [wk]) => app.mutate(|s| s.delete_worker(wk).map(|_| Reply::Deleted)),
        (&Method::GET, [wk, "Channels" | "WorkerChannels"]) => app.read(|s| {
            find(&s.workers, wk)?;
            let items = s
                .channels_of(wk)
                .map(|c| shapes::worker_channel(s, c))
                .collect();
            req.page(s, "channels", items)
        }),
        (&Method::GET, [wk, "Channels" | "WorkerChannels", key]) => app.read(|s| {
            find(&s.workers, wk)?;
            let c = s
                .channels_of(wk)
                .find(|c| c.sid == *key || c.unique_name == *key)
                .ok_or_else(|| ApiError::not_found("WorkerChannel", key))?;
            Ok(Reply::Ok(shapes::worker_channel(s, c)))
        }),
        (&Method::POST, [wk, "Channels" | "WorkerChannels", key]) => {
            let capacity = p.int::<u32>("Capacity")?;
            let available = p.bool("Available")?;
            app.mutate(|s| {
                let sid = s.update_worker_channel(wk, key, capacity, available)?;
                Ok(Reply::Ok(shapes::worker_channel(
                    s,
                    find(&s.worker_channels, &sid)?,
                )))
            })
        }
        (&Method::GET, [wk, "Reservations"]) => app.read(|s| {
            find(&s.workers, wk)?;
            let items = queries::reservations(s, p, |r| r.worker_sid == *wk)?;
            req.page(
                s,
                "reservations",
                items
                    .into_iter()
                    .map(|r| shapes::reservation(s, r))
                    .collect(),
            )
        }),
        (&Method::GET, [wk, "Reservations", wr]) => app.read(|s| {
            let r = find(&s.reservations, wr)
                .ok()
                .filter(|r| r.worker_sid == *wk);
            Ok(Reply::Ok(shapes::reservation(
                s,
                r.ok_or_else(|| ApiError::not_found("Reservation", wr))?,
            )))
        }),
        (&Method::POST, [wk, "Reservations", wr]) => app.mutate(|s| {
            let r = find(&s.reservations, wr)
                .ok()
                .filter(|r| r.worker_sid == *wk);
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
