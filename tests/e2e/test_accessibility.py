"""Accessibility in a real browser: the desk's main pages pass axe-core's checks, and a reviewer
who uses only the keyboard can log in, find a claim, take it and add evidence, always seeing
where the focus is."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from claims.models import Claim
from reviews import demo
from reviews.models import Evidence, Verdict
from tests import factories

from .conftest import E2E

pytestmark = E2E

# What the focused element looks like: the test needs a visible ring on every stop.
FOCUS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    tag: e.tagName, id: e.id,
    name: e.getAttribute('name') || '', type: e.getAttribute('type') || '',
    text: (e.innerText || e.value || '').trim().slice(0, 80),
    // Inside a date field, the last stop is Chromium's calendar button, which draws its own ring.
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
      || (e.type === 'date' && !e.matches(':focus')),
  };
}"""


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return "\n".join(lines)


def _check(page: Any, axe: Axe, name: str) -> list[str]:
    results = axe.run(page, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    return [f"{name}: {_describe(violations)}"] if violations else []


def test_main_pages_pass_axe(desk: Any) -> None:
    demo.build_demo_desk(password=None)
    published = (
        Verdict.objects.filter(status=Verdict.Status.APPROVED).select_related("claim").first()
    )
    in_review = Claim.objects.filter(status=Claim.Status.IN_REVIEW).first()
    assert published and in_review
    axe = Axe()
    problems: list[str] = []

    editor = desk.page_as("editor")
    for name, path in [
        ("claims list", "/"),
        ("a queue", "/?queue=awaiting_approval"),
        ("search with no result", "/?q=zzzzqqq"),
        ("claim in review", f"/claims/{in_review.pk}/"),
        ("published claim", f"/claims/{published.claim_id}/"),
        ("new claim", "/claims/new/"),
        ("claims from an article", "/claims/from-article/"),
        ("import", "/claims/import/"),
        ("notifications", "/notifications/"),
        ("dashboard", "/dashboard/"),
    ]:
        editor.goto(desk.base + path)
        problems += _check(editor, axe, name)

    # A form sent back with errors is still accessible.
    editor.goto(desk.base + "/claims/new/")
    editor.fill("#id_text", "x")
    editor.fill("#id_appeared_on", "2999-01-01")
    editor.click("form button[type=submit]:has-text('Add claim')")
    editor.wait_for_selector(".errorlist")
    problems += _check(editor, axe, "new claim with errors")

    visitor = desk.page_as(None)
    for name, path in [
        ("login", "/accounts/login/"),
        ("public index", "/fact-checks/"),
        ("public fact-check", f"/fact-checks/{published.claim_id}/"),
    ]:
        visitor.goto(desk.base + path)
        problems += _check(visitor, axe, name)
    assert not problems, "\n".join(problems)


def _tab_to(page: Any, wanted: Any, *, limit: int = 120, backwards: bool = False) -> dict[str, Any]:
    """Press Tab until `wanted(focus)` holds; every stop on the way must show a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focus = page.evaluate(FOCUS)
        assert focus["tag"] == "BODY" or focus["ring"], f"no visible focus on {focus}"
        if wanted(focus):
            return focus
    raise AssertionError(f"Tab never reached the element after {limit} presses")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}])
def test_a_reviewer_using_only_the_keyboard(desk: Any, viewport: dict[str, int]) -> None:
    claim = factories.ClaimFactory(
        text="The harbour district's flood insurance premiums tripled in five years.",
        language="en",
    )
    page = desk.browser.new_context(viewport=viewport).new_page()
    desk.contexts.append(page.context)
    desk.watcher.attach(page)

    # Log in.
    page.goto(desk.base + "/accounts/login/")
    _tab_to(page, lambda f: f["id"] == "id_username")
    page.keyboard.type("reviewer")
    _tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url(desk.base + "/")

    # The skip link comes first and lands in the content.
    focus = _tab_to(page, lambda f: True, limit=1)
    assert "Skip to content" in focus["text"]

    # Filter the list from the keyboard: the table follows.
    _tab_to(page, lambda f: f["id"] == "id_q")
    page.keyboard.type("flood insurance")
    page.wait_for_selector(f"#claim-table a[href='/claims/{claim.pk}/']")
    _tab_to(page, lambda f: "flood insurance" in f["text"].lower() and f["tag"] == "A")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{desk.base}/claims/{claim.pk}/")

    # Take the claim.
    _tab_to(page, lambda f: f["text"] == "Take this claim")
    page.keyboard.press("Enter")
    page.wait_for_selector(".badge.status-in_review")

    # Open "Add evidence", fill it, choose a stance with the arrow keys, send it.
    _tab_to(page, lambda f: f["tag"] == "SUMMARY" and "Add evidence" in f["text"])
    page.keyboard.press("Enter")
    _tab_to(page, lambda f: f["name"] == "url")
    page.keyboard.type("https://example.org/insurance-premiums-2025")
    _tab_to(page, lambda f: f["name"] == "title")
    page.keyboard.type("Premiums by district, 2020-2025")
    _tab_to(page, lambda f: f["name"] == "stance")
    page.keyboard.press("Space")  # the first choice: supports
    page.keyboard.press("ArrowDown")  # move to refutes
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Add evidence")
    page.keyboard.press("Enter")
    page.wait_for_selector("#evidence .evidence-label:has-text('E1')")
    item = Evidence.objects.get(claim=claim)
    assert item.stance == Evidence.Stance.REFUTES and item.title.startswith("Premiums")

    # After the swap, the keyboard can carry on from the evidence panel.
    _tab_to(page, lambda f: (f["text"] == "Edit" and f["tag"] == "A") or f["tag"] == "BUTTON")
    desk.shot(page, "keyboard-after-evidence")
