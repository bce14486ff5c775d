"""The claim page's htmx panels: evidence, verdict drafting and autosave, decisions,
corrections, dismissal, discussion. Fragments are asked for with the HX-Request header."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import Claim
from reviews.models import Comment, Evidence, Verdict
from tests.conftest import HTMX
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db


def evidence_form(**overrides):
    data = {
        "url": "https://stats.example.org/smart-cities",
        "title": "Register of smart-city projects",
        "publisher": "Ministry of Digital Development",
        "published_on": "2026-09-01",
        "quote": "Twelve projects were registered by September.",
        "stance": "refutes",
        "note": "Official register.",
    }
    data.update(overrides)
    return data


def draft_form(claim, **overrides):
    working = claim.verdicts.working().first()
    data = {
        "rating": wf.rating("Mostly false").pk,
        "summary": "Tajikistan runs more than 20 smart-city projects",
        "conclusion": "The register lists 12.",
        "rationale": "The register [E1] lists **12** projects.",
        "version": working.version if working else "",
    }
    data.update(overrides)
    return data


class TestEvidence:
    def test_htmx_add_returns_the_panel_and_the_timeline(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        response = reviewer_client.post(
            reverse("reviews:evidence-add", args=[claim.pk]), evidence_form(), **HTMX
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith('<section id="evidence"')
        assert 'aria-labelledby="timeline-heading" hx-swap-oob="true"' in body
        assert "Register of smart-city projects" in body and "Refutes" in body
        assert "added by rita" in body and "added evidence E1" in body
        assert Evidence.objects.get().number == 1

    def test_plain_post_redirects_to_the_page(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        response = reviewer_client.post(
            reverse("reviews:evidence-add", args=[claim.pk]), evidence_form()
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"/claims/{claim.pk}/#evidence")

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("url", "", "This field is required."),
            ("url", "file:///etc/passwd", "Enter a valid URL."),
            ("stance", "maybe", "Select a valid choice."),
            ("published_on", "2999-01-01", "in the future"),
            ("quote", "x" * 5001, "at most 5000 characters"),
        ],
    )
    def test_bad_evidence_is_shown_and_typed_input_kept(
        self, reviewer, reviewer_client, field, value, message
    ):
        claim = wf.in_review(reviewer)
        response = reviewer_client.post(
            reverse("reviews:evidence-add", args=[claim.pk]),
            evidence_form(**{field: value}),
            **HTMX,
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert message in body
        assert "Ministry of Digital Development" in body  # what the user typed stays
        assert not Evidence.objects.exists()

    def test_use_as_evidence_prefills_the_form(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        response = reviewer_client.get(
            reverse("reviews:evidence-add", args=[claim.pk]),
            {"url": "https://en.wikipedia.org/wiki/Dushanbe", "title": "Dushanbe — Wikipedia"},
        )
        body = response.content.decode()
        assert 'value="https://en.wikipedia.org/wiki/Dushanbe"' in body
        assert 'value="Dushanbe — Wikipedia"' in body

    def test_edit_in_place_and_remove(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        (item,) = wf.add_evidence(claim, reviewer)
        url = reverse("reviews:evidence-edit", args=[item.pk])
        form = reviewer_client.get(url, **HTMX).content.decode()
        assert form.lstrip().startswith(f'<li id="evidence-{item.number}"')
        reviewer_client.post(url, evidence_form(title="Corrected title"), **HTMX)
        assert wf.reload(item).title == "Corrected title"
        page = reviewer_client.get(url)  # without htmx: a page of its own
        assert page.status_code == 200 and "<html" in page.content.decode()
        response = reviewer_client.post(reverse("reviews:evidence-remove", args=[item.pk]), **HTMX)
        assert "No evidence yet." in response.content.decode()
        assert not Evidence.objects.exists()


def as_submitted(verdict):
    """The form the author sent when they submitted `verdict` (the version before the submit)."""
    return {
        "rating": verdict.rating_id,
        "summary": verdict.summary,
        "conclusion": verdict.conclusion,
        "rationale": verdict.rationale,
        "version": verdict.version - 1,
    }


class TestDrafting:
    def test_autosave_answers_with_status_and_version_only(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        url = reverse("reviews:verdict-autosave", args=[claim.pk])
        first = reviewer_client.post(url, draft_form(claim), **HTMX).content.decode()
        assert 'id="autosave-status"' in first and "Draft saved at" in first
        assert 'id="verdict-version" value="1" hx-swap-oob="true"' in first
        assert "<form" not in first  # nothing the reviewer is typing gets replaced
        second = reviewer_client.post(url, draft_form(claim, conclusion="Twelve."), **HTMX)
        assert 'value="2" hx-swap-oob="true"' in second.content.decode()
        assert claim.verdicts.get().conclusion == "Twelve."

    def test_an_autosave_arriving_after_the_submission(
        self, reviewer, reviewer_client, reviewer2_client
    ):
        verdict = wf.submitted(reviewer)
        claim = verdict.claim
        url = reverse("reviews:verdict-autosave", args=[claim.pk])
        same = as_submitted(verdict)
        # What was submitted: nothing to do, and no error for the author to see.
        assert reviewer_client.post(url, same, **HTMX).status_code == 204
        # Typed after the click: said plainly, nothing is changed.
        late = reviewer_client.post(url, {**same, "conclusion": "Typed too late."}, **HTMX)
        assert (
            late.status_code == 409 and "submitted before your last change" in late.content.decode()
        )
        assert wf.reload(verdict).conclusion == verdict.conclusion
        # Anyone else is refused as before.
        assert reviewer2_client.post(url, same, **HTMX).status_code == 403

    def test_the_same_submission_twice_is_not_an_error(
        self, reviewer, reviewer_client, reviewer2_client
    ):
        verdict = wf.submitted(reviewer)
        claim = verdict.claim
        url = reverse("reviews:verdict-submit", args=[claim.pk])
        same = as_submitted(verdict)
        # A double click, or a retry after a lost answer: the author is told it is done.
        again = reviewer_client.post(url, same, follow=True)
        assert again.redirect_chain[-1][0] == claim.get_absolute_url()
        assert "already submitted for approval" in again.content.decode()
        assert wf.reload(verdict).version == verdict.version
        # Something different after the submission is refused, and nothing changes.
        changed = reviewer_client.post(url, {**same, "conclusion": "Typed too late."})
        assert changed.status_code == 403
        assert wf.reload(verdict).conclusion == verdict.conclusion
        # Anyone else is refused as before.
        assert reviewer2_client.post(url, same).status_code == 403

    def test_autosave_with_a_too_long_summary_saves_nothing(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        wf.draft(claim, reviewer)
        response = reviewer_client.post(
            reverse("reviews:verdict-autosave", args=[claim.pk]),
            draft_form(claim, summary="x" * 76, conclusion="Changed meanwhile."),
            **HTMX,
        )
        body = response.content.decode()
        assert "Not saved yet" in body and "at most 75 characters" in body
        verdict = claim.verdicts.get()
        assert verdict.conclusion == "The official register lists 12 projects."
        assert verdict.version == 1

    def test_a_rating_that_does_not_exist_is_refused(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        response = reviewer_client.post(
            reverse("reviews:verdict-save", args=[claim.pk]),
            draft_form(claim, rating=987654),
            **HTMX,
        )
        assert "Select a valid choice" in response.content.decode()
        assert not claim.verdicts.exists()

    def test_stale_save_is_a_conflict_that_keeps_the_text(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        wf.draft(claim, reviewer)
        stale = draft_form(claim)
        wf.draft(claim, reviewer, conclusion="Saved from another tab.")
        response = reviewer_client.post(
            reverse("reviews:verdict-save", args=[claim.pk]),
            {**stale, "conclusion": "My newer wording."},
            **HTMX,
        )
        body = response.content.decode()
        assert response.status_code == 409
        assert "changed after you opened it" in body
        assert "My newer wording." in body
        assert claim.verdicts.get().conclusion == "Saved from another tab."

    def test_submit_without_evidence_explains_and_keeps_the_draft(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        response = reviewer_client.post(
            reverse("reviews:verdict-submit", args=[claim.pk]), draft_form(claim), **HTMX
        )
        body = response.content.decode()
        assert "not ready to submit" in body and "Add at least one evidence item" in body
        assert claim.verdicts.get().status == Verdict.Status.DRAFT
        assert wf.reload(claim).status == Claim.Status.IN_REVIEW

    def test_submit_saves_and_sends_for_approval(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        wf.add_evidence(claim, reviewer)
        response = reviewer_client.post(
            reverse("reviews:verdict-submit", args=[claim.pk]), draft_form(claim), **HTMX
        )
        assert response["HX-Redirect"] == claim.get_absolute_url()
        assert wf.reload(claim).status == Claim.Status.AWAITING_APPROVAL
        page = reviewer_client.get(claim.get_absolute_url()).content.decode()
        assert "Waiting for an editor" in page
        assert "<strong>12</strong>" in page  # rationale rendered as Markdown


class TestDecisions:
    def test_editor_sees_the_verdict_beside_the_evidence_and_approves(
        self, reviewer, editor_client
    ):
        verdict = wf.submitted(reviewer)
        page = editor_client.get(verdict.claim.get_absolute_url()).content.decode()
        assert "Approve and publish" in page and "Request changes" in page
        assert "Report 0" in page  # the evidence, on the same page
        response = editor_client.post(
            reverse("reviews:verdict-approve", args=[verdict.pk]),
            {"version": verdict.version},
            **HTMX,
        )
        assert response["HX-Redirect"] == verdict.claim.get_absolute_url()
        assert wf.reload(verdict).status == Verdict.Status.APPROVED

    def test_request_changes_without_a_note_is_an_error_next_to_the_field(
        self, reviewer, editor_client
    ):
        verdict = wf.submitted(reviewer)
        response = editor_client.post(
            reverse("reviews:verdict-request-changes", args=[verdict.pk]),
            {"version": verdict.version, "note": ""},
            **HTMX,
        )
        assert response.status_code == 200
        assert 'id="id_note_error"' in response.content.decode()
        assert wf.reload(verdict).status == Verdict.Status.SUBMITTED

    def test_the_reviewer_sees_the_editors_note(self, reviewer, reviewer_client, editor_client):
        verdict = wf.submitted(reviewer)
        editor_client.post(
            reverse("reviews:verdict-request-changes", args=[verdict.pk]),
            {"version": verdict.version, "note": "Ask the ministry <please>."},
        )
        page = reviewer_client.get(verdict.claim.get_absolute_url()).content.decode()
        assert "eddie asked for changes" in page
        assert "Ask the ministry &lt;please&gt;." in page
        assert "Changes requested" in page

    def test_approving_a_stale_version_shows_a_conflict(self, reviewer, editor_client):
        verdict = wf.submitted(reviewer)
        response = editor_client.post(
            reverse("reviews:verdict-approve", args=[verdict.pk]),
            {"version": verdict.version - 1},
            **HTMX,
        )
        assert response.status_code == 409
        assert "changed after you opened it" in response.content.decode()
        assert wf.reload(verdict).status == Verdict.Status.SUBMITTED


def test_corrected_claim_shows_current_verdict_dated_note_and_earlier_version(
    reviewer, reviewer2, editor, editor_client
):
    original = wf.published(reviewer, editor)
    claim = original.claim
    editor_client.post(
        reverse("reviews:correction-open", args=[claim.pk]), {"assignee": reviewer2.pk}
    )
    draft = claim.verdicts.working().get()
    assert draft.author == reviewer2
    draft = wf.draft(
        claim,
        reviewer2,
        rating=wf.rating("Mostly false"),
        correction_note="The count is 12, not 10.",
    )
    from reviews import services

    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor, verdict_id=draft.pk, expected_version=draft.version)
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Published verdict" in page and "Mostly false" in page
    assert "Correction (" in page and "The count is 12, not 10." in page
    assert "1 earlier version" in page and "superseded by a correction" in page


def test_dismiss_form_errors_stay_in_the_panel(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("reviews:dismiss", args=[claim.pk]),
        {"reason": "duplicate", "version": claim.version},
        **HTMX,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="triage-panel">')
    assert "Give the number of the original claim." in body
    assert wf.reload(claim).status == Claim.Status.NEW
    other = ClaimFactory()
    editor_client.post(
        reverse("reviews:dismiss", args=[claim.pk]),
        {"reason": "duplicate", "duplicate_of": other.pk, "version": claim.version},
    )
    assert wf.reload(claim).duplicate_of == other


def test_comments_are_escaped_and_appended(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        reverse("reviews:comment-add", args=[claim.pk]),
        {"body": "<b>Call</b> the ministry"},
        **HTMX,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="comments"')
    assert "&lt;b&gt;Call&lt;/b&gt; the ministry" in body
    empty = reviewer_client.post(
        reverse("reviews:comment-add", args=[claim.pk]), {"body": "  "}, **HTMX
    )
    assert 'id="id_body_error"' in empty.content.decode()
    assert Comment.objects.count() == 1


class TestApprovalWarning:
    """An editor about to approve is told which cited evidence the desk holds no copy of."""

    def submitted(self, reviewer, rationale="The register [E1], the survey [E2], the map [E3]."):
        claim = wf.in_review(reviewer)
        _e1, e2, e3, _e4 = wf.add_evidence(claim, reviewer, n=4)
        Evidence.objects.filter(pk=e2.pk).update(
            snapshot_status="failed",
            snapshot_error="The site could not be reached just now. We tried 3 times.",
        )
        Evidence.objects.filter(pk=e3.pk).update(snapshot_status="done", http_status=200)
        # E4 is not cited: its snapshot (still owed) is no concern of this verdict.
        verdict = wf.draft(claim, reviewer, rationale=rationale)
        from reviews import services

        return services.verdict_submit(
            actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
        )

    def test_the_warning_names_the_items_and_approval_records_them(
        self, reviewer, reviewer_client, editor_client
    ):
        verdict = self.submitted(reviewer)
        page = editor_client.get(verdict.claim.get_absolute_url()).content.decode()
        assert "Not all the evidence this verdict cites is archived" in page
        assert "E1 is not archived yet (waiting)." in page
        assert "E2 could not be archived: The site could not be reached just now." in page
        assert "E3 is not" not in page and "E3 could not" not in page
        assert "E4 is not" not in page
        assert "although some of the evidence it cites is not archived?" in page  # the confirm
        # The author sees no decision controls, so no warning either.
        mine = reviewer_client.get(verdict.claim.get_absolute_url()).content.decode()
        assert "Not all the evidence" not in mine
        response = editor_client.post(
            reverse("reviews:verdict-approve", args=[verdict.pk]),
            {"version": verdict.version},
            **HTMX,
        )
        assert response["HX-Redirect"] == verdict.claim.get_absolute_url()  # approval goes on
        event = verdict.claim.events.get(verb="verdict_approved")
        assert event.details["unarchived"] == ["E1", "E2"]
        page = editor_client.get(verdict.claim.get_absolute_url()).content.decode()
        assert "Approved with cited evidence not archived: E1, E2" in page

    def test_the_warning_follows_the_snapshots(self, reviewer, editor_client, reviewer_client):
        verdict = self.submitted(reviewer)
        url = reverse("reviews:verdict-approval", args=[verdict.pk])
        box = editor_client.get(url, **HTMX).content.decode()
        assert box.lstrip().startswith('<div id="approval-box"')
        assert 'hx-trigger="evidence-snapshot-changed from:body"' in box
        assert "E1 is not archived yet" in box and "E2 could not be archived" in box
        Evidence.objects.filter(claim=verdict.claim, number__in=[1, 2]).update(
            snapshot_status="done", http_status=200, snapshot_error=""
        )
        box = editor_client.get(url, **HTMX).content.decode()
        assert "Not all the evidence" not in box
        assert (
            "Approve and publish" in box and 'hx-confirm="Approve and publish this verdict?"' in box
        )
        assert reviewer_client.get(url, **HTMX).status_code == 403  # the author decides nothing
        assert editor_client.get(url).status_code == 302  # without htmx: the claim page

    def test_approval_with_everything_archived_records_no_gap(self, reviewer, editor):
        verdict = self.submitted(reviewer, rationale="The map [E3] shows it.")
        from reviews import services

        services.verdict_approve(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
        )
        assert "unarchived" not in verdict.claim.events.get(verb="verdict_approved").details


class TestVerdictFormAids:
    def test_the_preview_renders_like_the_public_page(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        url = reverse("reviews:verdict-preview", args=[claim.pk])
        text = "**Twelve** projects [E1]. <script>alert(1)</script> [x](javascript:alert(1))"
        response = reviewer_client.post(url, {"rationale": text}, **HTMX)
        body = response.content.decode()
        assert response.status_code == 200
        assert "<strong>Twelve</strong>" in body
        assert '<a href="#evidence-1" rel="noopener noreferrer nofollow">E1</a>' in body
        assert "<script>" not in body and "&lt;script&gt;" in body
        assert 'href="javascript:' not in body  # left as text, never a link
        from reviews import markdown

        assert str(markdown.render(text)) in body  # the public page's own renderer
        assert "Nothing to preview yet." in reviewer_client.post(url, **HTMX).content.decode()
        assert not claim.verdicts.exists()  # a preview saves nothing

    def test_the_preview_is_limited_like_the_field_and_kept_to_the_drafter(
        self, reviewer, reviewer_client, reviewer2_client, editor_client
    ):
        claim = wf.in_review(reviewer)
        url = reverse("reviews:verdict-preview", args=[claim.pk])
        long = reviewer_client.post(url, {"rationale": "x" * 20_001}, **HTMX)
        assert long.status_code == 400
        assert "at most 20000 characters" in long.content.decode()
        assert reviewer2_client.post(url, {"rationale": "Mine"}, **HTMX).status_code == 403
        assert editor_client.post(url, {"rationale": "Mine"}, **HTMX).status_code == 403

    def test_without_javascript_preview_keeps_the_form_and_saves_nothing(
        self, reviewer, reviewer_client
    ):
        claim = wf.in_review(reviewer)
        data = draft_form(claim, rationale="A *careful* reading of [E1].")
        response = reviewer_client.post(reverse("reviews:verdict-preview", args=[claim.pk]), data)
        body = response.content.decode()
        assert response.status_code == 200 and "<html" in body
        assert 'value="Tajikistan runs more than 20 smart-city projects"' in body
        assert "A *careful* reading of [E1].</textarea>" in body
        assert "A <em>careful</em> reading of" in body
        assert not claim.verdicts.exists()
        # The checklist is that of what was typed (rating, summary, conclusion and rationale
        # are there): only the evidence is missing, which the citation also shows.
        checklist = body[body.index('id="verdict-checklist"') :]
        checklist = checklist[: checklist.index("</ul>")]
        assert checklist.count("<li ") == 2
        assert "Add at least one evidence item" in checklist
        assert "cites evidence that does not exist: E1." in checklist

    def test_the_form_carries_the_checklist_sentences_and_the_count(
        self, reviewer, reviewer_client
    ):
        claim = wf.in_review(reviewer)
        page = reviewer_client.get(claim.get_absolute_url()).content.decode()
        # Before any draft, the checklist is that of an empty verdict.
        assert '<li data-check="rating">Choose a rating.</li>' in page
        assert "Add at least one evidence item before submitting." in page
        assert (
            'data-msg-rationale-missing="The rationale cites evidence that does not exist: ' in page
        )
        assert 'data-msg-summary-long="At most 75 characters."' in page
        assert 'data-count-for="id_summary" data-max="75"' in page
        assert 'data-message="{count} of {max} characters"' in page
        assert f'hx-post="/claims/{claim.pk}/verdict/preview/"' in page
        assert "data-correction" not in page

    def test_a_complete_draft_says_it_is_ready(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        wf.add_evidence(claim, reviewer)
        wf.draft(claim, reviewer)
        page = reviewer_client.get(claim.get_absolute_url()).content.decode()
        assert '<p class="checklist-ready">Nothing is missing' in page
        assert "<li data-check" not in page


def test_dismissal_reasons_are_shown_in_the_readers_language(editor, editor_client):
    claim = ClaimFactory()
    editor_client.post(
        reverse("reviews:dismiss", args=[claim.pk]),
        {"reason": "not_check_worthy", "version": claim.version},
    )
    event = claim.events.get(verb="dismissed")
    assert event.details["reason"] == "Not check-worthy"  # the record stays in English
    # The request activates Russian for this thread; the override puts English back after.
    with translation.override("en"):
        editor_client.post(reverse("set_language"), {"language": "ru", "next": "/"})
        page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Не стоит проверки" in page and "Not check-worthy" not in page
