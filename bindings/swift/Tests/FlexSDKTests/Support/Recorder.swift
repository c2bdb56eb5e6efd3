import FlexSDK
import Foundation

/// Keeps everything a listener receives and lets a test wait for an item.
class Collector<Item>: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Item] = []

    func record(_ item: Item) {
        lock.withLock { recorded.append(item) }
    }

    /// Every item so far, in order.
    var items: [Item] { lock.withLock { recorded } }

    /// How to name an item in a failure message.
    func describe(_ item: Item) -> String { String(describing: item) }

    /// The first recorded item matching `predicate`, waiting up to `timeout` seconds.
    func waitFor(_ what: String = "item", timeout: TimeInterval = 10,
                 _ predicate: (Item) -> Bool) async throws -> Item {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let item = items.first(where: predicate) { return item }
            guard Date() < deadline else {
                throw EmulatorError("no \(what) in \(timeout)s; got \(items.map(describe))")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// Waits until `count` recorded items match `predicate`; returns them.
    @discardableResult
    func waitFor(_ count: Int, _ what: String, timeout: TimeInterval = 10,
                 _ predicate: (Item) -> Bool) async throws -> [Item] {
        _ = try await waitFor("\(count) × \(what)", timeout: timeout) { _ in
            self.items.filter(predicate).count >= count
        }
        return items.filter(predicate)
    }
}

/// A listener that keeps every event and lets a test wait for one.
final class Recorder: Collector<FlexEvent>, FlexEventListener, @unchecked Sendable {
    func onEvent(event: FlexEvent) throws { record(event) }

    /// Every event so far, in order.
    var events: [FlexEvent] { items }

    override func describe(_ item: FlexEvent) -> String { Recorder.kind(item) }

    /// The case names of the events so far.
    var kinds: [String] { events.map(Recorder.kind) }

    /// The case name of an event, e.g. `reservationCreated`.
    static func kind(_ event: FlexEvent) -> String {
        String(String(describing: event).prefix { $0 != "(" })
    }
}

/// A task participant listener that keeps every event.
final class ParticipantRecorder: Collector<TaskParticipantEvent>, TaskParticipantListener, @unchecked Sendable {
    func onParticipantEvent(event: TaskParticipantEvent) throws { record(event) }
    override func describe(_ item: TaskParticipantEvent) -> String { "\(item.kind) \(item.participant.participantType)" }
}

/// A log listener that keeps every record.
final class LogRecorder: Collector<LogRecord>, LogListener, @unchecked Sendable {
    func onLog(record: LogRecord) throws { self.record(record) }
    override func describe(_ item: LogRecord) -> String { "\(item.level) \(item.target): \(item.message)" }
}
