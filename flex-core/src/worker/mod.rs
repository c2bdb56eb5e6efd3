//! Worker snapshots ([`Worker`], [`Activity`], [`WorkerChannel`]) and the worker actions.

use serde::Serialize;

pub(crate) mod actions;
pub(crate) mod merge;
pub(crate) mod wire;

use crate::task::Reservation;

/// An activity of the workspace (Available, Offline, Break…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Activity {
    /// The activity SID (`WA…`).
    pub sid: String,
    /// The activity name.
    pub name: String,
    /// Whether work is routed to a worker in this activity.
    pub available: bool,
    /// Whether this is the worker's current activity.
    pub is_current: bool,
}

/// One of the worker's task channels and its capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WorkerChannel {
    /// The worker channel SID (`WC…`).
    pub sid: String,
    /// The task channel SID (`TC…`).
    pub task_channel_sid: String,
    /// The task channel unique name (`voice`, `chat`, …).
    pub task_channel_unique_name: String,
    /// Whether the channel takes work.
    pub available: bool,
    /// Configured capacity.
    pub capacity: u32,
    /// Tasks currently assigned on the channel.
    pub assigned_tasks: u32,
    /// Free capacity in percent.
    pub available_capacity_percentage: u32,
}

/// A snapshot of the signed-in worker.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Worker {
    /// The worker SID (`WK…`).
    pub sid: String,
    /// The worker's friendly name.
    pub name: String,
    /// The account SID (`AC…`).
    pub account_sid: String,
    /// The workspace SID (`WS…`).
    pub workspace_sid: String,
    /// The current activity SID.
    pub activity_sid: String,
    /// The current activity name.
    pub activity_name: String,
    /// Whether the worker is available for work.
    pub available: bool,
    /// The worker attributes (a JSON object).
    pub attributes: serde_json::Value,
    /// When the activity last changed (epoch seconds).
    pub date_status_changed: i64,
    /// The server's version of the worker.
    pub version: String,
    /// The workspace's activities.
    pub activities: Vec<Activity>,
    /// The worker's channels.
    pub channels: Vec<WorkerChannel>,
    /// The worker's active reservations, oldest first.
    pub reservations: Vec<Reservation>,
}
