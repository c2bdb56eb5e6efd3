//! The standalone configuration functions of flex-core and their records.

use flex_core::{Feature, FeaturesConfig, PublicConfig};

use crate::error::{invalid_params, FlexSdkError};
use crate::service::ServiceOptions;
use crate::types::JsonValue;

type Result<T> = std::result::Result<T, FlexSdkError>;

/// An account's public configuration.
#[uniffi::remote(Record)]
pub struct PublicConfig {
    pub runtime_domain: String,
    pub public_attributes: Option<JsonValue>,
    pub account_sid: String,
}

/// One Flex feature flag.
#[uniffi::remote(Record)]
pub struct Feature {
    pub id: String,
    pub name: String,
    pub description: String,
    pub doc_url: String,
    pub enabled: bool,
    pub stage: String,
}

/// The Flex features of the token's account.
#[uniffi::remote(Record)]
pub struct FeaturesConfig {
    pub features: Vec<Feature>,
    pub insights_active: bool,
}

/// Which account's public configuration to read.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum PublicConfigQuery {
    /// By account SID.
    AccountSid { account_sid: String },
    /// By runtime domain.
    RuntimeDomain { runtime_domain: String },
}

/// Reads an account's public configuration (no authentication).
#[uniffi::export(async_runtime = "tokio")]
pub async fn get_public_config(query: PublicConfigQuery, service: ServiceOptions) -> Result<PublicConfig> {
    let q = match query {
        PublicConfigQuery::AccountSid { account_sid } => flex_core::PublicConfigQuery::AccountSid(account_sid),
        PublicConfigQuery::RuntimeDomain { runtime_domain } => flex_core::PublicConfigQuery::RuntimeDomain(runtime_domain),
    };
    Ok(flex_core::get_public_config(&q, &service.into()).await?)
}

/// Reads the account configuration of the token's account (JSON, snake_case keys).
#[uniffi::export(async_runtime = "tokio")]
pub async fn get_account_config(token: String, ui_version: Option<String>, service: ServiceOptions) -> Result<JsonValue> {
    Ok(flex_core::get_account_config(&token, ui_version.as_deref(), &service.into()).await?)
}

/// Updates the account configuration with a JSON object of whitelisted keys;
/// returns the updated configuration.
#[uniffi::export(async_runtime = "tokio")]
pub async fn set_account_config(
    account_sid: String,
    token: String,
    config: JsonValue,
    service: ServiceOptions,
) -> Result<JsonValue> {
    let serde_json::Value::Object(config) = config else {
        return Err(invalid_params("config must be a JSON object".into()));
    };
    Ok(flex_core::set_account_config(&account_sid, &token, &config, &service.into()).await?)
}

/// Reads the Flex features of the token's account.
#[uniffi::export(async_runtime = "tokio")]
pub async fn get_features_config(token: String, ui_version: Option<String>, service: ServiceOptions) -> Result<FeaturesConfig> {
    Ok(flex_core::get_features_config(&token, ui_version.as_deref(), &service.into()).await?)
}
