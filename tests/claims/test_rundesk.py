"""`make run` in miniature: migrate, seed, then the web server, a real worker and beat on the
embedded defaults (SQLite and the filesystem broker) in a fresh folder; Ctrl-C stops them all
and a second start keeps the data. A worker that dies is started again while the web server
keeps serving."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from claims.management.commands.rundesk import RestartBudget, describe_exit
from tests import desk, processes

# It always runs on the embedded defaults, whatever database the suite uses: the PostgreSQL pass
# leaves it out (`-m "not embedded"` in the Makefile). The tests share one xdist process (the
# Makefile's `--dist loadgroup`), so `migrate` and `seed_demo` run once for both.
pytestmark = [pytest.mark.embedded, pytest.mark.xdist_group("rundesk")]


@pytest.fixture(scope="session")
def seeded_desk(tmp_path_factory):
    """`make run`'s first two steps, once: `migrate` and `seed_demo` in a fresh folder (once a
    session, not a module: pytest-randomly may run other tests between these two). Each test
    runs the desk on its own copy of the database the seeding left (nothing else is in the
    folder yet: rundesk makes its broker folder and beat's schedule itself)."""
    folder = tmp_path_factory.mktemp("seeded-desk")
    env = desk.desk_env(folder)
    desk.manage(env, "migrate", "--noinput")
    seeded = desk.manage(env, "seed_demo")
    assert not list(folder.glob("desk.sqlite3-*")), "the seeding left a WAL behind"
    return folder / "desk.sqlite3", seeded.stdout


@pytest.fixture
def desk_env(tmp_path, seeded_desk):
    shutil.copyfile(seeded_desk[0], tmp_path / "desk.sqlite3")
    # The seeding's messages stayed in its own folder: the sweeper sends the demo claims'
    # analyses again, every 2 s here rather than the default 30 s.
    return desk.desk_env(tmp_path, SWEEP_INTERVAL_SECONDS="2")


def test_run_serves_with_a_real_worker_stops_cleanly_and_keeps_data(
    desk_env, tmp_path, seeded_desk
):
    assert "Demo desk created" in seeded_desk[1]
    db = tmp_path / "desk.sqlite3"
    claims = desk.count(db, "select count(*) from claims_claim")
    assert claims >= 12

    port = processes.free_port()
    proc = desk.start(desk_env, port)
    processes.wait_until(
        lambda: desk.count(db, "select count(*) from claims_claim where analysed_at is null") == 0,
        timeout=60,
        what="the worker analysing the demo claims",
    )
    desk.stop_with_ctrl_c(proc)

    again = desk.manage(desk_env, "seed_demo")
    assert "already has claims" in again.stdout
    proc = desk.start(desk_env, port)
    assert desk.count(db, "select count(*) from claims_claim") == claims
    desk.stop_with_ctrl_c(proc)


def test_a_killed_worker_is_started_again_and_the_desk_keeps_serving(desk_env, tmp_path):
    db = tmp_path / "desk.sqlite3"
    port = processes.free_port()
    base = f"http://127.0.0.1:{port}"
    proc = desk.start(desk_env, port)
    try:
        first = desk.started_pids(proc)
        os.kill(first["worker"], signal.SIGKILL)
        restarted = processes.wait_until(
            lambda: desk.started_pids_again(proc).get("worker"),
            timeout=30,
            what="the worker started again",
        )
        output = proc.output()
        assert (
            "worker was killed by SIGKILL; starting it again in 1 s. The web server keeps "
            "serving, and the sweeper re-sends the work it held." in output
        )
        assert restarted != first["worker"]
        assert proc.alive()
        assert desk.is_running(first["web"]) and desk.is_running(first["beat"])
        assert processes.status_of(base + "/healthz") == 200

        # The new worker does the background work of a claim saved after the restart.
        client = processes.WebClient(base)
        client.login("reviewer", desk.DEMO_PASSWORD)
        status, _headers, _body = client.post(
            "/claims/new/",
            {
                "text": "The port handles 40 ships a day.",
                "language": "en",
                "claim_type": "quantity",
            },
        )
        assert status == 302
        processes.wait_until(
            lambda: (
                desk.count(db, "select count(*) from claims_claim where analysed_at is null") == 0
            ),
            timeout=60,
            what="the restarted worker analysing the new claim",
        )
    except BaseException:
        print(proc.output())
        raise
    desk.stop_with_ctrl_c(proc, also=(restarted,))


def test_a_dead_process_waits_longer_each_time_and_a_crash_loop_gives_up():
    budget = RestartBudget(limit=5, window=60.0, first_delay=1.0)
    delays = [budget.delay_after_death(now) for now in (0.0, 2.0, 5.0, 10.0, 19.0)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert budget.delay_after_death(36.0) is None  # a sixth death within the minute

    steady = RestartBudget(limit=5, window=60.0, first_delay=1.0)
    assert steady.delay_after_death(0.0) == 1.0
    assert steady.delay_after_death(30.0) == 2.0
    # Deaths more than a minute apart start from the shortest pause again, and never give up.
    assert [steady.delay_after_death(t) for t in (100.0, 200.0, 300.0, 400.0, 500.0)] == [1.0] * 5


def test_how_a_process_ended_is_said_in_words():
    assert describe_exit(-signal.SIGKILL) == "was killed by SIGKILL"
    assert describe_exit(1) == "exited with status 1"
