"""A small JSON client for the served app's API, with an admin token (for test set-up)."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request


class Api:
    def __init__(self, base_url: str, token: str):
        self.base_url, self.token = base_url, token

    def call(self, method: str, path: str, body=None, expect=(200, 201, 204)):
        """The decoded JSON answer; fails the test on an unexpected status."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        answer = json.loads(raw) if raw else None
        assert status in ((expect,) if isinstance(expect, int) else expect), (method, path, status, answer)
        return answer

    def get(self, path: str, **kw):
        return self.call("GET", path, **kw)

    def post(self, path: str, body=None, **kw):
        return self.call("POST", path, body if body is not None else {}, **kw)

    def put(self, path: str, body, **kw):
        return self.call("PUT", path, body, **kw)

    def wait_for(self, path: str, ready, timeout: float = 30.0, what: str = ""):
        """GET ``path`` until ``ready(answer)`` is truthy; returns the answer."""
        deadline = time.monotonic() + timeout
        answer = None
        while time.monotonic() < deadline:
            answer = self.get(path)
            if ready(answer):
                return answer
            time.sleep(0.3)
        raise AssertionError(f"{what or path} not ready after {timeout} s: {answer}")
