"""Every route of the JSON API, asked with every kind of token, against the table below.

A token's scopes never widen what its owner may do: the writing scopes of a reviewer since
taken off the desk are refused as the owner would be, a scope of reading writes nothing, and the
public read routes and the readers' endpoint answer the same whatever token comes with them
(the matches, which a read token widens to open claims, check a token sent: tests/api/
test_matches.py; here their missing text is refused first).
A route of the API missing from the table fails, so a new one is walked by scope too.

Each request carries an empty JSON object: a write the token may make is answered 400 with
the form's errors (nothing is created), which is how "allowed" shows without a body that
would pass.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from api import tokens
from tests.security import permission_table as pt
from tests.security import urlwalk
from tests.security.desk import Desk
from tests.security.urlwalk import ask, build_url, outcome

pytestmark = pytest.mark.django_db

# Kinds of token: the header each one sends is made in `bearers` below.
KINDS = (
    "none",  # no Authorization header
    "unknown",  # well formed, never issued
    "revoked",  # every scope, revoked
    "read",
    "claims:write",
    "evidence:write",
    "both",  # claims:write and evidence:write
    "left",  # both scopes, owned by a reviewer since taken off the desk
)

# route: (method, what each kind gets, in the order of KINDS). rita (a reviewer) owns every
# token but the one of rob, who has left; the evidence route names `working`, rita's claim.
_TABLE = {
    "public:api-list": ("get", "ok ok ok ok ok ok ok ok"),
    "public:api-detail": ("get", "ok ok ok ok ok ok ok ok"),
    "public:api-matches": ("get", "400 400 400 400 400 400 400 400"),
    "public:openapi": ("get", "ok ok ok ok ok ok ok ok"),
    "public:api-submissions": ("post", "400 400 400 400 400 400 400 400"),
    "public:api-claim-create": ("post", "401 401 401 403 400 403 400 403"),
    "public:api-evidence-add": ("post", "401 401 401 403 403 400 400 403"),
}
TABLE = {
    name: (
        method,
        dict(zip(KINDS, [int(v) if v.isdigit() else v for v in row.split()], strict=True)),
    )
    for name, (method, row) in _TABLE.items()
}


def _api_routes() -> list[urlwalk.Route]:
    return [
        route
        for route in urlwalk.app_routes()
        if route.name and (route.name.startswith("public:api-") or route.name == "public:openapi")
    ]


@pytest.fixture
def bearers(reviewer: Any, reviewer2: Any) -> dict[str, dict[str, str]]:
    both = ["claims:write", "evidence:write"]
    revoked, revoked_secret = tokens.token_create(actor=reviewer, name="old", scopes=both)
    tokens.token_revoke(actor=reviewer, token_id=revoked.pk)
    secrets = {
        "unknown": "cdt_abcdefgh_" + "x" * 40,
        "revoked": revoked_secret,
        "read": tokens.token_create(actor=reviewer, name="r", scopes=["read"])[1],
        "claims:write": tokens.token_create(actor=reviewer, name="c", scopes=["claims:write"])[1],
        "evidence:write": tokens.token_create(actor=reviewer, name="e", scopes=["evidence:write"])[
            1
        ],
        "both": tokens.token_create(actor=reviewer, name="b", scopes=both)[1],
        "left": tokens.token_create(actor=reviewer2, name="o", scopes=both)[1],
    }
    reviewer2.groups.clear()  # rob leaves the desk; his token stays unrevoked
    headers = {kind: {"HTTP_AUTHORIZATION": f"Bearer {secret}"} for kind, secret in secrets.items()}
    return {"none": {}, **headers}


def test_every_api_route_has_a_line() -> None:
    names = {route.name for route in _api_routes()}
    assert not names - set(TABLE), (
        f"add these to tests/security/test_token_walk.py: {names - set(TABLE)}"
    )
    assert not set(TABLE) - names, f"the table names routes that are gone: {set(TABLE) - names}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_kind_of_token_gets_what_the_table_says(
    name: str, desk: Desk, bearers: dict[str, dict[str, str]]
) -> None:
    method, wanted = TABLE[name]
    target = pt.row(name).target
    problems = []
    for route in [r for r in _api_routes() if r.name == name]:
        url = build_url(route, desk if target else None, target)
        for kind in KINDS:
            client = Client()  # no session: only the token speaks for the request
            extra: dict[str, Any] = dict(bearers[kind])
            if method == "post":
                extra["content_type"] = "application/json"
                response = ask(client, "post", url, json.dumps({}), **extra)
            else:
                response = ask(client, "get", url, **extra)
            got = outcome(response)
            if got != wanted[kind]:
                problems.append(
                    f"{method.upper()} {url} with {kind}: table says {wanted[kind]}, got {got}"
                )
    assert not problems, "\n".join(problems)


def test_a_refused_write_creates_nothing(desk: Desk, bearers: dict[str, dict[str, str]]) -> None:
    """The token of a reviewer who has left, a revoked one and ones without the scope, with a
    body that would pass."""
    from claims.models import Claim

    before = Claim.objects.count()
    body = json.dumps({"text": "The city planted 12,000 trees along the river in 2025."})
    for kind in ("left", "revoked", "read", "evidence:write"):
        response = Client().post(
            "/api/v1/claims/", body, content_type="application/json", **bearers[kind]
        )
        assert response.status_code in {401, 403}, (kind, response.status_code)
    assert Claim.objects.count() == before
