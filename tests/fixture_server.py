"""A local HTTP server that replays recorded responses, so providers run against real sockets.

Cases live in tests/fixtures/http/<provider>/<case>/, one JSON "exchange" per file (see
tests/fixtures/http/README.md for the format). A request is answered by the first exchange, in
file-name order, whose method, path, listed query parameters, headers and form fields match and
whose `repeat` count is not used up. Anything else gets HTTP 599 naming the request, and is
recorded in `unmatched`: the `fixture_http` pytest fixture fails the test at teardown.

In a test:
    def test_search(fixture_http):          # base URLs and settings already point here
        fixture_http.use("wikipedia", "results")
        ...
Worker subprocesses reach the same in-process server over loopback; give them
`child_env(**fixture_http.env())`. Standalone:
    python -m tests.fixture_server --port 8765 --case wikipedia/results --case _common/slow_body
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import signal
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "http"
UNMATCHED_STATUS = 599
_CHUNK = 64 * 1024


@dataclass
class Exchange:
    source: str
    method: str = "GET"
    path: str = "/"
    query: dict[str, str | None] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str | None] = field(default_factory=dict)
    status: int = 200
    response_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    substitute: bool = False
    generate: dict[str, Any] | None = None
    chunked: bool = False
    delay: float = 0.0
    drip: tuple[int, float] | None = None
    cut_at: int | None = None
    repeat: int | None = None
    served: int = 0

    def available(self) -> bool:
        return self.repeat is None or self.served < self.repeat

    def matches(self, request: RecordedRequest) -> bool:
        if request.method != self.method.upper() or not _same_path(self.path, request.path):
            return False
        form = parse_qs(request.body.decode("utf-8", "replace")) if self.form else {}
        return (
            _params_match(self.query, request.query)
            and _params_match(self.form, form)
            and all(
                fnmatch.fnmatchcase(request.headers.get(name.lower(), ""), pattern)
                for name, pattern in self.headers.items()
            )
        )


def _same_path(pattern: str, path: str) -> bool:
    return fnmatch.fnmatchcase(path, pattern) if "*" in pattern else path == pattern


def _params_match(expected: dict[str, str | None], actual: dict[str, list[str]]) -> bool:
    for name, value in expected.items():
        if value is None:
            if name in actual:
                return False
        elif name not in actual or (value != "*" and actual[name][-1] != value):
            return False
    return True


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    matched: str | None = None

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, values in self.query.items() for v in values)
        return f"{self.method} {self.path}{'?' + query if query else ''}"


def load_exchange(path: Path) -> Exchange:
    spec = json.loads(path.read_text(encoding="utf-8"))
    source = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
    return exchange_from_spec(spec, path.parent, source)


def exchange_from_spec(spec: dict[str, Any], folder: Path, source: str) -> Exchange:
    """An exchange from its JSON form; `body_file` is read relative to `folder`."""
    request, response = spec.get("request", {}), spec.get("response", {})
    headers = dict(response.get("headers", {}))
    if "redirect" in response:
        headers["Location"] = response["redirect"]
    if "body_file" in response:
        body = (folder / response["body_file"]).read_bytes()
    elif "json" in response:
        body = json.dumps(response["json"], ensure_ascii=False).encode("utf-8")
    else:
        body = str(response.get("body", "")).encode("utf-8")
    drip = spec.get("drip")
    return Exchange(
        source=source,
        method=request.get("method", "GET").upper(),
        path=request.get("path", "/"),
        query=request.get("query", {}),
        headers=request.get("headers", {}),
        form=request.get("form", {}),
        status=int(response.get("status", 302 if "redirect" in response else 200)),
        response_headers=headers,
        body=body,
        substitute=bool(response.get("substitute", False)),
        generate=response.get("generate"),
        chunked=bool(response.get("chunked", False)),
        delay=float(spec.get("delay", 0.0)),
        drip=(int(drip["chunk"]), float(drip["interval"])) if drip else None,
        cut_at=spec.get("cut_at"),
        repeat=spec.get("repeat"),
    )


def load_case(provider: str, case: str, root: Path = FIXTURES) -> list[Exchange]:
    folder = root / provider / case
    files = sorted(folder.glob("*.json"))
    exchanges = [load_exchange(f) for f in files if not f.name.endswith(".body.json")]
    if not exchanges:
        raise FileNotFoundError(f"no exchanges in {folder}")
    return exchanges


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log on FixtureServer replaces stderr chatter

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = RecordedRequest(
            method=self.command,
            path=unquote(parts.path),
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        exchange = self.server.fixture.dispatch(request)
        try:
            if exchange is None:
                self._unmatched(request)
            else:
                self._replay(exchange)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client gave up; that is often the point

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = _serve

    def _unmatched(self, request: RecordedRequest) -> None:
        body = (
            f"fixture server: no recorded exchange matches {request}\n"
            f"cases loaded: {', '.join(self.server.fixture.cases) or 'none'}\n"
        ).encode()
        self.send_response(UNMATCHED_STATUS, "No Recorded Exchange")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _replay(self, exchange: Exchange) -> None:
        if exchange.delay:
            time.sleep(exchange.delay)
        base = self.server.fixture.url
        body = (
            exchange.body.replace(b"{server}", base.encode())
            if exchange.substitute
            else exchange.body
        )
        size = int(exchange.generate["size"]) if exchange.generate else len(body)
        self.send_response(exchange.status)
        for name, value in exchange.response_headers.items():
            self.send_header(name, value.replace("{server}", base))
        if exchange.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        sent = 0
        for chunk in self._chunks(exchange, body):
            if exchange.cut_at is not None and sent + len(chunk) >= exchange.cut_at:
                self.wfile.write(chunk[: exchange.cut_at - sent])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if exchange.chunked else chunk)
            self.wfile.flush()
            sent += len(chunk)
            if exchange.drip:
                time.sleep(exchange.drip[1])
        if exchange.chunked:
            self.wfile.write(b"0\r\n\r\n")

    @staticmethod
    def _chunks(exchange: Exchange, body: bytes) -> Iterator[bytes]:
        if exchange.generate:
            pattern = str(exchange.generate.get("pattern", "x")).encode()
            block = (pattern * (_CHUNK // len(pattern) + 1))[:_CHUNK]
            remaining = int(exchange.generate["size"])
            while remaining > 0:
                yield block[:remaining]
                remaining -= len(block)
            return
        step = exchange.drip[0] if exchange.drip else _CHUNK
        for start in range(0, len(body), step):
            yield body[start : start + step]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fixture: FixtureServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, ssl.SSLError)):
            return  # clients that hang up early (or reject our certificate) are expected
        self.fixture.errors.append(repr(error))
        super().handle_error(request, client_address)


class FixtureServer:
    """The replaying server. Thread-safe: cases may be loaded while requests are served."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        root: Path = FIXTURES,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`tls`: a server-side context to serve https (handshakes happen per connection)."""
        self.root = root
        self.scheme = "https" if tls else "http"
        self.cases: list[str] = []
        self.exchanges: list[Exchange] = []
        self.requests: list[RecordedRequest] = []
        self.unmatched: list[RecordedRequest] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.fixture = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread: threading.Thread | None = None

    @property
    def host_port(self) -> str:
        host, port = self._httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"{host}:{port}"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host_port}"

    def start(self) -> FixtureServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fixture-http-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def use(self, provider: str, case: str | None = None) -> FixtureServer:
        """Load a case: `use("wikipedia", "results")` or `use("wikipedia/results")`."""
        if case is None:
            provider, case = provider.split("/", 1)
        exchanges = load_case(provider, case, self.root)
        with self._lock:
            self.cases.append(f"{provider}/{case}")
            self.exchanges.extend(exchanges)
        return self

    def add(self, spec: dict[str, Any]) -> FixtureServer:
        """Add one exchange written inline in a test, in the same format as the files."""
        exchange = exchange_from_spec(spec, self.root, f"inline #{len(self.exchanges) + 1}")
        with self._lock:
            self.exchanges.append(exchange)
        return self

    def dispatch(self, request: RecordedRequest) -> Exchange | None:
        with self._lock:
            for exchange in self.exchanges:
                if exchange.available() and exchange.matches(request):
                    exchange.served += 1
                    self.requests.append(replace(request, matched=exchange.source))
                    return exchange
            self.requests.append(request)
            self.unmatched.append(request)
        print(f"fixture server: UNMATCHED {request}", file=sys.stderr, flush=True)
        return None

    def take_unmatched(self) -> list[RecordedRequest]:
        """Return and forget unmatched requests, for a test that expects them."""
        with self._lock:
            taken, self.unmatched = self.unmatched, []
        return taken

    def check(self) -> None:
        if self.errors:
            pytest.fail(f"fixture server failed: {'; '.join(self.errors)}", pytrace=False)
        if self.unmatched:
            listing = "\n  ".join(str(request) for request in self.unmatched)
            pytest.fail(
                f"fixture server got requests no recorded exchange matches:\n  {listing}\n"
                f"cases loaded: {', '.join(self.cases) or 'none'}",
                pytrace=False,
            )

    def settings(self, *, allow_private: bool = True) -> dict[str, Any]:
        """Setting overrides pointing every provider here. With allow_private=False only this
        server's host:port is exempt from the private-address check."""
        return {
            "LOOKUPS_ALLOW_PRIVATE_ADDRESSES": allow_private,
            "LOOKUPS_ALLOWED_TEST_HOSTS": [] if allow_private else [self.host_port],
            "FACTCHECK_API_URL": f"{self.url}/v1alpha1",
            "FACTCHECK_API_KEY": "test-factcheck-key",
            "WIKIPEDIA_API_URL": f"{self.url}/wikipedia/{{lang}}",
            "WIKIDATA_API_URL": f"{self.url}/wikidata/w/api.php",
            "WAYBACK_CDX_URL": f"{self.url}/cdx/search/cdx",
            "WAYBACK_AVAILABILITY_URL": f"{self.url}/wayback/available",
            "WAYBACK_SAVE_URL": f"{self.url}/save",
            "WORLDBANK_API_URL": f"{self.url}/v2",
        }

    def apply_settings(self, settings: Any, *, allow_private: bool = True) -> None:
        """Apply the overrides to pytest-django's `settings` fixture (or any settings object)."""
        for name, value in self.settings(allow_private=allow_private).items():
            setattr(settings, name, value)

    def env(self, *, allow_private: bool = True) -> dict[str, str]:
        """The same overrides as environment variables, for worker subprocesses."""
        return {
            name: _env_value(value)
            for name, value in self.settings(allow_private=allow_private).items()
        }


def _env_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


@pytest.fixture
def fixture_http(settings: Any) -> Iterator[FixtureServer]:
    """A started fixture server with every provider setting pointing at it."""
    server = FixtureServer().start()
    server.apply_settings(settings)
    try:
        yield server
    finally:
        server.stop()
    server.check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--case", action="append", default=[], help="provider/case, repeatable")
    args = parser.parse_args(argv)
    server = FixtureServer(args.host, args.port)
    for case in args.case:
        server.use(case)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    print(f"FIXTURE_SERVER_URL={server.url}", flush=True)
    for name, value in server.env().items():
        print(f"{name}={value}", flush=True)
    stop.wait()
    server.stop()
    return 1 if server.unmatched else 0


if __name__ == "__main__":
    sys.exit(main())
