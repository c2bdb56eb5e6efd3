"""Helpers shared by the task and sign-in suites: public REST calls the seeded
`Emulator` helper lacks, the emulator's test hooks, a browser for the SSO login
page, and recorders for participant events and log records (stdlib only)."""

import asyncio
import html.parser
import threading
import urllib.error
import urllib.parse
import urllib.request

import flex_sdk
from conftest import Events, options
from emulator import Emulator

# --- public REST and hooks ---------------------------------------------------------


def cancel_task(emu: Emulator, task_sid: str, reason: str) -> dict:
    """Cancels a task through the public TaskRouter API."""
    path = f"/v1/Workspaces/{emu.world['workspace_sid']}/Tasks/{task_sid}"
    return emu._request("POST", path, form={"AssignmentStatus": "canceled", "Reason": reason})


def create_worker(emu: Emulator, name: str) -> dict:
    """Creates a worker through the public TaskRouter API."""
    path = f"/v1/Workspaces/{emu.world['workspace_sid']}/Workers"
    return emu._request("POST", path, form={"FriendlyName": name})


def fetch_task(emu: Emulator, task_sid: str) -> dict:
    """A task as the public TaskRouter API shows it."""
    return emu._request("GET", f"/v1/Workspaces/{emu.world['workspace_sid']}/Tasks/{task_sid}")


def fail_refresh(emu: Emulator, count: int, status: int = 503) -> None:
    """The next `count` refreshes answer `status` (test hook)."""
    emu._request("POST", "/_emulator/fail-refresh", body={"count": count, "status": status})


def service(emu: Emulator, **kwargs) -> flex_sdk.ServiceOptions:
    """Endpoint settings of the standalone functions, pointing at the emulator."""
    return flex_sdk.ServiceOptions(endpoint_override=emu.base_url, **kwargs)


async def connect(emu: Emulator, user: str, available: bool = False):
    """A client for a seeded user and its events: (client, events); `client.destroy()` ends both."""
    client = await flex_sdk.create_client(emu.user(user)["token"], options(emu))
    events = Events(client)
    if available:
        await client.set_current_activity(emu.activity("available"), False)
    return client, events


async def reservation_of(recorder: Events, task_sid: str, timeout: float = 10.0):
    """Waits for the reservation created for `task_sid`."""
    event = await recorder.wait_for(
        lambda e: e.is_reservation_created() and e.reservation.task.sid == task_sid, timeout
    )
    return event.reservation


# --- the simulated identity provider, as a browser sees it -------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx response


_browser = urllib.request.build_opener(_NoRedirect)


class _FormParser(html.parser.HTMLParser):
    """The first form: its action, hidden inputs and the options of its select."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.select, self.choices = None, {}, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action", "")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option":
            self.choices.append(a["value"])


def open_login_page(login_url: str):
    """GETs the login URL without following redirects: (status, headers, body)."""
    try:
        with _browser.open(login_url, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def sign_in_with_form(login_url: str, identity: str) -> dict:
    """Opens the login page, picks `identity` in its form and submits it as a
    browser would (GET with the form's fields); returns the redirect's query
    parameters (`code`, `state`) and `location`."""
    status, _, body = open_login_page(login_url)
    assert status == 200, f"the login page answers 200, got {status}: {body[:200]}"
    form = _FormParser()
    form.feed(body)
    assert form.action and form.select, "the login page has a form with a user picker"
    assert identity in form.choices, f"{identity} is offered by the login form: {form.choices}"
    query = urllib.parse.urlencode({**form.fields, form.select: identity})
    target = urllib.parse.urljoin(login_url, form.action) + "?" + query
    status, headers, body = open_login_page(target)
    assert status == 302, f"the identity provider redirects, got {status}: {body[:200]}"
    location = headers["Location"]
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    return {"location": location, **params}


async def login_details(emu: Emulator, redirect_url: str = "flexapp://callback") -> flex_sdk.LoginDetails:
    """Login details for the seeded SSO profile, its client ID read from the authentication config."""
    configs = await flex_sdk.get_authentication_config(
        flex_sdk.AuthenticationConfigParams(account_sid=emu.world["account_sid"]), service(emu)
    )
    config = configs[0]
    return flex_sdk.get_login_details(
        flex_sdk.LoginDetailsParams(
            client_id=config.client_id, sso_profile_sid=config.sso_profile_sid, redirect_url=redirect_url
        ),
        service(emu),
    )


def exchange_params(emu: Emulator, code: str, verifier: flex_sdk.Secret, nonce: str) -> flex_sdk.ExchangeTokenParams:
    """Exchange parameters for the callback's `code` and the login's verifier."""
    return flex_sdk.ExchangeTokenParams(
        code=flex_sdk.Secret(code), code_verifier=verifier, nonce=nonce, sso_profile_sid=emu.world["sso_profile_sid"]
    )


async def sso_sign_in(emu: Emulator, identity: str = "alice") -> flex_sdk.TokenResponse:
    """The whole sign-in of `identity`: config, login details, browser, exchange."""
    details = await login_details(emu)
    back = sign_in_with_form(details.login_url, identity)
    assert back["state"] == details.state
    return await flex_sdk.exchange_token(
        exchange_params(emu, back["code"], details.code_verifier, details.nonce), service(emu)
    )


def renewing_options(emu: Emulator, refresh_token: flex_sdk.Secret, margin_ms: int, check_ms: int = 500, **kwargs):
    """Client options with automatic renewal through the seeded SSO profile."""
    session = flex_sdk.SessionOptions(
        auto_update_token=True,
        refresh_token=refresh_token,
        sso_profile_sid=emu.world["sso_profile_sid"],
        refresh_margin_ms=margin_ms,
        check_interval_ms=check_ms,
    )
    return options(emu, session=session, token_expiry_warning_ms=1000, **kwargs)


# --- recorders ----------------------------------------------------------------------


class _Waitable:
    def __init__(self):
        self.items = []
        self._cond = threading.Condition()

    def _add(self, item):
        with self._cond:
            self.items.append(item)
            self._cond.notify_all()

    def snapshot(self):
        with self._cond:
            return list(self.items)

    async def wait_for(self, predicate, timeout: float = 10.0):
        """The first item matching `predicate`, waiting up to `timeout` seconds."""

        def wait():
            with self._cond:
                if not self._cond.wait_for(lambda: any(predicate(i) for i in self.items), timeout):
                    raise AssertionError(f"nothing matching in {timeout}s; got {self.items}")
                return next(i for i in self.items if predicate(i))

        return await asyncio.to_thread(wait)


class ParticipantRecorder(_Waitable, flex_sdk.TaskParticipantListener):
    """Keeps one task's participant events."""

    def __init__(self):
        _Waitable.__init__(self)

    def on_participant_event(self, event):
        self._add(event)


class LogRecorder(_Waitable, flex_sdk.LogListener):
    """Keeps every SDK log record."""

    def __init__(self):
        _Waitable.__init__(self)

    def on_log(self, record):
        self._add(record)

    def text(self) -> str:
        """Every record as one searchable text (target, message, fields)."""
        return "\n".join(
            f"{r.level} {r.target} {r.message} " + " ".join(f"{f.name}={f.value}" for f in r.fields)
            for r in self.snapshot()
        )
