//! The seeded demo world and its JSON description (the first stdout line).

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::EmulatorConfig;
use crate::sid::{new_secret, new_sid};
use crate::state::*;
use crate::time::{iso8601, now};
use crate::tokens::{Grant, TokenSigner};

/// What a client needs to reach the seeded world (printed as JSON at start-up).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct World {
    /// `http://host:port`.
    pub base_url: String,
    /// `AC…`.
    pub account_sid: String,
    /// Secret for HTTP Basic `AccountSid:AuthToken`.
    pub auth_token: String,
    /// `GO…`.
    pub flex_instance_sid: String,
    /// `WS…`.
    pub workspace_sid: String,
    /// `WW…`: routes voice tasks to the voice queue and chat tasks to the chat queue.
    pub workflow_sid: String,
    /// The seeded queues.
    pub queues: Queues,
    /// The seeded activities.
    pub activities: Activities,
    /// The seeded users.
    pub users: Users,
    /// The SSO profile (`connection_name` of the authentication config).
    pub sso_profile_sid: String,
    /// The SSO client ID (pass it to `get_login_details`).
    pub client_id: String,
    /// The Flex runtime domain (`….twil.io`).
    pub runtime_domain: String,
}

/// Seeded task queue SIDs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Queues {
    /// `WQ…` for voice tasks.
    pub voice: String,
    /// `WQ…` for chat tasks.
    pub chat: String,
}

/// Seeded activity SIDs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Activities {
    /// Offline (unavailable; every worker starts here).
    pub offline: String,
    /// Available.
    pub available: String,
    /// Unavailable.
    pub unavailable: String,
    /// Break (unavailable).
    pub r#break: String,
}

/// Seeded users.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Users {
    /// alice, role agent.
    pub agent: User,
    /// bob, role agent.
    pub agent2: User,
    /// sam, roles agent and supervisor.
    pub supervisor: User,
}

/// A seeded Flex user with its worker and a ready token.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct User {
    /// Login identity (`alice`).
    pub identity: String,
    /// Display name.
    pub full_name: String,
    /// `WK…`.
    pub worker_sid: String,
    /// `FU…`.
    pub flex_user_sid: String,
    /// Flex roles.
    pub roles: Vec<String>,
    /// `client:<identity>`.
    pub contact_uri: String,
    /// An access token minted at start-up with the configured TTL.
    pub token: String,
}

/// Task channels: unique name, display name, default worker capacity.
const CHANNELS: [(&str, &str, u32); 5] = [
    ("default", "Default", 1),
    ("voice", "Voice", 1),
    ("chat", "Programmable Chat", 2),
    ("sms", "SMS", 1),
    ("email", "Email", 1),
];

/// Seed users: identity, full name, roles, skills.
const USERS: [(&str, &str, &[&str], &[&str]); 3] = [
    ("alice", "Alice Adams", &["agent"], &["support", "sales"]),
    ("bob", "Bob Brown", &["agent"], &["support"]),
    (
        "sam",
        "Sam Supervisor",
        &["agent", "supervisor"],
        &["support", "sales", "escalations"],
    ),
];

/// The TaskRouter role a Flex user's token carries.
pub fn token_role(roles: &[String]) -> &'static str {
    if roles.iter().any(|r| r == "supervisor" || r == "admin") {
        "admin"
    } else {
        "worker"
    }
}

/// Builds the demo state, the signer, and the world description.
// Start-up only: the indexes read the vectors built just above.
#[allow(clippy::indexing_slicing)]
pub fn seed(config: &EmulatorConfig, base_url: &str) -> (State, TokenSigner, World) {
    let t = now();
    let account = Account {
        sid: new_sid("AC"),
        auth_token: new_secret(),
        flex_instance_sid: new_sid("GO"),
        base_url: base_url.into(),
    };
    let activity = |name: &str, available: bool| Activity {
        sid: new_sid("WA"),
        friendly_name: name.into(),
        available,
        created: t,
        updated: t,
    };
    let activities = vec![
        activity("Offline", false),
        activity("Available", true),
        activity("Unavailable", false),
        activity("Break", false),
    ];
    let ids = Activities {
        offline: activities[0].sid.clone(),
        available: activities[1].sid.clone(),
        unavailable: activities[2].sid.clone(),
        r#break: activities[3].sid.clone(),
    };
    let queue = |name: &str| TaskQueue {
        sid: new_sid("WQ"),
        friendly_name: name.into(),
        target_workers: "1==1".into(),
        task_order: "FIFO".into(),
        max_reserved_workers: 1,
        reservation_activity_sid: None,
        assignment_activity_sid: None,
        created: t,
        updated: t,
    };
    let queues = vec![queue("Voice"), queue("Chat")];
    let queue_ids = Queues {
        voice: queues[0].sid.clone(),
        chat: queues[1].sid.clone(),
    };
    let workflow = Workflow {
        sid: new_sid("WW"),
        friendly_name: "Assign to Anyone".into(),
        configuration: json!({"task_routing": {
            "filters": [
                {"filter_friendly_name": "Voice", "expression": "taskChannelUniqueName == 'voice'",
                 "targets": [{"queue": queue_ids.voice}]},
                {"filter_friendly_name": "Chat", "expression": "taskChannelUniqueName IN ['chat', 'sms', 'email']",
                 "targets": [{"queue": queue_ids.chat}]}
            ],
            "default_filter": {"queue": queue_ids.voice}
        }})
        .to_string(),
        reservation_timeout: config.reservation_timeout,
        assignment_callback_url: None,
        created: t,
        updated: t,
    };
    let workspace = Workspace {
        sid: new_sid("WS"),
        friendly_name: "Flex Task Assignment".into(),
        default_activity_sid: ids.offline.clone(),
        timeout_activity_sid: ids.offline.clone(),
        created: t,
    };
    let channels = CHANNELS
        .iter()
        .map(|(unique, name, capacity)| TaskChannel {
            sid: new_sid("TC"),
            unique_name: (*unique).into(),
            friendly_name: (*name).into(),
            default_capacity: *capacity,
            created: t,
        })
        .collect();
    let flex_config = flex_configuration(
        &account,
        &workspace.sid,
        &workflow.sid,
        &queue_ids,
        &ids.offline,
        t,
    );
    let mut state = State {
        account: account.clone(),
        workspace,
        activities,
        channels,
        workers: Vec::new(),
        worker_channels: Vec::new(),
        queues,
        workflows: vec![workflow],
        tasks: Vec::new(),
        reservations: Vec::new(),
        interactions: Vec::new(),
        users: Vec::new(),
        flex_config,
        reservation_timeout: config.reservation_timeout,
        sockets: Sockets::default(),
        voice: Default::default(),
        timers: Vec::new(),
    };
    let signer = TokenSigner::new(&account.sid);
    let mut users = USERS.iter().map(|(identity, full_name, roles, skills)| {
        let user = add_user(&mut state, identity, full_name, roles, skills);
        let token = mint_for(&signer, &state, &user, config.token_ttl);
        User {
            identity: user.identity,
            full_name: user.full_name,
            worker_sid: user.worker_sid,
            flex_user_sid: user.sid,
            roles: user.roles,
            contact_uri: format!("client:{identity}"),
            token,
        }
    });
    let (agent, agent2, supervisor) = (users.next(), users.next(), users.next());
    let world = World {
        base_url: base_url.into(),
        account_sid: account.sid,
        auth_token: account.auth_token,
        flex_instance_sid: account.flex_instance_sid,
        workspace_sid: state.workspace.sid.clone(),
        workflow_sid: state.workflows[0].sid.clone(),
        queues: queue_ids,
        activities: ids,
        sso_profile_sid: new_sid("JB"),
        client_id: new_secret(),
        runtime_domain: state.flex_config["runtime_domain"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        users: Users {
            agent: agent.unwrap_or_else(empty_user),
            agent2: agent2.unwrap_or_else(empty_user),
            supervisor: supervisor.unwrap_or_else(empty_user),
        },
    };
    (state, signer, world)
}

fn empty_user() -> User {
    User {
        identity: String::new(),
        full_name: String::new(),
        worker_sid: String::new(),
        flex_user_sid: String::new(),
        roles: Vec::new(),
        contact_uri: String::new(),
        token: String::new(),
    }
}

/// Mints a token for a Flex user's worker.
pub fn mint_for(signer: &TokenSigner, state: &State, user: &FlexUser, ttl: Duration) -> String {
    let grant = Grant {
        identity: &user.identity,
        workspace_sid: &state.workspace.sid,
        worker_sid: &user.worker_sid,
        role: token_role(&user.roles),
    };
    signer.mint(&grant, ttl_secs(ttl))
}

/// Mints a token for a Flex user's worker that expires at `expires_at` (epoch seconds).
pub fn mint_until(signer: &TokenSigner, state: &State, user: &FlexUser, expires_at: i64) -> String {
    let grant = Grant {
        identity: &user.identity,
        workspace_sid: &state.workspace.sid,
        worker_sid: &user.worker_sid,
        role: token_role(&user.roles),
    };
    signer.mint_until(&grant, expires_at)
}

fn add_user(
    state: &mut State,
    identity: &str,
    full_name: &str,
    roles: &[&str],
    skills: &[&str],
) -> FlexUser {
    let attributes = json!({
        "contact_uri": format!("client:{identity}"),
        "full_name": full_name,
        "email": format!("{identity}@example.com"),
        "image_url": null,
        "roles": roles,
        "skills": skills,
        "routing": {"skills": skills, "levels": {}},
        "languages": ["en"],
    });
    let worker_sid = state
        .create_worker(NewWorker {
            friendly_name: identity.into(),
            activity_sid: None,
            attributes: Some(attributes),
        })
        .unwrap_or_default();
    let user = FlexUser {
        sid: new_sid("FU"),
        identity: identity.into(),
        full_name: full_name.into(),
        email: format!("{identity}@example.com"),
        worker_sid,
        roles: roles.iter().map(|r| (*r).to_string()).collect(),
        created: now(),
    };
    state.users.push(user.clone());
    user
}

fn flex_configuration(
    account: &Account,
    workspace_sid: &str,
    workflow_sid: &str,
    queues: &Queues,
    offline_sid: &str,
    t: i64,
) -> Value {
    json!({
        "account_sid": account.sid,
        "attributes": {},
        "status": "ok",
        "taskrouter_workspace_sid": workspace_sid,
        "taskrouter_target_workflow_sid": workflow_sid,
        "taskrouter_target_taskqueue_sid": queues.voice,
        "taskrouter_taskqueues": [{"sid": queues.voice, "targettable": true}, {"sid": queues.chat, "targettable": true}],
        "taskrouter_skills": [
            {"name": "support", "multivalue": false},
            {"name": "sales", "multivalue": false},
            {"name": "escalations", "multivalue": false}
        ],
        "taskrouter_worker_channels": {},
        "taskrouter_worker_attributes": {},
        "taskrouter_offline_activity_sid": offline_sid,
        "runtime_domain": "flex-emulator-1234.twil.io",
        "chat_service_instance_sid": new_sid("IS"),
        "messaging_service_instance_sid": null,
        "flex_service_instance_sid": new_sid("IS"),
        "flex_instance_sid": account.flex_instance_sid,
        "ui_language": "en",
        "ui_attributes": {},
        "ui_dependencies": {},
        "ui_version": "3.0.0",
        "service_version": "1.0",
        "call_recording_enabled": false,
        "call_recording_webhook_url": null,
        "crm_enabled": false,
        "crm_type": null,
        "crm_callback_url": null,
        "crm_fallback_url": null,
        "crm_attributes": null,
        "public_attributes": {},
        "plugin_service_enabled": false,
        "plugin_service_attributes": null,
        "integrations": [],
        "outbound_call_flows": {"default": {
            "enabled": true, "caller_id": "+15005550006", "queue_sid": queues.voice,
            "workflow_sid": workflow_sid, "location": "US"
        }},
        "serverless_service_sids": [],
        "queue_stats_configuration": null,
        "channel_configs": [],
        "debugger_integration": null,
        "flex_ui_status_report": null,
        "citrix_voice_vdi": null,
        "date_created": iso8601(t),
        "date_updated": iso8601(t),
        "url": format!("{}/v1/Configuration", account.base_url),
    })
}

/// A lifetime in whole seconds for [`TokenSigner::mint`]: at least 1, at most `MAX_TTL_SECS`.
pub fn ttl_secs(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_secs().clamp(1, crate::tokens::MAX_TTL_SECS)).unwrap_or(i64::MAX)
}
