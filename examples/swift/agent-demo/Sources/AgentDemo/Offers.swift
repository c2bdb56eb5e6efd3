import FlexSDK

/// Prints every event of one agent and hands its reservation offers to the demo as an `AsyncStream`.
final class Offers: FlexEventListener, @unchecked Sendable {
    let stream: AsyncStream<Reservation>
    private let continuation: AsyncStream<Reservation>.Continuation
    private let who: String

    init(_ who: String) {
        self.who = who
        (stream, continuation) = AsyncStream.makeStream()
    }

    /// Called on the SDK's event thread.
    func onEvent(event: FlexEvent) throws {
        let name = String(describing: event).prefix { $0 != "(" }
        step("\(who): event \(name)" + (event.reservation.map { " \($0.sid) (\($0.status))" } ?? ""))
        if case let .reservationCreated(reservation) = event {
            continuation.yield(reservation)
        }
    }
}
