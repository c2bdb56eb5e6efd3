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
        try await client.updateToken(token: try await emulator.mintToken("agent"))
        _ = try await recorder.waitFor("tokenUpdated") { $0 == .tokenUpdated }
    }

    func testReconnectsAfterTheSocketDrops() async throws {
        let recorder = self.recorder!
        try await emulator.dropSockets()
        let reconnecting = FlexEvent.connectionStateChanged(state: .reconnecting)
        let connected = FlexEvent.connectionStateChanged(state: .connected)
        _ = try await recorder.waitFor("reconnecting") { $0 == reconnecting }
        _ = try await recorder.waitFor("connected after reconnecting", timeout: 20) { _ in
            recorder.events.drop { $0 != reconnecting }.contains(connected)
        }
        XCTAssertEqual(client.connectionState(), .connected)
    }

    func testDestroyIsIdempotentAndEmitsClientDestroyed() async throws {
        client.destroy()
        client.destroy()
        _ = try await recorder.waitFor("clientDestroyed") { $0 == .clientDestroyed }
        XCTAssertEqual(client.connectionState(), .disconnected)
        XCTAssertEqual(recorder.events.filter { $0 == .clientDestroyed }.count, 1)
    }
}
