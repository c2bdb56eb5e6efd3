import FlexSDK
import XCTest

/// A test against a shared emulator: a fresh token and client for the agent, its events read
/// (`client.events`) from the start, and a cleanup that leaves every seeded worker Offline, deletes
/// the tasks and workers the test created and resets the emulator's test hooks.
/// XCTest runs the tests one at a time, so they never share a worker.
class EmulatorTestCase: XCTestCase {
    /// The environment variable holding the emulator's URL; subclasses that wait on the
    /// emulator's clocks use `Emulator.fastVariable`.
    class var emulatorVariable: String { Emulator.defaultVariable }
    /// Whether `setUp` connects the agent (`client`, `events`).
    class var connectsAgent: Bool { true }

    var emulator: Emulator!
    var client: FlexClient!
    var events: EventLog!
    private var clients: [FlexClient] = []
    private var logs: [EventLog] = []
    private var handles: [ListenerHandle] = []
    private var tasks: [String] = []
    private var workers: [String] = []
    private var cleanups: [() async throws -> Void] = []

    override func setUp() async throws {
        emulator = try await Emulator.connect(Self.emulatorVariable)
        if Self.connectsAgent {
            (client, events) = try await connect("agent")
        }
    }

    override func tearDown() async throws {
        handles.forEach { $0.remove() }
        clients.forEach { $0.destroy() }
        logs.forEach { $0.stop() }
        guard let emulator else { return }
        for cleanup in cleanups.reversed() { try? await cleanup() }
        for sid in tasks { try? await emulator.deleteTask(sid) }
        for sid in workers { try? await emulator.deleteWorker(sid) }
        try await emulator.failRefresh(count: 0)
        for user in ["agent", "agent2", "supervisor"] {
            try await emulator.setActivity(worker: emulator.user(user).workerSid, "offline")
        }
    }

    /// Client options pointing at the emulator.
    func options() -> ClientOptions {
        ClientOptions(endpointOverride: emulator.baseURL)
    }

    /// A client for a seeded user and its events; destroyed by `tearDown`.
    func connect(_ user: String) async throws -> (FlexClient, EventLog) {
        let client = try await createClient(token: try await emulator.mintToken(user), options: options())
        return (client, watch(client))
    }

    /// Destroys `client` in `tearDown` and returns its events from now on (`client.events`).
    func watch(_ client: FlexClient) -> EventLog {
        clients.append(client)
        let log = EventLog(client.events)
        logs.append(log)
        return log
    }

    /// Removes `handle` in `tearDown` (the listener stays registered until then).
    func keep(_ handle: ListenerHandle) { handles.append(handle) }

    /// Runs `body` in `tearDown`, after the clients are destroyed (last registered first).
    func onTearDown(_ body: @escaping () async throws -> Void) { cleanups.append(body) }

    /// Deletes the task in `tearDown`.
    func track(task sid: String) { tasks.append(sid) }

    /// Deletes the worker in `tearDown`.
    func track(worker sid: String) { workers.append(sid) }

    /// Makes the agent Available, creates a voice task and waits for its reservation.
    func reserve(_ attributes: [String: JSONValue] = [:]) async throws -> Reservation {
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        let sid = try await emulator.createTask(.object(attributes.merging(["type": "inbound"]) { a, _ in a }))
        track(task: sid)
        return try await reservation(of: sid, on: events)
    }

    /// The first reservation offered for the task in `events`.
    func reservation(of taskSid: String, on events: EventLog, timeout: TimeInterval = 10) async throws -> Reservation {
        let event = try await events.waitFor("reservation for \(taskSid)", timeout: timeout) {
            if case let .reservationCreated(r) = $0 { return r.task.sid == taskSid }
            return false
        }
        return event.reservation!
    }
}

/// Asserts that `body` throws a `FlexSdkError` and returns it.
func expectFlexError<T>(_ body: () async throws -> T, file: StaticString = #filePath,
                        line: UInt = #line) async -> FlexSdkError? {
    do {
        _ = try await body()
        XCTFail("expected a FlexSdkError", file: file, line: line)
    } catch let error as FlexSdkError {
        return error
    } catch {
        XCTFail("expected a FlexSdkError, got \(error)", file: file, line: line)
    }
    return nil
}
