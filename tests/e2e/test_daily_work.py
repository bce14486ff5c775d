"""A day's work as an editor meets it, in a real browser: a notification that leads to the
verdict waiting for them, the approval queue that says what was proposed and since when, a
preview of the public page before approving, the public page as readers and link cards see it,
bulk dismissal from the list with a message that leaves on its own, and the keyboard shortcuts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

from .conftest import E2E

pytestmark = E2E


def _users() -> dict[str, Any]:
    return {user.username: user for user in get_user_model().objects.all()}


def test_an_editor_from_notification_to_published_page(desk: Any) -> None:
    people = _users()
    verdict = wf.submitted(people["reviewer"], text="Tashkent has 400 public car chargers.")
    claim_url = f"/claims/{verdict.claim_id}/"
    editor = desk.page_as("editor")

    # 1. Told, not left to watch the queue; the notice leads to the decision.
    assert editor.locator(".unread-count").inner_text() == "1"
    editor.click("nav >> text=Notifications")
    notice = editor.locator("ol.notifications li").first
    assert "submitted a verdict for your approval" in notice.inner_text()
    notice.locator("a").first.click()
    editor.wait_for_url(f"**{claim_url}#verdict")
    assert editor.locator(".unread-count").count() == 0  # opening the claim read it
    desk.shot(editor, "01-claim-from-notification")

    # 2. The approval queue: the proposal, who sent it, since when.
    editor.goto(desk.base + "/?queue=awaiting_approval")
    row = editor.locator("table.claims tbody tr").first
    text = row.inner_text()
    assert "Tashkent has 400 public car chargers." in text
    assert "Proposed:" in text and "False" in text and "by reviewer" in text
    age = row.locator("time.age")
    assert age.get_attribute("data-age") is not None  # written as "… ago" / "now"
    assert editor.locator("select[name=sort]").input_value() == "waiting"
    desk.shot(editor, "02-approval-queue")

    # 3. The public page before approving, then approve.
    editor.goto(desk.base + claim_url)
    editor.click("text=Preview the public page")
    assert "readers do not see this page" in editor.locator(".preview-banner").inner_text()
    assert editor.locator("h2:has-text('How we checked')").count() == 1
    desk.shot(editor, "03-preview")
    editor.goto(desk.base + claim_url)
    editor.click("button:has-text('Approve and publish')")
    editor.wait_for_selector(".published-verdict")

    # 4. What readers and link cards see.
    reader = desk.page_as(None)
    reader.goto(desk.base + f"/fact-checks/{verdict.claim_id}/")
    for heading in ("Our conclusion", "How we checked", "Evidence"):
        assert reader.locator(f"h2:has-text('{heading}')").count() == 1, heading
    card = reader.locator("meta[property='og:title']").get_attribute("content")
    assert card == f"False: {verdict.summary}"
    assert reader.locator("meta[name='twitter:card']").get_attribute("content") == "summary"
    desk.shot(reader, "04-public-page")


def test_bulk_dismissal_and_shortcuts_on_the_list(desk: Any) -> None:
    first = ClaimFactory(text="An opinion about the weather in spring.")
    second = ClaimFactory(text="Another opinion about public art.")
    editor = desk.page_as("editor")
    editor.goto(desk.base + "/?queue=unassigned")
    assert editor.locator("#bulk-assignee").input_value() == ""  # nobody preselected
    for claim in (first, second):
        editor.check(f"input[name=claims][value='{claim.pk}']")
    assert editor.locator("[data-bulk-count]").inner_text() == "2 selected"
    editor.fill("#bulk-note", "Opinions, nothing to check")
    editor.click("button:has-text('Dismiss')")  # the confirmation is accepted
    message = editor.locator("#messages .message-success")
    assert "Dismissed 2 as not check-worthy." in message.inner_text()
    desk.shot(editor, "05-bulk-dismissed")
    message.wait_for(state="detached", timeout=10_000)  # it leaves on its own

    editor.goto(desk.base + "/")
    editor.keyboard.press("/")
    assert editor.evaluate("document.activeElement.name") == "q"
    editor.keyboard.press("Tab")  # out of the field: shortcuts work again
    editor.locator("body").click(position={"x": 5, "y": 300})
    editor.keyboard.press("j")
    assert editor.evaluate("document.activeElement.classList.contains('clamp')")
    assert editor.locator("tr.is-current").count() == 1
    editor.keyboard.press("?")
    dialog = editor.locator("#shortcuts-help")
    assert dialog.is_visible()
    assert "Next claim in the list" in dialog.inner_text()
    desk.shot(editor, "06-shortcuts")
    editor.keyboard.press("Escape")
    assert not dialog.is_visible()
