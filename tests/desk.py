"""The desk as `make run` starts it, for tests: a fresh folder on the embedded defaults (SQLite
and the filesystem broker), `migrate`, `seed_demo`, then `manage.py rundesk` with its web
server, worker and beat."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import processes

ENV_DROPPED = {"DATABASE_URL", "CELERY_BROKER_URL", "BROKER_DIR"}
DEMO_PASSWORD = "demo-pass-for-tests"


def desk_env(folder: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env.update(VAR_DIR=str(folder), DEMO_PASSWORD=DEMO_PASSWORD, PYTHONUNBUFFERED="1")
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=processes.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )


def count(db: Path, sql: str, *params: Any) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def start(env: dict[str, str], port: int) -> processes.Proc:
    proc = processes.Proc(
        [sys.executable, "manage.py", "rundesk", "--port", str(port)], env, "rundesk"
    )
    processes.wait_until(
        lambda: not proc.alive() or processes.status_of(f"http://127.0.0.1:{port}/healthz") == 200,
        timeout=60,
        what="desk up",
    )
    assert proc.alive(), proc.output()
    return proc


def started_pids(proc: processes.Proc) -> dict[str, int]:
    """The processes rundesk started first, by name."""
    return {
        name: int(pid) for name, pid in re.findall(r"started (\w+) \(pid (\d+)\)", proc.output())
    }


def started_pids_again(proc: processes.Proc) -> dict[str, int]:
    """The processes rundesk started again after they died, by name (the latest of each)."""
    return {
        name: int(pid)
        for name, pid in re.findall(r"started (\w+) again \(pid (\d+)\)", proc.output())
    }


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_with_ctrl_c(proc: processes.Proc, *, also: tuple[int, ...] = ()) -> None:
    """Ctrl-C stops rundesk (exit status 0) and every process it started (and `also`)."""
    pids = started_pids(proc)
    assert len(pids) == 3
    os.kill(proc.pid, signal.SIGINT)
    assert proc.popen.wait(timeout=30) == 0, proc.output()
    for pid in (*pids.values(), *also):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    proc.stop()
