"""The API against its own OpenAPI document, with schemathesis.

Requests generated from the document go through the whole Django stack in process (WSGI):
- every valid request (examples, boundary values, then random ones) must get no server error,
  a status code the document lists, the JSON content type it declares, headers and a body its
  schemas accept;
- every request that breaks the document (wrong types, too long, out of range) must be refused
  with a 4xx, never a server error and never accepted.

The write operations (a claim, evidence on a claim, a reader's question) are generated a second
time with a valid token of both write scopes, so that their bodies, not only the bearer check,
are fuzzed: valid bodies must be answered as documented (201, or the documented 400/404/409),
broken ones refused with a 4xx and nothing kept that the document does not describe.

The document is loaded from the app itself (the URL named public:openapi), and a handful of
published fact-checks are in the database: a corrected one rated without a number, one without
a claimant, in three languages, embedded for matching with the real model. Runs on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from claims.matching import services as matching
from reviews import services
from tests.factories import ClaimantFactory, ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROBUSTNESS = [not_a_server_error, negative_data_rejection]
# Per operation and mode; with the explicit cases both modes take a few seconds in all.
EXAMPLES = hypothesis_settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    # The fact-checks are made once per operation and only read by every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Writes create rows (and run the matcher on each claim): fewer examples, still every mode.
WRITE_EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _in_process(settings: Any) -> Iterator[None]:
    # Generated requests come by the hundred.
    settings.API_RATE_LIMIT = settings.API_TOKEN_RATE_LIMIT = 1_000_000
    settings.READERS_RATE_PER_ADDRESS = settings.READERS_RATE_GLOBAL = 1_000_000
    cache.clear()
    # A WSGI request closes a database connection that is not in autocommit mode when it
    # starts and ends; in process that is the test's own connection, inside the test's
    # transaction. Django's test client holds these signals back the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def fact_checks(reviewer: Any, reviewer2: Any, editor: Any) -> list[Any]:
    published = [
        wf.published(
            reviewer,
            editor,
            text="Tajikistan runs more than 20 smart-city projects.",
            claimant=ClaimantFactory(
                name="Farrukh Saidov", same_as="https://www.wikidata.org/wiki/Q1"
            ),
            appeared_url="https://news.example.org/summit",
            appeared_on=date(2025, 5, 14),
        ),
        wf.published(
            reviewer,
            editor,
            text="Гидроэлектростанции дают более 90 процентов электроэнергии Таджикистана.",
            language="ru",
            claimant=None,
        ),
        wf.published(reviewer, editor, text="深圳已经建成了全国数量最多的充电站。", language="zh"),
    ]
    # A correction rated without a number; the first version stays readable.
    claim = published[0].claim
    draft = services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    draft = wf.draft(
        claim,
        reviewer2,
        rating=wf.rating("Misleading"),
        summary="Tajikistan runs 12 smart-city projects, not 20",
        correction_note="The register was updated in October.",
    )
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor, verdict_id=draft.pk, expected_version=draft.version)
    # Embedded, so that the matches are answered with real results, and one open claim that
    # the public never sees.
    open_claim = ClaimFactory(text="Tajikistan runs more than 20 smart-city projects today.")
    matching.claims_embed(claim_ids=[*(v.claim_id for v in published), open_claim.pk])
    return published


def load(mode: str) -> Any:
    """The document as the app serves it. Loaded when the module is collected (pytest-django
    has set Django up by then, and serving the document needs no database): the lazy loader,
    schemathesis.pytest.from_fixture, does not work with pytest 9 (it sets Function._nodeid,
    which pytest 9 no longer has)."""
    config = SchemathesisConfig.from_dict({"generation": {"mode": mode}})
    return schemathesis.openapi.from_wsgi(reverse("public:openapi"), WSGIHandler(), config=config)


valid = load("positive")
invalid = load("negative")
writes = valid.include(method="POST")
broken_writes = invalid.include(method="POST")


@pytest.fixture
def write_token(reviewer: Any) -> dict[str, str]:
    _, secret = tokens.token_create(
        actor=reviewer, name="fuzz", scopes=["claims:write", "evidence:write"]
    )
    return {"Authorization": f"Bearer {secret}"}


@valid.parametrize()
@EXAMPLES
def test_valid_requests_are_answered_as_the_document_says(case: Any, fact_checks: Any) -> None:
    case.call_and_validate(checks=CONFORMANCE)


@invalid.parametrize()
@EXAMPLES
def test_requests_that_break_the_document_are_refused(case: Any, fact_checks: Any) -> None:
    case.call_and_validate(checks=ROBUSTNESS)


@pytest.fixture
def in_review(reviewer: Any) -> Any:
    """A claim the token's owner reviews: evidence bodies are fuzzed against it, not only
    refused for an unknown id."""
    return wf.in_review(reviewer, text="Dushanbe's new tram line carries 30,000 people a day.")


@writes.parametrize()
@WRITE_EXAMPLES
def test_writes_with_a_token_are_answered_as_the_document_says(
    case: Any, fact_checks: Any, write_token: dict[str, str], in_review: Any
) -> None:
    if case.path_parameters and "id" in case.path_parameters:
        case.path_parameters["id"] = in_review.pk
    case.call_and_validate(headers=write_token, checks=CONFORMANCE)


@broken_writes.parametrize()
@WRITE_EXAMPLES
def test_broken_writes_with_a_token_are_refused(
    case: Any, fact_checks: Any, write_token: dict[str, str]
) -> None:
    case.call_and_validate(headers=write_token, checks=ROBUSTNESS)


def test_an_over_long_filter_is_refused_not_cut_short(client: Any) -> None:
    """Regression, found by schemathesis: ?q=, ?language= and ?rating= longer than the document
    allows were cut short and answered 200, a different search than the one asked for."""
    for name, limit in [("q", 200), ("language", 12), ("rating", 60)]:
        assert client.get(reverse("public:api-list"), {name: "a" * limit}).status_code == 200
        response = client.get(reverse("public:api-list"), {name: "a" * (limit + 1)})
        assert response.status_code == 400
        assert response.json() == {"detail": f"{name} is at most {limit} characters."}


def test_the_document_bounds_the_id_as_the_url_does(client: Any) -> None:
    """Regression, found by schemathesis: the document allowed any integer id, but an id of
    more than 18 digits is no address of the API (the URL converter refuses it): it got the
    HTML 404 page, not the JSON error the document promises."""
    document = client.get(reverse("public:openapi")).json()
    (parameter,) = document["paths"]["/api/v1/fact-checks/{id}/"]["get"]["parameters"]
    highest = parameter["schema"]["maximum"]
    response = client.get(reverse("public:api-detail", args=[highest]))
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert client.get(f"/api/v1/fact-checks/{highest + 1}/").status_code == 404
