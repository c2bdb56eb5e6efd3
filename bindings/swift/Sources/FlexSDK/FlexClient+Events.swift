extension FlexClient {
    /// Every event of the client from the moment you read this property, in order:
    /// `for await event in client.events { … }`.
    ///
    /// Each read is a new, independent subscription (read it once per consumer and keep it).
    /// The stream ends after `.clientDestroyed`; cancelling the consuming task or releasing the
    /// stream unsubscribes. A consumer that falls more than 1024 events behind gets
    /// `.eventsDropped(count:)` where events were dropped, then the later events in order.
    public var events: AsyncStream<FlexEvent> { eventStream().events }
}

extension EventStream {
    /// This stream as an `AsyncStream`: `next()` until nil; `close()` when the consuming task
    /// is cancelled. Read it once: the `AsyncStream` is the stream's only consumer.
    public var events: AsyncStream<FlexEvent> {
        AsyncStream(unfolding: { [self] in await next() }, onCancel: { [self] in
            // Not here: Swift runs this handler holding the cancelled task's lock, and `close()`
            // waits for an event being pushed, which resumes that task's pending `next()`.
            Task.detached { self.close() }
        })
    }
}
