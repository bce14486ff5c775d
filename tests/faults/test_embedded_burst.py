"""A burst of saves on the desk as `make run` starts it (SQLite, the filesystem broker, the dev
server, one worker, beat). Eight reviewers save 500 claims over HTTP, each as fast as the server
answers; every save is accepted, the desk stays up with its first worker (which used to die, now
and then, taking a message file the web process had not finished writing), and every analysis
and lookup the saves planned runs, without the sweeper's help.

The crash needs the worker waiting for work at the moment a writer is held up, which a burst
makes likely only now and then (tests/faults/test_filesystem_broker.py provokes it every time);
this test is the whole desk's word that a burst leaves it up and owing nothing."""

from __future__ import annotations

import threading
import time

import pytest

from tests import desk, processes
from tests.faults import support

pytestmark = [pytest.mark.serial, pytest.mark.embedded, pytest.mark.worker]

SAVES = 500
THREADS = 8


def save_claims(base: str, numbers: range, answers: list[tuple[int, str]]) -> None:
    client = processes.WebClient(base)
    client.login("reviewer", desk.DEMO_PASSWORD)
    for n in numbers:
        try:
            status, _elapsed, body = support.post_claim(client, n)
        except OSError as error:  # no HTTP answer at all: as bad as a 500
            status, body = 0, repr(error)
        answers.append((status, body[:500]))


def test_500_saves_from_8_threads_keep_the_desk_up_and_every_job_runs(tmp_path, fixture_http):
    support.factcheck_answer(fixture_http)
    # The sweeper's own defaults (a re-send after 60 s): everything must arrive by message.
    env = desk.desk_env(tmp_path, **support.factcheck_only(fixture_http))
    for name in ("SWEEP_INTERVAL_SECONDS", "SWEEP_GRACE_SECONDS"):
        env.pop(name, None)
    desk.manage(env, "migrate", "--noinput")
    desk.manage(env, "seed_demo")
    db = tmp_path / "desk.sqlite3"
    port = processes.free_port()
    base = f"http://127.0.0.1:{port}"
    proc = desk.start(env, port)
    try:
        first = desk.started_pids(proc)
        answers: list[tuple[int, str]] = []
        started = time.monotonic()
        threads = [
            threading.Thread(target=save_claims, args=(base, range(k, SAVES, THREADS), answers))
            for k in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        saved_in = time.monotonic() - started
        assert [status for status, _body in answers] == [302] * SAVES, [
            body for status, body in answers if status != 302
        ][:1]

        def settled() -> bool:
            owed = desk.count(db, "select count(*) from claims_claim where analysed_at is null")
            open_jobs = desk.count(
                db, "select count(*) from claims_lookupjob where status != 'done'"
            )
            return owed == 0 and open_jobs == 0

        processes.wait_until(
            lambda: settled() or not desk.is_running(first["worker"]),
            timeout=300,
            interval=1,
            what="every analysis and lookup done",
        )
        finished_in = time.monotonic() - started
        output = proc.output()
        assert desk.is_running(first["worker"]), output[-5000:]
        assert "starting it again" not in output
        assert "damaged broker message" not in output
        assert settled()
        assert processes.status_of(base + "/healthz") == 200
        claims = desk.count(db, "select count(*) from claims_claim where text like 'Cities emit%'")
        assert claims == SAVES
        assert desk.count(db, "select count(*) from claims_lookupjob") >= SAVES
    except BaseException:
        print(proc.output()[-20000:])
        raise
    desk.stop_with_ctrl_c(proc)
    print(
        f"\n{SAVES} saves from {THREADS} threads in {saved_in:.1f} s; every analysis and lookup "
        f"done {finished_in:.1f} s after the first save"
    )
