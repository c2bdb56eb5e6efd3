import FlexSDK

/// One agent's events, read from `client.events` by a task of its own: prints every event and
/// passes the reservation offers on, in order, as an `AsyncStream`.
struct Offers {
    let stream: AsyncStream<Reservation>

    init(_ who: String, _ client: FlexClient) {
        let events = client.events  // subscribes now: no event after this line is missed
        stream = AsyncStream { offers in
            let reader = Task {
                for await event in events {
                    step("\(who): event \(event.name)" + (event.reservation.map { " \($0.sid) (\($0.status))" } ?? ""))
                    if case let .reservationCreated(reservation) = event { offers.yield(reservation) }
                }
                offers.finish()  // after clientDestroyed
            }
            offers.onTermination = { _ in reader.cancel() }
        }
    }
}

extension FlexEvent {
    /// The case name, e.g. `reservationCreated`.
    var name: Substring { String(describing: self).prefix { $0 != "(" } }
}
