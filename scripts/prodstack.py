"""The desk in production mode on one machine, configured only through environment variables:
PostgreSQL, Redis (a private redis-server), gunicorn with several workers, a Celery worker and
Celery beat, static files collected with the manifest storage and served by WhiteNoise, and an
HTTP client that talks to gunicorn the way the documented TLS-terminating proxy does.

Used by `make prod-smoke` (scripts/prod_smoke.py) and `make load` (benchmarks/load). Standard
library only, plus psycopg (a dependency of the desk) to drop and create the database.

    with ProdStack(name="smoke", database="claimdesk_smoke") as stack:
        stack.prepare()   # drop/create the database, check --deploy, migrate, collectstatic
        stack.start()     # gunicorn, worker, beat; returns once /healthz answers 200
        client = stack.client()
    # everything started is stopped here, also after an exception or Ctrl-C
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The name readers use; the proxy forwards it in Host. ALLOWED_HOSTS holds only this name.
PUBLIC_HOST = "desk.example.test"
SITE_URL = f"https://{PUBLIC_HOST}"
# What the proxy adds to every request it forwards (README "Settings": BEHIND_HTTPS_PROXY).
PROXY_HEADERS = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}

POSTGRES_URL = os.environ.get("PRODSTACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# Without redis-server on PATH, these two databases of the shared Redis are used (and emptied).
SHARED_REDIS = os.environ.get("PRODSTACK_SHARED_REDIS", "redis://127.0.0.1:6379")
SHARED_REDIS_DBS = (5, 6)

# Nothing leaves the machine: providers aim at a closed loopback port, which the safe HTTP
# client refuses outright (the lookups end as failed, in plain words on the Sources panel).
OFFLINE_PROVIDERS = {
    "FACTCHECK_API_URL": "http://127.0.0.1:9/factcheck",
    "WIKIPEDIA_API_URL": "http://127.0.0.1:9/wikipedia/{lang}",
    "WIKIDATA_API_URL": "http://127.0.0.1:9/wikidata/w/api.php",
    "WAYBACK_CDX_URL": "http://127.0.0.1:9/cdx",
    "WAYBACK_AVAILABILITY_URL": "http://127.0.0.1:9/available",
    "WAYBACK_SAVE_URL": "http://127.0.0.1:9/save",
    "WORLDBANK_API_URL": "http://127.0.0.1:9/worldbank",
}
# Settings a developer's shell may carry that would change what is being tested.
SCRUBBED_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "STATIC_ROOT",
    "VAR_DIR",
    "MEDIA_ROOT",
    "BROKER_DIR",
    "BEHIND_HTTPS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "LOOKUPS_PROVIDERS",
    "LOOKUPS_ALLOW_PRIVATE_ADDRESSES",
    "LOOKUPS_ALLOWED_TEST_HOSTS",
    "FACTCHECK_API_KEY",
    "WAYBACK_ACCESS_KEY",
    "WAYBACK_SECRET_KEY",
)


class StackError(RuntimeError):
    """Something in production mode did not start or answer as it should."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    predicate: Callable[[], Any], *, timeout: float, what: str, interval: float = 0.2
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise StackError(f"gave up after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


class Proc:
    """A child process in its own session (so it and its children can be stopped together),
    its output in a log file under the run folder."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], log: Path) -> None:
        self.name = name
        self.log_path = log
        self._log: IO[bytes] = log.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, *, timeout: float = 15.0) -> int:
        """SIGTERM (gunicorn and Celery shut down gracefully on it); SIGKILL for the whole
        process group if it has not exited in time. Whatever it left behind in its group is
        killed before the process is reaped, while its group id cannot belong to anyone else."""
        if self.popen.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.popen.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while not self._exited() and time.monotonic() < deadline:
                time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        self._log.close()
        return self.popen.returncode

    def _exited(self) -> bool:
        """Whether the process has exited, without reaping it."""
        try:
            state = os.waitid(os.P_PID, self.popen.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        return state is not None


# --- HTTP through "the proxy" -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Cookie:
    value: str
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def secure(self) -> bool:
        return "secure" in self.attributes

    @property
    def httponly(self) -> bool:
        return "httponly" in self.attributes


class DeskClient:
    """A browser without JavaScript, behind the documented proxy: every request carries the
    public Host and X-Forwarded-Proto: https, as the proxy adds them after terminating TLS.

    Cookies are kept by hand: the desk marks them Secure, which a standard cookie jar would
    never send over this plain-HTTP hop between the proxy and gunicorn."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", timeout: float = 30.0) -> None:
        self.address = (host, port)
        self.timeout = timeout
        self.cookies: dict[str, Cookie] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        proxy: bool = True,
    ) -> Response:
        sent = {**(PROXY_HEADERS if proxy else {"Host": PUBLIC_HOST})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={c.value}" for k, c in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # What a browser sends with a same-origin form over HTTPS; Django's CSRF check
            # compares them with the (forwarded) host.
            sent["Origin"] = SITE_URL
            sent["Referer"] = SITE_URL + path
        sent.update(headers or {})
        conn = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            payload = raw.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        return Response(raw.status, raw.headers, payload, elapsed)

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: Mapping[str, Any], **kwargs: Any) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def _remember(self, header: str) -> None:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            attributes = {k.lower(): str(v) for k, v in morsel.items() if v}
            if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = Cookie(morsel.value, attributes)


# --- The stack -----------------------------------------------------------------------------------


class ProdStack:
    """PostgreSQL database, Redis, gunicorn, Celery worker and beat in production mode.

    A context manager: leaving it stops whatever was started, in reverse order, whatever
    happened inside. Logs and collected static files live in var/prodstack/<name>/.
    """

    def __init__(
        self,
        *,
        name: str,
        database: str,
        web_workers: int = 3,
        web_threads: int = 1,
        worker_concurrency: int = 2,
        worker_nice: int = 0,
        settings_module: str = "config.settings",
        access_log: bool = True,
        log_level: str = "INFO",
        extra_env: Mapping[str, str] | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", database):
            raise StackError(f"unusable database name {database!r}")
        self.name = name
        self.database = database
        self.web_workers = web_workers
        self.web_threads = web_threads
        self.worker_concurrency = worker_concurrency
        self.worker_nice = worker_nice  # >0: the worker yields the CPU to the web processes
        self.access_log = access_log
        self.say = say
        self.run_dir = ROOT / "var" / "prodstack" / name
        self.procs: list[Proc] = []
        self.port = 0
        self.demo_password = "smoke-" + secrets.token_urlsafe(18)
        self._secret_key = secrets.token_urlsafe(50)  # check --deploy wants 50+ characters
        self._settings_module = settings_module
        self._log_level = log_level
        self._extra_env = dict(extra_env or {})
        self._broker_url = self._cache_url = ""

    # -- configuration

    @property
    def database_url(self) -> str:
        return f"{POSTGRES_URL.rstrip('/')}/{self.database}"

    @property
    def static_root(self) -> Path:
        return self.run_dir / "static"

    def env(self) -> dict[str, str]:
        """Production settings, set the way README "Settings" documents them. The secure
        defaults (SSL redirect, Secure cookies, HSTS for a year with preload) come from
        DEBUG=false alone: the smoke journey checks that they hold."""
        base = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        return {
            **base,
            **OFFLINE_PROVIDERS,
            "DJANGO_SETTINGS_MODULE": self._settings_module,
            "DEBUG": "false",
            "SECRET_KEY": self._secret_key,
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "SITE_URL": SITE_URL,
            "BEHIND_HTTPS_PROXY": "true",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self._broker_url,
            "CACHE_URL": self._cache_url,
            "STATIC_ROOT": str(self.static_root),
            "VAR_DIR": str(self.run_dir / "var"),
            "DEMO_PASSWORD": self.demo_password,
            "LOG_LEVEL": self._log_level,
            "PYTHONUNBUFFERED": "1",
            **self._extra_env,
        }

    # -- steps

    def start_redis(self) -> None:
        """A private redis-server on a free port: the run can neither disturb nor be disturbed
        by anyone else's Redis data. Without redis-server, two databases of the shared one."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if shutil.which("redis-server") is None:
            base = SHARED_REDIS.rstrip("/")
            self._broker_url, self._cache_url = (f"{base}/{db}" for db in SHARED_REDIS_DBS)
            self.say(f"  redis-server not found: using databases {SHARED_REDIS_DBS} of {base}")
            # Only the two database numbers reserved for these runs, never the whole server.
            for url in (self._broker_url, self._cache_url):
                subprocess.run(["redis-cli", "-u", url, "FLUSHDB"], check=True, capture_output=True)
            return
        port = free_port()
        args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.run_dir)]
        proc = self._spawn("redis", args)
        wait_until(
            lambda: "Ready to accept connections" in proc.output() or not proc.alive(),
            timeout=20,
            what="redis-server",
        )
        self._require_alive(proc)
        self._broker_url = f"redis://127.0.0.1:{port}/0"
        self._cache_url = f"redis://127.0.0.1:{port}/1"

    def reset_database(self) -> None:
        import psycopg

        admin = f"{POSTGRES_URL.rstrip('/')}/postgres".replace("postgres://", "postgresql://", 1)
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.database}"')
        except psycopg.OperationalError as error:
            raise StackError(f"PostgreSQL at {POSTGRES_URL} is not usable: {error}") from error

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run a manage.py command with the production environment; its output, or a
        StackError that quotes it."""
        try:
            done = subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as error:
            raise StackError(f"manage.py {' '.join(args)} took over {timeout:.0f}s") from error
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise StackError(
                f"manage.py {' '.join(args)} exited with {done.returncode}:\n{tail(output)}"
            )
        return output

    def prepare(self, *, seed_demo: bool = True) -> None:
        """A fresh database with the schema, the demo desk and collected static files;
        `check --deploy` must pass with these settings (warnings count as failures)."""
        if not self._broker_url:
            self.start_redis()
        shutil.rmtree(self.static_root, ignore_errors=True)
        (self.run_dir / "var").mkdir(parents=True, exist_ok=True)
        # collectstatic compresses every file (gzip and Brotli) and check --deploy needs no
        # database: both run while the database is being made.
        background = {
            "check --deploy": self._background("check", "--deploy", "--fail-level", "WARNING"),
            "collectstatic": self._background("collectstatic", "--noinput", "-v0"),
        }
        try:
            self._step(f"fresh database {self.database}", self.reset_database)
            self._step("migrate", lambda: self.manage("migrate", "--noinput", "-v0"))
            if seed_demo:
                self._step("seed_demo", lambda: self.manage("seed_demo"))
            for what, proc in background.items():
                started = time.perf_counter()
                output, _ = proc.communicate(timeout=180)
                if proc.returncode != 0:
                    raise StackError(f"{what} exited with {proc.returncode}:\n{tail(output)}")
                self.say(f"  ok  {what} (waited {time.perf_counter() - started:.1f}s more)")
        finally:
            for proc in background.values():
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if not (self.static_root / "staticfiles.json").is_file():
            raise StackError("collectstatic wrote no staticfiles.json: not the manifest storage")

    def _background(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )

    def start(self) -> None:
        """gunicorn, the worker and beat, started together; returns once all three are up."""
        if not self._broker_url:
            self.start_redis()
        started = time.perf_counter()
        self.port = free_port()
        web = self._spawn("web", self.web_command())
        worker = self._spawn("worker", self.worker_command())
        beat = self._spawn("beat", self.beat_command())

        waits: list[tuple[str, Callable[[], Any]]] = [
            ("gunicorn answers /healthz with 200", lambda: self._healthy(web, self.port)),
            ("celery worker ready", lambda: "ready." in self._require_alive(worker).output()),
            ("celery beat started", lambda: "beat: Starting" in self._require_alive(beat).output()),
        ]
        for what, ready in waits:
            wait_until(ready, timeout=60, what=what)
            self.say(f"  ok  {what} ({time.perf_counter() - started:.1f}s after start)")

    def start_public_web(self, *, workers: int, nice: int) -> int:
        """A second gunicorn, on a port of its own, for the public site's traffic (readers'
        questions, fact-check pages): the proxy would route `/ask/` and the public pages to it.
        At `nice` > 0 it yields the CPU to the desk's own web processes on a shared machine, as
        the worker can. Returns its port once it answers /healthz."""
        port = free_port()
        niced = ["nice", "-n", str(nice)] if nice else []
        proc = self._spawn("public-web", [*niced, *self.web_command(port=port, workers=workers)])
        wait_until(lambda: self._healthy(proc, port), timeout=60, what="the public site's gunicorn")
        self.say(f"  ok  public site's gunicorn: {workers} workers at nice {nice}, port {port}")
        return port

    def web_command(self, *, port: int = 0, workers: int = 0) -> list[str]:
        bind = f"127.0.0.1:{port or self.port}"
        args = [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", bind]
        workers = workers or self.web_workers
        args += ["--workers", str(workers), "--timeout", "30", "--graceful-timeout", "10"]
        if self.web_threads > 1:
            args += ["--worker-class", "gthread", "--threads", str(self.web_threads)]
        # Only the proxy on this machine may say the request came over HTTPS.
        args += ["--forwarded-allow-ips", "127.0.0.1"]
        if self.access_log:
            args += ["--access-logfile", "-"]
        return args

    def worker_command(self) -> list[str]:
        celery = [PYTHON, "-m", "celery", "-A", "config"]
        concurrency = ["--concurrency", str(self.worker_concurrency)]
        niced = ["nice", "-n", str(self.worker_nice)] if self.worker_nice else []
        return [
            *niced,
            *celery,
            "worker",
            "--loglevel",
            "INFO",
            *concurrency,
            "-n",
            f"{self.name}@%h",
        ]

    def beat_command(self) -> list[str]:
        schedule = str(self.run_dir / "beat-schedule")
        celery = [PYTHON, "-m", "celery", "-A", "config"]
        return [*celery, "beat", "--loglevel", "INFO", "--schedule", schedule]

    def client(self) -> DeskClient:
        return DeskClient(self.port)

    def proc(self, name: str) -> Proc:
        return next(p for p in self.procs if p.name == name)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            code = proc.stop()
            self.say(f"  stopped {proc.name} (pid {proc.pid}, exit {code})")
        self.procs.clear()

    def logs(self, lines: int = 30) -> str:
        parts = []
        for proc in self.procs:
            parts.append(f"--- {proc.name} ({proc.log_path}) ---\n{tail(proc.output(), lines)}")
        return "\n".join(parts)

    def __enter__(self) -> ProdStack:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        self.run_dir.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers

    def _spawn(self, name: str, args: list[str]) -> Proc:
        proc = Proc(name, args, self.env(), self.run_dir / f"{name}.log")
        self.procs.append(proc)
        return proc

    def _healthy(self, proc: Proc, port: int) -> bool:
        """The gunicorn `proc` on `port` answers /healthz with 200 (a StackError if it died)."""
        self._require_alive(proc)
        try:
            return DeskClient(port).get("/healthz").status == 200
        except OSError:
            return False

    def _require_alive(self, proc: Proc) -> Proc:
        if not proc.alive():
            raise StackError(
                f"{proc.name} exited with {proc.popen.returncode}:\n{tail(proc.output())}"
            )
        return proc

    def _step(self, what: str, run: Callable[[], Any]) -> None:
        started = time.perf_counter()
        run()
        self.say(f"  ok  {what} ({time.perf_counter() - started:.1f}s)")


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so that `with ProdStack(...)` stops its processes when the
    run itself is stopped (make interrupted, CI timing out), as it does on Ctrl-C."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
