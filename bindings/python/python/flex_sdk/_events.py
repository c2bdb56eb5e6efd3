"""`EventStream` as a Python async iterator: `async for event in client.events():`."""

from __future__ import annotations

import typing

from ._native import flex_sdk as _generated


class EventStream(_generated.EventStream):
    """The client's events in order, as an async iterator (and async context manager).

    `client.events()` returns one with every event; `client.events([FlexEventKind.…])`
    one with only those kinds (plus `EVENTS_DROPPED` and `CLIENT_DESTROYED`), so
    that the others never cross into Python. Iteration ends after `ClientDestroyed` or
    `close()`. A reader that falls more than 1024 events behind gets
    `FlexEvent.EVENTS_DROPPED(count)` where events were dropped. The stream is
    closed when it is released (leaving an `async for` that holds the only
    reference), by `aclose()`/`close()`, or on leaving `async with`.
    """

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> _generated.FlexEvent:
        event = await self.next()
        if event is None:
            raise StopAsyncIteration
        return event

    async def aclose(self) -> None:
        """Closes the stream (as `close()`); the async-iterator spelling."""
        self.close()

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(self, *exc_info: typing.Any) -> None:
        self.close()


# Every EventStream the generated code returns (`FlexClient.events()`) is this one.
_generated.EventStream = EventStream  # type: ignore[misc]
