import FlexSDK
import Foundation

/// Keeps every item it is given and lets a test wait, with a timeout, until the items satisfy
/// a condition: waiters are resumed when an item arrives (no polling).
class Collector<Item>: @unchecked Sendable {
    private struct Waiter {
        /// Resumes the waiter and returns true when the items (and whether they ended) satisfy it.
        let fire: ([Item], Bool) -> Bool
        let fail: (Error) -> Void
        let timer: Task<Void, Never>
    }

    private let lock = NSLock()
    private var recorded: [Item] = []
    private var waiters: [Int: Waiter] = [:]
    private var lastId = 0
    private var ended = false

    func record(_ item: Item) {
        let pending: [Waiter] = lock.withLock {
            recorded.append(item)
            let fired = waiters.filter { $0.value.fire(recorded, false) }
            fired.keys.forEach { waiters[$0] = nil }
            return Array(fired.values)
        }
        pending.forEach { $0.timer.cancel() }
    }

    /// No more items will come: `waitForEnd` returns, the other waiters fail at once.
    func finish() {
        let (waiting, all): ([Waiter], [Item]) = lock.withLock {
            ended = true
            defer { waiters = [:] }
            return (Array(waiters.values), recorded)
        }
        waiting.forEach { $0.timer.cancel() }
        for waiter in waiting where !waiter.fire(all, true) {
            waiter.fail(EmulatorError("the stream ended; got \(all.map(describe))"))
        }
    }

    /// Every item so far, in order.
    var items: [Item] { lock.withLock { recorded } }

    /// How to name an item in a failure message.
    func describe(_ item: Item) -> String { String(describing: item) }

    /// Waits up to `timeout` seconds until `check` finds something in the items so far.
    func wait<T>(_ what: String, timeout: TimeInterval = 10, _ check: @escaping ([Item]) -> T?) async throws -> T {
        try await until(what, timeout: timeout) { items, _ in check(items) }
    }

    /// Waits up to `timeout` seconds until no more items will come (`finish()`).
    func waitForEnd(timeout: TimeInterval = 10) async throws {
        try await until("the end", timeout: timeout) { _, ended in ended ? () : nil }
    }

    private func until<T>(_ what: String, timeout: TimeInterval, _ check: @escaping ([Item], Bool) -> T?) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, Error>) in
            lock.lock()
            if let found = check(recorded, ended) {
                lock.unlock()
                return done.resume(returning: found)
            }
            if ended {
                lock.unlock()
                return done.resume(throwing: EmulatorError("no \(what): the stream ended"))
            }
            lastId += 1
            let id = lastId
            let timer = Task { [weak self] in
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                if !Task.isCancelled { self?.expire(id, "no \(what) in \(timeout)s") }
            }
            waiters[id] = Waiter(
                fire: { items, ended in
                    guard let found = check(items, ended) else { return false }
                    done.resume(returning: found)
                    return true
                },
                fail: { done.resume(throwing: $0) },
                timer: timer)
            lock.unlock()
        }
    }

    private func expire(_ id: Int, _ why: String) {
        guard let waiter = lock.withLock({ waiters.removeValue(forKey: id) }) else { return }
        waiter.fail(EmulatorError("\(why); got \(items.map(describe))"))
    }

    /// The first item matching `predicate`, waiting up to `timeout` seconds.
    func waitFor(_ what: String = "item", timeout: TimeInterval = 10,
                 _ predicate: @escaping (Item) -> Bool) async throws -> Item {
        try await wait(what, timeout: timeout) { $0.first(where: predicate) }
    }

    /// Waits until `count` items match `predicate`; returns them.
    @discardableResult
    func waitFor(_ count: Int, _ what: String, timeout: TimeInterval = 10,
                 _ predicate: @escaping (Item) -> Bool) async throws -> [Item] {
        try await wait("\(count) × \(what)", timeout: timeout) { items in
            let matching = items.filter(predicate)
            return matching.count >= count ? matching : nil
        }
    }
}

/// One subscription to `client.events`, read with `for await` by a task of its own, whose
/// events a test can wait for. `stop()` cancels the reading task (which closes the stream).
final class EventLog: Collector<FlexEvent>, @unchecked Sendable {
    private var reader: Task<Void, Never>?

    init(_ stream: AsyncStream<FlexEvent>) {
        super.init()
        reader = Task {
            for await event in stream { record(event) }
            finish()
        }
    }

    /// Stops reading: cancels the reading task, which closes the stream.
    func stop() { reader?.cancel() }

    /// Every event so far, in order.
    var events: [FlexEvent] { items }
    /// The case names of the events so far.
    var kinds: [String] { items.map(\.kind) }
    override func describe(_ item: FlexEvent) -> String { item.kind }

    /// The first event of case `kind` (e.g. `"reservationAccepted"`).
    @discardableResult
    func waitFor(kind: String, timeout: TimeInterval = 10) async throws -> FlexEvent {
        try await waitFor(kind, timeout: timeout) { $0.kind == kind }
    }
}

/// A listener that keeps every event.
final class Recorder: Collector<FlexEvent>, FlexEventListener, @unchecked Sendable {
    func onEvent(event: FlexEvent) throws { record(event) }
    var events: [FlexEvent] { items }
    override func describe(_ item: FlexEvent) -> String { item.kind }
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

extension FlexEvent {
    /// The case name, e.g. `reservationCreated`.
    var kind: String { String(String(describing: self).prefix { $0 != "(" }) }

    /// The state of `connectionStateChanged`, else nil.
    var connectionState: ConnectionState? {
        if case let .connectionStateChanged(state) = self { return state }
        return nil
    }

    /// The failure reported by `connectionError` or `tokenAutoUpdateFailed`, else nil.
    var failure: (error: ErrorInfo, terminal: Bool, retryInMs: UInt64?)? {
        switch self {
        case let .connectionError(error, terminal, retryInMs), let .tokenAutoUpdateFailed(error, terminal, retryInMs):
            return (error, terminal, retryInMs)
        default:
            return nil
        }
    }

    /// Whether this is `connectionStateChanged` to `state`.
    func isConnection(_ state: ConnectionState) -> Bool {
        if case .connectionStateChanged(state) = self { return true }
        return false
    }
}
