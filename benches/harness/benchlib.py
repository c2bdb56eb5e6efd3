"""Helpers shared by the peer and scale harnesses (peer.py, scale.py): an emulator
process, its public TaskRouter REST API as the account (keep-alive HTTP), the
emulator's token hook, /proc readings and percentiles. Stdlib only."""

import base64
import http.client
import json
import math
import os
import resource
import subprocess
import sys
import threading
import urllib.parse


def raise_fd_limit():
    """Soft RLIMIT_NOFILE up to the hard limit; children (emulator, clients) inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def start_emulator(binary, *args):
    """Starts `binary --port 0 args…`; returns (process, world JSON of its first line)."""
    proc = subprocess.Popen([binary, "--port", "0", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    if not line or not line[0]:
        proc.kill()
        sys.exit("the emulator printed no world line")
    return proc, json.loads(line[0])


class Admin:
    """The emulator's public REST API with the account's credentials, on one keep-alive connection."""

    def __init__(self, world):
        self.world = world
        url = urllib.parse.urlsplit(world["base_url"])
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        creds = f"{world['account_sid']}:{world['auth_token']}".encode()
        self.auth = "Basic " + base64.b64encode(creds).decode()

    def post(self, path, form):
        body = urllib.parse.urlencode(form)
        headers = {"Authorization": self.auth, "Content-Type": "application/x-www-form-urlencoded"}
        self.conn.request("POST", path, body=body, headers=headers)
        resp = self.conn.getresponse()
        text = resp.read().decode()
        if resp.status >= 300:
            raise RuntimeError(f"POST {path}: {resp.status} {text}")
        return json.loads(text)

    def taskrouter(self, path, form):
        """POST /v1/Workspaces/{WS}/{path}."""
        return self.post(f"/v1/Workspaces/{self.world['workspace_sid']}/{path}", form)

    def worker_with_token(self, name, available=False):
        """A new worker (Available or the default Offline) and a token for it: (worker_sid, token)."""
        form = {"FriendlyName": name}
        if available:
            form["ActivitySid"] = self.world["activities"]["available"]
        sid = self.taskrouter("Workers", form)["sid"]
        return sid, self.post("/_emulator/tokens", {"worker_sid": sid})["token"]


def proc_status(pid, field):
    """A number field of /proc/<pid>/status (kB for Vm*, a count for Threads)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (utime + stime of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rank(sorted_samples, p):
    """Nearest-rank percentile of sorted samples."""
    i = min(max(math.ceil(p * len(sorted_samples)), 1), len(sorted_samples))
    return sorted_samples[i - 1]
