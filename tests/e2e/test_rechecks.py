"""Re-checks in a real browser: the review-by date suggested for a prediction on the verdict
form, a published claim whose review-by date came in the "Due for re-check" queue, an editor
answering "still holds" (htmx), and readers seeing the dated re-check and the new expiry."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.exports import claimreview
from reviews.models import Verdict
from reviews.services import rechecks
from tests.reviews import workflow as wf

from .conftest import E2E

pytestmark = E2E
PREDICTION = "The city will run 500 electric buses by 2031, the mayor promised."


def _users() -> dict[str, Any]:
    return {user.username: user for user in get_user_model().objects.all()}


def test_a_due_claim_is_re_checked_and_readers_see_it_still_holds(desk: Any) -> None:
    people = _users()
    today = timezone.localdate()

    # 1. The reviewer drafting a verdict on a prediction is offered the date it names.
    drafting = wf.in_review(people["reviewer"], text=PREDICTION)
    reviewer = desk.page_as("reviewer")
    reviewer.goto(desk.base + f"/claims/{drafting.pk}/#verdict")
    assert reviewer.locator("input[name=review_by]").input_value() == "2031-12-31"
    hint = reviewer.locator("#review-by-suggestion").inner_text()
    assert "suggested review-by date 31 December 2031" in hint
    desk.shot(reviewer, "01-verdict-form-review-by")

    # 2. A published claim whose review-by date has come enters the queue.
    verdict = wf.published(people["reviewer2"], people["editor"], text=PREDICTION)
    Verdict.objects.filter(pk=verdict.pk).update(review_by=today)
    assert rechecks.rechecks_open_due(today=today) == [verdict.claim_id]

    editor = desk.page_as("editor")
    editor.click("nav >> text=Re-checks")
    editor.wait_for_selector("h1:has-text('Due for re-check')")
    row = editor.locator(f"#recheck-{verdict.claim.rechecks.get().pk}")
    text = row.inner_text()
    assert PREDICTION in text and "False" in text
    assert f"review-by date {today.isoformat()} reached" in text
    assert "Due since" in text
    desk.shot(editor, "02-queue")

    # 3. A next review-by date in the past is refused next to the field, then "still holds".
    row.locator("input[name=next_review_by]").fill(today.isoformat())
    row.locator("button:has-text('Still holds')").click()
    editor.wait_for_selector("text=Choose a day after today, or leave it empty.")
    desk.shot(editor, "03-refused-date")
    next_day = today + timedelta(days=180)
    row.locator("input[name=next_review_by]").fill(next_day.isoformat())
    row.locator("button:has-text('Still holds')").click()
    editor.wait_for_selector(".recheck-outcome")
    outcome = row.locator(".recheck-outcome").inner_text()
    assert f"Re-checked on {today:%-d %B %Y}: still holds." in outcome
    assert f"Next review by {next_day:%-d %B %Y}." in outcome
    desk.shot(editor, "04-still-holds")

    # 4. Readers see the dated re-check; ClaimReview expires on the next review-by date.
    reader = desk.page_as(None)
    reader.goto(desk.base + claimreview.public_path(verdict.claim_id, verdict.summary))
    assert (
        f"Re-checked on {today:%-d %B %Y}: still holds."
        in reader.locator(".recheck-held").inner_text()
    )
    block = reader.locator("script[type='application/ld+json']").text_content()
    assert json.loads(block or "{}")["expires"] == next_day.isoformat()
    desk.shot(reader, "05-public-page")

    # 5. The claim's timeline records the re-check.
    editor.goto(desk.base + f"/claims/{verdict.claim_id}/")
    timeline = editor.locator("#timeline, .timeline").first.inner_text()
    assert "re-checked the verdict: it still holds" in timeline
    desk.shot(editor, "06-claim-timeline")


def test_a_changed_source_sends_the_claim_to_correction(desk: Any) -> None:
    people = _users()
    verdict = wf.published(people["reviewer"], people["editor"], text=PREDICTION)
    reason = {
        "kind": "lookup",
        "key": "worldbank:EN.GHG.CO2.MT.CE.AR5:CHN",
        "label": "World Bank, CO2 emissions (China)",
        "old": "12,667 Mt CO2e (2022)",
        "new": "13,260 Mt CO2e (2023)",
        "text": "World Bank, CO2 emissions (China): 12,667 Mt CO2e (2022) → 13,260 Mt CO2e (2023)",
    }
    recheck = rechecks.recheck_open(claim_id=verdict.claim_id, reasons=[reason])
    assert recheck is not None

    editor = desk.page_as("editor")
    editor.goto(desk.base + "/rechecks/")
    row = editor.locator(f"#recheck-{recheck.pk}")
    assert "12,667 Mt CO2e (2022) → 13,260 Mt CO2e (2023)" in row.inner_text()
    row.locator("select[name=assignee]").select_option(label="reviewer")
    row.locator("button:has-text('Needs correction')").click()
    editor.wait_for_url(f"**/claims/{verdict.claim_id}/#verdict")
    assert "Correction opened" in editor.locator("#messages").inner_text()
    assert "Correction of version 1" in editor.locator("#verdict").inner_text()
    desk.shot(editor, "01-correction-opened")
