import FlexSDK
import Foundation

/// A listener that keeps every event and lets a test wait for one.
final class Recorder: FlexEventListener, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [FlexEvent] = []

    func onEvent(event: FlexEvent) throws {
        lock.withLock { recorded.append(event) }
    }

    /// Every event so far, in order.
    var events: [FlexEvent] { lock.withLock { recorded } }

    /// The first recorded event matching `predicate`, waiting up to `timeout` seconds.
    func waitFor(_ what: String = "event", timeout: TimeInterval = 10,
                 _ predicate: (FlexEvent) -> Bool) async throws -> FlexEvent {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let event = events.first(where: predicate) { return event }
            guard Date() < deadline else {
                throw EmulatorError("no \(what) in \(timeout)s; got \(events.map(Recorder.kind))")
            }
            try await _Concurrency.Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// The case name of an event, e.g. `reservationCreated`.
    static func kind(_ event: FlexEvent) -> String {
        String(String(describing: event).prefix { $0 != "(" })
    }
}
