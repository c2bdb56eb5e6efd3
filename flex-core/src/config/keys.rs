//! The keys `set_account_config` accepts (API.md §4), in camelCase or snake_case.

use serde_json::{Map, Value};

use crate::error::{FlexSdkError, Result};

/// The whitelist of API.md §4, as the official SDK spells it.
const KEYS: [&str; 42] = [
    "accountSid", "attributes", "callRecordingEnabled", "callRecordingWebhookUrl",
    "channelConfigs", "chatServiceInstanceSid", "citrixVoiceVdi", "crmAttributes",
    "crmCallbackUrl", "crmEnabled", "crmFallbackUrl", "crmType", "dateCreated", "dateUpdated",
    "debuggerIntegration", "flexInstanceSid", "flexServiceInstanceSid", "flexUiStatusReport",
    "integrations", "messagingServiceInstanceSid", "outboundCallFlows", "pluginServiceAttributes",
    "pluginServiceEnabled", "publicAttributes", "queueStatsConfiguration", "runtimeDomain",
    "serverlessServiceSids", "serviceVersion", "status", "taskrouterOfflineActivitySid",
    "taskrouterSkills", "taskrouterTargetTaskqueueSid", "taskrouterTargetWorkflowSid",
    "taskrouterTaskqueues", "taskrouterWorkerAttributes", "taskrouterWorkerChannels",
    "taskrouterWorkspaceSid", "uiAttributes", "uiDependencies", "uiLanguage", "uiVersion", "url",
];

/// `fooBarBaz` → `foo_bar_baz`; snake_case stays as it is.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The request body: root keys in snake_case, each checked against the
/// whitelist (`InvalidParams` "`<key>` is not a valid key"), plus `account_sid`.
pub(crate) fn request_body(account_sid: &str, config: &Map<String, Value>) -> Result<Value> {
    let mut body = Map::new();
    for (key, value) in config {
        let snake = snake_case(key);
        if !KEYS.iter().any(|k| snake_case(k) == snake) {
            return Err(FlexSdkError::invalid_params(format!("{key} is not a valid key")));
        }
        body.insert(snake, value.clone());
    }
    body.insert("account_sid".into(), Value::from(account_sid));
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_checked_and_snake_cased() {
        let config = json!({"uiAttributes": {"a": 1}, "taskrouter_skills": []});
        let body = request_body("AC1", config.as_object().unwrap()).unwrap();
        assert_eq!(body, json!({"ui_attributes": {"a": 1}, "taskrouter_skills": [], "account_sid": "AC1"}));
        let bad = json!({"uiAttributes": {}, "notAKey": 1});
        let e = request_body("AC1", bad.as_object().unwrap()).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidParams);
        assert!(e.message.contains("notAKey"));
        assert_eq!(snake_case("flexUiStatusReport"), "flex_ui_status_report");
    }
}
