extension FlexClient {
    /// Every event of the client from the moment you read this property, in order:
    /// `for await event in client.events { … }`.
    ///
    /// Each read is a new, independent subscription (read it once per consumer and keep it).
    /// The stream ends after `.clientDestroyed`; cancelling the consuming task or releasing the
    /// stream unsubscribes. A consumer that falls more than 1024 events behind gets
    /// `.eventsDropped(count:)` where events were dropped, then the later events in order.
    public var events: AsyncStream<FlexEvent> { eventStream(kinds: []).events }

    /// The events of these kinds only, plus `.eventsDropped` and `.clientDestroyed`, from now
    /// on, in order: `for await event in client.events(of: .reservationCreated) { … }`. Events
    /// of other kinds never cross into Swift. Each call is a new subscription, as `events`.
    public func events(of kinds: FlexEventKind...) -> AsyncStream<FlexEvent> {
        eventStream(kinds: kinds).events
    }
}

extension EventStream {
    /// This stream as an `AsyncStream`: `next()` until nil; `close()` when the consuming task
    /// is cancelled. Read it once: the `AsyncStream` is the stream's only consumer.
    public var events: AsyncStream<FlexEvent> {
        AsyncStream(unfolding: { [self] in await next() }, onCancel: { [self] in
            // Not inline: Swift runs this handler holding the cancelled task's lock, and `close()`
            // wakes the pending `next()`, which resumes that task.
            Task.detached { self.close() }
        })
    }
}
