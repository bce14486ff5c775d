"""Anything in the query string of the public index and the read API: never a server error,
and only published fact-checks come back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

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

api_params = form(
    {
        "q": any_text,
        "language": maybe("en", any_text),
        "rating": maybe("False", any_text),
        "published_since": odd_date,
        "published_until": odd_date,
        "page_size": maybe("1", odd_number),
        "after": cursor_like,
        "before": cursor_like,
    }
)

PUBLIC_LISTS = ["public:index", "public:api-list"]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    settings.API_RATE_LIMIT = 1_000_000


@FUZZ
@given(params=api_params, index=st.booleans())
@example(params={"page_size": "1"}, index=False)
@example(params={"q": "a & | ! :* <-> ()"}, index=True)
@example(params={"after": make_cursor(EXTREME_MOMENTS[4], 1)}, index=False)
@example(params={"rating": "\x00"}, index=False)
def test_public_index_and_api_list(
    params: dict[str, Any], index: bool, client: Client, desk: Desk
) -> None:
    url = reverse("public:index") if index else reverse("public:api-list")
    tried = attempt(client, "get", url, params)
    assert tried.status in {200, 400}
    if holds_nul(params):
        assert tried.status == 400  # refused before it reaches a text column of PostgreSQL
    cursor = cursor_in_use(params)
    if cursor and not cursor_is_valid(cursor):
        assert tried.status == 400  # a damaged page link, never a database error
    if not index and tried.status == 200:
        body = json.loads(tried.response.content)
        shown = {item["id"] for item in body["results"]}
        assert shown <= {desk.published.pk}, shown


@pytest.mark.parametrize("name", PUBLIC_LISTS)
@pytest.mark.parametrize("param", ["language", "rating", "q", "published_since", "after"])
def test_public_lists_with_a_nul_character(
    name: str, param: str, client: Client, desk: Desk
) -> None:
    """Regression: on PostgreSQL a NUL in ?language= or ?rating= of the API raised DataError in
    the query, a 500 to anyone. Any parameter holding a NUL is now a 400."""
    response = client.get(reverse(name), {param: "en\x00"})
    assert response.status_code == 400


def _edge_cases() -> list[Any]:
    cases = []
    for name in PUBLIC_LISTS:
        for n, moment in enumerate(EXTREME_MOMENTS):
            cases.append(pytest.param(name, make_cursor(moment, 1), id=f"{name}-moment{n}"))
        cases.append(pytest.param(name, NESTED_CURSOR, id=f"{name}-nested"))
    return cases


@pytest.mark.parametrize(("name", "token"), _edge_cases())
@pytest.mark.parametrize("key", ["after", "before"])
def test_public_cursors_at_the_edges(
    name: str, token: str, key: str, client: Client, desk: Desk
) -> None:
    """Regression: cursors at the edges of time (OverflowError on SQLite, DataError on
    PostgreSQL) and a cursor of deeply nested JSON (RecursionError) were 500s on the public
    index and the API. A cursor the desk refuses is now a 400, any other a page."""
    response = client.get(reverse(name), {key: token})
    assert response.status_code == (200 if cursor_is_valid(token) else 400)
