"""Real processes for integration tests: Celery workers and web servers on the test database."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.db import connection

from tests import netguard

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_database_url() -> str:
    """The URL of the database the tests run on, for a child process to share it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


# A child process never reaches the internet: unless a test points them at the fixture HTTP
# server, providers aim at a closed loopback port, which the safe client refuses outright.
OFFLINE_PROVIDERS = {
    "FACTCHECK_API_URL": "http://127.0.0.1:9/factcheck",
    "WIKIPEDIA_API_URL": "http://127.0.0.1:9/wikipedia/{lang}",
    "WIKIDATA_API_URL": "http://127.0.0.1:9/wikidata/w/api.php",
    "WAYBACK_CDX_URL": "http://127.0.0.1:9/cdx",
    "WAYBACK_AVAILABILITY_URL": "http://127.0.0.1:9/available",
    "WAYBACK_SAVE_URL": "http://127.0.0.1:9/save",
    "WORLDBANK_API_URL": "http://127.0.0.1:9/worldbank",
}


def child_env(**overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        **OFFLINE_PROVIDERS,
        "DATABASE_URL": test_database_url(),
        "PYTHONUNBUFFERED": "1",
        # the test servers build the index on their first match: warming every one of them
        # would cost each browser test a model load (prod-smoke keeps the default)
        "MATCHING_WARM": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' allowance, not the desk's
    env.update(overrides)
    return env


def wait_until(
    predicate: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.1, what: str = ""
) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"gave up waiting after {timeout:.0f}s{': ' + what if what else ''}")


class Proc:
    """A child process in its own process group, with its output in a temp file."""

    def __init__(self, args: list[str], env: dict[str, str], name: str) -> None:
        self.name = name
        self.log: IO[bytes] = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def kill(self) -> int:
        """SIGKILL to the whole group (the worker's pool processes too), then wait."""
        self.signal(signal.SIGKILL)
        self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def stop(self, *, timeout: float = 15.0) -> int:
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.popen.wait()
        self.log.close()
        return self.popen.returncode


def _spawn_worker(concurrency: int, name: str, env: dict[str, str]) -> Proc:
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(concurrency),
        "--pool",
        "prefork",
        "--hostname",
        f"{name}-{os.getpid()}-{free_port()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return Proc(args, child_env(**env), name)


def _wait_worker(proc: Proc) -> None:
    wait_until(
        lambda: "ready." in proc.output() or not proc.alive(), timeout=60, what="worker ready"
    )
    if not proc.alive():
        raise RuntimeError(f"worker did not start:\n{proc.output()}")


def start_worker(*, concurrency: int = 2, name: str = "worker", **env: str) -> Proc:
    proc = _spawn_worker(concurrency, name, env)
    _wait_worker(proc)
    return proc


@contextlib.contextmanager
def worker(**kwargs: Any) -> Iterator[Proc]:
    proc = start_worker(**kwargs)
    try:
        yield proc
    finally:
        proc.stop()


def http_get(url: str, *, timeout: float = 10.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def status_of(url: str, *, timeout: float = 3.0) -> int | None:
    """The HTTP status, or None while nothing answers."""
    try:
        return http_get(url, timeout=timeout)[0]
    except OSError:
        return None


def _spawn_web(threads: int, env: dict[str, str]) -> tuple[Proc, str]:
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        str(threads),
        "--timeout",
        "30",
    ]
    return Proc(args, child_env(**env), "web"), f"http://127.0.0.1:{port}"


def _wait_web(proc: Proc, base: str) -> None:
    def up() -> bool:
        if not proc.alive():
            raise RuntimeError(f"server exited:\n{proc.output()}")
        try:
            http_get(base + "/accounts/login/", timeout=5)
        except OSError:
            return False
        return True

    wait_until(up, timeout=30, what="web server")


@contextlib.contextmanager
def web_server(*, threads: int = 4, **env: str) -> Iterator[str]:
    """The desk under gunicorn on a free port; yields its base URL. One worker process with
    `threads` threads (1: every request on the same thread, so the same database connection)."""
    proc, base = _spawn_web(threads, env)
    try:
        _wait_web(proc, base)
        yield base
    finally:
        proc.stop()


@contextlib.contextmanager
def worker_and_web(*, concurrency: int = 2, threads: int = 4, **env: str) -> Iterator[str]:
    """A worker and the web server (as `worker` and `web_server`), started at once and then
    waited for: each spends its first seconds importing the desk. Yields the base URL.

    For browser tests, which look at nothing once the block ends: both are killed at its end
    (a worker's warm shutdown costs 2-4 s, and the test's database is flushed next anyway)."""
    worker_proc = _spawn_worker(concurrency, "worker", env)
    try:
        web_proc, base = _spawn_web(threads, env)
        try:
            _wait_worker(worker_proc)
            _wait_web(web_proc, base)
            yield base
        finally:
            web_proc.kill()
    finally:
        worker_proc.kill()


def purge_broker() -> None:
    from celery import current_app

    with current_app.connection_for_write() as conn:
        current_app.control.purge(connection=conn)


def start_beat(**env: str) -> Proc:
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(Path(tempfile.mkdtemp(prefix="beat-")) / "schedule"),
    ]
    proc = Proc(args, child_env(**env), "beat")
    wait_until(
        lambda: "beat: Starting" in proc.output() or not proc.alive(), timeout=60, what="beat"
    )
    return proc


def start_redis(port: int) -> Proc:
    """A private Redis for tests that stop and start their broker."""
    args = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    proc = Proc(args, dict(os.environ), "redis")
    wait_until(
        lambda: "Ready to accept connections" in proc.output() or not proc.alive(),
        timeout=20,
        what="redis",
    )
    if not proc.alive():
        raise RuntimeError(f"redis did not start:\n{proc.output()}")
    netguard.serves("127.0.0.1", port)
    return proc


class SilentServer:
    """A loopback TCP server that accepts every connection and never answers: a Redis (or any
    server) that is up as far as the network can tell, but hangs."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-server", daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def accepted(self) -> int:
        return len(self._held)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(conn)  # held open, never read from or written to

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        for conn in self._held:
            conn.close()


LIVE_PASSWORD = "a-long-test-password"


@functools.cache
def _live_password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(LIVE_PASSWORD, hasher="pbkdf2_sha256")


def live_password(user: Any, settings: Any) -> str:
    """Give the user a password a live server can check: tests hash with MD5 for speed, the
    server only knows Django's default hashers. The default hasher's full work factor costs
    half a second, so a process hashes once and gives every such user the same hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user.password = _live_password_hash()
    user.save(update_fields=["password"])
    return LIVE_PASSWORD


class WebClient:
    """A browser-ish HTTP client for a live server: cookies, CSRF token, no JavaScript."""

    def __init__(self, base: str) -> None:
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self, method: str, path: str, data: dict[str, Any] | None = None, *, timeout: float = 30
    ) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        body = None
        headers = {"Referer": self.base + "/"}
        if method == "POST":
            body = urlencode({**(data or {}), "csrfmiddlewaretoken": self._csrf()}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body.encode() if body else None, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, data)

    def force_login(self, user: Any) -> None:
        """Log in without the login form, as Django's test client does: a session written to
        the test database. Works against a server with DEBUG off, whose pages need collected
        static files (the login page among them) that a test run does not have."""
        from django.conf import settings
        from django.test import Client
        from django.utils.crypto import get_random_string

        client = Client()
        client.force_login(user)
        self._set_cookie(
            settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
        )
        # A bare CSRF secret is a valid form token too: the form sends the cookie's value.
        self._set_cookie(settings.CSRF_COOKIE_NAME, get_random_string(32))

    def _set_cookie(self, name: str, value: str) -> None:
        import http.cookiejar
        from urllib.parse import urlsplit

        host = urlsplit(self.base).hostname or "127.0.0.1"
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                version=0,
                name=name,
                value=value,
                port=None,
                port_specified=False,
                domain=host,
                domain_specified=False,
                domain_initial_dot=False,
                path="/",
                path_specified=True,
                secure=False,
                expires=None,
                discard=True,
                comment=None,
                comment_url=None,
                rest={},
            )
        )

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        status, _headers, _ = self.post(
            "/accounts/login/", {"username": username, "password": password, "next": "/"}
        )
        if status != 302:
            raise RuntimeError(f"login as {username} failed: {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
