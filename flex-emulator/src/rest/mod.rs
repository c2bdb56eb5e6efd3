//! HTTP REST surfaces: TaskRouter v1, Flex REST, Flex users, and test hooks.

mod flex;
pub mod hooks;
mod shapes;
mod taskrouter;
mod users;
mod voice;

pub use flex::describe_token;

use axum::Router;

use crate::server::App;

/// Every REST route.
pub fn routes() -> Router<App> {
    Router::new()
        .merge(taskrouter::routes())
        .merge(flex::routes())
        .merge(users::routes())
        .merge(hooks::routes())
        .merge(voice::routes())
}
