/// The fields of the one `FlexSdkError` case, readable without a `switch`:
/// `catch let error as FlexSdkError where error.code == .taskReservationNotFound`.
extension FlexSdkError {
    /// The SDK error code, e.g. `.invalidParams` (48926).
    public var code: ErrorCode { fields.code }
    /// The numeric value of `code`, e.g. 48926.
    public var codeNumber: UInt32 { fields.codeNumber }
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

    private var fields: (code: ErrorCode, codeNumber: UInt32, severity: ErrorSeverity, message: String,
                         details: String?, twilioCode: UInt32?, httpStatus: UInt16?) {
        switch self {
        case let .Failure(code, codeNumber, severity, message, details, twilioCode, httpStatus):
            return (code, codeNumber, severity, message, details, twilioCode, httpStatus)
        }
    }
}
