"""The socket guard: a test fails if the desk opens a connection outside the safe HTTP client.

Every outbound request must go through `claims.lookups.http`, which checks the address first. A
library that fetches on its own (htmldate once downloaded any page body that looked like a URL)
skips those checks, and nothing else in a test would notice: the request fails quietly or
returns nothing. So an audit hook watches every `socket.connect` in the test process and lets
through only:
- the safe client's own connection, to the address it vetted (it says so in
  `http.connecting_to` around its connect);
- the services the settings point the desk at just now (broker, cache, database, mail), and
  those a test started for it (`serves`: a private Redis);
- Unix sockets, and loopback connections that test code itself makes (readiness probes, its
  own requests to the fixture server or to a desk it started), as opposed to desk code.
Anything else is refused (as ConnectionRefusedError, so libraries take it as a dead host) and
fails the test with the destination and the stack. Audit hooks cannot be removed, so the hook
stays installed and a flag turns it off. Worker subprocesses are not watched here: the
hostile-page tests watch them with a listener of their own.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import select
import socket
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
_DESK_CODE = tuple(f"{ROOT / folder}{os.sep}" for folder in ("claims", "reviews", "config"))
_TEST_CODE = f"{ROOT / 'tests'}{os.sep}"
_LOOPBACK_NAMES = {"localhost": ("127.0.0.1", "::1")}


class UnguardedConnection(ConnectionRefusedError):
    """A connection the guard refused: outside the safe client, not to the test services."""


class _Guard:
    def __init__(self) -> None:
        self.enabled = False
        self.blocking = True
        self.lock = threading.Lock()
        self.violations: list[str] = []
        self.started: set[tuple[str, int]] = set()

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event != "socket.connect" or not self.enabled:
            return
        sock, address = args
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return
        host, port = _normalise(str(address[0])), int(address[1])
        if (host, port) in self.started or _vetted_by_safe_client(host, port):
            return
        if (host, port) in _service_endpoints():
            return
        frame = sys._getframe(1)
        if _asked_by(frame) == "tests" and _is_loopback(host):
            return
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        stack = "".join(traceback.format_stack(frame, limit=30))  # the innermost 30
        with self.lock:
            self.violations.append(
                f"connection to {where} outside the safe client (claims.lookups.http):\n{stack}"
            )
        if self.blocking:
            raise UnguardedConnection(f"socket guard: connection to {where} refused")

    def take(self) -> list[str]:
        with self.lock:
            taken, self.violations = self.violations, []
        return taken


GUARD = _Guard()


def serves(host: str, port: int) -> None:
    """Let desk code reach a service a test started for it (a private Redis, say)."""
    GUARD.started.add((_normalise(host), port))


def _normalise(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        return host.lower().rstrip(".")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in _LOOPBACK_NAMES


def _vetted_by_safe_client(host: str, port: int) -> bool:
    http = sys.modules.get("claims.lookups.http")
    vetted = http.connecting_to.get() if http is not None else None
    return vetted is not None and (_normalise(vetted[0]), vetted[1]) == (host, port)


def _service_endpoints() -> set[tuple[str, int]]:
    """Where the current settings send the desk for its own services (read at each connect,
    so a test that points the broker at a stopped or hung Redis is covered)."""
    from django.conf import settings

    urls = [getattr(settings, "CELERY_BROKER_URL", "")]
    urls += [str(cache.get("LOCATION", "")) for cache in settings.CACHES.values()]
    endpoints: set[tuple[str, int]] = set()
    for url in urls:
        for part in url.split(";"):  # kombu takes failover brokers separated by ";"
            parts = urlsplit(part.strip())
            if parts.scheme.startswith("redis") and parts.hostname:
                endpoints.add((parts.hostname, parts.port or 6379))
    for db in settings.DATABASES.values():
        if db.get("HOST"):
            endpoints.add((str(db["HOST"]), int(db.get("PORT") or 5432)))
    if getattr(settings, "EMAIL_HOST", ""):
        endpoints.add((settings.EMAIL_HOST, int(settings.EMAIL_PORT)))
    return {
        (_normalise(address), port)
        for host, port in endpoints
        for address in _LOOPBACK_NAMES.get(host, (host,))
    }


def _asked_by(frame: FrameType | None) -> str:
    """Whose code made the connection: the innermost frame of this project's own code."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_TEST_CODE):
            return "tests"
        if filename.startswith(_DESK_CODE):
            return "desk"
        frame = frame.f_back
    return "library"


class Listener:
    """A loopback port that only listens: it records the first line of whatever connects."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = int(self._sock.getsockname()[1])
        self.heard: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="hostile-listener", daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                self._record(self._sock.accept()[0])

    def _record(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.5)
            try:
                first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                first = ""
            self.heard.append(first or "(a connection that sent nothing)")

    def drain(self) -> list[str]:
        """Everything heard so far, connections still waiting to be accepted included."""
        if self._stop.is_set():
            return self.heard
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.setblocking(False)
        while select.select([self._sock], [], [], 0)[0]:
            self._record(self._sock.accept()[0])
        self._sock.close()
        return self.heard


@contextlib.contextmanager
def recording() -> Iterator[list[str]]:
    """Let connections through but record them, for a test whose own witness (a listener)
    must see the request arrive if the desk makes it; yields the list the guard fills."""
    seen: list[str] = []
    GUARD.blocking = False
    try:
        yield seen
    finally:
        GUARD.blocking = True
        seen.extend(GUARD.take())


def pytest_configure(config: pytest.Config) -> None:
    if not GUARD.enabled:
        sys.addaudithook(GUARD.audit)
        GUARD.enabled = True


@pytest.fixture(autouse=True)
def _socket_guard() -> Iterator[None]:
    earlier = GUARD.take()
    yield
    found = earlier + GUARD.take()
    if found:
        # A library retries a refused connection: each distinct one is told once.
        counts = {message: found.count(message) for message in found}
        listing = [f"({n} times) {message}" if n > 1 else message for message, n in counts.items()]
        pytest.fail("socket guard:\n" + "\n".join(listing), pytrace=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    left = GUARD.take()
    if left:
        print("\nsocket guard, outside any test:\n" + "\n".join(left), file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
