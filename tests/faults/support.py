"""Shared by the fault tests: the outside world's answer, and claims saved over HTTP."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from claims.models import Claim, LookupJob
from tests import processes
from tests.fixture_server import Exchange, FixtureServer

# Each lookup job is taken over by the sweeper 11 s after a worker dies holding it.
SHORT_LEASE = {"CELERY_TASK_TIME_LIMIT": "6"}
QUICK_SWEEPS = {"SWEEP_INTERVAL_SECONDS": "1", "SWEEP_GRACE_SECONDS": "2"}


def factcheck_only(fixture_http: FixtureServer) -> dict[str, str]:
    """Child-process settings: only the Fact Check lookup is planned, against the fixture
    server, without its rate limit (one lookup per 6 s per worker would make recovery slow)."""
    return {
        **fixture_http.env(),
        "LOOKUPS_PROVIDERS": "factcheck",
        "LOOKUPS_RATE_LIMITS": "factcheck=",
    }


def factcheck_answer(
    fixture_http: FixtureServer, *, delay: float = 0.0, repeat: int | None = None
) -> Exchange:
    """One fact-check hit for any claim; returns the exchange, whose `served` counts answers."""
    spec: dict[str, Any] = {
        "request": {"method": "GET", "path": "/v1alpha1/claims:search"},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json; charset=UTF-8"},
            "json": {
                "claims": [
                    {
                        "text": "Cities emit 70 percent of CO2.",
                        "claimReview": [
                            {
                                "publisher": {"name": "Fact desk", "site": "factdesk.example"},
                                "url": "https://factdesk.example/cities-co2",
                                "title": "Cities and CO2: the 70 percent figure",
                                "textualRating": "Mostly true",
                            }
                        ],
                    }
                ]
            },
        },
        "delay": delay,
    }
    if repeat is not None:
        spec["repeat"] = repeat
    fixture_http.add(spec)
    return fixture_http.exchanges[-1]


def claim_text(n: int) -> str:
    return f"Cities emit 70 percent of CO2 (claim {n})."


def post_claim(client: processes.WebClient, n: int) -> tuple[int, float, str]:
    """Save claim number n through the form: (status, seconds taken, body)."""
    started = time.monotonic()
    status, _headers, body = client.post(
        "/claims/new/", {"text": claim_text(n), "language": "en", "claim_type": "quantity"}
    )
    return status, time.monotonic() - started, body


def lookups_asked_for(fixture_http: FixtureServer, text: str) -> list[Any]:
    """The requests that reached the outside world for this claim's text."""
    return [r for r in fixture_http.requests if r.param("query") == text]


def all_settled(jobs: list[LookupJob]) -> bool:
    """Every one of these lookups done, and no claim still owed its analysis."""
    done = LookupJob.objects.filter(pk__in=[j.pk for j in jobs], status=LookupJob.Status.DONE)
    return done.count() == len(jobs) and not Claim.objects.analysis_owed().exists()


def wait_for_recovery(
    done: Callable[[], bool], *, timeout: float, what: str, procs: Iterable[processes.Proc | None]
) -> None:
    """Wait for the desk to catch up; if it never does, fail with what is still owed and what
    the background processes last said."""
    try:
        processes.wait_until(done, timeout=timeout, interval=0.5, what=what)
    except TimeoutError as error:
        states = Counter(LookupJob.objects.values_list("provider", "status"))
        owed = Claim.objects.analysis_owed().count()
        logs = "\n".join(
            f"--- {proc.name} (last lines)\n" + "\n".join(proc.output().splitlines()[-40:])
            for proc in procs
            if proc is not None
        )
        pytest.fail(f"{error}\nlookup jobs: {dict(states)}; analyses owed: {owed}\n{logs}")
