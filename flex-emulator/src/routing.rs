//! Routing: workflows pick a queue for a task; queues offer tasks to matching, free workers.

use std::cmp::Reverse;

use serde_json::Value;

use crate::expr::{matches, Scope};
use crate::state::{State, Task, TaskQueue, TaskStatus, Workflow};

/// Task attributes as expressions see them: the task's own, plus `taskChannelUniqueName`.
fn task_scope_attributes(attributes: &Value, channel: &str) -> Value {
    let mut attrs = attributes.clone();
    if let Some(map) = attrs.as_object_mut() {
        map.entry("taskChannelUniqueName")
            .or_insert_with(|| Value::String(channel.into()));
    }
    attrs
}

/// Picks a queue with the workflow's `task_routing`: the first filter whose `expression`
/// matches the task names its first target's `queue`; otherwise `default_filter.queue`.
#[allow(clippy::indexing_slicing)] // `Value` by key: `Null` when absent, never a panic.
pub fn select_queue(workflow: &Workflow, attributes: &Value, channel: &str) -> Option<String> {
    let config: Value = serde_json::from_str(&workflow.configuration).ok()?;
    let routing = &config["task_routing"];
    let attrs = task_scope_attributes(attributes, channel);
    let scope = Scope {
        root: &attrs,
        task: Some(&attrs),
        worker: None,
    };
    routing["filters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["expression"].as_str().is_none_or(|e| matches(e, &scope)))
        .find_map(|f| {
            f["targets"]
                .as_array()?
                .iter()
                .find_map(|t| t["queue"].as_str())
        })
        .or_else(|| routing["default_filter"]["queue"].as_str())
        .map(str::to_owned)
}

/// Checks a workflow configuration document for the parts routing reads.
pub fn validate_configuration(text: &str) -> Result<(), String> {
    let config: Value =
        serde_json::from_str(text).map_err(|e| format!("Configuration is not valid JSON: {e}"))?;
    let routing = config
        .get("task_routing")
        .ok_or("Configuration must contain task_routing")?;
    for filter in routing["filters"].as_array().into_iter().flatten() {
        if let Some(expression) = filter["expression"].as_str() {
            crate::expr::Expr::parse(expression)
                .map_err(|e| format!("Invalid filter expression: {e}"))?;
        }
    }
    Ok(())
}

/// A sort key: the value (FIFO) or its negation (LIFO), widened so no i64 overflows.
fn signed(value: i64, lifo: bool) -> i128 {
    let value = i128::from(value);
    if lifo {
        0i128.saturating_sub(value)
    } else {
        value
    }
}

impl State {
    /// Offers every routable task to a free matching worker, best first, until nothing moves.
    pub fn route(&mut self) {
        // Highest priority first; then oldest first (FIFO) or newest first (LIFO). Keys are
        // compared, never negated: any i64 a request sends is a valid priority.
        let mut order: Vec<(Reverse<i64>, i128, i128, String)> = self
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == TaskStatus::Pending || t.status == TaskStatus::Reserved)
            .map(|(i, t)| {
                let lifo = self.queue_of(t).is_some_and(|q| q.task_order == "LIFO");
                let index = i64::try_from(i).unwrap_or(i64::MAX);
                (
                    Reverse(t.priority),
                    signed(t.virtual_start, lifo),
                    signed(index, lifo),
                    t.sid.clone(),
                )
            })
            .collect();
        order.sort();
        for (_, _, _, task_sid) in order {
            let Some(task) = self.tasks.iter().find(|t| t.sid == task_sid) else {
                continue;
            };
            let Some(queue) = self.queue_of(task) else {
                continue;
            };
            let open = self
                .reservations
                .iter()
                .filter(|r| {
                    r.task_sid == task_sid && r.status == crate::state::ReservationStatus::Pending
                })
                .count() as u32;
            if open >= queue.max_reserved_workers.max(1) || task.status == TaskStatus::Assigned {
                continue;
            }
            if let Some(worker_sid) = self.pick_worker(task, queue) {
                let timeout = task
                    .workflow_sid
                    .as_ref()
                    .and_then(|w| self.workflows.iter().find(|x| &x.sid == w))
                    .map_or(self.reservation_timeout, |w| w.reservation_timeout);
                self.offer(&task_sid, &worker_sid, timeout);
            }
        }
    }

    fn queue_of(&self, task: &Task) -> Option<&TaskQueue> {
        let sid = task.queue_sid.as_ref()?;
        self.queues.iter().find(|q| &q.sid == sid)
    }

    /// The best free worker for the task: never-declined first, then longest idle on the channel.
    fn pick_worker(&self, task: &Task, queue: &TaskQueue) -> Option<String> {
        let attrs = task_scope_attributes(&task.attributes, &task.task_channel_unique_name);
        self.workers
            .iter()
            .enumerate()
            .filter(|(_, w)| task.routing_target.as_ref().is_none_or(|t| t == &w.sid))
            .filter(|(_, w)| self.is_available(w))
            .filter(|(_, w)| {
                !self.reservations.iter().any(|r| {
                    r.task_sid == task.sid && r.worker_sid == w.sid && r.status.is_active()
                })
            })
            .filter_map(|(i, w)| {
                let channel = self
                    .channels_of(&w.sid)
                    .find(|c| c.task_channel_sid == task.task_channel_sid && c.available)?;
                if self.assigned_tasks(&w.sid, &task.task_channel_sid) >= channel.capacity {
                    return None;
                }
                let scope = Scope {
                    root: &w.attributes,
                    task: Some(&attrs),
                    worker: Some(&w.attributes),
                };
                if !matches(&queue.target_workers, &scope) {
                    return None;
                }
                let declined = task.declined_by.contains(&w.sid);
                Some((
                    (declined, channel.last_reserved.unwrap_or(i64::MIN), i),
                    w.sid.clone(),
                ))
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, sid)| sid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn workflow(configuration: &str) -> Workflow {
        Workflow {
            sid: "WW1".into(),
            friendly_name: "w".into(),
            configuration: configuration.into(),
            reservation_timeout: Duration::from_secs(120),
            assignment_callback_url: None,
            created: 0,
            updated: 0,
        }
    }

    #[test]
    fn filters_then_default() {
        let wf = workflow(
            r#"{"task_routing":{"filters":[
                {"expression":"taskChannelUniqueName == 'chat'","targets":[{"queue":"WQchat"}]},
                {"expression":"lang == 'fr'","targets":[{"queue":"WQfr"}]}],
              "default_filter":{"queue":"WQdefault"}}}"#,
        );
        let attrs = serde_json::json!({"lang": "fr"});
        assert_eq!(select_queue(&wf, &attrs, "chat").as_deref(), Some("WQchat"));
        assert_eq!(select_queue(&wf, &attrs, "voice").as_deref(), Some("WQfr"));
        assert_eq!(
            select_queue(&wf, &serde_json::json!({}), "voice").as_deref(),
            Some("WQdefault")
        );
        assert_eq!(select_queue(&workflow("not json"), &attrs, "voice"), None);
        assert!(validate_configuration("{}").is_err());
        assert!(
            validate_configuration(r#"{"task_routing":{"filters":[{"expression":"a =="}]}}"#)
                .is_err()
        );
    }
}
