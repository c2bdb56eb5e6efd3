import FlexSDK
import XCTest

/// Client lifecycle: create, snapshots, token, destroy.
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
