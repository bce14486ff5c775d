"""Every route of the URLconf, asked by every persona with GET and with an empty POST, against
the written permission table (permission_table.py). A route missing from the table fails."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import permission_table as pt
from tests.security import urlwalk
from tests.security.desk import Desk
from tests.security.urlwalk import LOGIN, OK, Route, ask, build_url, outcome

pytestmark = pytest.mark.django_db

APP_ROUTES = urlwalk.app_routes()
ADMIN_ROUTES = urlwalk.admin_routes()
BY_NAME: dict[str, list[Route]] = defaultdict(list)
for _route in APP_ROUTES:
    BY_NAME[_route.label].append(_route)


def test_the_walk_finds_the_desk_and_the_admin() -> None:
    names = {route.name for route in APP_ROUTES}
    assert {"claims:list", "reviews:claim", "reviews:verdict-approve", "login"} <= names
    assert pt.ADMIN_INDEX in {route.name for route in ADMIN_ROUTES}


def test_every_route_has_a_name_and_a_line_in_the_table() -> None:
    unnamed = [route.pattern for route in APP_ROUTES if not route.name]
    missing = sorted(name for name in BY_NAME if name not in pt.TABLE)
    stale = sorted(set(pt.TABLE) - set(BY_NAME))
    assert not unnamed, f"routes without a name cannot be checked: {unnamed}"
    assert not missing, f"add these routes to tests/security/permission_table.py: {missing}"
    assert not stale, f"the table names routes the URLconf no longer has: {stale}"


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_route_answers_every_persona_as_the_table_says(
    name: str, clients: dict[str, Client], request: Any
) -> None:
    assert name in pt.TABLE, f"{name} is not in tests/security/permission_table.py"
    line = pt.row(name)
    # Only routes about an object need the desk; the others are asked of an empty one.
    desk = request.getfixturevalue("desk") if line.target else None
    problems = []
    for route in BY_NAME[name]:
        url = build_url(route, desk, line.target)
        for method, wanted in (("get", line.get), ("post", line.post)):
            for persona, client in clients.items():
                got = outcome(ask(client, method, url))
                if got != wanted[persona]:
                    problems.append(
                        f"{method.upper()} {url} as {persona}: table says {wanted[persona]}, "
                        f"got {got}"
                    )
    assert not problems, "\n".join(problems)


# A pk past the largest bigint would overflow SQLite's driver in a foreign-key lookup; the `id`
# URL converter (claims/converters.py) turns it into a 404 before any view runs.
PKS = {"missing": 987_654_321, "beyond-bigint": 2**63 + 7}


def _pk_cases() -> list[Any]:
    cases = []
    for route in APP_ROUTES:
        if "pk" not in route.kwargs or route.name not in pt.TABLE:
            continue
        for label, pk in PKS.items():
            cases.append(pytest.param(route, pk, id=f"{route.label}-{label}"))
    return cases


@pytest.mark.parametrize(("route", "pk"), _pk_cases())
def test_a_missing_object_is_not_found_never_an_error(
    route: Route, pk: int, reviewer_client: Client, editor_client: Client
) -> None:
    kwargs: dict[str, Any] = {"pk": pk}
    if "slug" in route.kwargs:
        kwargs["slug"] = "some-claim"
    # reverse() refuses a pk no database key can hold, so the URL is written out by hand.
    url = reverse(route.name or "", kwargs={**kwargs, "pk": 1}).replace("/1/", f"/{pk}/", 1)
    url = url.replace("/1-", f"/{pk}-", 1)
    for client in (reviewer_client, editor_client):
        client.raise_request_exception = False
        for method in ("get", "post"):
            got = outcome(ask(client, method, url))
            assert got in {404, 405}, f"{method.upper()} {url}: got {got}"


@pytest.mark.parametrize("route_name", (*pt.PUBLIC_CLAIM_ROUTES, "public:fact-check"))
def test_public_routes_never_show_unpublished_claims(
    route_name: str, desk: Desk, clients: dict[str, Client]
) -> None:
    unpublished = [desk.new, desk.working, desk.awaiting.claim, desk.dismissed]
    for claim in unpublished:
        # The API's generated document names its path parameter `id`.
        key = "id" if route_name.startswith("public:api-") else "pk"
        kwargs: dict[str, Any] = {key: claim.pk}
        if route_name == "public:fact-check":
            kwargs["slug"] = urlwalk.PLACEHOLDERS.get("slug", "a-draft")
        url = reverse(route_name, kwargs=kwargs)
        for persona, client in clients.items():
            response = ask(client, "get", url)
            assert response.status_code == 404, f"{url} as {persona}: {response.status_code}"
            assert claim.text not in response.content.decode(), f"{url} shows the claim text"


def test_the_admin_lets_in_staff_only(desk: Desk, clients: dict[str, Client]) -> None:
    problems = []
    extra_urls = ["/admin/no-such-page/", f"/admin/claims/claim/{desk.working.pk}/"]
    for route in ADMIN_ROUTES:
        url = build_url(route, desk, None)
        get, post = pt.admin_row(route.name or "")
        for persona in pt.NOT_STAFF:
            for method, answers in (("get", get), ("post", post)):
                got, wanted = outcome(ask(clients[persona], method, url)), answers[persona]
                if got != wanted:
                    problems.append(f"{method.upper()} {url} as {persona}: wanted {wanted}, {got}")
        for method in ("get", "post"):
            status = ask(clients["editor"], method, url).status_code
            if status >= 500:
                problems.append(f"{method.upper()} {url} as editor: {status}")
    for url in extra_urls:
        for persona in pt.NOT_STAFF:
            got = outcome(ask(clients[persona], "get", url))
            if got != LOGIN:
                problems.append(f"GET {url} as {persona}: wanted login, got {got}")
    index = ask(clients["editor"], "get", reverse(pt.ADMIN_INDEX))
    if index.status_code != 200:
        problems.append(f"the admin index as the staff editor: {index.status_code}")
    assert not problems, "\n".join(problems)


def test_outcome_tells_a_login_redirect_from_other_redirects(clients: dict[str, Client]) -> None:
    # The classification itself must be able to fail: a login redirect is not "ok".
    assert outcome(clients["anonymous"].get(reverse("claims:list"))) == LOGIN
    assert outcome(clients["anonymous"].get(reverse("public:index"))) == OK
