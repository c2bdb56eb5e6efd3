"""Agent demo: an agent signs in through SSO and handles tasks through flex_sdk.

The agent (alice) signs in as a browser would (authentication config, PKCE login URL,
the identity provider's login form and redirect, code exchange; `--minted-token` mints a
token through the public Flex API instead), connects with automatic token renewal, goes
Available, accepts, wraps up and completes a task, then rejects a second task, which
TaskRouter re-routes to a second agent (bob) who accepts and ends it.

    make demo-python                       # starts the emulator itself
    make demo-python DEMO_ARGS=--minted-token
    python examples/python/agent_demo.py --url http://127.0.0.1:PORT --account-sid AC… \
        --auth-token … --instance-sid GO… --flex-user-sid FU… --agent2-flex-user-sid FU… \
        --workspace-sid WS… --queue-sid WQ… [--identity alice] [--minted-token]

Without --url it starts target/debug/flex-emulator (`cargo build -p flex-emulator`) and
reads the seeded world from it. Needs `flex_sdk` importable (`make python-wheel`).
"""

import argparse
import asyncio
import base64
import html.parser
import json
import subprocess
import sys
import threading
import time
import urllib.error
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

    def mint_token(self, flex_user_sid: str) -> str:
        path = f"/v4/Instances/{self.args.instance_sid}/Users/{flex_user_sid}/Tokens"
        return self.post(path, json.dumps({"ttl": 3600}).encode(), "application/json")["access_token"]

    def create_task(self, attributes: dict) -> dict:
        form = {"TaskQueueSid": self.args.queue_sid, "TaskChannel": "voice", "Attributes": json.dumps(attributes)}
        path = f"/v1/Workspaces/{self.args.workspace_sid}/Tasks"
        return self.post(path, urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # the redirect goes to the app (flexapp://…): read its Location instead


class _LoginForm(html.parser.HTMLParser):
    """The identity provider's login form: hidden fields and the user picker's name."""

    def __init__(self):
        super().__init__()
        self.fields, self.picker = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.picker = a["name"]


async def sso_sign_in(args) -> "tuple[str, flex_sdk.SessionOptions]":
    """Signs `args.identity` in through SSO; returns the access token and renewal options."""
    service = flex_sdk.ServiceOptions(endpoint_override=args.url)
    configs = await flex_sdk.get_authentication_config(
        flex_sdk.AuthenticationConfigParams(account_sid=args.account_sid), service
    )
    config = configs[0]
    details = flex_sdk.get_login_details(
        flex_sdk.LoginDetailsParams(
            client_id=config.client_id, sso_profile_sid=config.sso_profile_sid, redirect_url="flexapp://callback"
        ),
        service,
    )
    step(f"SSO profile {config.sso_profile_sid}: opening the login page")
    browser = urllib.request.build_opener(_NoRedirect)
    with browser.open(details.login_url, timeout=10) as page:
        form = _LoginForm()
        form.feed(page.read().decode())
    # the user picks an identity in the form and submits it (a GET back to the authorize URL)
    submit = details.login_url.split("?")[0] + "?" + urllib.parse.urlencode({**form.fields, form.picker: args.identity})
    try:
        browser.open(submit, timeout=10)
        sys.exit("the identity provider did not redirect")
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    back = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    if back.get("state") != details.state:
        sys.exit("the state of the redirect does not match")
    step(f"signed in as {args.identity}; redirected to {location.split('?')[0]} with a code")
    tokens = await flex_sdk.exchange_token(
        flex_sdk.ExchangeTokenParams(
            code=flex_sdk.Secret(back["code"]),
            code_verifier=details.code_verifier,
            nonce=details.nonce,
            sso_profile_sid=config.sso_profile_sid,
        ),
        service,
    )
    step("exchanged the code for an access token and a refresh token")
    session = flex_sdk.SessionOptions(
        auto_update_token=True, refresh_token=tokens.refresh_token, sso_profile_sid=config.sso_profile_sid
    )
    return tokens.access_token.reveal(), session


class Events:
    """Reads a client's events with `async for` (until the client is destroyed),
    prints each one and queues the reservation offers."""

    def __init__(self, client: flex_sdk.FlexClient, who: str = ""):
        self.who = who
        self.offers: asyncio.Queue = asyncio.Queue()
        self.reader = asyncio.create_task(self._read(client.events()))

    async def _read(self, stream: flex_sdk.EventStream) -> None:
        async for event in stream:
            name = type(event).__name__.split(".")[-1]
            reservation = getattr(event, "reservation", None)
            detail = f" {reservation.sid} ({reservation.status.name})" if reservation else ""
            step(f"{self.who}event {name}{detail}")
            if event.is_reservation_created():
                self.offers.put_nowait(reservation)


async def offer_of(events: Events, task_sid: str):
    """The next reservation offered for `task_sid`."""
    while True:
        reservation = await asyncio.wait_for(events.offers.get(), timeout=30)
        if reservation.task.sid == task_sid:
            return reservation


async def reject_and_reroute(args, backend: Backend, alice, events: Events, activities: dict) -> None:
    """A second task: alice rejects it and TaskRouter re-routes it to bob, who accepts and ends it."""
    task = backend.create_task({"type": "inbound", "customer": "Dan", "reason": "upgrade"})
    await offer_of(events, task["sid"])
    step(f"offered {task['sid']} to alice")

    options = flex_sdk.ClientOptions(endpoint_override=args.url)
    bob = await flex_sdk.create_client(backend.mint_token(args.agent2_flex_user_sid), options)
    bob_events = Events(bob, who="bob: ")
    try:
        await bob.set_current_activity(activities["Available"], False)
        step(f"{bob.token_info().identity} connected and is Available")
        reservation = await alice.reject_task(task["sid"], None)
        step(f"alice reject_task -> reservation {reservation.status.name}")
        offer = await offer_of(bob_events, task["sid"])
        step(f"re-routed to bob: reservation {offer.sid}")
        for action in (bob.accept_task, bob.end_task, bob.end_task):
            reservation = await action(task["sid"])
            step(f"bob {action.__name__} -> reservation {reservation.status.name}")
        await bob.set_current_activity(activities["Offline"], False)
    finally:
        bob.destroy()
        await bob_events.reader


async def run(args) -> None:
    backend = Backend(args)
    options = flex_sdk.ClientOptions(endpoint_override=args.url)
    if args.minted_token:
        token = backend.mint_token(args.flex_user_sid)
        step("minted a token through the Tokens API")
    else:
        token, options.session = await sso_sign_in(args)

    client = await flex_sdk.create_client(token, options)
    events = Events(client)
    worker = client.get_worker()
    step(f"connected as {client.token_info().identity}: worker {worker.name} is {worker.activity_name}")
    activities = {a.name: a.sid for a in worker.activities}
    try:
        worker = await client.set_current_activity(activities["Available"], False)
        step(f"activity is now {worker.activity_name}")

        task = backend.create_task({"type": "inbound", "customer": "Carol", "reason": "billing"})
        step(f"created task {task['sid']} through the TaskRouter API")

        reservation = await offer_of(events, task["sid"])
        step(f"offered {reservation.task.sid}: {reservation.task.attributes}")
        for action in (client.accept_task, client.wrap_up_task, client.complete_task):
            reservation = await action(reservation.task.sid)
            step(f"{action.__name__} -> reservation {reservation.status.name}")

        if args.agent2_flex_user_sid:
            await reject_and_reroute(args, backend, client, events, activities)

        worker = await client.set_current_activity(activities["Offline"], False)
        step(f"activity is now {worker.activity_name}")
    finally:
        client.destroy()
        await events.reader
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
    parser.add_argument("--agent2-flex-user-sid", help="the second agent, for the reject and re-route part")
    parser.add_argument("--identity", default="alice", help="who signs in through SSO (default alice)")
    parser.add_argument("--minted-token", action="store_true", help="mint a token instead of signing in through SSO")
    args = parser.parse_args()

    emulator = None
    if args.url is None:
        emulator, world = start_emulator()
        agent = world["users"]["agent"]
        args.url, args.account_sid, args.auth_token = world["base_url"], world["account_sid"], world["auth_token"]
        args.instance_sid, args.flex_user_sid = world["flex_instance_sid"], agent["flex_user_sid"]
        args.agent2_flex_user_sid, args.identity = world["users"]["agent2"]["flex_user_sid"], agent["identity"]
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
