"""Triage of the claims proposed from an article, in a real browser.

A reviewer pastes a wire report together with its address (a mistyped address is refused under
its field and the pasted text stays), finds the proposals folded to one line each, ticks all,
none and those from a score, watches the count follow, opens one from the keyboard to correct
the speaker's role, and adds them. The claims carry the address, so the page-metadata and
Wayback lookups run on the real worker against the fixture HTTP server. The same page works
without JavaScript: the server ticks, counts and keeps what was typed. Both states of the page
pass axe-core's checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from claims.models import Article, Claim, Claimant, LookupJob
from tests import processes

from .conftest import ARTIFACTS, E2E, Desk, Watcher, _people

pytestmark = E2E

PAGE_PATH = "/en/news/tajikistan/economic/20250512/dushanbe-to-launch-20-smart-city-projects"
# Our own wire-style report; the names are invented.
REPORT = "\n\n".join(
    [
        "DUSHANBE, May 12 (Desk Wire) - The capital will have more than twenty smart-city "
        "projects under way by 2030, city officials said on Monday.",
        '"We have approved twenty-three projects, and eleven of them already have financing," '
        "said Jamila Rahimova, head of the city's digital services office.",
        "Ravshan Karimov, an economist at the Tajik Academy of Sciences, said that hydropower "
        "gives the country more than 90 percent of its electricity.",
        "Bus fares paid by card rose by 40 percent last year, the transport department said.",
        '"The new airport terminal runs entirely on wind and solar power," Rahimova added.',
        "The summit closes on Wednesday.",
    ]
)
SUMMARY_OPEN = "el => el.closest('details').open"


@pytest.fixture
def desk(request: Any, browser: Any, fixture_http: Any, settings: Any, db: Any) -> Iterator[Desk]:
    """The journeys' desk, with the lookups that need a claim's address: page metadata, the
    Wayback Machine, and the desk's own archive."""
    _people(settings)
    fixture_http.use("pagemeta", "article")
    url = fixture_http.url + PAGE_PATH
    fixture_http.add(
        {
            "request": {"path": "/cdx/search/cdx", "query": {"url": url, "output": "json"}},
            "response": {
                "headers": {"Content-Type": "text/plain; charset=utf-8"},
                "json": [["timestamp", "original", "statuscode"], ["20250514061247", url, "200"]],
            },
        }
    )
    providers = "pagemeta,wayback,archive"
    env = {**fixture_http.env(), "LOOKUPS_PROVIDERS": providers, "SWEEP_INTERVAL_SECONDS": "2"}
    settings.LOOKUPS_PROVIDERS = providers.split(",")
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


def _axe(page: Any, name: str) -> list[str]:
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    return [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in violations
    ]


def _boxes(page: Any) -> list[bool]:
    return [box.is_checked() for box in page.locator("li.candidate input[name$='-keep']").all()]


def _scores(page: Any) -> list[float]:
    return [
        float(s)
        for s in page.locator("li.candidate").evaluate_all(
            "items => items.map(item => item.dataset.score)"
        )
    ]


def _count(page: Any) -> str:
    return page.inner_text("#triage-count").strip()


def _paste(page: Any, base: str, url: str) -> None:
    page.goto(base + "/claims/from-article/")
    page.fill("#id_text", REPORT)
    page.fill("#id_url", url)
    page.fill("#id_publisher", "Desk Wire")
    page.click("button:has-text('Propose claims')")


def test_a_reviewer_triages_a_pasted_report_with_its_address(desk: Any, fixture_http: Any) -> None:
    reviewer = desk.page_as("reviewer")
    problems: list[str] = []

    # 1. A mistyped address next to the pasted text: the message is under the address, the
    # text is still there. (ftp: passes the browser's own URL check; the desk refuses it.)
    _paste(reviewer, desk.base, "ftp://news.example.org/report")
    reviewer.wait_for_selector("#id_url_error")
    assert "Enter a valid URL." in reviewer.inner_text("#id_url_error")
    assert reviewer.locator("#id_text_error").count() == 0
    assert reviewer.input_value("#id_text").strip() == REPORT.strip()
    assert reviewer.input_value("#id_publisher") == "Desk Wire"
    desk.shot(reviewer, "01-bad-address-text-kept")
    assert not Article.objects.exists()

    # 2. The right address: the proposals, one line each, nothing ticked.
    url = fixture_http.url + PAGE_PATH
    reviewer.fill("#id_url", url)
    reviewer.click("button:has-text('Propose claims')")
    reviewer.wait_for_selector("h1:has-text('Proposed claims')")
    assert reviewer.get_attribute(".appeared-at a", "href") == url
    items = reviewer.locator("li.candidate")
    n = items.count()
    assert n >= 4
    assert reviewer.locator("details.candidate-details[open]").count() == 0
    assert not reviewer.locator("li.candidate textarea").first.is_visible()
    first = items.first.locator("summary")
    assert re.search(r"\d\.\d\d", first.inner_text()), first.inner_text()
    assert "Rahimova" in reviewer.inner_text("ol.candidate-list")
    assert _count(reviewer) == "0 claims will be created."
    desk.shot(reviewer, "02-proposals-folded")
    problems += _axe(reviewer, "proposals, folded")

    # 3. Tick all, untick all, tick from a score: in the page (no reload), the count follows.
    reviewer.evaluate("window.stillTheSamePage = true")
    reviewer.click("button:has-text('Tick all')")
    assert _boxes(reviewer) == [True] * n
    assert _count(reviewer) == f"{n} claims will be created."
    reviewer.click("button:has-text('Untick all')")
    assert _boxes(reviewer) == [False] * n and _count(reviewer) == "0 claims will be created."
    scores = _scores(reviewer)
    reviewer.select_option("#tick-from", "0.60")
    reviewer.click("button:has-text('Tick them')")
    expected = [score >= 0.6 for score in scores]
    assert 0 < sum(expected) < n, scores
    assert _boxes(reviewer) == expected
    ticked = sum(expected)
    assert _count(reviewer) == (
        f"{ticked} claims will be created." if ticked != 1 else "1 claim will be created."
    )
    # One more by hand, the last (lowest) one: the count follows the click too.
    items.nth(n - 1).locator("input[name$='-keep']").check()
    ticked += 1
    assert _count(reviewer) == f"{ticked} claims will be created."
    assert reviewer.evaluate("window.stillTheSamePage") is True

    # 4. Open the Rahimova quote from the keyboard and correct her role; the line follows.
    quote = items.filter(has_text="twenty-three projects").first
    box = quote.locator("input[name$='-keep']")
    if not box.is_checked():
        box.check()
        ticked += 1
    summary = quote.locator("summary")
    summary.focus()
    reviewer.keyboard.press("Enter")
    assert summary.evaluate(SUMMARY_OPEN) is True
    role = quote.locator("input[name$='-speaker_description']")
    assert role.is_visible()
    assert "Role or affiliation" in quote.inner_text()
    role.fill("head of digital services, Dushanbe city administration")
    assert "head of digital services, Dushanbe" in summary.inner_text()
    desk.shot(reviewer, "03-ticked-one-open")
    problems += _axe(reviewer, "proposals, ticked, one open")
    assert not problems, "\n".join(problems)

    # 5. Add them: what the server created is what the count said.
    reviewer.click("button:has-text('Add the ticked claims')")
    reviewer.wait_for_selector(f"text={ticked} claims from this article")
    assert f"{ticked} claims added." in reviewer.inner_text("#messages")
    claims = list(Claim.objects.select_related("claimant"))
    assert len(claims) == ticked
    assert {claim.appeared_url for claim in claims} == {url}
    rahimova = Claimant.objects.get(name="Jamila Rahimova")
    assert rahimova.description == "head of digital services, Dushanbe city administration"

    # 6. The address lets the page-metadata and Wayback lookups run for each claim.
    claim = next(c for c in claims if "twenty-three" in c.text)
    reviewer.goto(f"{desk.base}/claims/{claim.pk}/")
    for provider in ("Page details", "The Internet Archive"):
        reviewer.wait_for_selector(
            f"#sources .source-done h3:has-text('{provider}')", timeout=60_000
        )
    assert "smart-city projects" in reviewer.inner_text("#sources")
    jobs = dict(LookupJob.objects.filter(claim=claim).values_list("provider", "status"))
    assert jobs["pagemeta"] == jobs["wayback"] == LookupJob.Status.DONE
    desk.shot(reviewer, "04-claim-sources")


def test_without_javascript_the_server_ticks_counts_and_keeps_what_was_typed(desk: Any) -> None:
    context = desk.browser.new_context(
        viewport={"width": 1400, "height": 900}, java_script_enabled=False
    )
    desk.contexts.append(context)
    page = context.new_page()
    desk.watcher.attach(page)
    page.goto(desk.base + "/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", processes.LIVE_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(desk.base + "/")

    page.goto(desk.base + "/claims/from-article/")
    page.fill("#id_text", REPORT)
    page.click("button:has-text('Propose claims')")
    page.wait_for_selector("h1:has-text('Proposed claims')")
    items = page.locator("li.candidate")
    n = items.count()
    assert _count(page) == "0 claims will be created."

    # A <details> opens without script; correct a claim's text, then tick all: the server
    # sends the page back ticked, counted, with the correction still there.
    quote = items.filter(has_text="airport terminal").first
    quote.locator("summary").click()
    quote.locator("textarea[name$='-text']").fill("The new airport terminal runs on wind power.")
    with page.expect_navigation():
        page.click("button:has-text('Tick all')")
    assert _boxes(page) == [True] * n and _count(page) == f"{n} claims will be created."
    kept = page.locator("li.candidate").filter(has_text="airport terminal").first
    assert kept.locator("textarea[name$='-text']").input_value() == (
        "The new airport terminal runs on wind power."
    )

    # From a score: only those at or above it stay ticked.
    scores = _scores(page)
    page.select_option("#tick-from", "0.60")
    with page.expect_navigation():
        page.click("button:has-text('Tick them')")
    expected = [score >= 0.6 for score in scores]
    assert _boxes(page) == expected
    assert page.locator("#tick-from").input_value() == "0.60"
    desk.shot(page, "no-js-ticked-from-score")

    with page.expect_navigation():
        page.click("button:has-text('Add the ticked claims')")
    page.wait_for_selector("text=claims from this article")
    assert Claim.objects.count() == sum(expected)
    assert not Claim.objects.exclude(appeared_url="").exists()  # no address was given
