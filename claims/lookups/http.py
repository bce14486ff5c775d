"""The one outbound HTTP client. Every lookup and every evidence snapshot goes through `fetch`.

Each hop of a fetch is vetted by `safety.vet` (scheme, credentials, public addresses only), then
the connection goes to the vetted address itself, with the original name in the Host header
and as the TLS server name, so the certificate is still checked against the name. Redirects
are followed here, one vetted hop at a time. The body is streamed against a size cap, and one
deadline covers the whole fetch: a watchdog shuts the socket when it passes, so a server that
drips a byte at a time cannot hold a worker longer than the timeout.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from typing import Any

import httpx

from claims.lookups import conf, safety
from claims.lookups.errors import (
    Blocked,
    BodyTooLarge,
    LookupFailure,
    Permanent,
    Transient,
    UnexpectedResponse,
    format_seconds,
)
from claims.lookups.responses import FetchResult, decode_body, raise_for_status, redact_url

check_url = safety.check_url
__all__ = [
    "FetchResult",
    "TimedOut",
    "check_url",
    "decode_body",
    "fetch",
    "raise_for_status",
    "redact_url",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# The vetted (address, port) this thread is connecting to, while it does. The test suite's socket
# guard (tests/netguard.py) lets through only connections that match it, so a library that
# fetches on its own, past every check here, fails the tests instead of going unnoticed.
connecting_to: contextvars.ContextVar[tuple[str, int] | None] = contextvars.ContextVar(
    "connecting_to", default=None
)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs ~50 ms; one verifying context serves every fetch.
    return httpx.create_ssl_context()


class _RedactSecrets(logging.Filter):
    """httpx logs each request URL at INFO; API keys in query strings must not reach logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_RedactSecrets())


class _Watchdog:
    """Shuts every socket of one fetch when its deadline passes, waking a blocked read.

    httpx applies its read timeout per read, so a body dripped slower than the total deadline
    but faster than the read timeout would otherwise run on. shutdown() (not close()) is what
    interrupts a recv blocked in another thread; it acts on a duplicate of the descriptor, so
    the TLS object in use by the reading thread is never touched here.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)

    def expired(self) -> bool:
        return self.fired or time.monotonic() >= self.deadline

    def watch(self, raw: Any) -> None:
        sock = raw.get_extra_info("socket") if raw is not None else None
        if sock is None:
            return
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if self.fired:
                self._shutdown(duplicate)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _tracer(watchdog: _Watchdog, address: str) -> Any:
    def trace(event: str, info: dict[str, Any]) -> None:
        # Belt and braces: whatever httpx decides, a connection goes only to the vetted address.
        if event == "connection.connect_tcp.started" and info.get("host") != address:
            raise Blocked(f"refusing to connect to unvetted host {info.get('host')!r}")
        if event == "connection.connect_tcp.complete":
            watchdog.watch(info.get("return_value"))

    return trace


class TimedOut(Transient):
    """The whole fetch ran past its deadline: a caller that shows attempts names it as such."""

    code = "timed_out"


def _timed_out(total: float, url: str) -> Transient:
    return TimedOut(
        f"{redact_url(url)} took longer than {total:g}s",
        plain=f"The site took longer than {format_seconds(total)} to answer, so we stopped "
        "waiting; we will try again.",
    )


def _transport_failure(exc: Exception, watchdog: _Watchdog, total: float, url: str) -> Exception:
    if isinstance(exc, LookupFailure):
        return exc
    if watchdog.expired() or isinstance(exc, httpx.TimeoutException):
        return _timed_out(total, url)
    where = redact_url(url)
    if isinstance(exc, httpx.DecodingError):
        return UnexpectedResponse(
            f"undecodable body from {where}: {exc}",
            plain="The site sent a compressed answer we could not unpack.",
        )
    if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return Permanent(
            f"TLS certificate rejected for {where}: {exc}",
            plain="The site's security certificate is not valid, so it was not fetched.",
        )
    if isinstance(exc, httpx.ConnectError):
        return Transient(
            f"cannot connect to {where}: {exc}",
            plain="The site could not be reached just now; we will try again.",
        )
    return Transient(
        f"connection to {where} failed: {exc!r}",
        plain="The connection to the site broke off; we will try again.",
    )


def _read_body(response: httpx.Response, limit: int, watchdog: _Watchdog, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    too_large = BodyTooLarge(
        f"{redact_url(url)} is larger than {limit} bytes",
        plain=f"The answer is larger than {limit // 1_000_000 or 1} MB, so it was not read.",
        status=response.status_code,
    )
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise too_large
        if watchdog.expired():
            raise _timed_out(watchdog.seconds, url)
    return bytes(body)


def _open(
    client: httpx.Client,
    target: safety.Target,
    method: str,
    headers: dict[str, str],
    body: dict[str, Any],
    watchdog: _Watchdog,
) -> httpx.Response:
    """Send one hop to the first vetted address that accepts a connection."""
    extensions: dict[str, Any] = {}
    if target.url.scheme == "https" and not target.ip_literal:
        extensions["sni_hostname"] = target.host
    failure: httpx.ConnectError | None = None
    for address in target.addresses:
        request = client.build_request(
            method,
            target.url.copy_with(host=address),
            headers={**headers, "Host": target.url.netloc.decode("ascii")},
            timeout=httpx.Timeout(watchdog.remaining()),
            extensions={**extensions, "trace": _tracer(watchdog, address)},
            **body,
        )
        token = connecting_to.set((address, target.port))
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
            if watchdog.expired():
                break
        finally:
            connecting_to.reset(token)
    assert failure is not None
    raise failure


def fetch(
    url: str,
    *,
    method: str = "GET",
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
    json: Any = None,
    content: bytes | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    accept: str | None = None,
) -> FetchResult:
    """Fetch a URL safely. Returns any HTTP status; failures to get one raise LookupFailure
    subclasses (Blocked, Transient, BodyTooLarge, UnexpectedResponse, Permanent)."""
    total = conf.timeout() if timeout is None else float(timeout)
    limit = conf.max_bytes() if max_bytes is None else int(max_bytes)
    hops_left = conf.max_redirects() if max_redirects is None else int(max_redirects)
    base_headers = {"User-Agent": conf.user_agent(), "Accept": accept or "*/*"}
    for name, value in (headers or {}).items():
        if name.lower() != "host":
            base_headers[name] = value
    body: dict[str, Any] = {"data": data, "json": json, "content": content}
    current = safety.parse_url(url)
    if params:
        current = current.copy_merge_params(dict(params))
    redirects: list[str] = []
    started = time.monotonic()
    watchdog = _Watchdog(total)
    try:
        with httpx.Client(verify=_ssl_context(), trust_env=False, follow_redirects=False) as client:
            while True:
                target = safety.vet(current)
                try:
                    response = _open(client, target, method, base_headers, body, watchdog)
                    try:
                        location = response.headers.get("location")
                        if response.status_code in REDIRECT_STATUSES and location:
                            content = b""
                        else:
                            content = _read_body(response, limit, watchdog, str(current))
                    finally:
                        response.close()
                except (httpx.HTTPError, OSError, LookupFailure) as exc:
                    raise _transport_failure(exc, watchdog, total, str(current)) from exc
                if not (response.status_code in REDIRECT_STATUSES and location):
                    break
                if hops_left <= 0:
                    raise Permanent(
                        f"too many redirects from {redact_url(url)}",
                        plain="The address sends us round too many redirects, so we gave up.",
                        status=response.status_code,
                    )
                hops_left -= 1
                redirects.append(str(current))
                try:
                    following = current.join(location.strip())
                except httpx.InvalidURL as exc:
                    raise Blocked(
                        f"bad redirect Location {location!r}",
                        plain="The site redirected to an address that is not valid.",
                    ) from exc
                method, body, base_headers = _redirected(
                    response.status_code, method, body, base_headers, current, following
                )
                current = following
    finally:
        watchdog.close()
    return FetchResult(
        url=str(current),
        status=response.status_code,
        headers=response.headers,
        content=content,
        text=decode_body(content, response.headers.get("content-type", "")),
        elapsed=time.monotonic() - started,
        redirects=tuple(redirects),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _redirected(
    status: int,
    method: str,
    body: dict[str, Any],
    headers: dict[str, str],
    source: httpx.URL,
    target: httpx.URL,
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """Method, body and headers for the next hop, the way browsers do it."""
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        method, body = "GET", {"data": None, "json": None, "content": None}
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    same_origin = (source.scheme, source.host, source.port) == (
        target.scheme,
        target.host,
        target.port,
    )
    if not same_origin:
        # Credentials are for the service we called, never for wherever it sends us.
        headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
    return method, body, headers


def post(
    url: str,
    *,
    content: bytes,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int = 64_000,
) -> FetchResult:
    """POST these exact bytes (a signed body must arrive as it was signed) and read a short
    answer. Redirects are not followed: a receiver that moved says so with a new address in the
    desk, and a signed delivery is never replayed to wherever a 30x points."""
    return fetch(
        url,
        method="POST",
        content=content,
        headers=headers,
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=0,
    )
