"""One loop turn less per SDK call.

UniFFI's generated glue awaits a Rust future by polling it with a continuation
callback, which always resolves the awaited asyncio future through
`call_soon_threadsafe`. When the poll finds the Rust future ready, the callback
runs inline, on the event loop's own thread: that costs a self-pipe write and a
whole loop iteration for nothing. This continuation resolves the future directly
in that case, and keeps `call_soon_threadsafe` for the wake-ups that come from
the SDK's runtime threads. A wake-up that arrives after its event loop was
closed (a program that left `asyncio.run` with a call still pending) is dropped
instead of raising in the SDK's thread. Same contract as the generated callback
(UniFFI 0.32).
"""

from __future__ import annotations

import asyncio

from ._native import flex_sdk as _generated


@_generated._UNIFFI_RUST_FUTURE_CONTINUATION_CALLBACK
def _continuation(future_ptr: int, poll_code: int) -> None:
    eventloop, future = _generated._UniffiContinuationHandleMap.remove(future_ptr)
    if asyncio._get_running_loop() is eventloop:
        _generated._uniffi_set_future_result(future, poll_code)
        return
    try:
        eventloop.call_soon_threadsafe(_generated._uniffi_set_future_result, future, poll_code)
    except RuntimeError:  # the loop was closed: nobody awaits this call any more
        pass


# Read by the generated `_uniffi_rust_call_async` at every poll.
_generated._uniffi_continuation_callback = _continuation
