import FlexSDK
import XCTest

/// A test against the shared emulator: a fresh token and client for the agent, a recorder
/// listening from the start, and a cleanup that leaves the agent Offline with no tasks.
/// XCTest runs the tests one at a time, so they never share the agent's worker.
class EmulatorTestCase: XCTestCase {
    var emulator: Emulator!
    var client: FlexClient!
    var recorder: Recorder!
    private var handle: ListenerHandle?
    private var tasks: [String] = []

    override func setUp() async throws {
        emulator = try await Emulator.connect()
        client = try await createClient(token: try await emulator.mintToken("agent"), options: options())
        recorder = Recorder()
        handle = client.addListener(listener: recorder)
    }

    override func tearDown() async throws {
        handle?.remove()
        client?.destroy()
        for sid in tasks { try? await emulator.deleteTask(sid) }
        try await emulator?.setActivity(worker: emulator.user("agent").workerSid, "offline")
    }

    /// Client options pointing at the emulator.
    func options() -> ClientOptions {
        ClientOptions(endpointOverride: emulator.baseURL)
    }

    /// Makes the agent Available, creates a voice task and waits for its reservation.
    func reserve(_ attributes: [String: Any] = [:]) async throws -> Reservation {
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        let sid = try await emulator.createTask(attributes.merging(["type": "inbound"]) { a, _ in a })
        tasks.append(sid)
        let event = try await recorder.waitFor("reservation for \(sid)") {
            if case let .reservationCreated(r) = $0 { return r.task.sid == sid }
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
