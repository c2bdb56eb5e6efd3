import FlexSDK
import XCTest

/// Errors reach Swift as a thrown `FlexSdkError` carrying the SDK code.
final class ErrorTests: EmulatorTestCase {
    func testUnknownActivityIsInvalidParams() async throws {
        let error = await expectFlexError {
            try await self.client.setCurrentActivity(activitySid: "WAunknown", rejectPendingReservations: false)
        }
        XCTAssertEqual(error?.code, .invalidParams)
        XCTAssertEqual(error?.code.rawValue, 48926)
        XCTAssertEqual(error?.severity, .error)
        XCTAssertEqual(error?.codeNumber, 48926)
        XCTAssertFalse(error?.message.isEmpty ?? true)
    }

    func testErrorsAreCaughtByCode() async throws {
        do {
            _ = try await client.acceptTask(taskSid: "WT00000000000000000000000000000000")
            XCTFail("accepted an unknown task")
        } catch let error as FlexSdkError where error.code == .taskReservationNotFound {
            XCTAssertEqual(error.codeNumber, 48901)
            XCTAssertTrue(error.localizedDescription.contains("taskReservationNotFound"), error.localizedDescription)
        }
    }

    func testBlankTokenIsInvalidParams() async throws {
        for token in ["", "   "] {
            let error = await expectFlexError { try await createClient(token: token, options: self.options()) }
            XCTAssertEqual(error?.code, .invalidParams, "token \(token.debugDescription)")
        }
    }

    func testAttributesMustBeAJsonObject() async throws {
        for value: JSONValue in [[1, 2], 42, "text", .null] {
            let error = await expectFlexError { try await self.client.setAttributes(attributes: value, mergeExisting: true) }
            XCTAssertEqual(error?.code, .invalidParams, value.jsonText)
        }
    }

    func testDeadServerIsNetworkError() async throws {
        // Nothing listens on port 1 of the loopback interface.
        let options = ClientOptions(endpointOverride: "http://127.0.0.1:1", connectTimeoutMs: 5000)
        let error = await expectFlexError { try await createClient(token: self.emulator.user("agent").token, options: options) }
        XCTAssertEqual(error?.code, .networkError)
        XCTAssertEqual(error?.code.rawValue, 48924)
    }

    func testCallsAfterDestroyAreInvalidState() async throws {
        client.destroy()
        let sync = await expectFlexError { try self.client.getWorker() }
        XCTAssertEqual(sync?.code, .invalidState)
        let async = await expectFlexError {
            try await self.client.setCurrentActivity(activitySid: self.emulator.activity("available"), rejectPendingReservations: false)
        }
        XCTAssertEqual(async?.code, .invalidState)
        XCTAssertEqual(async?.code.rawValue, 48925)
    }

    func testExpiredTokenIsRejected() async throws {
        let token = try await emulator.mintToken("agent", ttl: 1)
        try await Task.sleep(nanoseconds: 2_100_000_000)
        let error = await expectFlexError { try await createClient(token: token, options: self.options()) }
        XCTAssertEqual(error?.code, .accessTokenExpired)
        XCTAssertEqual(error?.twilioCode, 20104)
        XCTAssertEqual(error?.httpStatus, 401)
    }

    func testInvalidTokenIsRejected() async throws {
        let error = await expectFlexError { try await createClient(token: "not.a.token", options: self.options()) }
        XCTAssertEqual(error?.code, .invalidAccessToken)
    }
}
