"""`make run` prints "designer at ..." only once the web port accepts connections."""
from __future__ import annotations

import socket
import threading
import time

from backend import runner
from backend.redis_server import free_port


def _listen_later(port: int, delay: float, events: list) -> tuple[threading.Thread, list]:
    holder = []

    def serve():
        time.sleep(delay)
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        events.append("listening")
        holder.append(server)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread, holder


def test_the_line_comes_after_the_port_listens(monkeypatch, capsys):
    port = free_port()
    events: list = []
    ticks = []
    monkeypatch.setattr("builtins.print", lambda *a, **k: events.append(("print", " ".join(map(str, a)))))
    thread, holder = _listen_later(port, 0.6, events)
    try:
        assert runner.announce_when_ready({"HOST": "127.0.0.1", "PORT": port}, tick=lambda: ticks.append(1),
                                          timeout=10)
    finally:
        thread.join()
        for server in holder:
            server.close()
    assert events == ["listening", ("print", f"journeys: designer at http://127.0.0.1:{port}  (Ctrl-C stops)")]
    assert ticks, "the runner keeps supervising its children while it waits"


def test_a_wildcard_host_is_checked_on_the_loopback():
    port = free_port()
    events: list = []
    thread, holder = _listen_later(port, 0, events)
    thread.join()
    try:
        assert runner.wait_until_listening("0.0.0.0", port, timeout=5)
    finally:
        holder[0].close()


def test_nothing_listening_times_out_without_the_line(capsys):
    port = free_port()
    started = time.monotonic()
    assert runner.announce_when_ready({"HOST": "127.0.0.1", "PORT": port}, timeout=0.5) is False
    assert time.monotonic() - started < 5
    out = capsys.readouterr()
    assert "designer at" not in out.out + out.err
    assert "not answering" in out.err


def test_stopping_ends_the_wait():
    port = free_port()
    assert runner.wait_until_listening("127.0.0.1", port, timeout=60, stopping=lambda: True) is False
