"""The desk's main journey in a real browser, as three people would live it.

A reviewer pastes an article and keeps two of the proposed claims, takes one, fills it from the
Sources panel (lookups run on the real worker against the fixture HTTP server), drafts a verdict
that saves itself, and submits it. An editor asks for changes; the reviewer revises; the editor
approves. The public page carries the verdict and its ClaimReview JSON-LD; an export of the
published claims downloads. Finally the editor opens a correction, the reviewer writes it, the
editor approves it, and the public page shows the correction note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claims.models import Claim
from reviews.models import Verdict
from tests import processes

from .conftest import E2E

pytestmark = E2E

ARTICLE = "\n\n".join(
    [
        "Harbour council backs new flood wall after record storm season",
        "The harbour council voted on Monday to build a two-kilometre flood wall along the "
        "eastern quay.",
        "Mayor Ana Ruiz told councillors that the city had cut its carbon emissions by 40 percent "
        'since 2015. "Nobody in the region has moved faster than we have," she said.',
        "Opposition leader Tom Hale said that flood insurance premiums in the harbour district "
        "had tripled in five years.",
        "The wall is expected to take three years to build, and the council will publish the "
        "tender next month.",
    ]
)


def _fill_like_a_person(page: Any, selector: str, text: str) -> None:
    """Type into a field so htmx sees real input events, as it would from a keyboard."""
    page.fill(selector, "")
    page.locator(selector).press_sequentially(text, delay=5)


def _open_details(page: Any, selector: str) -> None:
    if page.get_attribute(selector, "open") is None:
        page.click(f"{selector} > summary")


def _claim_id(page: Any) -> int:
    match = re.search(r"/claims/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def _wait_for_autosave(page: Any) -> None:
    page.wait_for_selector("#autosave-status:has-text('Draft saved at')")


def test_article_to_published_fact_check_and_correction(desk: Any) -> None:
    reviewer = desk.page_as("reviewer")

    # 1. Paste an article; the desk proposes claims; keep two.
    reviewer.click("nav >> text=From an article")
    reviewer.fill("#id_text", ARTICLE)
    reviewer.fill("#id_publisher", "Harbour Gazette")
    reviewer.click("button:has-text('Propose claims')")
    reviewer.wait_for_selector("h1:has-text('Proposed claims')")
    candidates = reviewer.locator("li.candidate")
    texts = [area.input_value() for area in candidates.locator("textarea[name$='-text']").all()]
    assert any("40 percent" in text for text in texts), texts
    assert any("tripled" in text for text in texts), texts
    for index in range(candidates.count()):
        box = candidates.nth(index).locator("input[type=checkbox]")
        text = candidates.nth(index).locator("textarea[name$='-text']").input_value()
        box.set_checked("40 percent" in text or "tripled" in text)
    desk.shot(reviewer, "01-proposed-claims")
    reviewer.click("button:has-text('Add the ticked claims')")
    reviewer.wait_for_selector("text=2 claims from this article")
    desk.shot(reviewer, "02-article")

    # 2. Open the emissions claim and take it.
    reviewer.click("aside >> a:has-text('40 percent')") if reviewer.locator(
        "aside a:has-text('40 percent')"
    ).count() else reviewer.click("mark:has-text('40 percent')")
    reviewer.wait_for_selector("#claim-heading", state="attached")
    pk = _claim_id(reviewer)
    claim = Claim.objects.get(pk=pk)
    assert claim.claimant is not None and "Ruiz" in claim.claimant.name
    reviewer.click("button:has-text('Take this claim')")
    reviewer.wait_for_selector(".badge.status-in_review")

    # 3. The lookups ran on the worker: the Sources panel fills itself without a reload.
    reviewer.wait_for_selector("#sources .lookup-done", timeout=60_000)
    reviewer.locator("#sources .lookup-queued, #sources .lookup-running").first.wait_for(
        state="detached", timeout=60_000
    )
    desk.shot(reviewer, "03-sources")
    use = reviewer.locator("#sources a:has-text('Use as evidence')")
    assert use.count() >= 2, "the fixture lookups should offer results to use"

    # 4. Use a found fact-check as evidence: the form arrives filled in.
    first_url = use.first.get_attribute("href")
    use.first.click()
    reviewer.wait_for_selector("#evidence-form")
    assert reviewer.input_value("#evidence-form [name=url]").startswith("http")
    reviewer.check("#evidence-form [name=stance][value=refutes]")
    reviewer.fill(
        "#evidence-form [name=quote]", "Emissions fell by about a quarter, not 40 percent."
    )
    reviewer.click("#evidence-form button:has-text('Add evidence')")
    reviewer.wait_for_selector("#evidence .evidence-label:has-text('E1')")

    # 5. A second item, typed by hand: a date in the future is refused next to the field (the
    # browser itself checks the URL's shape), and what was typed stays.
    _open_details(reviewer, "#evidence details.add-evidence")
    reviewer.fill("#evidence-form [name=url]", "https://example.org/emissions-inventory-2024")
    reviewer.fill("#evidence-form [name=published_on]", "2099-01-01")
    reviewer.fill("#evidence-form [name=title]", "City emissions inventory 2024")
    reviewer.check("#evidence-form [name=stance][value=context]")
    reviewer.click("#evidence-form button:has-text('Add evidence')")
    reviewer.wait_for_selector("#evidence-form .errorlist")
    assert reviewer.input_value("#evidence-form [name=title]") == "City emissions inventory 2024"
    reviewer.fill("#evidence-form [name=published_on]", "2024-06-30")
    reviewer.fill("#evidence-form [name=publisher]", "City statistics office")
    reviewer.click("#evidence-form button:has-text('Add evidence')")
    reviewer.wait_for_selector("#evidence .evidence-label:has-text('E2')")
    assert first_url

    # 6. Draft the verdict: it saves itself while typing.
    reviewer.check("#verdict-form label:has-text('Mostly false') input")
    _fill_like_a_person(
        reviewer, "#id_summary", "Harbour city cut emissions by 40 percent since 2015"
    )
    _wait_for_autosave(reviewer)
    reviewer.fill("#id_conclusion", "The city's own inventory shows a cut of about a quarter.")
    _fill_like_a_person(reviewer, "#id_rationale", "The inventory [E2] and an earlier check [E1].")
    draft = processes.wait_until(
        lambda: Verdict.objects.filter(claim_id=pk, rationale__contains="[E1].").first(),
        timeout=20,
        what="the autosave of the rationale",
    )
    assert draft.status == Verdict.Status.DRAFT and draft.summary.startswith("Harbour city")
    desk.shot(reviewer, "04-draft")

    # Submitting without a reload keeps everything typed.
    reviewer.click("button:has-text('Submit for approval')")
    reviewer.wait_for_selector("#verdict .badge.verdict-submitted")
    assert "Waiting for an editor" in reviewer.inner_text("#verdict")

    # 7. The editor finds it in the approval queue and asks for changes.
    editor = desk.page_as("editor")
    editor.click("nav.queues >> text=Awaiting approval")
    editor.wait_for_selector(f"#claim-table a[href='/claims/{pk}/']")
    editor.click(f"#claim-table a[href='/claims/{pk}/']")
    editor.fill("#verdict [name=note]", "Quote the inventory's own figure in the conclusion.")
    editor.click("#verdict button:has-text('Request changes')")
    editor.wait_for_selector("#verdict .badge.verdict-changes_requested")

    # 8. The reviewer sees the note, revises, resubmits.
    reviewer.goto(f"{desk.base}/claims/{pk}/")
    assert "Quote the inventory" in reviewer.inner_text(".editor-note")
    reviewer.fill("#id_conclusion", "The inventory reports a 24 percent cut since 2015, not 40.")
    reviewer.click("button:has-text('Submit for approval')")
    reviewer.wait_for_selector("#verdict .badge.verdict-submitted")

    # 9. The editor approves: the claim is published.
    editor.goto(f"{desk.base}/claims/{pk}/")
    editor.click("#verdict button:has-text('Approve and publish')")
    editor.wait_for_selector("#verdict .published-verdict")
    desk.shot(editor, "05-published")
    public_path = editor.get_attribute(".published-verdict a:has-text('public page')", "href")

    # 10. The public page, with no login: verdict, evidence and ClaimReview JSON-LD.
    visitor = desk.page_as(None)
    visitor.goto(desk.base + public_path)
    assert "Mostly false" in visitor.inner_text(".badge.rating")
    assert "24 percent" in visitor.inner_text(".conclusion")
    document = json.loads(visitor.inner_text("script[type='application/ld+json']"))
    review = document if document.get("@type") == "ClaimReview" else document["@graph"][0]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert (
        "40 percent" in review["itemReviewed"]["text"]
        if "text" in review.get("itemReviewed", {})
        else True
    )
    desk.shot(visitor, "06-public")

    # 11. Export the published queue as ClaimReview; the file downloads.
    editor.goto(desk.base + "/?queue=published")
    editor.select_option("#export-format", "claimreview")
    with editor.expect_download() as info:  # a small export streams at once
        editor.click("#export-form button:has-text('Export')")
    assert info.value.suggested_filename.endswith(".json")
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    reviews = exported["dataFeedElement"]
    assert [r["claimReviewed"] for r in reviews] == [
        "Harbour city cut emissions by 40 percent since 2015"
    ]
    assert reviews[0]["reviewRating"]["alternateName"] == "Mostly false"

    # 12. A correction: the editor opens it for the reviewer, who writes it; the editor approves.
    editor.goto(f"{desk.base}/claims/{pk}/")
    editor.select_option("#correction-assignee", label="reviewer")
    editor.click("button:has-text('Open a correction')")
    editor.wait_for_selector(".badge.correction")
    reviewer.goto(f"{desk.base}/claims/{pk}/")
    reviewer.fill("#id_conclusion", "The inventory reports a 26 percent cut since 2015, not 40.")
    reviewer.fill("#id_correction_note", "We misread the inventory: the cut is 26 percent, not 24.")
    reviewer.click("button:has-text('Submit for approval')")
    reviewer.wait_for_selector("#verdict .badge.verdict-submitted")
    editor.goto(f"{desk.base}/claims/{pk}/")
    editor.click("#verdict button:has-text('Approve and publish')")
    editor.wait_for_selector("#verdict .earlier")

    visitor.goto(desk.base + public_path)
    assert "26 percent" in visitor.inner_text(".conclusion")
    assert "misread the inventory" in visitor.inner_text(".corrections")
    desk.shot(visitor, "07-public-corrected")


@pytest.mark.parametrize("width", [390])
def test_claim_page_on_a_phone(desk: Any, width: int) -> None:
    """The claim page's three columns fold into one and nothing overflows sideways."""
    reviewer = desk.page_as("reviewer")
    reviewer.set_viewport_size({"width": width, "height": 844})
    reviewer.click("a:has-text('New claim')")
    reviewer.fill(
        "#id_text", "The harbour district's flood insurance premiums tripled in five years."
    )
    reviewer.click("form button[type=submit]:has-text('Add claim')")
    reviewer.wait_for_selector("#claim-heading", state="attached")
    overflow = reviewer.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    desk.shot(reviewer, "phone-claim")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"
