"""Verdicts: drafting, submission, the editor's decision (four eyes), corrections."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import AuditEvent, Claim
from claims.services import audit_record, claim_transition
from reviews import announce, permissions, public_record
from reviews.models import (
    SUMMARY_MAX_LENGTH,
    Evidence,
    Notification,
    Rating,
    Recheck,
    Verdict,
)
from reviews.services.common import Conflict, WorkflowError, events_since, lock_claim, notify
from reviews.services.evidence import is_archived

CITATION = re.compile(r"\[E(\d+)\]")
# Autosave writes every few seconds; one audit event per person per editing session is enough.
EDIT_SESSION = timedelta(minutes=15)
S = Claim.Status
Verb = AuditEvent.Verb


@dataclass(frozen=True)
class VerdictFields:
    rating: Rating | None
    summary: str = ""
    conclusion: str = ""
    rationale: str = ""
    correction_note: str = ""
    review_by: date | None = None

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictFields:
        return cls(
            rating=verdict.rating,
            summary=verdict.summary,
            conclusion=verdict.conclusion,
            rationale=verdict.rationale,
            correction_note=verdict.correction_note,
            review_by=verdict.review_by,
        )


def cited_numbers(rationale: str) -> set[int]:
    return {int(n) for n in CITATION.findall(rationale)}


def _lock_verdict(verdict_id: int) -> tuple[Claim, Verdict]:
    claim_id = Verdict.objects.values_list("claim_id", flat=True).get(pk=verdict_id)
    claim = lock_claim(claim_id)  # always claim first, then verdict: one lock order
    verdict = (
        Verdict.objects.select_for_update(of=("self",)).select_related("rating").get(pk=verdict_id)
    )
    return claim, verdict


def _check_version(claim: Claim, verdict: Verdict, expected_version: int) -> None:
    if verdict.version != expected_version:
        events = events_since(claim, key="verdict", object_id=verdict.pk, version=expected_version)
        raise Conflict(
            _(
                "This verdict was changed after you opened it. Nothing was saved; look at the "
                "current version and try again."
            ),
            events,
        )


def _next_number(claim: Claim) -> int:
    return (claim.verdicts.aggregate(top=Max("number"))["top"] or 0) + 1


def _audit_edit(claim: Claim, verdict: Verdict, actor: Any, fields: list[str]) -> None:
    last = claim.events.order_by("-at", "-id").first()
    same_session = (
        last is not None
        and last.verb == Verb.VERDICT_EDITED
        and last.actor_id == actor.pk
        and last.details.get("verdict") == verdict.pk
        and timezone.now() - last.at < EDIT_SESSION
    )
    if not same_session:
        audit_record(
            claim=claim,
            actor=actor,
            verb=Verb.VERDICT_EDITED,
            verdict=verdict.pk,
            version=verdict.version,
            fields=fields,
        )


def verdict_save_draft(
    *, actor: Any, claim_id: int, expected_version: int | None, fields: VerdictFields
) -> Verdict:
    """Create or update the claim's working verdict. expected_version is None only for the
    first save, when no draft exists yet."""
    with transaction.atomic():
        claim = lock_claim(claim_id)
        if not permissions.can_draft(actor, claim):
            raise PermissionDenied(
                _("Only the claim's assignee drafts its verdict while in review.")
            )
        verdict = claim.verdicts.select_for_update().working().first()
        if verdict is None:
            if expected_version is not None:
                raise Conflict(_("The draft you were editing no longer exists; it was withdrawn."))
            verdict = Verdict.objects.create(
                claim=claim, number=_next_number(claim), author=actor, **asdict(fields)
            )
            audit_record(
                claim=claim, actor=actor, verb=Verb.VERDICT_STARTED, verdict=verdict.pk, version=1
            )
            return verdict
        if verdict.status == Verdict.Status.SUBMITTED:
            raise WorkflowError(_("This verdict is awaiting approval and cannot be changed now."))
        _check_version(claim, verdict, expected_version or 0)
        changed = [n for n, v in asdict(fields).items() if getattr(verdict, n) != v]
        if not changed:
            return verdict
        for name in changed:
            setattr(verdict, name, getattr(fields, name))
        verdict.version += 1
        verdict.updated_at = timezone.now()
        verdict.save(update_fields=[*changed, "version", "updated_at"])
        _audit_edit(claim, verdict, actor, changed)
    return verdict


# What stops a verdict from going to an editor, in the words the reviewer reads. The claim page
# hands the same sentences to desk.js, which keeps its "before submitting" list up to date as
# the reviewer types; the server, below, stays the judge.
CHECKLIST_MESSAGES = {
    "rating": gettext_lazy("Choose a rating."),
    "rating_inactive": gettext_lazy("This rating is no longer offered; choose another."),
    "summary": gettext_lazy("Say in a few words what claim was checked."),
    "summary_long": gettext_lazy("At most %(max)s characters."),
    "conclusion": gettext_lazy("Write the conclusion."),
    "evidence": gettext_lazy("Add at least one evidence item before submitting."),
    "rationale": gettext_lazy("Write the rationale."),
    "rationale_uncited": gettext_lazy("Cite the evidence in the rationale, for example [E1]."),
    "rationale_missing": gettext_lazy(
        "The rationale cites evidence that does not exist: %(labels)s."
    ),
    "correction_note": gettext_lazy("Explain publicly what this correction changes."),
}


def submission_problems(verdict: Verdict, evidence_numbers: set[int]) -> dict[str, str]:
    """What stops a verdict from going to an editor, by field."""
    say = CHECKLIST_MESSAGES
    problems: dict[str, str] = {}
    if verdict.rating_id is None:
        problems["rating"] = str(say["rating"])
    elif not verdict.rating.is_active:  # type: ignore[union-attr]
        problems["rating"] = str(say["rating_inactive"])
    if not verdict.summary.strip():
        problems["summary"] = str(say["summary"])
    elif len(verdict.summary) > SUMMARY_MAX_LENGTH:
        problems["summary"] = str(say["summary_long"]) % {"max": SUMMARY_MAX_LENGTH}
    if not verdict.conclusion.strip():
        problems["conclusion"] = str(say["conclusion"])
    cited = cited_numbers(verdict.rationale)
    if not evidence_numbers:
        problems["evidence"] = str(say["evidence"])
    if not verdict.rationale.strip():
        problems["rationale"] = str(say["rationale"])
    elif not cited:
        problems["rationale"] = str(say["rationale_uncited"])
    elif missing := sorted(cited - evidence_numbers):
        labels = ", ".join(f"E{n}" for n in missing)
        problems["rationale"] = str(say["rationale_missing"]) % {"labels": labels}
    if verdict.is_correction and not verdict.correction_note.strip():
        problems["correction_note"] = str(say["correction_note"])
    return problems


def archive_gaps(rationale: str, evidence: Iterable[Evidence]) -> list[Evidence]:
    """The evidence a rationale cites of which the desk holds no good copy: still waiting for
    its snapshot, failed, or fetched as an error page. In number order."""
    cited = cited_numbers(rationale)
    return sorted(
        (item for item in evidence if item.number in cited and not is_archived(item)),
        key=lambda item: item.number,
    )


def verdict_submit(*, actor: Any, verdict_id: int, expected_version: int) -> Verdict:
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict_id)
        if not permissions.can_draft(actor, claim) or not verdict.is_working:
            raise PermissionDenied(_("Only the claim's assignee submits its verdict."))
        if verdict.status == Verdict.Status.SUBMITTED:
            raise WorkflowError(_("This verdict is already awaiting approval."))
        _check_version(claim, verdict, expected_version)
        numbers = set(claim.evidence.values_list("number", flat=True))
        if problems := submission_problems(verdict, numbers):
            raise WorkflowError(_("The verdict is not ready to submit."), problems=problems)
        verdict.submit(by=actor, at=timezone.now())
        claim_transition(
            claim,
            actor=actor,
            verb=Verb.VERDICT_SUBMITTED,
            to_state=S.AWAITING_APPROVAL,
            changes={"needs_changes": False},
            verdict=verdict.pk,
            version=verdict.version,
        )
        # A resubmission goes to the editor who asked for changes; a first one to every editor
        # who may decide on it (the approval queue lists it too, but nobody watches a queue).
        editors = (
            [verdict.decided_by]
            if verdict.decided_by_id
            else permissions.editors().exclude(pk__in=[verdict.author_id, actor.pk])
        )
        for editor in editors:
            notify(recipient=editor, actor=actor, claim=claim, verb=Notification.Verb.SUBMITTED)
    return verdict


def _check_decider(actor: Any, verdict: Verdict) -> None:
    if not permissions.is_editor(actor):
        raise PermissionDenied(_("Only editors decide on verdicts."))
    if verdict.wrote(actor):
        raise PermissionDenied(_("You wrote this verdict; another editor must decide on it."))
    if verdict.status != Verdict.Status.SUBMITTED:
        raise WorkflowError(_("This verdict is not awaiting approval."))


def verdict_request_changes(
    *, actor: Any, verdict_id: int, expected_version: int, note: str
) -> Verdict:
    if not note.strip():
        raise WorkflowError(
            _("Say what needs to change: the note is required."),
            problems={"note": _("Say what needs to change.")},
        )
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict_id)
        _check_decider(actor, verdict)
        _check_version(claim, verdict, expected_version)
        verdict.request_changes(by=actor, at=timezone.now(), note=note.strip())
        claim_transition(
            claim,
            actor=actor,
            verb=Verb.CHANGES_REQUESTED,
            to_state=S.IN_REVIEW,
            changes={"needs_changes": True},
            verdict=verdict.pk,
            version=verdict.version,
            note=verdict.editor_note,
        )
        for recipient in {verdict.author, claim.assignee} - {None}:
            notify(
                recipient=recipient,
                actor=actor,
                claim=claim,
                verb=Notification.Verb.CHANGES_REQUESTED,
            )
    return verdict


def verdict_approve(*, actor: Any, verdict_id: int, expected_version: int) -> Verdict:
    with transaction.atomic():
        claim, verdict = _lock_verdict(verdict_id)
        _check_decider(actor, verdict)
        _check_version(claim, verdict, expected_version)
        rating = verdict.rating
        if rating is None:
            raise WorkflowError(_("The verdict has no rating."))
        scale = Rating.scale_bounds() if rating.value is not None else (None, None)
        replaced = verdict.correction_of
        if replaced is not None:
            replaced.supersede()
            # A re-check still open on the replaced verdict is answered by this correction.
            Recheck.objects.open().filter(claim=claim).update(
                status=Recheck.Status.CORRECTION, decided_by=actor, decided_at=timezone.now()
            )
        evidence = list(Evidence.objects.filter(claim=claim))
        evidence_ids = [item.pk for item in evidence]
        # Approving is still allowed when cited evidence is not archived (the editor was warned
        # on the page); the record says which items, as they stood at this moment.
        unarchived = [item.label for item in archive_gaps(verdict.rationale, evidence)]
        record = public_record.freeze(claim, evidence_ids)
        verdict.approve(by=actor, at=timezone.now(), rating=rating, scale=scale, record=record)
        Evidence.objects.filter(pk__in=evidence_ids).update(frozen=True)
        claim_transition(
            claim,
            actor=actor,
            verb=Verb.CORRECTION_PUBLISHED if replaced else Verb.VERDICT_APPROVED,
            to_state=S.PUBLISHED,
            changes={"needs_changes": False, "was_published": True},
            verdict=verdict.pk,
            version=verdict.version,
            rating=rating.label,
            **({"unarchived": unarchived} if unarchived else {}),
        )
        notify(recipient=verdict.author, actor=actor, claim=claim, verb=Notification.Verb.APPROVED)
        announce.verdict_published(verdict)
        if replaced is not None:
            notify(
                recipient=replaced.author,
                actor=actor,
                claim=claim,
                verb=Notification.Verb.CORRECTED,
            )
    return verdict


def correction_open(*, actor: Any, claim_id: int, assignee: Any = None) -> Verdict:
    """Start a correction of the published verdict: a new draft, prefilled from it, drafted by
    the assignee (the editor who opened it unless they name a desk member). The published
    verdict stays public until the correction is approved."""
    assignee = assignee or actor
    with transaction.atomic():
        claim = lock_claim(claim_id)
        if not actor.has_perm("reviews.correct_verdict"):
            raise PermissionDenied(_("Only editors open corrections of published claims."))
        current = claim.verdicts.select_for_update().filter(status=Verdict.Status.APPROVED).first()
        if current is None:
            raise PermissionDenied(_("Only published claims can be corrected."))
        if claim.verdicts.working().exists():
            raise WorkflowError(_("A correction is already open for this claim."))
        if not assignee.has_perm("reviews.change_verdict"):
            raise WorkflowError(
                _("%(name)s cannot draft verdicts.") % {"name": assignee.get_username()}
            )
        draft = Verdict.objects.create(
            claim=claim,
            number=_next_number(claim),
            author=assignee,
            correction_of=current,
            rating=current.rating,
            summary=current.summary,
            conclusion=current.conclusion,
            rationale=current.rationale,
            review_by=current.review_by,
        )
        claim_transition(
            claim,
            actor=actor,
            verb=Verb.CORRECTION_OPENED,
            to_state=S.IN_REVIEW,
            changes={"assignee": assignee},
            verdict=draft.pk,
            corrects=current.pk,
            assignee=assignee.get_username(),
            version=1,
        )
        notify(
            recipient=assignee,
            actor=actor,
            claim=claim,
            verb=Notification.Verb.CORRECTION_ASSIGNED,
        )
    return draft
