//! Network transports: host rules, Flex REST, the event-bridge tunnel and socket.

pub(crate) mod backoff;
pub mod hosts;
pub(crate) mod http;
pub(crate) mod socket;
pub(crate) mod tunnel;
