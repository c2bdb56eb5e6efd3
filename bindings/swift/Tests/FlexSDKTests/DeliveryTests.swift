import FlexSDK
import XCTest

/// Bounded delivery: a stream whose reader falls behind keeps its first 1024 events, reports
/// the rest as `eventsDropped(count:)`, and then goes on in order.
final class DeliveryTests: EmulatorTestCase {
    /// The `seq` attribute of a `workerAttributesUpdated`, else nil.
    private func seq(_ event: FlexEvent) -> Int? {
        guard case let .workerAttributesUpdated(worker) = event else { return nil }
        return worker.attributes["seq"]?.intValue
    }

    func testAStreamNotReadGetsEventsDroppedAndContinuesInOrder() async throws {
        let capacity = 1024, total = capacity + 100
        let unread = client.events  // subscribed now, read only at the end
        // A listener registered after it gets each event after `unread` got it.
        let after = Recorder()
        keep(client.addListener(listener: after))
        // The cheapest real events: attribute updates, a few requests at a time.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for start in stride(from: 0, to: total, by: total / 8 + 1) {
                group.addTask { [client] in
                    for n in start..<min(start + total / 8 + 1, total) {
                        _ = try await client!.setAttributes(attributes: ["seq": .number(Double(n))], mergeExisting: true)
                    }
                }
            }
            try await group.waitForAll()
        }
        // Every update, in the order the client got them; once `after` has them all, so has `unread`.
        let order = try await after.waitFor(total, "attribute updates", timeout: 60) { self.seq($0) != nil }.map { seq($0)! }
        XCTAssertEqual(Set(order).count, total)

        var iterator = unread.makeAsyncIterator()
        var kept: [Int] = []
        for _ in 0..<capacity {
            let event = await iterator.next()
            kept.append(try XCTUnwrap(event.flatMap(seq), "event \(kept.count): \(String(describing: event?.kind))"))
        }
        XCTAssertEqual(kept, Array(order.prefix(capacity)), "the first 1024 updates, in order")
        let dropped = await iterator.next()
        guard case let .eventsDropped(count)? = dropped else {
            return XCTFail("expected eventsDropped, got \(String(describing: dropped?.kind))")
        }
        XCTAssertEqual(count, UInt64(total - capacity), "the other updates")

        // Read again, the stream delivers the next events in order.
        _ = try await client.setAttributes(attributes: ["seq": .number(Double(total))], mergeExisting: true)
        _ = try await client.setAttributes(attributes: ["seq": .number(Double(total + 1))], mergeExisting: true)
        var next: [Int] = []
        while next.count < 2, let event = await iterator.next() {
            if let n = seq(event) { next.append(n) }
        }
        XCTAssertEqual(next, [total, total + 1])
    }
}
