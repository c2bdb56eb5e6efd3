"""Fixtures: a fresh emulator per test, a connected client, an event recorder."""

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


class Recorder(flex_sdk.FlexEventListener):
    """A listener that keeps every event and lets a test wait for one."""

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
        """The event class names, in order."""
        with self._cond:
            return [type(e).__name__.split(".")[-1] for e in self.events]


@pytest.fixture
def recorder(client):
    rec = Recorder()
    handle = client.add_listener(rec)
    yield rec
    handle.remove()
