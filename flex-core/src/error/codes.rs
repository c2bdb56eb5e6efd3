//! The 130 official Flex SDK error codes (API.md §5.3). Messages are ours.
macro_rules! error_codes {
    ($($name:ident = $code:tt => $msg:literal,)*) => {
        /// A Flex SDK error code: the numeric identity of an error.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[repr(u32)]
        pub enum ErrorCode {
            $(#[doc = $msg] $name = $code,)*
        }

        impl ErrorCode {
            /// Every code, in ascending numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)*];

            /// The numeric code.
            pub fn code(self) -> u32 {
                self as u32
            }

            /// The code with this number, if it is one of the official codes.
            pub fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some(ErrorCode::$name),)*
                    _ => None,
                }
            }

            /// The official name, e.g. `"InvalidParams"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => stringify!($name),)*
                }
            }

            /// A short human description of the code.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $msg,)*
                }
            }
        }
    };
}

error_codes! {
    PermissionDeniedError = 20003 => "Permission denied error",
    InvalidAccessToken = 20101 => "Invalid access token",
    AccessTokenExpired = 20104 => "Access token expired",
    TooManyRequests = 20429 => "Too many requests",
    InternalServerError = 20500 => "Internal server error",
    ServiceUnavailable = 20503 => "Service unavailable",
    AuthorizationError = 45003 => "Authorization error",
    ValidationError = 45004 => "Validation error",
    FailedToRemoveParticipant = 48100 => "Failed to remove participant",
    FailedToCompleteReservation = 48101 => "Failed to complete reservation",
    FailedToEndTask = 48102 => "Failed to end task",
    FailedToRejectReservation = 48103 => "Failed to reject reservation",
    FailedToWrapUpReservation = 48104 => "Failed to wrap up reservation",
    FailedToSetTaskAttributes = 48105 => "Failed to set task attributes",
    FailedToSetCurrentWorkerActivityDueToPendingReservations = 48200 => "Failed to set current worker activity due to pending reservations",
    FailedToSetCurrentWorkerActivity = 48201 => "Failed to set current worker activity",
    FailedToSetCurrentWorkerAttributes = 48202 => "Failed to set current worker attributes",
    FailedToSetWorkerActivityBySupervisor = 48300 => "Failed to set worker activity by supervisor",
    ActivityChangeRejectedPendingReservations = 48301 => "Activity change rejected pending reservations",
    FailedToSetWorkerAttributesBySupervisor = 48302 => "Failed to set worker attributes by supervisor",
    CallerIdUndefined = 48400 => "Caller id undefined",
    FailedToAddExternalVoiceParticipant = 48401 => "Failed to add external voice participant",
    FailedToEndConference = 48402 => "Failed to end conference",
    FailedToHoldExternalParticipant = 48403 => "Failed to hold external participant",
    FailedToHoldWorkerParticipant = 48404 => "Failed to hold worker participant",
    FailedToHoldVoiceParticipant = 48405 => "Failed to hold voice participant",
    FailedSelfKick = 48406 => "Failed self kick",
    FailedToKickVoiceParticipant = 48407 => "Failed to kick voice participant",
    FailedToUnholdExternalParticipant = 48408 => "Failed to unhold external participant",
    FailedToUnholdWorkerParticipant = 48409 => "Failed to unhold worker participant",
    FailedToUnholdVoiceParticipant = 48410 => "Failed to unhold voice participant",
    WorkerCannotUnholdReservation = 48411 => "Worker cannot unhold reservation",
    WorkerCannotHoldReservation = 48412 => "Worker cannot hold reservation",
    InvalidParticipantSid = 48413 => "Invalid participant SID",
    VoiceDeviceNotInitialized = 48414 => "Voice device not initialized",
    UnknownVoiceEventName = 48415 => "Unknown voice event name",
    FailedToAddVoiceEventListener = 48416 => "Failed to add voice event listener",
    FailedToGetCallByTask = 48417 => "Failed to get call by task",
    FailedToGetConferenceData = 48418 => "Failed to get conference data",
    SupervisorAlreadyMonitoringCall = 48419 => "Supervisor already monitoring call",
    FailedToMonitorCall = 48420 => "Failed to monitor call",
    FromNumberRequired = 48421 => "From number required",
    TaskQueueSidRequired = 48422 => "Task queue SID required",
    WorkflowSidRequired = 48423 => "Workflow SID required",
    WorkerOfflineOutboundCallCancelled = 48424 => "Worker offline outbound call cancelled",
    OutboundCallingDisabled = 48425 => "Outbound calling disabled",
    InboundCallPendingOutboundCancelled = 48426 => "Inbound call pending outbound cancelled",
    InboundCallAcceptedOutboundCancelled = 48427 => "Inbound call accepted outbound cancelled",
    NoAudioInputDeviceAvailable = 48428 => "No audio input device available",
    IncomingCallTimeout = 48429 => "Incoming call timeout",
    FailedToCreateTask = 48430 => "Failed to create task",
    FailedToDisconnectCall = 48431 => "Failed to disconnect call",
    VoiceReservationNotLiveCall = 48432 => "Voice reservation not live call",
    NoConferenceSidFoundInTaskAttributes = 48433 => "No conference SID found in task attributes",
    NoActiveRecordingToPause = 48434 => "No active recording to pause",
    FailedToPauseRecording = 48435 => "Failed to pause recording",
    NoActiveRecordingToResume = 48436 => "No active recording to resume",
    FailedToResumeRecording = 48437 => "Failed to resume recording",
    CallInstanceUndefined = 48438 => "Call instance undefined",
    FailedToHoldCall = 48439 => "Failed to hold call",
    FailedToUnholdCall = 48440 => "Failed to unhold call",
    NoActiveTransferForVoiceTask = 48441 => "No active transfer for voice task",
    FailedToCancelVoiceTaskTransfer = 48442 => "Failed to cancel voice task transfer",
    VoiceTaskTransferAlreadyInitiated = 48443 => "Voice task transfer already initiated",
    WorkerCannotTransferVoiceTaskFromDifferentWorker = 48444 => "Worker cannot transfer voice task from different worker",
    FailedToStartVoiceTaskTransfer = 48445 => "Failed to start voice task transfer",
    FailedToCreateVoiceTaskReservation = 48446 => "Failed to create voice task reservation",
    VoiceReservationNotFound = 48447 => "Voice reservation not found",
    FailedToPeekConversation = 48500 => "Failed to peek conversation",
    FailedToPauseConversation = 48501 => "Failed to pause conversation",
    FailedToResumeConversation = 48502 => "Failed to resume conversation",
    FailedToLeaveConversation = 48503 => "Failed to leave conversation",
    FailedToStartConversationTransfer = 48504 => "Failed to start conversation transfer",
    ConversationTransferForbidden = 48505 => "Conversation transfer forbidden",
    ConversationTransferRetrievingForbidden = 48506 => "Conversation transfer retrieving forbidden",
    FailedToRetrieveConversationTransfer = 48507 => "Failed to retrieve conversation transfer",
    FailedToRetrieveConversationsUser = 48508 => "Failed to retrieve conversations user",
    FailedToSendMessage = 48509 => "Failed to send message",
    FailedToSendTypingIndicator = 48510 => "Failed to send typing indicator",
    FailedToRetrieveMessages = 48511 => "Failed to retrieve messages",
    WorkerOfflineEmailTaskCancelled = 48512 => "Worker offline email task cancelled",
    FailedToCreateOutboundEmailTask = 48513 => "Failed to create outbound email task",
    FailedToAddEmailParticipant = 48514 => "Failed to add email participant",
    TaskNotEmailTask = 48515 => "Task not email task",
    FailedToRemoveEmailParticipant = 48516 => "Failed to remove email participant",
    FailedToRetrievePausedConversations = 48517 => "Failed to retrieve paused conversations",
    NoConversationSidFoundForTask = 48518 => "No conversation SID found for task",
    FailedToGetReservationAfterConversationResuming = 48519 => "Failed to get reservation after conversation resuming",
    WorkerParticipantNotFoundForTask = 48520 => "Worker participant not found for task",
    MessageContentMissing = 48521 => "Message content missing",
    FailedToRetrieveOutboundEmailSettings = 48522 => "Failed to retrieve outbound email settings",
    OutboundEmailWorkflowSidUndefined = 48523 => "Outbound email workflow SID undefined",
    OutboundEmailQueueSidUndefined = 48524 => "Outbound email queue SID undefined",
    OutboundEmailFromParameterUndefined = 48525 => "Outbound email from parameter undefined",
    FailedToCreateOutboundEmailTaskReservation = 48526 => "Failed to create outbound email task reservation",
    FailedToAddConversationEventListener = 48527 => "Failed to add conversation event listener",
    ConversationsSdkConnectionInvalidState = 48528 => "Conversations SDK connection invalid state",
    WorkerNotInitialized = 48900 => "Worker not initialized",
    TaskReservationNotFound = 48901 => "Task reservation not found",
    MissingRequiredParameter = 48902 => "Missing required parameter",
    ConversationNotAvailable = 48903 => "Conversation not available",
    ParticipantNotFound = 48904 => "Participant not found",
    FailedToUpdateTokenOnSession = 48905 => "Failed to update token on session",
    FailedToInitializeConversationsSDK = 48906 => "Failed to initialize conversations SDK",
    MissingTaskInteractionSid = 48907 => "Missing task interaction SID",
    MissingChannelSid = 48908 => "Missing channel SID",
    InvalidResponseFromPublicConfig = 48909 => "Invalid response from public config",
    FailedToAcceptReservation = 48910 => "Failed to accept reservation",
    FailedToRetrieveConversation = 48911 => "Failed to retrieve conversation",
    FailedToGetFlexInstanceSid = 48912 => "Failed to get flex instance SID",
    FailedToRetrieveTaskParticipants = 48913 => "Failed to retrieve task participants",
    ActiveChannelNotFound = 48914 => "Active channel not found",
    TaskNotVoiceTask = 48915 => "Task not voice task",
    TaskrouterOfflineActivitySidNotConfigured = 48916 => "Taskrouter offline activity SID not configured",
    FailedToCreateConference = 48917 => "Failed to create conference",
    UnexpectedError = 48918 => "Unexpected error",
    UnknownError = 48919 => "Unknown error",
    AccessDeniedError = 48920 => "Access denied error",
    BadGateway = 48921 => "Bad gateway",
    GatewayTimeout = 48922 => "Gateway timeout",
    NotFound = 48923 => "Not found",
    NetworkError = 48924 => "Network error",
    InvalidState = 48925 => "Invalid state",
    InvalidParams = 48926 => "Invalid params",
    DownstreamServiceError = 48927 => "Downstream service error",
    FailedToFetchAccountConfiguration = 48928 => "Failed to fetch account configuration",
    FailedToFetchFeatures = 48929 => "Failed to fetch features",
    FailedToFetchPublicConfiguration = 48930 => "Failed to fetch public configuration",
    BadRequest = 70002 => "Bad request",
    BadSsoSettings = 70251 => "Bad SSO settings",
}
