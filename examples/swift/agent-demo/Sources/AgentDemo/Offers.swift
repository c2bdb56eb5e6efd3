import FlexSDK

/// Prints every event and hands reservation offers to the demo as an `AsyncStream`.
final class Offers: FlexEventListener, @unchecked Sendable {
    let stream: AsyncStream<Reservation>
    private let continuation: AsyncStream<Reservation>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    /// Called on the SDK's event thread.
    func onEvent(event: FlexEvent) throws {
        let name = String(describing: event).prefix { $0 != "(" }
        step("event \(name)" + (event.reservation.map { " \($0.sid) (\($0.status))" } ?? ""))
        if case let .reservationCreated(reservation) = event {
            continuation.yield(reservation)
        }
    }
}
