"""Run the desk on one machine: the web server, a Celery worker and Celery beat, side by side.

Ctrl-C (or SIGTERM) stops all three: each gets SIGTERM, a few seconds to finish, then SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_SECONDS = 10


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
        procs: dict[str, subprocess.Popen[bytes]] = {}
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # Children get their own process group so a terminal's Ctrl-C reaches only us; we then
        # stop them in order and wait for them.
        for name, command in commands.items():
            procs[name] = subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)
            self.stdout.write(f"started {name} (pid {procs[name].pid})")
        self.stdout.write(
            self.style.SUCCESS(
                f"The desk is at http://{options['host']}:{options['port']}/ "
                "(Ctrl-C stops everything)"
            )
        )
        exit_code = 0
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    self.stderr.write(f"{name} exited with status {proc.returncode}; stopping.")
                    stopping, exit_code = True, 1
                    break
            time.sleep(0.5)
        self._stop_all(procs)
        sys.exit(exit_code)

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
