"""Runs the flex-emulator binary and calls its public REST API (stdlib only)."""

import base64
import json
import os
import subprocess
import threading
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


class Emulator:
    """A running emulator: `world` is the JSON line it printed on start."""

    def __init__(self, *args: str, binary: str = None):
        binary = binary or os.environ.get("FLEX_EMULATOR") or str(REPO / "target/debug/flex-emulator")
        self.process = subprocess.Popen(
            [binary, "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        line = _readline(self.process, timeout=30)
        self.world = json.loads(line)
        self.base_url = self.world["base_url"]

    def stop(self) -> None:
        """Kills the emulator and waits for it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def user(self, name: str = "agent") -> dict:
        """One of the seeded users (agent, agent2, supervisor)."""
        return self.world["users"][name]

    def activity(self, name: str) -> str:
        """The SID of a seeded activity (offline, available, unavailable, break)."""
        return self.world["activities"][name]

    def create_task(self, attributes: dict, channel: str = "voice", queue: str = "voice") -> dict:
        """Creates a task through the public TaskRouter API, routed to a seeded queue."""
        form = {"TaskQueueSid": self.world["queues"][queue], "TaskChannel": channel, "Attributes": json.dumps(attributes)}
        return self._request("POST", f"/v1/Workspaces/{self.world['workspace_sid']}/Tasks", form=form)

    def mint_token(self, user: str = "agent", ttl: int = 3600) -> str:
        """A fresh Flex token for a seeded user, through the public Tokens API."""
        u = self.user(user)
        path = f"/v4/Instances/{self.world['flex_instance_sid']}/Users/{u['flex_user_sid']}/Tokens"
        return self._request("POST", path, body={"ttl": ttl})["access_token"]

    def state(self) -> dict:
        """The emulator's current world (test hook)."""
        return self._request("GET", "/_emulator/world")

    def drop_sockets(self) -> None:
        """Closes every event-bridge socket (test hook)."""
        self._request("POST", "/_emulator/drop-sockets")

    def rotate_signing_key(self) -> None:
        """Acts as a server restarted with new keys: sockets drop, older tokens are refused (test hook)."""
        self._request("POST", "/_emulator/rotate-signing-key")

    def _request(self, method: str, path: str, form: dict = None, body: dict = None):
        auth = base64.b64encode(f"{self.world['account_sid']}:{self.world['auth_token']}".encode()).decode()
        headers = {"Authorization": f"Basic {auth}"}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None


def _readline(process: subprocess.Popen, timeout: float) -> str:
    """The first stdout line of `process`, or an error if it does not come in time."""
    result = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not result or not result[0]:
        process.kill()
        raise RuntimeError("the emulator printed no world line")
    return result[0]
