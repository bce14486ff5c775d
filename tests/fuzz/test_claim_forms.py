"""Anything typed into the claim form and the claims list's filters: never a server error, and a
rejected form writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from claims import languages
from claims.models import QUEUES, AuditEvent, Claim, Claimant, Tag
from claims.pagination import SORTS
from tests.fuzz.helpers import (
    NESTED_CURSOR,
    attempt,
    cursor_in_use,
    cursor_is_valid,
    holds_nul,
    make_cursor,
)
from tests.fuzz.strategies import (
    EXTREME_MOMENTS,
    FUZZ,
    any_text,
    cursor_like,
    form,
    maybe,
    odd_date,
    odd_number,
)
from tests.security.desk import Desk

pytestmark = pytest.mark.django_db

CLAIM_TEXT = "The city planted 5,000 trees last year."


def claim_form(claimant_pk: int | None = None, version: int | None = None) -> Any:
    return form(
        {
            "text": maybe(CLAIM_TEXT, any_text),
            "language": maybe(st.sampled_from(["", *sorted(languages.LANGUAGES)]), any_text),
            "claim_type": maybe(st.sampled_from(Claim.Type.values), any_text),
            "claimant": maybe(str(claimant_pk or ""), odd_number),
            "new_claimant_name": any_text,
            "new_claimant_kind": maybe(st.sampled_from(Claimant.Kind.values), any_text),
            "new_claimant_description": any_text,
            "new_claimant_same_as": maybe("https://en.wikipedia.org/wiki/X", any_text),
            "appeared_url": maybe("https://example.org/a", any_text),
            "appeared_outlet": any_text,
            "appeared_on": odd_date,
            "tags": maybe("climate, net zero", any_text),
            "version": maybe(str(version or ""), odd_number),
        }
    )


def _counts() -> tuple[int, ...]:
    return (
        Claim.objects.count(),
        Claimant.objects.count(),
        Tag.objects.count(),
        AuditEvent.objects.count(),
    )


@FUZZ
@given(data=claim_form())
@example(data={"text": CLAIM_TEXT, "claim_type": "other", "tags": ",".join("t" * 51 for _ in "ab")})
@example(data={"text": CLAIM_TEXT, "claim_type": "other", "appeared_on": "0001-01-01"})
@example(data={"text": "\x00" * 10, "claim_type": "other"})
def test_claim_create(data: dict[str, Any], reviewer_client: Client, desk: Desk) -> None:
    tried = attempt(reviewer_client, "post", reverse("claims:create"), data, snapshot=_counts)
    if tried.status == 302:
        assert tried.after[0] == tried.before[0] + 1
    else:
        assert tried.status == 200
        assert tried.unchanged


@FUZZ
@given(data=st.data())
def test_claim_edit(data: Any, reviewer_client: Client, desk: Desk) -> None:
    claim = desk.working
    values = data.draw(claim_form(claim.claimant_id, claim.version))

    def snapshot() -> Any:
        fresh = Claim.objects.get(pk=claim.pk)
        tags = sorted(fresh.tags.values_list("name", flat=True))
        return fresh.version, fresh.text, fresh.appeared_outlet, fresh.claimant_id, tags, _counts()

    url = reverse("claims:edit", args=[claim.pk])
    tried = attempt(reviewer_client, "post", url, values, snapshot=snapshot)
    if tried.status == 302:
        assert tried.after[0] in {tried.before[0], tried.before[0] + 1}
    else:
        assert tried.status in {200, 409}
        assert tried.unchanged


filters = form(
    {
        "queue": maybe(st.sampled_from(list(QUEUES)), any_text),
        "q": any_text,
        "status": maybe(st.sampled_from(Claim.Status.values), any_text),
        "language": maybe(st.sampled_from(sorted(languages.LANGUAGES)), any_text),
        "claimant": odd_number,
        "said_by": any_text,
        "tag": any_text,
        "assignee": maybe(st.sampled_from(["me", "none"]), odd_number),
        "said_from": odd_date,
        "said_to": odd_date,
        "sort": maybe(st.sampled_from(list(SORTS)), any_text),
        "after": cursor_like,
        "before": cursor_like,
    }
)


@FUZZ
@given(params=filters, htmx=st.booleans())
@example(params={"after": make_cursor(EXTREME_MOMENTS[0], 1)}, htmx=False)
@example(params={"before": make_cursor(EXTREME_MOMENTS[2], 2**70)}, htmx=False)
@example(params={"after": make_cursor(EXTREME_MOMENTS[4], 1)}, htmx=True)
@example(params={"q": "a & b | !c:* <-> ''", "sort": "updated"}, htmx=True)
@example(params={"claimant": str(2**64), "assignee": str(2**64)}, htmx=False)
@example(params={"q": "trees\x00"}, htmx=False)
def test_claim_list_filters_and_cursors(
    params: dict[str, Any], htmx: bool, reviewer_client: Client, desk: Desk
) -> None:
    extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("claims:list")
    tried = attempt(reviewer_client, "get", url, params, **extra)
    assert tried.status in {200, 400}
    if holds_nul(params):
        assert tried.status == 400
    cursor = cursor_in_use(params)
    if cursor and not cursor_is_valid(cursor):
        assert tried.status == 400  # a damaged page link, never a database error


@pytest.mark.parametrize("moment", EXTREME_MOMENTS)
@pytest.mark.parametrize("key", ["after", "before"])
def test_a_cursor_at_the_edge_of_time_is_not_an_error(
    moment: str, key: str, reviewer_client: Client, desk: Desk
) -> None:
    """Regression: a cursor near year 1 or 9999 with an offset overflowed on SQLite
    (OverflowError), and one with an offset of 16 hours or more was refused by PostgreSQL
    (DataError): a 500 on the claims list. A cursor the desk refuses is now a 400, any other a
    page."""
    token = make_cursor(moment, 1)
    response = reviewer_client.get(reverse("claims:list"), {key: token})
    assert response.status_code == (200 if cursor_is_valid(token) else 400)


@pytest.mark.parametrize("key", ["after", "before"])
def test_a_cursor_of_deeply_nested_json_is_a_bad_request(
    key: str, reviewer_client: Client, desk: Desk
) -> None:
    """Regression: a cursor of deeply nested JSON raised RecursionError, a 500."""
    response = reviewer_client.get(reverse("claims:list"), {key: NESTED_CURSOR})
    assert response.status_code == 400


@FUZZ
@given(query=any_text)
def test_claimant_options(query: str, reviewer_client: Client, desk: Desk) -> None:
    url = reverse("claims:claimant-options")
    tried = attempt(reviewer_client, "get", url, {"claimant_query": query})
    # A NUL in the query string is refused before the view
    # (foundation.middleware.RequestSanityMiddleware).
    assert tried.status == (400 if "\x00" in query else 200)
