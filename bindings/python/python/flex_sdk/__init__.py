"""The Twilio Flex agent SDK for Python.

Everything of the generated UniFFI bindings (`flex_sdk._native.flex_sdk`, never edited)
plus a thin idiomatic layer:

* `async for event in client.events():` — `EventStream` is an async iterator
  and async context manager (see `flex_sdk._events`); `client.events([kinds])`
  and `client.add_listener(listener, [kinds])` take only the `FlexEventKind`s asked for;
* JSON values (attributes, configuration) are `dict`/`list`/… (uniffi.toml);
* errors: `except flex_sdk.FlexSdkError as e: e.code is flex_sdk.ErrorCode.…`;
* awaiting an SDK call takes one event-loop turn less (`flex_sdk._async`);
* `shutdown()` runs at interpreter exit (`atexit`), so that no SDK thread
  calls into Python while it finalizes.
"""

import atexit as _atexit

from ._native import flex_sdk as _generated
from ._native.flex_sdk import *  # noqa: F401,F403
from ._events import EventStream
from . import _async  # noqa: F401  (a faster continuation for the generated async glue)

__all__ = list(_generated.__all__)

_atexit.register(_generated.shutdown)
