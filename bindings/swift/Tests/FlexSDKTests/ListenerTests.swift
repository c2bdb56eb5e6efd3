import FlexSDK
import XCTest

/// Listeners: a throwing listener is isolated; removal stops delivery.
final class ListenerTests: EmulatorTestCase {
    /// Records, then throws on every event.
    final class Throwing: FlexEventListener, @unchecked Sendable {
        let recorder = Recorder()
        func onEvent(event: FlexEvent) throws {
            try recorder.onEvent(event: event)
            throw EmulatorError("listener bug")
        }
    }

    func testAThrowingListenerDoesNotStopOthers() async throws {
        let bad = Throwing(), good = Recorder()
        let handles = [client.addListener(listener: bad), client.addListener(listener: good)]
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("offline"), rejectPendingReservations: false)
        _ = try await good.waitFor("activity Offline") { $0.worker?.activityName == "Offline" }
        XCTAssertEqual(bad.recorder.events, good.events)
        XCTAssertEqual(try client.getWorker().activityName, "Offline")
        handles.forEach { $0.remove() }
    }

    func testRemovedListenerGetsNothingMore() async throws {
        let removed = Recorder()
        let handle = client.addListener(listener: removed)
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await removed.waitFor("workerActivityUpdated") { $0.worker != nil }
        handle.remove()
        handle.remove()
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("break"), rejectPendingReservations: false)
        _ = try await recorder.waitFor("activity Break") { $0.worker?.activityName == "Break" }
        try await Task.sleep(nanoseconds: 100_000_000)
        XCTAssertFalse(removed.events.contains { $0.worker?.activityName == "Break" })
    }

    func testReleasedHandleUnregisters() async throws {
        let dropped = Recorder()
        _ = client.addListener(listener: dropped)  // the handle is released at once
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await recorder.waitFor("workerActivityUpdated") { $0.worker != nil }
        try await Task.sleep(nanoseconds: 100_000_000)
        XCTAssertEqual(dropped.events, [])
    }
}
