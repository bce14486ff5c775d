"""No template source on any page: every page and htmx fragment the URLconf has, asked by every
persona on a desk with a claim in every state, must not show `{# … #}`, `{% … %}` or an unrendered
`{{ … }}` outside its scripts. (Django's `{# #}` comment is single-line: a multi-line one is shown
to every user as text.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import QUEUES
from tests.security import permission_table as pt
from tests.security import urlwalk
from tests.security.desk import Desk
from tests.security.urlwalk import ask, build_url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_LEAKS = re.compile(r"\{#|#\}|\{%|%\}|\{\{.*?\}\}", re.DOTALL)


def leaks(html: str) -> list[str]:
    """Template syntax left in the page outside <script> and <style>, with some context."""
    outside = _SCRIPTS.sub("", html)
    found = []
    for match in _LEAKS.finditer(outside):
        start = max(0, match.start() - 60)
        found.append(outside[start : match.end() + 60].replace("\n", " "))
    return found


def test_the_check_sees_a_multi_line_comment() -> None:
    page = "<p>{# a comment\nover two lines #}</p><script>const a = `{{x}}`;</script>"
    assert len(leaks(page)) == 2
    assert leaks("<p>{{ claim.text }}</p>") and not leaks("<p>Plain {text} 100%</p>")


def _pages(desk: Desk) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every GET route of the URLconf, plain and as htmx, plus the variants a user meets: each
    queue of the list, the claim page in every state, the admin's claim pages."""
    for route in urlwalk.app_routes():
        if route.name is None or route.name not in pt.TABLE:
            continue
        line = pt.row(route.name)
        url = build_url(route, desk, line.target)
        yield url, {}
        yield url, HTMX
    for queue in QUEUES:
        yield reverse("claims:list") + f"?queue={queue}", {}
        yield reverse("claims:list") + f"?queue={queue}", HTMX
    for claim in (desk.new, desk.working, desk.awaiting.claim, desk.published, desk.dismissed):
        yield reverse("reviews:claim", args=[claim.pk]), {}
    yield reverse("admin:index"), {}
    yield reverse("admin:claims_claim_changelist"), {}
    yield reverse("admin:claims_claim_change", args=[desk.published.pk]), {}
    yield reverse("admin:reviews_rating_changelist"), {}


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "reviewer", "reviewer2", "editor"])
def test_no_page_shows_template_source(
    persona: str, desk: Desk, clients: dict[str, Client]
) -> None:
    client = clients[persona]
    problems = []
    asked = 0
    for url, extra in _pages(desk):
        response = ask(client, "get", url, **extra)
        if response.status_code >= 500:
            problems.append(f"GET {url} {extra or ''}: {response.status_code}")
            continue
        if "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        asked += 1
        for leak in leaks(response.content.decode()):
            problems.append(f"GET {url} {extra or ''} ({response.status_code}): …{leak}…")
    assert asked > 40, asked
    assert not problems, "\n".join(problems)


def test_no_template_opens_a_comment_it_does_not_close_on_the_same_line() -> None:
    """The cheap guard behind the walk: templates no page reaches yet are checked too."""
    root = Path(__file__).resolve().parents[2] / "templates"
    problems = []
    for path in sorted(root.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for piece in line.split("{#")[1:]:
                if "#}" not in piece:
                    problems.append(f"{path.relative_to(root)}:{number}: {line.strip()[:80]}")
    assert not problems, "use {% comment %} for comments over several lines:\n" + "\n".join(
        problems
    )
