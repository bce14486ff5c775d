"""A real webhook receiver on loopback for the tests: a threaded http.server that checks each
delivery's signature with the endpoint's secret (one secret per path) and records what arrived
by idempotency key, as a partner's receiver would. It can be told to fail the next few requests
or to hold them (past the desk's timeout, or until a test has killed the worker)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from webhooks import signing


@dataclass(frozen=True)
class Received:
    path: str
    key: str
    body: bytes
    signed: bool  # the signature matched the path's secret
    at: float
    headers: Any = None  # the request headers (an http.client.HTTPMessage)


@dataclass
class Receiver:
    host: str = "127.0.0.1"
    port: int = 0
    secrets: dict[str, str] = field(default_factory=dict)  # path → secret
    received: list[Received] = field(default_factory=list)
    fail: int = 0  # answer this many requests with 500
    hold: int = 0  # hold this many requests for `hold_seconds` (or until `release`)
    hold_seconds: float = 30.0
    holding: int = 0  # requests being held now
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def keys(self, path: str | None = None) -> set[str]:
        """What a receiver that drops repeats by `Webhook-Id` has taken."""
        return {r.key for r in self.received if path is None or r.path == path}

    def count(self, key: str, path: str | None = None) -> int:
        return sum(1 for r in self.received if r.key == key and (path is None or r.path == path))

    def take(self) -> tuple[str, bool]:
        """What to do with the next request ("fail" or "ok"), and whether to hold it first."""
        with self.lock:
            if self.hold:
                self.hold -= 1
                self.holding += 1
                return "ok", True  # then answered: the desk may no longer be listening
            if self.fail:
                self.fail -= 1
                return "fail", False
            return "ok", False


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            secret = receiver.secrets.get(self.path, "")
            signed = bool(secret) and signing.verify(
                secret=secret,
                timestamp=self.headers.get("Webhook-Timestamp", ""),
                body=body,
                signature_header=self.headers.get("Webhook-Signature", ""),
            )
            action, held = receiver.take()
            if held:
                receiver.release.wait(receiver.hold_seconds)
                with receiver.lock:
                    receiver.holding -= 1
            if action == "ok" and signed:
                # Recorded only when the receiver answers 2xx: what a partner has taken.
                with receiver.lock:
                    receiver.received.append(
                        Received(
                            self.path,
                            self.headers.get("Webhook-Id", ""),
                            body,
                            signed,
                            time.time(),
                            self.headers,  # case-insensitive, as frameworks give them
                        )
                    )
            status = 200 if action == "ok" and signed else (401 if not signed else 500)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the desk stopped waiting (a timeout, a killed worker)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
