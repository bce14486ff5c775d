"""Evidence the desk can vouch for at approval time, and a verdict form that helps, in a real
browser against gunicorn and a real worker.

The evidence pages live on the fixture HTTP server: one answers slowly (the reviewer sees the
snapshot waiting, then archived, without a reload), one sends the desk round in circles until
it is fixed (the snapshot fails in plain words, Retry takes it again). The editor is warned
about cited evidence not archived, sees the warning follow the snapshots, approves anyway, and
the activity records it. The reviewer drafts with a live count, a preview rendered by the
server, growing textareas and a checklist that follows the typing; without JavaScript the
preview and the retry still work as plain forms.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from claims.models import AuditEvent
from reviews import services
from reviews.models import Evidence, Verdict
from tests import processes
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

from .conftest import E2E

pytestmark = E2E

ARTICLE = "/en/news/tajikistan/economic/20250512/dushanbe-to-launch-20-smart-city-projects"
LOOP = "/evidence/moved-in-circles"
SLOW = "/evidence/slow-register"


def _page(path: str, *, delay: float = 0.0, repeat: int | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "request": {"path": path},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "text/html; charset=UTF-8"},
            "body_file": "pagemeta/article/article.html",
        },
        "delay": delay,
    }
    if repeat is not None:
        spec["repeat"] = repeat
    return spec


def _archive(fixture_http: Any) -> None:
    """The Wayback Machine's index has a copy of every page asked about."""
    fixture_http.add(
        {
            "request": {"path": "/cdx/search/cdx", "query": {"url": "*"}},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "text/plain"},
                "json": [
                    ["timestamp", "original", "statuscode"],
                    ["20250513080211", "https://www.asiaplustj.info/x", "200"],
                ],
            },
        }
    )


def _broken_then_fixed(fixture_http: Any) -> None:
    """A page that redirects to itself (the desk gives up after 5 redirects: six requests),
    and answers properly once that is used up."""
    fixture_http.add({"request": {"path": LOOP}, "response": {"redirect": LOOP}, "repeat": 6})
    fixture_http.add(_page(LOOP, delay=1.5))


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def _claim_in_review(text: str) -> Any:
    claim = ClaimFactory(text=text)
    services.claim_take(actor=_user("reviewer"), claim_id=claim.pk)
    return claim


def _add(claim: Any, url: str) -> Evidence:
    return services.evidence_add(
        actor=_user("reviewer"),
        claim_id=claim.pk,
        fields=services.EvidenceFields(url=url, stance="refutes", title="Register of projects"),
    )


def _snapshot(evidence: Evidence, status: str, timeout: float = 30) -> Evidence:
    return processes.wait_until(
        lambda: Evidence.objects.filter(pk=evidence.pk, snapshot_status=status).first(),
        timeout=timeout,
        what=f"the snapshot of {evidence.label} to be {status}",
    )


def _add_by_hand(page: Any, url: str, stance: str) -> None:
    if page.get_attribute("#evidence details.add-evidence", "open") is None:
        page.click("#evidence details.add-evidence > summary")
    page.fill("#evidence-form [name=url]", url)
    page.check(f"#evidence-form [name=stance][value={stance}]")
    page.click("#evidence-form button:has-text('Add evidence')")


def _mark_page(page: Any) -> None:
    """A mark that a reload would wipe: tests check that updates came without one."""
    page.evaluate("window.__notReloaded = true")


def _not_reloaded(page: Any) -> bool:
    return bool(page.evaluate("window.__notReloaded === true"))


def test_snapshot_states_update_live_and_a_failed_one_is_retried(
    desk: Any, fixture_http: Any
) -> None:
    _archive(fixture_http)
    fixture_http.add(_page(SLOW, delay=3))
    _broken_then_fixed(fixture_http)
    claim = _claim_in_review("Dushanbe will launch 20 smart-city projects this year.")
    reviewer = desk.page_as("reviewer")
    reviewer.goto(f"{desk.base}/claims/{claim.pk}/")
    _mark_page(reviewer)

    # A slow page: the item says it is waiting, then what was archived, with no reload.
    _add_by_hand(reviewer, fixture_http.url + SLOW, "refutes")
    first = reviewer.locator("#evidence-1 .snapshot")
    first.locator(".badge:has-text('Waiting')").wait_for()
    assert "fetching this page" in first.inner_text()
    desk.shot(reviewer, "01-snapshot-waiting")
    first.locator(".badge:has-text('Archived')").wait_for(timeout=30_000)
    evidence = Evidence.objects.get(claim=claim, number=1)
    text = first.inner_text()
    assert "Snapshot taken" in text and evidence.content_sha256[:12] in text
    link = first.locator("a:has-text('archived copy')")
    assert link.get_attribute("href").startswith("https://web.archive.org/web/20250513080211/")
    assert first.get_attribute("hx-trigger") is None  # the polling stopped

    # A page that redirects in circles: failed, said plainly, and a Retry.
    _add_by_hand(reviewer, fixture_http.url + LOOP, "context")
    second = reviewer.locator("#evidence-2 .snapshot")
    second.locator(".badge:has-text('Not archived')").wait_for(timeout=30_000)
    assert "too many redirects" in second.inner_text()
    desk.shot(reviewer, "02-snapshot-failed")
    second.locator("button:has-text('Retry')").click()
    reviewer.locator("#evidence-2 .snapshot .badge:has-text('Waiting')").wait_for()
    reviewer.locator("#evidence-2 .snapshot .badge:has-text('Archived')").wait_for(timeout=30_000)
    assert "asked for the snapshot of E2 again" in reviewer.inner_text("#timeline")
    assert _not_reloaded(reviewer)
    desk.shot(reviewer, "03-snapshot-retried")
    assert AuditEvent.objects.filter(claim=claim, verb="snapshot_retried").count() == 1


def test_the_editor_is_warned_about_evidence_not_archived_and_approval_records_it(
    desk: Any, fixture_http: Any
) -> None:
    _archive(fixture_http)
    fixture_http.add(_page(SLOW, delay=8))
    fixture_http.add({"request": {"path": LOOP}, "response": {"redirect": LOOP}})
    claim = _claim_in_review("Dushanbe has more than 20 smart-city projects running.")
    slow, broken = _add(claim, fixture_http.url + SLOW), _add(claim, fixture_http.url + LOOP)
    reviewer = _user("reviewer")
    draft = services.verdict_save_draft(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=None,
        fields=services.VerdictFields(
            rating=wf.rating("Mostly false"),
            summary="Dushanbe runs more than 20 smart-city projects",
            conclusion="The register lists 12 projects, not 20.",
            rationale="The register [E1] lists 12; the ministry's page [E2] says the same.",
        ),
    )
    services.verdict_submit(actor=reviewer, verdict_id=draft.pk, expected_version=draft.version)
    _snapshot(broken, "failed")

    editor = desk.page_as("editor")
    editor.goto(f"{desk.base}/claims/{claim.pk}/")
    _mark_page(editor)
    warning = editor.locator("#approval-box .archive-warning")
    assert "E1 is not archived yet (waiting)." in warning.inner_text()
    assert "E2 could not be archived: The address sends us round too many redirects" in (
        warning.inner_text()
    )
    desk.shot(editor, "04-approval-warning")

    # E1's snapshot lands while the editor reads: the warning follows, without a reload.
    editor.locator("#approval-box li:has-text('E1 is not archived')").wait_for(
        state="detached", timeout=30_000
    )
    assert _snapshot(slow, "done").archive_url
    assert "E2 could not be archived" in warning.inner_text()
    assert _not_reloaded(editor)

    # Approving still works (the confirmation is accepted); the activity says what was missing.
    editor.click("#approval-box button:has-text('Approve and publish')")
    editor.wait_for_selector("#verdict .published-verdict")
    assert "Approved with cited evidence not archived: E2" in editor.inner_text("#timeline")
    desk.shot(editor, "05-approved-with-gap")
    event = AuditEvent.objects.get(claim=claim, verb="verdict_approved")
    assert event.details["unarchived"] == ["E2"]


def test_the_verdict_form_counts_previews_grows_and_checks_as_you_type(
    desk: Any, fixture_http: Any
) -> None:
    _archive(fixture_http)
    fixture_http.add(_page(ARTICLE, repeat=None))
    claim = _claim_in_review("Dushanbe will launch 20 smart-city projects this year.")
    _add(claim, fixture_http.url + ARTICLE)
    reviewer = desk.page_as("reviewer")
    reviewer.goto(f"{desk.base}/claims/{claim.pk}/")
    checklist = reviewer.locator("#verdict-checklist")

    def missing() -> str:
        return checklist.locator("ul").inner_text()

    assert "Choose a rating." in missing() and "Write the rationale." in missing()
    assert "Add at least one evidence item" not in missing()

    # The claim as checked: a live count against the 75-character limit.
    count = reviewer.locator("#summary-count")
    count.wait_for()  # shown by desk.js
    assert count.inner_text() == "0 of 75 characters"
    reviewer.locator("#id_summary").press_sequentially("Dushanbe launches 20 projects", delay=5)
    assert count.inner_text() == "29 of 75 characters"
    assert "Say in a few words" not in missing()
    reviewer.fill("#id_summary", "x" * 70)
    reviewer.locator("#id_summary").press_sequentially("yyyyyyyy", delay=5)  # 78 typed
    assert count.inner_text() == "75 of 75 characters"  # the field stops at the limit
    assert "near" in (count.get_attribute("class") or "")
    reviewer.fill("#id_summary", "")
    reviewer.locator("#id_summary").press_sequentially(
        "Dushanbe will launch 20 smart-city projects", delay=5
    )

    reviewer.check("#verdict-form label:has-text('Mostly false') input")
    assert "Choose a rating." not in missing()

    # The rationale: previewed as the public page renders it, checked for its citations.
    rationale = reviewer.locator("#id_rationale")
    rows_before = int(rationale.get_attribute("rows") or 0)
    rationale.press_sequentially(
        "The **register** lists 12 [E2]. <script>alert('x')</script>", delay=5
    )
    reviewer.wait_for_selector("#rationale-preview strong:has-text('register')")
    preview = reviewer.locator("#rationale-preview")
    assert preview.locator("script").count() == 0
    assert "<script>alert('x')</script>" in preview.inner_text()  # shown as text
    assert "The rationale cites evidence that does not exist: E2." in missing()
    desk.shot(reviewer, "06-form-cites-missing-evidence")

    # Adding E2 (the evidence panel changes, not the verdict's) settles the checklist.
    _add_by_hand(reviewer, fixture_http.url + ARTICLE + "?copy=2", "context")
    reviewer.wait_for_selector("#evidence .evidence-label:has-text('E2')")
    reviewer.locator("#verdict-checklist li:has-text('does not exist')").wait_for(state="detached")
    link = preview.locator("a:has-text('E2')")
    assert link.get_attribute("href") == "#evidence-2"

    # A long rationale: the box grows with it instead of scrolling.
    for line in range(14):
        rationale.press("Enter")
        rationale.press_sequentially(f"Line {line}: the register's entry [E1].", delay=1)
    grown = rationale.evaluate("e => [e.rows, e.scrollHeight - e.clientHeight]")
    assert grown[0] > rows_before and grown[1] <= 1, grown

    assert checklist.locator("ul li").all_inner_texts() == ["Write the conclusion."]
    reviewer.locator("#id_conclusion").press_sequentially("The register lists 12.", delay=5)
    checklist.locator(".checklist-ready").wait_for()
    assert checklist.locator("ul li").count() == 0
    desk.shot(reviewer, "07-form-ready")

    # Autosave kept working all along; the server agrees and takes the submission.
    reviewer.wait_for_selector("#autosave-status:has-text('Draft saved at')")
    processes.wait_until(
        lambda: Verdict.objects.filter(claim=claim, conclusion="The register lists 12.").first(),
        timeout=20,
        what="the autosave of the conclusion",
    )
    reviewer.click("button:has-text('Submit for approval')")
    reviewer.wait_for_selector("#verdict .badge.verdict-submitted")


def test_without_javascript_the_preview_and_the_retry_are_plain_forms(
    desk: Any, fixture_http: Any
) -> None:
    fixture_http.add({"request": {"path": LOOP}, "response": {"redirect": LOOP}})
    claim = _claim_in_review("Dushanbe will launch 20 smart-city projects this year.")
    _snapshot(_add(claim, fixture_http.url + LOOP), "failed")
    context = desk.browser.new_context(java_script_enabled=False)
    desk.contexts.append(context)
    page = context.new_page()
    desk.watcher.attach(page)
    page.goto(desk.base + "/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", processes.LIVE_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(desk.base + "/")
    page.goto(f"{desk.base}/claims/{claim.pk}/")

    assert page.locator("#summary-count").is_hidden()  # the count needs JavaScript
    page.fill("#id_summary", "Dushanbe will launch 20 smart-city projects")
    page.fill("#id_rationale", "The register [E1] lists *twelve*.")
    page.click("#verdict-form button:has-text('Preview')")
    assert page.locator("#rationale-preview em").inner_text() == "twelve"
    assert page.input_value("#id_summary") == "Dushanbe will launch 20 smart-city projects"
    assert page.input_value("#id_rationale") == "The register [E1] lists *twelve*."
    assert not Verdict.objects.filter(claim=claim).exists()  # a preview saves nothing
    desk.shot(page, "08-no-js-preview")

    page.click("#evidence-1 button:has-text('Retry')")
    page.wait_for_selector("#messages:has-text('taking the snapshot of E1 again')")
    assert page.url.endswith(f"/claims/{claim.pk}/#evidence-1")
    assert "asked for the snapshot of E1 again" in page.inner_text("#timeline")
    assert AuditEvent.objects.filter(claim=claim, verb="snapshot_retried").count() == 1
