"""Agent demo: one agent takes one task from start to finish through flex_sdk.

    make demo-python                       # starts the emulator itself
    python examples/python/agent_demo.py --url http://127.0.0.1:PORT --account-sid AC… \
        --auth-token … --instance-sid GO… --flex-user-sid FU… --workspace-sid WS… --queue-sid WQ…

Without --url it starts target/debug/flex-emulator (`cargo build -p flex-emulator`) and
reads the seeded world from it. Needs `flex_sdk` importable (`make python-wheel`).
"""

import argparse
import asyncio
import base64
import json
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import flex_sdk

REPO = Path(__file__).resolve().parents[2]
START = time.monotonic()


def step(text: str) -> None:
    """Prints one step with the time since start."""
    print(f"[{time.monotonic() - START:6.3f}s] {text}", flush=True)


class Backend:
    """The public REST API of the backend (Twilio or the emulator), with account auth."""

    def __init__(self, args):
        self.args = args
        creds = f"{args.account_sid}:{args.auth_token}".encode()
        self.auth = "Basic " + base64.b64encode(creds).decode()

    def post(self, path: str, data: bytes, content_type: str) -> dict:
        req = urllib.request.Request(self.args.url + path, data=data, method="POST")
        req.add_header("Authorization", self.auth)
        req.add_header("Content-Type", content_type)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def mint_token(self) -> str:
        path = f"/v4/Instances/{self.args.instance_sid}/Users/{self.args.flex_user_sid}/Tokens"
        return self.post(path, json.dumps({"ttl": 3600}).encode(), "application/json")["access_token"]

    def create_task(self, attributes: dict) -> dict:
        form = {"TaskQueueSid": self.args.queue_sid, "TaskChannel": "voice", "Attributes": json.dumps(attributes)}
        path = f"/v1/Workspaces/{self.args.workspace_sid}/Tasks"
        return self.post(path, urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")


class Events(flex_sdk.FlexEventListener):
    """Prints every event and hands reservation offers to the asyncio loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.offers: asyncio.Queue = asyncio.Queue()

    def on_event(self, event):  # called on the SDK's event thread
        name = type(event).__name__.split(".")[-1]
        reservation = getattr(event, "reservation", None)
        step(f"event {name}" + (f" {reservation.sid} ({reservation.status.name})" if reservation else ""))
        if event.is_reservation_created():
            self.loop.call_soon_threadsafe(self.offers.put_nowait, reservation)


async def run(args) -> None:
    backend = Backend(args)
    token = backend.mint_token()
    step("minted a token through the Tokens API")

    client = await flex_sdk.create_client(token, flex_sdk.ClientOptions(endpoint_override=args.url))
    events = Events(asyncio.get_running_loop())
    handle = client.add_listener(events)
    worker = client.get_worker()
    step(f"connected as {client.token_info().identity}: worker {worker.name} is {worker.activity_name}")
    activities = {a.name: a.sid for a in worker.activities}
    try:
        worker = await client.set_current_activity(activities["Available"], False)
        step(f"activity is now {worker.activity_name}")

        task = backend.create_task({"type": "inbound", "customer": "Carol", "reason": "billing"})
        step(f"created task {task['sid']} through the TaskRouter API")

        reservation = await asyncio.wait_for(events.offers.get(), timeout=30)
        step(f"offered {reservation.task.sid}: {reservation.task.attributes}")
        for action in (client.accept_task, client.wrap_up_task, client.complete_task):
            reservation = await action(reservation.task.sid)
            step(f"{action.__name__} -> reservation {reservation.status.name}")

        worker = await client.set_current_activity(activities["Offline"], False)
        step(f"activity is now {worker.activity_name}")
    finally:
        handle.remove()
        client.destroy()
        step("client destroyed")


def start_emulator() -> "tuple[subprocess.Popen, dict]":
    """Starts the emulator binary and returns it with the world it printed."""
    binary = REPO / "target/debug/flex-emulator"
    if not binary.exists():
        sys.exit(f"{binary} not found: run `cargo build -p flex-emulator` (or `make demo-python`)")
    proc = subprocess.Popen([str(binary), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    if not line or not line[0]:
        proc.kill()
        sys.exit("the emulator did not start")
    return proc, json.loads(line[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="backend base URL; default: start the emulator")
    for name in ("account-sid", "auth-token", "instance-sid", "flex-user-sid", "workspace-sid", "queue-sid"):
        parser.add_argument(f"--{name}")
    args = parser.parse_args()

    emulator = None
    if args.url is None:
        emulator, world = start_emulator()
        agent = world["users"]["agent"]
        args.url, args.account_sid, args.auth_token = world["base_url"], world["account_sid"], world["auth_token"]
        args.instance_sid, args.flex_user_sid = world["flex_instance_sid"], agent["flex_user_sid"]
        args.workspace_sid, args.queue_sid = world["workspace_sid"], world["queues"]["voice"]
        step(f"emulator started at {args.url}")
    elif None in (args.account_sid, args.auth_token, args.instance_sid, args.flex_user_sid, args.workspace_sid, args.queue_sid):
        parser.error("--url needs --account-sid, --auth-token, --instance-sid, --flex-user-sid, --workspace-sid, --queue-sid")
    try:
        asyncio.run(run(args))
    finally:
        if emulator:
            emulator.kill()
            emulator.wait()


if __name__ == "__main__":
    main()
