"""Browser tests: Debian's Chromium driven by Playwright against the desk under gunicorn, with a
real Celery worker and the fixture HTTP server standing in for the outside world.

Every page a test opens is watched: console errors (including Content-Security-Policy
violations), uncaught page errors, failed requests and 5xx responses fail the test.
Screenshots of the key screens are saved under artifacts/e2e/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group

from tests import factories, processes
from tests.conftest import ensure_migration_data
from tests.services import in_ci

# The test process talks to the database while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", processes.ROOT / "artifacts" / "e2e"))
PROVIDERS = "factcheck,wikipedia,archive"

E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if in_ci():
            pytest.fail(f"CI: Chromium is required at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watcher:
    """Everything a page did that a user would call broken."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", lambda dialog: dialog.accept())  # confirmations: the user says yes

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            self.problems.append(
                f"console: {message.text} ({where.get('url')}:{where.get('lineNumber')})"
            )

    def _failed(self, request: Any) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" in failure:
            # The browser cancelled it: a navigation or a download replaced the page (taking
            # its icon or a poll in flight with it). Server errors and refused connections
            # fail differently, and CSP refusals reach the console.
            return
        self.problems.append(f"request failed: {request.method} {request.url} {failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 500:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@dataclass
class Desk:
    base: str
    browser: Any
    watcher: Watcher
    shots: Path
    contexts: list[Any] = field(default_factory=list)

    def page_as(self, username: str | None) -> Any:
        context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        page = context.new_page()
        self.watcher.attach(page)
        if username:
            page.goto(self.base + "/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", processes.LIVE_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(self.base + "/")
        return page

    def shot(self, page: Any, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


def _people(settings: Any) -> None:
    ensure_migration_data()
    for username, group in (
        ("reviewer", "Reviewer"),
        ("reviewer2", "Reviewer"),
        ("editor", "Editor"),
    ):
        user = factories.UserFactory(username=username, is_staff=group == "Editor")
        user.groups.add(Group.objects.get(name=group))
        processes.live_password(user, settings)


@pytest.fixture
def desk(request: Any, browser: Any, fixture_http: Any, settings: Any, db: Any) -> Iterator[Desk]:
    _people(settings)
    fixture_http.use("factcheck", "results")
    fixture_http.use("wikipedia", "results")
    env = {
        **fixture_http.env(),
        "LOOKUPS_PROVIDERS": PROVIDERS,
        "DEBUG": "true",
        "SWEEP_INTERVAL_SECONDS": "2",
    }
    settings.LOOKUPS_PROVIDERS = PROVIDERS.split(",")
    processes.purge_broker()
    with processes.worker_and_web(**env) as base:
        watcher = Watcher()
        desk = Desk(base, browser, watcher, ARTIFACTS / request.node.name)
        try:
            yield desk
        finally:
            for context in desk.contexts:
                context.close()
        assert not watcher.problems, "\n".join(watcher.problems)
