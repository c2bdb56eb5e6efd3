//! The event bridge (PROTOCOL.md §5): websocket and REST tunnel on `/v1/wschannels`.

mod interactions;
pub mod payload;
mod socket;
mod tunnel;

pub use tunnel::apply_reservation;

use axum::routing::get;
use axum::Router;

use crate::server::App;

/// `GET /v1/wschannels` (websocket) and `POST /v1/wschannels` (tunnel).
pub fn routes() -> Router<App> {
    Router::new().route("/v1/wschannels", get(socket::upgrade).post(tunnel::handle))
}
