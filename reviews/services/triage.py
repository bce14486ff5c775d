"""Dismissing claims not worth checking (or already checked as another claim) and reopening."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims import services as claim_services
from claims.models import AuditEvent, Claim, MatchDecision, SimilarClaim
from claims.services import claim_transition
from reviews import permissions
from reviews.models import Verdict
from reviews.services.common import Conflict, WorkflowError, lock_claim

NOT_CHECK_WORTHY = "not_check_worthy"
DUPLICATE = "duplicate"
# Kept in English in the audit trail (the record does not change with the reader's language);
# marked so the catalogues carry them, and translated where they are shown.
REASONS = {
    NOT_CHECK_WORTHY: gettext_noop("Not check-worthy"),
    DUPLICATE: gettext_noop("Duplicate of another claim"),
}


def _original(claim: Claim, duplicate_of_id: int) -> Claim:
    """The claim a duplicate points to: the end of any chain, never the claim itself."""
    seen = {claim.pk}
    target = Claim.objects.filter(pk=duplicate_of_id).first()
    while target is not None and target.duplicate_of_id and target.pk not in seen:
        seen.add(target.pk)
        target = Claim.objects.filter(pk=target.duplicate_of_id).first()
    if target is None:
        raise WorkflowError(
            _("There is no claim with that number."), problems={"duplicate_of": _("No such claim.")}
        )
    if target.pk in seen:  # the claim itself, or a chain that leads back to it
        raise WorkflowError(
            _("A claim cannot be a duplicate of itself."),
            problems={"duplicate_of": _("Choose another claim.")},
        )
    return target


def claim_dismiss(
    *,
    actor: Any,
    claim_id: int,
    reason: str,
    expected_version: int,
    note: str = "",
    duplicate_of_id: int | None = None,
    as_appearance: bool = False,
    rank: int | None = None,
) -> Claim:
    """Dismiss the claim. A duplicate names its original, and the mark is kept as a labelled
    pair for matching (MatchDecision); with `as_appearance` the duplicate's text, speaker and
    where it appeared also become an appearance of the original (the claim stays, dismissed)."""
    if reason not in REASONS:
        raise WorkflowError(
            _("Choose why the claim is dismissed."), problems={"reason": _("Required.")}
        )
    with transaction.atomic():
        claim = lock_claim(claim_id)
        published = claim.verdicts.filter(status=Verdict.Status.APPROVED).exists()
        if not permissions.can_dismiss(actor, claim, has_published_verdict=published):
            raise PermissionDenied(_("Only editors dismiss claims that are not published."))
        if claim.version != expected_version:
            raise Conflict(_("The claim changed after you opened it; nothing was dismissed."))
        original = None
        if reason == DUPLICATE:
            if not duplicate_of_id:
                raise WorkflowError(
                    _("Say which claim this one duplicates."),
                    problems={"duplicate_of": _("Give the number of the original claim.")},
                )
            original = _original(claim, duplicate_of_id)
        withdrawn = claim.verdicts.working().update(status=Verdict.Status.WITHDRAWN)
        claim_transition(
            claim,
            actor=actor,
            verb=AuditEvent.Verb.DISMISSED,
            to_state=Claim.Status.DISMISSED,
            changes={"dismissal_reason": reason, "duplicate_of": original, "needs_changes": False},
            reason=REASONS[reason],
            duplicate_of=original.pk if original else None,
            note=note.strip(),
            withdrawn_verdicts=withdrawn,
        )
        if original is not None:
            _record_duplicate(actor, claim, original, as_appearance=as_appearance, rank=rank)
    return claim


def _record_duplicate(
    actor: Any, claim: Claim, original: Claim, *, as_appearance: bool, rank: int | None
) -> None:
    similar = SimilarClaim.objects.filter(claim=claim, other=original).values_list(
        "score", flat=True
    )
    claim_services.match_decide(
        actor=actor,
        claim_id=original.pk,
        decision=MatchDecision.Decision.DUPLICATE,
        fields=claim_services.appearance_fields_of(claim),
        suggested=claim_services.Suggested(
            door=MatchDecision.Door.CLAIM_PAGE, score=similar.first(), rank=rank
        ),
        from_claim_id=claim.pk,
        as_appearance=as_appearance,
    )


def claims_dismiss(
    *, actor: Any, claim_ids: Iterable[int], reason: str, note: str = ""
) -> tuple[int, int]:
    """Dismiss many claims from the list (not as duplicates: each would need its original).
    Returns (dismissed, skipped): claims published, already dismissed or gone are skipped;
    each dismissal is the one-claim dismissal with its audit event."""
    if reason == DUPLICATE:
        raise WorkflowError(_("Dismiss duplicates one by one, naming the original."))
    if not permissions.can_dismiss_any(actor):
        raise PermissionDenied(_("Only editors dismiss claims that are not published."))
    dismissed = skipped = 0
    with transaction.atomic():
        for claim_id in sorted(set(claim_ids)):
            version = Claim.objects.filter(pk=claim_id).values_list("version", flat=True).first()
            if version is None:
                skipped += 1
                continue
            try:
                with transaction.atomic():
                    claim_dismiss(
                        actor=actor,
                        claim_id=claim_id,
                        reason=reason,
                        expected_version=version,
                        note=note,
                    )
            except (PermissionDenied, WorkflowError, Conflict):
                skipped += 1
            else:
                dismissed += 1
    return dismissed, skipped


def claim_reopen(*, actor: Any, claim_id: int) -> Claim:
    with transaction.atomic():
        claim = lock_claim(claim_id)
        if not permissions.can_reopen(actor, claim):
            raise PermissionDenied(_("Only editors reopen dismissed claims."))
        status = Claim.Status.IN_REVIEW if claim.assignee_id else Claim.Status.NEW
        claim_transition(
            claim,
            actor=actor,
            verb=AuditEvent.Verb.REOPENED,
            to_state=status,
            changes={"dismissal_reason": "", "duplicate_of": None},
        )
    return claim
