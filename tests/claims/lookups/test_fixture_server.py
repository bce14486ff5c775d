"""The fixture server itself: matching rules, loud failures, and use from other processes."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.fixture_server import FIXTURES, UNMATCHED_STATUS, FixtureServer, load_case

ROOT = Path(__file__).resolve().parents[3]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_every_recorded_case_loads() -> None:
    cases = [path for path in FIXTURES.glob("*/*") if path.is_dir()]
    assert len(cases) >= 50
    for case in cases:
        for exchange in load_case(case.parent.name, case.name):
            assert exchange.status >= 200
            assert (
                exchange.body or exchange.generate or exchange.status in (301, 302, 303, 304, 307)
            )


def test_query_values_match_exactly_by_wildcard_or_by_absence() -> None:
    with FixtureServer() as server:
        server.use("factcheck", "pagination")
        base = f"{server.url}/v1alpha1/claims:search?query=x&key=test-factcheck-key"
        assert "Factcheck.kg" in _get(base)[1]
        assert "AFP Fact Check" in _get(f"{base}&pageToken=CAo")[1]
        status, body = _get(f"{base}&pageToken=CAo")  # repeat: 1, so used up
        assert status == UNMATCHED_STATUS
        assert "pageToken=CAo" in body and "factcheck/pagination" in body
        assert len(server.take_unmatched()) == 1


def test_an_unmatched_request_fails_the_test_at_teardown() -> None:
    with FixtureServer() as server:
        _get(f"{server.url}/not/recorded")
        with pytest.raises(pytest.fail.Exception, match="GET /not/recorded"):
            server.check()


def test_other_processes_reach_the_server_while_the_test_waits() -> None:
    # A Celery worker in a later test is such a process: the server must keep answering from
    # its threads while this one blocks on the child.
    with FixtureServer() as server:
        server.use("wayback", "results")
        script = (
            "import urllib.request, sys\n"
            "with urllib.request.urlopen(sys.argv[1], timeout=5) as r:\n"
            "    print(r.status, r.read().decode()[:40])\n"
        )
        url = (
            f"{server.url}/cdx/search/cdx?url=https://www.asiaplustj.info/en/news/tajikistan/"
            "economic/20250512/dushanbe-to-launch-20-smart-city-projects&output=json&limit=-1"
            "&fl=timestamp,original,statuscode&filter=statuscode:200"
        )
        child = subprocess.run(
            [sys.executable, "-c", script, url], capture_output=True, text=True, timeout=30
        )
        assert child.stdout.startswith('200 [["timestamp","original","statuscode"]'), child.stderr
        assert server.requests[0].matched == "wayback/results/01-cdx.json"


def test_env_mirrors_settings_for_worker_processes() -> None:
    server = FixtureServer()
    try:
        env = server.env(allow_private=False)
        assert env["LOOKUPS_ALLOW_PRIVATE_ADDRESSES"] == "false"
        assert env["LOOKUPS_ALLOWED_TEST_HOSTS"] == server.host_port
        assert env["WIKIPEDIA_API_URL"] == f"{server.url}/wikipedia/{{lang}}"
        assert set(env) == set(server.settings())
    finally:
        server.stop()


def test_runs_as_a_separate_process() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fixture_server", "--port", "0", "--case", "wikidata/empty"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("FIXTURE_SERVER_URL=http://127.0.0.1:")
        url = first.split("=", 1)[1]
        status, body = _get(
            f"{url}/wikidata/w/api.php?action=wbsearchentities&search=Deputy+Mayor+Nobody"
            "&language=en&type=item&format=json&limit=5"
        )
        assert (status, '"search":[]' in body) == (200, True)
        assert _get(f"{url}/elsewhere")[0] == UNMATCHED_STATUS
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 1  # an unmatched request makes the run fail
    assert "UNMATCHED GET /elsewhere" in stderr
