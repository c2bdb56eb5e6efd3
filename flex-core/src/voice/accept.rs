//! Accepting a voice reservation (API.md §7.3 AcceptTask, voice branch): the
//! reservation's `conference` instruction dials this client's device, which
//! auto-accepts the call; the platform then accepts the reservation.

use serde_json::{json, Map, Value};

use super::VoiceState;
use crate::client::Inner;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::task::Reservation;

/// The task channel of voice tasks.
const VOICE_CHANNEL: &str = "voice";

/// For a voice reservation on a client with voice, the `conference` instruction's
/// parameters; `None` for any other accept (the plain `ReservationStatus=accepted`).
/// Fails with 48414 when the device is not registered, and with 48917 when the
/// worker has no `contact_uri` to dial.
pub(crate) fn conference_instruction(
    inner: &Inner,
    reservation: &Reservation,
) -> Result<Option<Map<String, Value>>> {
    let Some(device) = inner.voice.get() else {
        return Ok(None);
    };
    if reservation.task.task_channel_unique_name.as_deref() != Some(VOICE_CHANNEL) {
        return Ok(None);
    }
    if device.state() != VoiceState::Registered {
        return Err(FlexSdkError::new(
            ErrorCode::VoiceDeviceNotInitialized,
            format!(
                "AcceptTask: the voice device is not registered ({:?})",
                device.state()
            ),
        ));
    }
    let contact = inner
        .state()
        .worker
        .attributes
        .get("contact_uri")
        .and_then(Value::as_str)
        .map(str::to_string);
    let contact = contact.filter(|c| !c.trim().is_empty()).ok_or_else(|| {
        FlexSdkError::new(
            ErrorCode::FailedToCreateConference,
            "AcceptTask: the worker has no contact_uri to dial",
        )
    })?;
    let separator = if contact.contains('?') { '&' } else { '?' };
    let to = format!(
        "{contact}{separator}flex_session_identifier={}",
        device.session_id
    );
    let mut params = Map::new();
    params.insert("Instruction".into(), json!("conference"));
    params.insert("To".into(), json!(to));
    // Flex's defaults (API.md §7.3); conference recording comes with stage 2.
    params.insert("EndConferenceOnExit".into(), json!(true));
    params.insert("EndConferenceOnCustomerExit".into(), json!(true));
    Ok(Some(params))
}
