"""Security headers on every kind of response: pages, fragments, JSON, redirects and errors,
for every persona; HSTS over HTTPS when the desk runs in production mode."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.claims.test_settings import PRODUCTION, run
from tests.security.conftest import persona_client
from tests.security.desk import Desk
from tests.security.urlwalk import ask

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def csp_directives(response: HttpResponse) -> dict[str, list[str]]:
    policy = response.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def header_problems(response: HttpResponse) -> list[str]:
    problems = []
    directives = csp_directives(response)
    if not directives:
        problems.append("no Content-Security-Policy")
    scripts = directives.get("script-src", directives.get("default-src"))
    if scripts is None:
        problems.append("the CSP does not restrict scripts (no script-src, no default-src)")
    else:
        unsafe = [s for s in scripts if s.strip("'") in {"unsafe-inline", "unsafe-eval"}]
        if unsafe or "*" in scripts or "data:" in scripts:
            problems.append(f"script-src allows {scripts}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options is {response.get('X-Content-Type-Options')!r}")
    return problems


def sample(desk: Desk) -> list[tuple[str, dict[str, Any]]]:
    """Pages of every kind: full pages, htmx fragments, JSON, a feed, redirects."""
    claim = desk.working.pk
    return [
        (reverse("claims:list"), {}),
        (reverse("claims:list") + "?q=trees", HTMX),
        (reverse("claims:list") + "?said_from=yesterday", {}),  # 400 from the view
        (reverse("claims:create"), {}),
        (reverse("reviews:claim", args=[claim]), {}),
        (reverse("reviews:sources", args=[claim]), HTMX),
        (reverse("reviews:evidence-edit", args=[desk.evidence.pk]), HTMX),
        (reverse("reviews:notifications"), {}),
        (reverse("claims:article", args=[desk.article.pk]), {}),
        (reverse("login"), {}),
        (reverse("healthz"), {}),
        (reverse("public:index"), {}),
        (reverse("public:fact-check-short", args=[desk.published.pk]), {}),
        (reverse("public:api-list"), {}),
        (reverse("public:feed"), {}),
        ("/static/js/desk.js", {}),
        ("/no-such-page/", {}),
        ("/no-such-page/", HTMX),
    ]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "reviewer", "reviewer2", "editor"])
def test_every_response_carries_the_security_headers(
    persona: str, desk: Desk, clients: dict[str, Client]
) -> None:
    client = clients[persona]
    problems = []
    statuses = set()
    for url, extra in sample(desk):
        response = ask(client, "get", url, **extra)
        statuses.add(response.status_code)
        problems += [
            f"GET {url} {extra or ''} ({response.status_code}): {p}"
            for p in header_problems(response)
        ]
    assert not problems, "\n".join(problems)
    assert statuses & {200} and statuses & {404}, statuses


ERROR_CASES: dict[str, tuple[str, str, Any, dict[str, Any]]] = {
    # case: (persona, method, url or a function of the desk, extra)
    "403": ("outsider", "get", "/", {}),
    "403 htmx": ("reviewer2", "get", "/dashboard/", HTMX),
    "403 csrf": ("anonymous", "post", "/accounts/login/", {}),
    "404": ("reviewer", "get", "/claims/0/", {}),
    "404 htmx": ("reviewer", "get", "/claims/0/", HTMX),
    "405": ("reviewer", "get", lambda d: reverse("reviews:take", args=[d.new.pk]), {}),
    "400 bad cursor": ("reviewer", "get", "/?after=not-a-cursor", {}),
    "400 bad host": ("reviewer", "get", "/", {"HTTP_HOST": "evil.example"}),
    "500": ("anonymous", "get", "/security-tests/fail/", {}),
}


def _error_cases() -> list[Any]:
    return [pytest.param(name, id=name) for name in ERROR_CASES]


@pytest.mark.parametrize("case", _error_cases())
def test_error_pages_carry_the_security_headers(
    case: str, desk: Desk, settings: Any, reviewer: Any, reviewer2: Any, outsider: Any
) -> None:
    persona, method, url, extra = ERROR_CASES[case]
    user = {"anonymous": None, "outsider": outsider, "reviewer": reviewer, "reviewer2": reviewer2}
    client = persona_client(user[persona], enforce_csrf_checks=True)
    settings.ROOT_URLCONF = "tests.security.urls_with_failure"
    response = ask(client, method, url(desk) if callable(url) else url, **extra)
    assert response.status_code == int(case.split()[0])
    assert header_problems(response) == []


def test_the_admin_keeps_scripts_locked_down(editor_client: Client) -> None:
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert header_problems(response) == []


@pytest.mark.parametrize("url_name", ["claims:list", "login", "public:index"])
def test_hsts_over_https_when_debug_is_off(url_name: str, settings: Any, reviewer: Any) -> None:
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    client = persona_client(reviewer)
    response = client.get(reverse(url_name), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert header_problems(response) == []
    # Plain HTTP is sent to HTTPS, and an HSTS header there would mean nothing.
    plain = client.get(reverse(url_name))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in plain


def test_production_settings_turn_on_hsts_and_secure_cookies() -> None:
    code = (
        "import config.settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = run(code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    hsts, *flags = result.stdout.split()
    assert int(hsts) >= 31_536_000
    assert flags == ["True", "True", "True", "True", "DENY", "True"]


PUBLIC_PREFIXES = ("/fact-checks/", "/api/", "/static/")
NEVER_CACHED = ("/healthz", "/accounts/login/")  # Django's never_cache, whoever asks


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_desk_pages_are_private_and_never_stored(
    persona: str, desk: Desk, clients: dict[str, Client]
) -> None:
    """What a desk page shows stays out of shared caches and the browser's store; public pages
    (the same for everyone) may be cached."""
    client = clients[persona]
    problems = []
    for url, extra in [*sample(desk), (reverse("admin:index"), {})]:
        response = ask(client, "get", url, **extra)
        control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        public = url.startswith(PUBLIC_PREFIXES)
        if url.startswith(NEVER_CACHED):
            continue
        if not public and response.status_code < 300 and not {"private", "no-store"} <= control:
            problems.append(f"GET {url} {extra or ''}: Cache-Control {control}")
        if public and "no-store" in control:
            problems.append(f"GET {url}: a public page is never stored ({control})")
    assert not problems, "\n".join(problems)
