"""Every route that accepts POST refuses it without a CSRF token, and accepts the same POST with
one: the token check, not the view, is what refuses. POST routes come from the URLconf walk."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import urlwalk
from tests.security.conftest import persona_client
from tests.security.desk import Desk
from tests.security.urlwalk import Route, ask, build_url

pytestmark = pytest.mark.django_db

CSRF_LOGGER = "django.security.csrf"
ROUTES = [r for r in urlwalk.all_routes() if r.name]
# The only routes that take a POST without a token, and why. A new exemption fails the test
# until it is written down here.
CSRF_EXEMPT = {
    # The e-mails' one-click unsubscribe (RFC 8058): a mail client POSTs without a token; the
    # random key in the address is the permission, and all it can do is stop e-mails.
    "public:ask-unsubscribe",
    # The readers' JSON endpoint: public, reads no session or cookie (whoever calls it acts as
    # nobody), limited per address like the form; a partner's server has no CSRF cookie.
    "public:api-submissions",
    # The write API authenticates by a bearer token in a header, never by the session cookie,
    # so a cross-site request cannot borrow a member's login.
    "public:api-claim-create",
    "public:api-evidence-add",
}


def _target(route: Route) -> str | None:
    from tests.security.permission_table import TABLE, row

    return row(route.name).target if route.name in TABLE else None


def _token(client: Client) -> str:
    client.get(reverse("login"))  # renders {% csrf_token %}, which sets the cookie
    return client.cookies["csrftoken"].value


def _csrf_refusals(caplog: Any) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == CSRF_LOGGER]


def _post_routes(
    client: Client, desk: Desk, token: str, caplog: Any, *, admin: bool
) -> dict[str, str]:
    """route name -> URL of every route that takes a POST (with a valid token) rather than
    answering 405, with no CSRF refusal on the way."""
    found = {}
    for route in ROUTES:
        if route.is_admin and not admin:
            continue
        url = build_url(route, desk, _target(route))
        caplog.clear()
        response = ask(client, "post", url, HTTP_X_CSRFTOKEN=token)
        refused = _csrf_refusals(caplog)
        assert not refused, f"POST {url} with a valid token was refused: {refused}"
        assert response.status_code < 500, f"POST {url}: {response.status_code}"
        if response.status_code != 405:
            found[route.name or ""] = url
    return found


@pytest.mark.parametrize("persona", ["editor", "reviewer", "anonymous"])
def test_posts_without_a_csrf_token_are_refused(
    persona: str, desk: Desk, reviewer: Any, editor: Any, caplog: Any
) -> None:
    user = {"editor": editor, "reviewer": reviewer, "anonymous": None}[persona]
    client = persona_client(user, enforce_csrf_checks=True)
    token = _token(client)
    caplog.set_level(logging.WARNING, logger=CSRF_LOGGER)

    # The admin's forms are checked for the staff editor; to others they are a login page.
    post_routes = _post_routes(client, desk, token, caplog, admin=persona == "editor")
    if persona == "editor":
        # The walk must find the desk's forms, and must not take GET-only pages for them.
        assert {"claims:create", "reviews:take", "reviews:verdict-approve", "logout"} <= set(
            post_routes
        )
        assert "claims:list" not in post_routes
        assert "reviews:claim" not in post_routes
        assert "admin:claims_claim_change" in post_routes

    problems = []
    for name, url in post_routes.items():
        caplog.clear()
        if name in CSRF_EXEMPT:
            response = ask(client, "post", url)
            if response.status_code == 403 or _csrf_refusals(caplog):
                problems.append(f"POST {name} {url} is exempt but was refused")
            continue
        response = ask(client, "post", url)  # the cookie is sent; the token is not
        refused = _csrf_refusals(caplog)
        if response.status_code != 403 or not refused:
            problems.append(f"POST {name} {url} without a token: {response.status_code}")
        elif "CSRF token" not in refused[0]:
            problems.append(f"POST {name} {url}: refused for another reason: {refused[0]}")
        caplog.clear()
        response = ask(client, "post", url, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN="x" * 32)
        if response.status_code != 403 or not _csrf_refusals(caplog):
            problems.append(f"POST {name} {url} with a wrong token: {response.status_code}")
    assert not problems, "\n".join(problems)
