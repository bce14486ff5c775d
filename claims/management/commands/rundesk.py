"""Run the desk on one machine: the web server, a Celery worker and Celery beat, side by side.

A worker or beat that dies is started again, after a pause that doubles with each death in the
same minute (1, 2, 4, 8, 16 s); the web server keeps serving meanwhile, and the work the dead
process held is re-sent by beat's sweeper. A sixth death within a minute is a crash loop that
restarting does not mend: the desk then stops, as it does when the web server exits.

Ctrl-C (or SIGTERM) stops all three: each gets SIGTERM, a few seconds to finish, then SIGKILL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_SECONDS = 10
RESTARTED = ("worker", "beat")
DEATHS_ALLOWED_A_MINUTE = 5


class RestartBudget:
    """How long to wait before starting a dead process again, or None to give up."""

    def __init__(
        self,
        *,
        limit: int = DEATHS_ALLOWED_A_MINUTE,
        window: float = 60.0,
        first_delay: float = 1.0,
    ) -> None:
        self.limit = limit
        self.window = window
        self.first_delay = first_delay
        self.deaths: deque[float] = deque()

    def delay_after_death(self, now: float) -> float | None:
        while self.deaths and now - self.deaths[0] >= self.window:
            self.deaths.popleft()
        self.deaths.append(now)
        if len(self.deaths) > self.limit:
            return None
        return float(self.first_delay * 2 ** (len(self.deaths) - 1))


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


class Command(BaseCommand):
    help = "Serve the desk with a real Celery worker and beat process (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-beat", action="store_true", help="Do not start Celery beat.")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        celery = [python, "-m", "celery", "-A", "config"]
        commands = {
            "web": [python, manage, "runserver", f"{options['host']}:{options['port']}"],
            "worker": [
                *celery,
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(settings.CELERY_WORKER_CONCURRENCY),
            ],
        }
        if not options["no_beat"]:
            commands["beat"] = [
                *celery,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ]
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        procs = {name: self._start(name, command) for name, command in commands.items()}
        for name, proc in procs.items():
            self.stdout.write(f"started {name} (pid {proc.pid})")
        self.stdout.write(
            self.style.SUCCESS(
                f"The desk is at http://{options['host']}:{options['port']}/ "
                "(Ctrl-C stops everything)"
            )
        )
        budgets = {name: RestartBudget() for name in RESTARTED}
        restart_at: dict[str, float] = {}
        exit_code = 0
        while not stopping:
            now = time.monotonic()
            for name, proc in procs.items():
                if name in restart_at or proc.poll() is None:
                    continue
                how = describe_exit(proc.returncode)
                if name not in budgets:
                    self.stderr.write(f"{name} {how}; stopping the desk.")
                    stopping, exit_code = True, 1
                    break
                delay = budgets[name].delay_after_death(now)
                if delay is None:
                    self.stderr.write(
                        f"{name} {how}, {len(budgets[name].deaths)} times within a minute now: "
                        "starting it again would not help (its output above says why), so the "
                        "desk stops."
                    )
                    stopping, exit_code = True, 1
                    break
                self._kill_leftovers(proc)
                self.stderr.write(
                    f"{name} {how}; starting it again in {delay:g} s. The web server keeps "
                    "serving, and the sweeper re-sends the work it held."
                )
                restart_at[name] = now + delay
            for name, due in list(restart_at.items()):
                if not stopping and now >= due:
                    del restart_at[name]
                    procs[name] = self._start(name, commands[name])
                    self.stdout.write(f"started {name} again (pid {procs[name].pid})")
            time.sleep(0.5)
        self._stop_all(procs)
        sys.exit(exit_code)

    def _start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        # Children get their own process group so a terminal's Ctrl-C reaches only us; we then
        # stop them in order and wait for them.
        return subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)

    def _kill_leftovers(self, proc: subprocess.Popen[bytes]) -> None:
        # A worker killed outright leaves its pool processes behind, in its process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    def _stop_all(self, procs: dict[str, subprocess.Popen[bytes]]) -> None:
        for name, proc in procs.items():
            if proc.poll() is None:
                # Celery's main process stops its own pool (a warm shutdown); the dev server's
                # autoreloader runs the server in a child, so it gets its whole group.
                if name == "web":
                    os.killpg(proc.pid, signal.SIGTERM)
                else:
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for name, proc in procs.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            self.stdout.write(f"stopped {name}")
