"""The review workflow as a state machine: every allowed transition with the audit event it
writes, every forbidden one with the message the user sees, and no partial writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import AuditEvent, Claim
from reviews import services
from reviews.models import Evidence, Notification, Verdict
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
S = Claim.Status


def last_event(claim: Claim) -> AuditEvent:
    return claim.events.order_by("-at", "-id").first()


def test_take_moves_new_to_in_review(reviewer):
    claim = ClaimFactory()
    services.claim_take(actor=reviewer, claim_id=claim.pk)
    claim = wf.reload(claim)
    assert (claim.status, claim.assignee, claim.version) == (S.IN_REVIEW, reviewer, 2)
    event = last_event(claim)
    assert (event.verb, event.from_state, event.to_state) == ("taken", "new", "in_review")


def test_a_taken_claim_cannot_be_taken_by_someone_else(reviewer, reviewer2):
    claim = wf.in_review(reviewer)
    with pytest.raises(services.WorkflowError, match="rita has already taken this claim"):
        services.claim_take(actor=reviewer2, claim_id=claim.pk)
    assert wf.reload(claim).assignee == reviewer


def test_editor_assigns_many_and_skips_what_cannot_be(editor, reviewer):
    open_claims = [ClaimFactory() for _ in range(3)]
    done = wf.published(reviewer, editor).claim
    assigned, skipped = services.claims_assign(
        actor=editor, claim_ids=[c.pk for c in open_claims] + [done.pk, 99999], assignee=reviewer
    )
    assert (assigned, skipped) == (3, 2)
    assert Claim.objects.filter(assignee=reviewer, status=S.IN_REVIEW).count() == 3
    assert Notification.objects.filter(recipient=reviewer, verb="assigned").count() == 3
    assert AuditEvent.objects.filter(verb="assigned").count() == 3


def test_reviewers_cannot_assign_and_outsiders_cannot_be_assigned(
    reviewer, reviewer2, editor, outsider
):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claims_assign(actor=reviewer, claim_ids=[claim.pk], assignee=reviewer2)
    with pytest.raises(services.WorkflowError, match="not a reviewer or editor"):
        services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=outsider)
    assert wf.reload(claim).assignee is None


def test_evidence_is_numbered_and_audited(reviewer):
    claim = wf.in_review(reviewer)
    first, second = wf.add_evidence(claim, reviewer, n=2)
    assert (first.label, second.label) == ("E1", "E2")
    services.evidence_remove(actor=reviewer, evidence_id=first.pk)
    (third,) = wf.add_evidence(claim, reviewer)
    assert third.label == "E3"  # numbers are never reused, so citations stay unambiguous
    verbs = list(claim.events.values_list("verb", flat=True))
    assert verbs.count("evidence_added") == 3 and "evidence_removed" in verbs


def test_only_the_assignee_or_an_editor_adds_evidence(reviewer, reviewer2, editor):
    claim = wf.in_review(reviewer)
    with pytest.raises(PermissionDenied):
        wf.add_evidence(claim, reviewer2)
    wf.add_evidence(claim, editor)
    assert claim.evidence.count() == 1


def test_evidence_is_changed_only_by_who_added_it_and_only_until_submission(reviewer, editor):
    claim = wf.in_review(reviewer)
    (item,) = wf.add_evidence(claim, reviewer)
    fields = services.EvidenceFields(url=item.url, stance="supports")
    with pytest.raises(PermissionDenied):
        services.evidence_update(actor=editor, evidence_id=item.pk, fields=fields)
    services.evidence_update(actor=reviewer, evidence_id=item.pk, fields=fields)
    assert wf.reload(item).stance == "supports"
    event = last_event(claim)
    assert event.verb == "evidence_edited" and event.details["changes"]["stance"] == [
        "refutes",
        "supports",
    ]
    verdict = wf.draft(claim, reviewer)
    services.verdict_submit(actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version)
    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=reviewer, evidence_id=item.pk)
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_submit_moves_the_claim_to_awaiting_approval(reviewer):
    verdict = wf.submitted(reviewer)
    claim = wf.reload(verdict.claim)
    assert (verdict.status, claim.status) == (Verdict.Status.SUBMITTED, S.AWAITING_APPROVAL)
    assert verdict.submitted_by == reviewer
    event = last_event(claim)
    assert (event.verb, event.from_state, event.to_state) == (
        "verdict_submitted",
        "in_review",
        "awaiting_approval",
    )


@pytest.mark.parametrize(
    ("overrides", "evidence", "field", "message"),
    [
        ({}, 0, "evidence", "Add at least one evidence item"),
        ({"rating": None}, 1, "rating", "Choose a rating."),
        ({"summary": ""}, 1, "summary", "Say in a few words"),
        ({"conclusion": "  "}, 1, "conclusion", "Write the conclusion."),
        ({"rationale": "No citation here."}, 1, "rationale", "Cite the evidence"),
        ({"rationale": "See [E1] and [E7]."}, 1, "rationale", "does not exist: E7"),
    ],
)
def test_incomplete_verdicts_are_refused_with_reasons(
    reviewer, overrides, evidence, field, message
):
    claim = wf.in_review(reviewer)
    if evidence:
        wf.add_evidence(claim, reviewer)
    verdict = wf.draft(claim, reviewer, **overrides)
    with pytest.raises(services.WorkflowError) as refused:
        services.verdict_submit(
            actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
        )
    assert message in refused.value.problems[field]
    # Nothing moved.
    assert wf.reload(verdict).status == Verdict.Status.DRAFT
    assert wf.reload(claim).status == S.IN_REVIEW
    assert last_event(claim).verb in {"verdict_started", "evidence_added", "verdict_edited"}


def test_only_the_assignee_drafts(reviewer, reviewer2, editor):
    claim = wf.in_review(reviewer)
    for actor in (reviewer2, editor):
        with pytest.raises(PermissionDenied):
            wf.draft(claim, actor)
    assert not claim.verdicts.exists()


def test_approval_publishes_and_freezes_evidence(reviewer, editor):
    verdict = wf.submitted(reviewer)
    services.verdict_approve(actor=editor, verdict_id=verdict.pk, expected_version=verdict.version)
    verdict, claim = wf.reload(verdict), wf.reload(verdict.claim)
    assert (verdict.status, claim.status) == (Verdict.Status.APPROVED, S.PUBLISHED)
    assert (verdict.rating_label, verdict.rating_value) == ("False", 1)
    assert (verdict.rating_worst, verdict.rating_best) == (1, 5)
    assert verdict.published_at and verdict.decided_by == editor
    assert all(claim.evidence.values_list("frozen", flat=True))
    assert last_event(claim).verb == "verdict_approved"
    assert Notification.objects.filter(recipient=reviewer, verb="approved").exists()


def test_an_editor_never_approves_a_verdict_they_wrote(editor, editor2):
    verdict = wf.submitted(editor)  # editors can work claims too
    with pytest.raises(PermissionDenied, match="another editor"):
        services.verdict_approve(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
        )
    with pytest.raises(PermissionDenied, match="another editor"):
        services.verdict_request_changes(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version, note="Hm."
        )
    assert wf.reload(verdict).status == Verdict.Status.SUBMITTED
    services.verdict_approve(actor=editor2, verdict_id=verdict.pk, expected_version=verdict.version)
    assert wf.reload(verdict).status == Verdict.Status.APPROVED


def test_reviewers_cannot_decide(reviewer, reviewer2):
    verdict = wf.submitted(reviewer)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(
            actor=reviewer2, verdict_id=verdict.pk, expected_version=verdict.version
        )


def test_approving_a_stale_version_is_refused(reviewer, editor):
    verdict = wf.submitted(reviewer)
    with pytest.raises(services.Conflict, match="changed after you opened it"):
        services.verdict_approve(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version - 1
        )
    assert wf.reload(verdict).status == Verdict.Status.SUBMITTED


def test_request_changes_needs_a_note_and_sends_the_claim_back(reviewer, editor):
    verdict = wf.submitted(reviewer)
    with pytest.raises(services.WorkflowError, match="note is required"):
        services.verdict_request_changes(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version, note="  "
        )
    assert wf.reload(verdict).status == Verdict.Status.SUBMITTED
    services.verdict_request_changes(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version, note="Add a source."
    )
    verdict, claim = wf.reload(verdict), wf.reload(verdict.claim)
    assert verdict.status == Verdict.Status.CHANGES_REQUESTED
    assert verdict.editor_note == "Add a source."
    assert (claim.status, claim.needs_changes) == (S.IN_REVIEW, True)
    event = last_event(claim)
    assert (event.verb, event.to_state, event.details["note"]) == (
        "changes_requested",
        "in_review",
        "Add a source.",
    )
    assert Notification.objects.filter(recipient=reviewer, verb="changes_requested").exists()

    revised = wf.draft(claim, reviewer, conclusion="Revised after the editor's note.")
    services.verdict_submit(actor=reviewer, verdict_id=revised.pk, expected_version=revised.version)
    claim = wf.reload(claim)
    assert (claim.status, claim.needs_changes) == (S.AWAITING_APPROVAL, False)
    assert Notification.objects.filter(recipient=editor, verb="submitted").exists()


def test_a_submitted_verdict_cannot_be_edited(reviewer):
    verdict = wf.submitted(reviewer)
    with pytest.raises(PermissionDenied):
        wf.draft(verdict.claim, reviewer, conclusion="Sneaky change.")
    assert wf.reload(verdict).conclusion == "The official register lists 12 projects."


def test_draft_saves_check_the_version(reviewer):
    claim = wf.in_review(reviewer)
    wf.add_evidence(claim, reviewer)
    first = wf.draft(claim, reviewer)
    services.verdict_save_draft(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=first.version,
        fields=wf.complete_fields(conclusion="Second wording."),
    )
    with pytest.raises(services.Conflict):
        services.verdict_save_draft(
            actor=reviewer,
            claim_id=claim.pk,
            expected_version=first.version,
            fields=wf.complete_fields(conclusion="Stale wording."),
        )
    assert wf.reload(first).conclusion == "Second wording."


def test_autosaves_write_one_audit_event_per_editing_session(reviewer):
    claim = wf.in_review(reviewer)
    verdict = wf.draft(claim, reviewer)
    for i in range(5):
        verdict = services.verdict_save_draft(
            actor=reviewer,
            claim_id=claim.pk,
            expected_version=verdict.version,
            fields=wf.complete_fields(conclusion=f"Wording {i}."),
        )
    assert verdict.version == 6
    assert claim.events.filter(verb="verdict_edited").count() == 1


def test_correction_goes_through_approval_and_keeps_the_old_version(reviewer, reviewer2, editor):
    original = wf.published(reviewer, editor)
    claim = original.claim
    correction = services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    claim = wf.reload(claim)
    assert (claim.status, claim.assignee, correction.author) == (S.IN_REVIEW, reviewer2, reviewer2)
    assert correction.correction_of == original and correction.number == 2
    assert wf.reload(original).status == Verdict.Status.APPROVED  # still public meanwhile
    with pytest.raises(services.WorkflowError, match="already open"):
        services.correction_open(actor=editor, claim_id=claim.pk)

    draft = wf.draft(claim, reviewer2, rating=wf.rating("Mostly false"))
    with pytest.raises(services.WorkflowError) as refused:
        services.verdict_submit(
            actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
        )
    assert "correction_note" in refused.value.problems
    draft = wf.draft(
        claim, reviewer2, rating=wf.rating("Mostly false"), correction_note="Rated again."
    )
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor, verdict_id=draft.pk, expected_version=draft.version)
    assert wf.reload(original).status == Verdict.Status.SUPERSEDED
    assert wf.reload(draft).status == Verdict.Status.APPROVED
    assert wf.reload(claim).status == S.PUBLISHED
    assert last_event(claim).verb == "correction_published"
    assert Notification.objects.filter(recipient=reviewer, verb="corrected").exists()


def test_only_editors_open_corrections_and_only_of_published_claims(reviewer, editor):
    verdict = wf.submitted(reviewer)
    with pytest.raises(PermissionDenied):
        services.correction_open(actor=editor, claim_id=verdict.claim_id)
    services.verdict_approve(actor=editor, verdict_id=verdict.pk, expected_version=verdict.version)
    with pytest.raises(PermissionDenied):
        services.correction_open(actor=reviewer, claim_id=verdict.claim_id)


def test_dismiss_as_not_check_worthy_withdraws_the_draft(reviewer, editor):
    claim = wf.in_review(reviewer)
    verdict = wf.draft(claim, reviewer)
    services.claim_dismiss(
        actor=editor,
        claim_id=claim.pk,
        reason=services.NOT_CHECK_WORTHY,
        expected_version=wf.reload(claim).version,
        note="Opinion, not a fact.",
    )
    claim = wf.reload(claim)
    assert (claim.status, claim.dismissal_reason) == (S.DISMISSED, "not_check_worthy")
    assert wf.reload(verdict).status == Verdict.Status.WITHDRAWN
    event = last_event(claim)
    assert (event.verb, event.from_state, event.details["note"]) == (
        "dismissed",
        "in_review",
        "Opinion, not a fact.",
    )
    services.claim_reopen(actor=editor, claim_id=claim.pk)
    claim = wf.reload(claim)
    assert (claim.status, claim.dismissal_reason) == (S.IN_REVIEW, "")
    assert last_event(claim).verb == "reopened"


def test_dismiss_as_duplicate_points_at_the_original(editor):
    original, copy, copy_of_copy = ClaimFactory(), ClaimFactory(), ClaimFactory()
    services.claim_dismiss(
        actor=editor,
        claim_id=copy.pk,
        reason=services.DUPLICATE,
        expected_version=copy.version,
        duplicate_of_id=original.pk,
    )
    services.claim_dismiss(
        actor=editor,
        claim_id=copy_of_copy.pk,
        reason=services.DUPLICATE,
        expected_version=copy_of_copy.version,
        duplicate_of_id=copy.pk,
    )
    assert wf.reload(copy_of_copy).duplicate_of == original  # chains resolve to the original


@pytest.mark.parametrize(
    ("duplicate_of", "message"),
    [(None, "Say which claim"), ("self", "duplicate of itself"), (424242, "no claim with that")],
)
def test_bad_duplicate_targets_are_refused(editor, duplicate_of, message):
    claim = ClaimFactory()
    target = claim.pk if duplicate_of == "self" else duplicate_of
    with pytest.raises(services.WorkflowError, match=message):
        services.claim_dismiss(
            actor=editor,
            claim_id=claim.pk,
            reason=services.DUPLICATE,
            expected_version=claim.version,
            duplicate_of_id=target,
        )
    assert wf.reload(claim).status == S.NEW


def test_published_claims_and_reviewers_cannot_dismiss(reviewer, editor):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(
            actor=reviewer,
            claim_id=claim.pk,
            reason=services.NOT_CHECK_WORTHY,
            expected_version=claim.version,
        )
    published = wf.published(reviewer, editor).claim
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(
            actor=editor,
            claim_id=published.pk,
            reason=services.NOT_CHECK_WORTHY,
            expected_version=wf.reload(published).version,
        )


def test_dismissing_from_a_stale_page_is_refused(editor):
    claim = ClaimFactory()
    with pytest.raises(services.Conflict):
        services.claim_dismiss(
            actor=editor,
            claim_id=claim.pk,
            reason=services.NOT_CHECK_WORTHY,
            expected_version=claim.version + 1,
        )


def test_audit_rows_are_written_in_the_same_transaction(reviewer, editor, monkeypatch):
    from django.db import DatabaseError

    from claims import services as claim_services

    verdict = wf.submitted(reviewer)

    def broken(**kwargs):
        raise DatabaseError("disk full")

    # The transition helper writes every workflow step's audit event.
    monkeypatch.setattr(claim_services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        services.verdict_approve(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
        )
    assert wf.reload(verdict).status == Verdict.Status.SUBMITTED
    assert wf.reload(verdict.claim).status == S.AWAITING_APPROVAL
    assert not verdict.claim.evidence.filter(frozen=True).exists()
