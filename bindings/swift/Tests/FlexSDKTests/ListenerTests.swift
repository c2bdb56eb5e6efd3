import FlexSDK
import Foundation
import XCTest

/// Listeners (the callback API next to `client.events`): a throwing listener is isolated,
/// removal stops delivery, and a listener that blocks holds up only its own client.
final class ListenerTests: EmulatorTestCase {
    /// Records, then throws on every event.
    final class Throwing: FlexEventListener {
        let recorder = Recorder()
        func onEvent(event: FlexEvent) throws {
            try recorder.onEvent(event: event)
            throw EmulatorError("listener bug")
        }
    }

    /// Blocks in its first event until `release` is signalled once; then lets every event pass.
    final class Blocking: FlexEventListener {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        func onEvent(event: FlexEvent) throws {
            entered.signal()
            release.wait()
            release.signal()
        }
    }

    func testAThrowingListenerDoesNotStopOthers() async throws {
        let bad = Throwing(), good = Recorder()
        let handles = [client.addListener(listener: bad), client.addListener(listener: good)]
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("offline"), rejectPendingReservations: false)
        _ = try await good.waitFor("activity Offline") { $0.worker?.activityName == "Offline" }
        XCTAssertEqual(bad.recorder.events.map { "\($0)" }, good.events.map { "\($0)" })
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
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("offline"), rejectPendingReservations: false)
        // Events reach a client's listeners in order: once the stream saw Offline, Break was delivered.
        _ = try await events.waitFor("activity Offline") { $0.worker?.activityName == "Offline" }
        XCTAssertFalse(removed.events.contains { $0.worker?.activityName == "Break" })
    }

    func testListenersAndStreamsOfSomeKindsGetOnlyThose() async throws {
        let name = { (event: FlexEvent) in String("\(event)".prefix { $0 != "(" }) }
        let some = client.events(of: .workerAttributesUpdated)
        let only = Recorder()
        let handle = client.addListener(listener: only, kinds: [.workerAttributesUpdated])
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("break"), rejectPendingReservations: false)
        _ = try await client.setAttributes(attributes: ["a": .number(1)], mergeExisting: true)
        _ = try await events.waitFor("attributes updated") { name($0) == "workerAttributesUpdated" }
        client.destroy()

        var streamed: [String] = []
        for await event in some { streamed.append(name(event)) }
        XCTAssertEqual(streamed, ["workerAttributesUpdated", "clientDestroyed"])
        _ = try await only.waitFor("the end") { name($0) == "clientDestroyed" }
        XCTAssertEqual(only.events.map(name), ["workerAttributesUpdated", "clientDestroyed"])
        XCTAssertTrue(events.events.map(name).contains("workerActivityUpdated"))
        handle.remove()
    }

    func testReleasedHandleUnregisters() async throws {
        let dropped = Recorder()
        _ = client.addListener(listener: dropped)  // the handle is released at once
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await events.waitFor("workerActivityUpdated") { $0.worker != nil }
        XCTAssertTrue(dropped.events.isEmpty)
    }

    func testABlockedListenerDoesNotStopAnotherClient() async throws {
        let blocking = Blocking()
        let handle = client.addListener(listener: blocking)
        defer { blocking.release.signal(); handle.remove() }
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        // The agent's listener is now stuck inside its first event (waited for off the async pool).
        let entered = await Task.detached { blocking.entered.wait(timeout: .now() + 10) }.value
        XCTAssertEqual(entered, .success, "the blocking listener was never called")

        // Bob's client, its stream and his own listener keep going meanwhile.
        let (bob, bobEvents) = try await connect("agent2")
        let bobListener = Recorder()
        keep(bob.addListener(listener: bobListener))
        for name in ["available", "break", "offline"] {
            _ = try await bob.setCurrentActivity(activitySid: emulator.activity(name), rejectPendingReservations: false)
        }
        _ = try await bobEvents.waitFor(3, "workerActivityUpdated") { $0.worker != nil }
        try await bobListener.waitFor(3, "workerActivityUpdated") { $0.worker != nil }
        XCTAssertEqual(bobEvents.events.compactMap(\.worker?.activityName), ["Available", "Break", "Offline"])
        // Requests of the blocked client still work; its events wait for the listener.
        XCTAssertEqual(try client.getWorker().activityName, "Available")
        blocking.release.signal()
        _ = try await events.waitFor("activity Available") { $0.worker?.activityName == "Available" }
    }
}
