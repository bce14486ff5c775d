"""The claim page's htmx panels: evidence, verdict drafting and autosave, decisions,
corrections, dismissal, discussion. Fragments are asked for with the HX-Request header."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
        same = {
            "rating": verdict.rating_id,
            "summary": verdict.summary,
            "conclusion": verdict.conclusion,
            "rationale": verdict.rationale,
            "version": verdict.version - 1,
        }
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
