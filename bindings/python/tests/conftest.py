"""Fixtures: a fresh emulator per test, a connected client, its event stream
read by `async for` (`Events`), and a listener that records (`Recorder`)."""

import asyncio
import threading

import pytest

import flex_sdk
from emulator import Emulator


@pytest.fixture
def emulator_args():
    """Extra emulator command-line arguments; override in a test module to change them."""
    return []


@pytest.fixture
def emulator(emulator_args):
    emu = Emulator(*emulator_args)
    yield emu
    emu.stop()


def options(emu: Emulator, **kwargs) -> flex_sdk.ClientOptions:
    """Client options pointing at the emulator."""
    return flex_sdk.ClientOptions(endpoint_override=emu.base_url, **kwargs)


@pytest.fixture
async def client(emulator):
    c = await flex_sdk.create_client(emulator.user("agent")["token"], options(emulator))
    yield c
    c.destroy()


def kind(event) -> str:
    """The event's variant name, e.g. "RESERVATION_CREATED"."""
    return type(event).__name__.split(".")[-1]


class Events:
    """Reads a client's `events()` with `async for` in a background task and
    lets a test wait for an event. Subscribed when constructed."""

    def __init__(self, client: flex_sdk.FlexClient):
        self.events = []
        self._changed = asyncio.Condition()
        self._stream = client.events()
        self._reader = asyncio.create_task(self._read())

    async def _read(self):
        async with self._stream:
            async for event in self._stream:
                async with self._changed:
                    self.events.append(event)
                    self._changed.notify_all()

    async def wait_for(self, predicate, timeout: float = 10.0):
        """The first event matching `predicate`, waiting up to `timeout` seconds."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: any(predicate(e) for e in self.events)), timeout)
            except TimeoutError:
                raise AssertionError(f"no matching event in {timeout}s; got {self.kinds()}") from None
            return next(e for e in self.events if predicate(e))

    def kinds(self):
        """The event kinds, in order."""
        return [kind(e) for e in self.events]

    async def ended(self, timeout: float = 10.0):
        """Waits for the stream to end by itself (after `ClientDestroyed`)."""
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)

    async def close(self):
        """Closes the stream and waits for the reader to end."""
        self._stream.close()
        await self._reader


@pytest.fixture
async def recorder(client):
    """The `client` fixture's events, read from its stream."""
    events = Events(client)
    yield events
    await events.close()


class Recorder(flex_sdk.FlexEventListener):
    """A listener (called on an SDK delivery thread) that keeps every event and
    lets a test wait for one."""

    def __init__(self):
        self.events = []
        self._cond = threading.Condition()

    def on_event(self, event):
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    async def wait_for(self, predicate, timeout: float = 10.0):
        """The first recorded event matching `predicate`, waiting up to `timeout` seconds."""

        def wait():
            with self._cond:
                if not self._cond.wait_for(lambda: any(predicate(e) for e in self.events), timeout):
                    raise AssertionError(f"no matching event in {timeout}s; got {self.kinds()}")
                return next(e for e in self.events if predicate(e))

        return await asyncio.to_thread(wait)

    def kinds(self):
        """The event kinds, in order."""
        with self._cond:
            return [kind(e) for e in self.events]
