/// The fields of the one `FlexSdkError` case, readable without a `switch`.
extension FlexSdkError {
    /// The SDK error code, e.g. `.invalidParams` (48926).
    public var code: ErrorCode { fields.code }
    /// How bad the error is.
    public var severity: ErrorSeverity { fields.severity }
    /// A human-readable message.
    public var message: String { fields.message }
    /// Extra detail, e.g. the server's own message.
    public var details: String? { fields.details }
    /// The Twilio error code from a server error body, when there was one.
    public var twilioCode: UInt32? { fields.twilioCode }
    /// The HTTP status of a failed request, when there was one.
    public var httpStatus: UInt16? { fields.httpStatus }

    private var fields: (code: ErrorCode, severity: ErrorSeverity, message: String,
                         details: String?, twilioCode: UInt32?, httpStatus: UInt16?) {
        switch self {
        case let .Failure(code, _, severity, message, details, twilioCode, httpStatus):
            return (code, severity, message, details, twilioCode, httpStatus)
        }
    }
}
