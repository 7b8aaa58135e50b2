"""A real HTTP server on loopback for the webhook tests: records every request and answers
from a script (``responses``: a list of (status, headers, body) used in turn, the last one
repeated); ``hold`` makes it wait (``held`` set) until ``release`` is set before answering."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hook:
    def __init__(self, responses=None, hold: bool = False):
        self.responses = list(responses or [(200, {}, b'{"ok": true}')])
        self.requests: list[dict] = []
        self.hold = hold
        self.held, self.release = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with hook._lock:
                    hook.requests.append({"method": self.command, "path": self.path,
                                          "headers": {k.lower(): v for k, v in self.headers.items()},
                                          "body": body})
                    index = min(len(hook.requests), len(hook.responses)) - 1
                    status, headers, payload = hook.responses[index]
                if hook.hold:
                    hook.held.set()
                    hook.release.wait(30)
                if callable(payload):
                    payload = payload()
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_PATCH = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.host_port = f"127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
