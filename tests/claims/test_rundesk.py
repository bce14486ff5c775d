"""`make run` in miniature: migrate, seed, then the web server, a real worker and beat on the
embedded defaults (SQLite and the filesystem broker) in a fresh folder; Ctrl-C stops them all
and a second start keeps the data."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests import processes

# It always runs on the embedded defaults, whatever database the suite uses: the PostgreSQL pass
# leaves it out (`-m "not embedded"` in the Makefile).
pytestmark = pytest.mark.embedded

ENV_DROPPED = {"DATABASE_URL", "CELERY_BROKER_URL", "BROKER_DIR"}


@pytest.fixture
def desk_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env.update(VAR_DIR=str(tmp_path), DEMO_PASSWORD="demo-pass-for-tests", PYTHONUNBUFFERED="1")
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=processes.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )


def count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def start(env, port):
    proc = processes.Proc(
        [sys.executable, "manage.py", "rundesk", "--port", str(port)], env, "rundesk"
    )
    processes.wait_until(
        lambda: not proc.alive() or processes.status_of(f"http://127.0.0.1:{port}/healthz") == 200,
        timeout=60,
        interval=0.5,
        what="desk up",
    )
    assert proc.alive(), proc.output()
    return proc


def stop_with_ctrl_c(proc):
    pids = [int(p) for p in re.findall(r"started \w+ \(pid (\d+)\)", proc.output())]
    assert len(pids) == 3
    os.kill(proc.pid, signal.SIGINT)
    assert proc.popen.wait(timeout=30) == 0, proc.output()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    proc.stop()


def test_run_serves_with_a_real_worker_stops_cleanly_and_keeps_data(desk_env, tmp_path):
    manage(desk_env, "migrate", "--noinput")
    seeded = manage(desk_env, "seed_demo")
    assert "Demo desk created" in seeded.stdout
    db = tmp_path / "desk.sqlite3"
    claims = count(db, "select count(*) from claims_claim")
    assert claims >= 12

    port = processes.free_port()
    proc = start(desk_env, port)
    processes.wait_until(
        lambda: count(db, "select count(*) from claims_claim where analysed_at is null") == 0,
        timeout=60,
        what="the worker analysing the demo claims",
    )
    stop_with_ctrl_c(proc)

    again = manage(desk_env, "seed_demo")
    assert "already has claims" in again.stdout
    proc = start(desk_env, port)
    assert count(db, "select count(*) from claims_claim") == claims
    stop_with_ctrl_c(proc)
