import FlexSDK
import XCTest

/// Client lifecycle: create, snapshots, token, reconnects, a denied token, destroy.
final class ClientTests: EmulatorTestCase {
    func testCreateClientReadsTheWorker() throws {
        let worker = try client.getWorker()
        XCTAssertEqual(worker.sid, emulator.user("agent").workerSid)
        XCTAssertFalse(worker.name.isEmpty)
        XCTAssertEqual(worker.workspaceSid, emulator.world.workspaceSid)
        XCTAssertTrue(Set(worker.activities.map(\.name)).isSuperset(of: ["Offline", "Available"]))
        XCTAssertEqual(client.connectionState(), .connected)
    }

    func testTokenInfoDescribesTheAgent() {
        let info = client.tokenInfo()
        let agent = emulator.user("agent")
        XCTAssertEqual(info.identity, agent.identity)
        XCTAssertEqual(info.workerSid, agent.workerSid)
        XCTAssertTrue(info.roles.contains("agent"))
        XCTAssertGreaterThan(info.expiresAt, Int64(Date().timeIntervalSince1970))
    }

    func testUpdateTokenEmitsTokenUpdated() async throws {
        let token = try await emulator.mintToken("agent")
        try await client.updateToken(token: token)
        let event = try await events.waitFor(kind: "tokenUpdated")
        let tokens = try XCTUnwrap(event.tokens)
        XCTAssertEqual(tokens.accessToken.reveal(), token)
        XCTAssertNil(tokens.refreshToken, "a client without a session has no refresh token")
        XCTAssertEqual(tokens.expiresAt, client.tokenInfo().expiresAt)
        XCTAssertEqual(client.token().accessToken, tokens.accessToken)
    }

    func testReconnectsAfterTheSocketDrops() async throws {
        try await emulator.dropSockets()
        _ = try await events.waitFor("reconnecting") { $0.isConnection(.reconnecting) }
        _ = try await events.wait("connected after reconnecting", timeout: 20) { events in
            events.drop { !$0.isConnection(.reconnecting) }.first { $0.isConnection(.connected) }
        }
        XCTAssertEqual(client.connectionState(), .connected)
    }

    /// A server restarted with rotated signing keys refuses the token on reconnect: a terminal
    /// `connectionError`, the state `.denied`, no retries; a token it accepts reconnects.
    func testRotatedSigningKeysDenyTheTokenUntilAFreshOneIsInstalled() async throws {
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        try await emulator.rotateSigningKey()
        let refused = try await events.waitFor("a terminal connectionError", timeout: 20) {
            $0.kind == "connectionError" && $0.failure?.terminal == true
        }
        let failure = try XCTUnwrap(refused.failure)
        XCTAssertNil(failure.retryInMs, "nothing is retried after a refusal: \(refused)")
        XCTAssertEqual(failure.error.httpStatus, 401, "\(refused)")
        XCTAssertEqual(failure.error.code, .invalidAccessToken, "\(refused)")
        _ = try await events.waitFor("denied") { $0.isConnection(.denied) }
        XCTAssertEqual(client.connectionState(), .denied)

        // Nothing is retried while denied.
        let errors = events.kinds.filter { $0 == "connectionError" }.count
        try await Task.sleep(nanoseconds: 1_500_000_000)
        XCTAssertEqual(events.kinds.filter { $0 == "connectionError" }.count, errors, "no retry while denied: \(events.kinds)")
        XCTAssertEqual(client.connectionState(), .denied)

        // A token the server accepts (signed with its new key) reconnects the client.
        try await client.updateToken(token: try await emulator.mintToken("agent"), refreshToken: nil)
        let states = try await events.wait("connected after denied", timeout: 20) { events -> [ConnectionState]? in
            let after = events.compactMap(\.connectionState).drop { $0 != .denied }
            return after.contains(.connected) ? Array(after) : nil
        }
        XCTAssertEqual(Array(states.prefix(3)), [.denied, .reconnecting, .connected])
        XCTAssertEqual(client.connectionState(), .connected)

        // Events flow again: a new task is offered to the agent.
        let reservation = try await reserve(["after": "rotation"])
        XCTAssertEqual(reservation.task.attributes["after"], "rotation")
    }

    func testDestroyIsIdempotentAndEndsTheStream() async throws {
        let stream = client.events
        client.destroy()
        client.destroy()
        var kinds: [String] = []
        for await event in stream { kinds.append(event.kind) }  // ends after clientDestroyed
        XCTAssertEqual(kinds.last, "clientDestroyed")
        XCTAssertEqual(kinds.filter { $0 == "clientDestroyed" }.count, 1)
        XCTAssertEqual(client.connectionState(), .disconnected)
    }

    func testEachReadOfEventsIsAnIndependentSubscription() async throws {
        let first = EventLog(client.events), second = EventLog(client.events)
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        for log in [first, second, events!] {
            _ = try await log.waitFor("activity Available") { $0.worker?.activityName == "Available" }
        }
        first.stop()  // cancelling the reading task closes that stream only
        try await first.waitForEnd()
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("break"), rejectPendingReservations: false)
        _ = try await second.waitFor("activity Break") { $0.worker?.activityName == "Break" }
        XCTAssertFalse(first.events.contains { $0.worker?.activityName == "Break" })
        second.stop()
    }
}
