//! Loading the worker, activities, channels and active reservations through the
//! tunnel (PROTOCOL.md §5.3), and the resync after a reconnect.

use reqwest::Method;
use serde_json::{json, Map, Value};

use super::state::{reservation_event, State};
use super::Inner;
use crate::auth::TokenBroker;
use crate::error::Result;
use crate::events::FlexEvent;
use crate::task::wire::parse_reservation;
use crate::task::{Reservation, ReservationStatus};
use crate::transport::tunnel::{ApiVersion, Tunnel};
use crate::worker::wire::{parse_activity, parse_channel, parse_worker};
use crate::worker::Worker;

/// What the loader needs: the tunnel, the token and the worker's coordinates.
pub(super) struct Loader<'a> {
    pub(super) tunnel: &'a Tunnel,
    pub(super) broker: &'a TokenBroker,
    pub(super) workspace_sid: &'a str,
    pub(super) worker_sid: &'a str,
}

impl Loader<'_> {
    fn path(&self, rest: &str) -> String {
        format!("Workspaces/{}/{rest}", self.workspace_sid)
    }

    async fn worker(&self) -> Result<Worker> {
        let path = self.path(&format!("Workers/{}", self.worker_sid));
        let v = self
            .tunnel
            .call(self.broker, Method::GET, &path, ApiVersion::V1, Map::new())
            .await?;
        parse_worker(&v)
    }

    async fn list<T>(
        &self,
        rest: &str,
        version: ApiVersion,
        params: Map<String, Value>,
        parse: fn(&Value) -> Result<T>,
    ) -> Result<Vec<T>> {
        let items = self
            .tunnel
            .list(self.broker, &self.path(rest), version, params)
            .await?;
        Ok(items
            .iter()
            .filter_map(|v| match parse(v) {
                Ok(x) => Some(x),
                Err(e) => {
                    tracing::warn!(target: "flex_core::client", error = %e, "list item ignored");
                    None
                }
            })
            .collect())
    }

    async fn reservations(&self) -> Result<Vec<Reservation>> {
        let mut params = Map::new();
        params.insert("Active".into(), json!("true"));
        let all = self
            .list(
                &format!("Workers/{}/Reservations", self.worker_sid),
                ApiVersion::V2,
                params,
                parse_reservation,
            )
            .await?;
        Ok(all.into_iter().filter(|r| !r.status.is_final()).collect())
    }

    /// Loads everything the client shows, as a fresh state.
    pub(super) async fn load(&self) -> Result<State> {
        let worker = self.worker().await?;
        let activities = self
            .list("Activities", ApiVersion::V1, Map::new(), parse_activity)
            .await?;
        let channels = self
            .list(
                &format!("Workers/{}/WorkerChannels", self.worker_sid),
                ApiVersion::V1,
                Map::new(),
                parse_channel,
            )
            .await?;
        let reservations = self.reservations().await?;
        Ok(State::new(worker, activities, channels, reservations))
    }

    /// The final state of a reservation that left the active set.
    async fn final_reservation(&self, known: &Reservation) -> Reservation {
        let path = self.path(&format!(
            "Workers/{}/Reservations/{}",
            self.worker_sid, known.sid
        ));
        let fetched = self
            .tunnel
            .call(self.broker, Method::GET, &path, ApiVersion::V1, Map::new())
            .await;
        match fetched.and_then(|v| parse_reservation(&v)) {
            Ok(r) if r.status.is_final() => r,
            _ => Reservation {
                status: ReservationStatus::Canceled,
                ..known.clone()
            },
        }
    }
}

/// Brings the local state up to date after a reconnect and emits what changed
/// while the socket was away.
pub(super) async fn resync(inner: &Inner) {
    let loader = Loader {
        tunnel: &inner.tunnel,
        broker: &inner.broker,
        workspace_sid: &inner.workspace_sid,
        worker_sid: &inner.worker_sid,
    };
    let (worker, fetched) = match tokio::try_join!(loader.worker(), loader.reservations()) {
        Ok(x) => x,
        Err(e) => {
            tracing::warn!(target: "flex_core::client", error = %e, "resync failed; events may have been missed");
            return;
        }
    };
    let (mut events, gone) = {
        let mut st = inner.state();
        let mut events = Vec::new();
        let before = st.worker.clone();
        st.set_worker_fields(worker);
        if st.worker.activity_sid != before.activity_sid {
            events.push(FlexEvent::WorkerActivityUpdated {
                worker: st.worker(),
            });
        }
        if st.worker.attributes != before.attributes {
            events.push(FlexEvent::WorkerAttributesUpdated {
                worker: st.worker(),
            });
        }
        let gone: Vec<Reservation> = st
            .reservations
            .values()
            .filter(|k| !fetched.iter().any(|r| r.sid == k.sid))
            .cloned()
            .collect();
        for r in fetched {
            let is_new = !st.reservations.contains_key(&r.sid);
            if is_new && r.status != ReservationStatus::Pending {
                events.push(reservation_event(true, r.clone()));
            }
            events.extend(st.record_reservation(r));
        }
        (events, gone)
    };
    for known in gone {
        let last = loader.final_reservation(&known).await;
        events.extend(inner.state().record_reservation(last));
    }
    tracing::info!(target: "flex_core::client", changes = events.len(), "resynced after reconnect");
    inner.emit_all(events);
}
