"""Claim matching at the doors, in a real browser against the desk under gunicorn: a reviewer
types a claim the desk has already checked, in other words, and sees the fact-check appear
beside the form with its rating; pastes a report that repeats it and finds the proposal
marked "Already checked", expandable to every match. Where the decision views exist (the
appearances branch), "Same claim" on a proposal's suggestion records it and unticks the
proposal, which now says it is an appearance of that claim."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from claims.matching import services
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

from .conftest import E2E

pytestmark = E2E
CHECKED = "China is on track to be the first country to meet its climate and net-zero commitments."
REPORT = "\n\n".join(
    [
        "BEIJING, Nov 3 (Desk Wire) - Officials said that China is on track to be the first "
        "country to meet its climate and net-zero commitments.",
        "Ravshan Karimov, an economist at the Tajik Academy of Sciences, said that hydropower "
        "gives the country more than 90 percent of its electricity.",
        "The summit closes on Wednesday.",
    ]
)


def _decisions_exist() -> bool:
    try:
        reverse("claims:match-same")
    except NoReverseMatch:
        return False
    return True


def test_suggestions_at_the_claim_form_and_the_proposals(desk: Any) -> None:
    people = {user.username: user for user in get_user_model().objects.all()}
    verdict = wf.published(people["reviewer"], people["editor"], text=CHECKED)
    other = ClaimFactory(text="Dushanbe airport's new terminal runs on wind and solar power.")
    services.claims_embed(claim_ids=[verdict.claim_id, other.pk])
    page = desk.page_as("reviewer")

    # 1. The claim form: typing (not pasting) a reworded claim; the panel follows.
    page.goto(desk.base + "/claims/new/")
    assert "As you type the claim" in page.locator("#claim-suggestions").inner_text()
    page.locator("#id_text").press_sequentially(
        "Beijing will be the first nation to meet its net-zero pledges", delay=20
    )
    first = page.locator("#claim-suggestions .suggestion").first
    first.wait_for()
    text = first.inner_text()
    assert CHECKED in text and "False" in text
    assert first.locator(f"a[href='/claims/{verdict.claim_id}/']").count() == 1
    assert page.locator("#claim-suggestions").get_attribute("aria-live") == "polite"
    desk.shot(page, "01-claim-form-suggestions")
    # Cleared, the panel says there is nothing to compare with, never an error.
    page.locator("#id_text").fill("🙂")
    page.locator("#claim-suggestions:has-text('Nothing on the desk says the same yet')").wait_for()

    # 2. Proposals from a report that repeats the fact-check.
    page.goto(desk.base + "/claims/from-article/")
    page.fill("#id_text", REPORT)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/candidates/")
    item = page.locator("li.candidate:has-text('first country to meet')")
    line = item.locator("details.candidate-matches > summary")
    assert line.inner_text().startswith("Already checked:")
    assert "False" in line.inner_text() and CHECKED in line.inner_text()
    line.click()
    assert item.locator(".suggestion").first.is_visible()
    desk.shot(page, "02-proposals-already-checked")

    if not _decisions_exist():
        return
    # 3. "Same claim": recorded as an appearance; the proposal is unticked and says so.
    item.locator("input[type=checkbox][name$='-keep']").check()
    item.locator(".suggestion").first.locator("button:has-text('Same claim')").click()
    item.locator("[data-appearance]:visible").wait_for()
    assert f"#{verdict.claim_id}" in item.locator("[data-appearance]").inner_text()
    assert not item.locator("input[type=checkbox][name$='-keep']").is_checked()
    assert "0 claims will be created." in page.locator("#triage-count").inner_text()
    desk.shot(page, "03-proposal-recorded-as-appearance")
