package dev.flexsdk

// Every FlexSdkException is a FlexSdkException.Failure; these read its fields without a cast,
// so `catch (e: FlexSdkException) { if (e.code == ErrorCode.TASK_NOT_FOUND) … }` works.

/** The SDK error code; match errors by it. */
val FlexSdkException.code: ErrorCode get() = failure.code

/** The numeric value of [code] (e.g. 48926). */
val FlexSdkException.codeNumber: UInt get() = failure.codeNumber

/** The SDK's human-readable message ([Throwable.message] summarises every field). */
val FlexSdkException.errorMessage: String get() = failure.errorMessage

/** Extra detail, e.g. the server's own message. */
val FlexSdkException.details: String? get() = failure.details

/** The Twilio error code from a server error body, when there was one. */
val FlexSdkException.twilioCode: UInt? get() = failure.twilioCode

/** The HTTP status of a failed request, when there was one. */
val FlexSdkException.httpStatus: UShort? get() = failure.httpStatus

private val FlexSdkException.failure: FlexSdkException.Failure
    get() = when (this) {
        is FlexSdkException.Failure -> this
    }
