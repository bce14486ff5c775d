"""Taking and assigning claims."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from claims import permissions as claim_permissions
from claims.models import AuditEvent, Claim
from claims.services import claim_transition
from reviews import permissions
from reviews.models import Notification
from reviews.services.common import WorkflowError, lock_claim, notify


def _assign(claim: Claim, *, actor: Any, assignee: Any, taken: bool) -> None:
    previous = claim.assignee
    status = Claim.Status.IN_REVIEW if claim.status == Claim.Status.NEW else claim.status
    claim_transition(
        claim,
        actor=actor,
        verb=AuditEvent.Verb.TAKEN if taken else AuditEvent.Verb.ASSIGNED,
        to_state=status,
        changes={"assignee": assignee},
        assignee=assignee.get_username(),
        previous=previous.get_username() if previous else None,
    )
    notify(recipient=assignee, actor=actor, claim=claim, verb=Notification.Verb.ASSIGNED)


def claim_take(*, actor: Any, claim_id: int) -> Claim:
    """A desk member takes an unassigned claim for themselves."""
    with transaction.atomic():
        claim = lock_claim(claim_id)
        if claim.assignee_id is not None and claim.assignee_id != actor.pk:
            raise WorkflowError(
                _("%(name)s has already taken this claim.")
                % {"name": claim.assignee.get_username()}  # type: ignore[union-attr]
            )
        if not permissions.can_take(actor, claim):
            raise PermissionDenied(_("You cannot take this claim."))
        _assign(claim, actor=actor, assignee=actor, taken=True)
    return claim


def claims_assign(*, actor: Any, claim_ids: Iterable[int], assignee: Any) -> tuple[int, int]:
    """An editor assigns (or reassigns) claims to a desk member.

    Returns (assigned, skipped): claims already with that assignee, or past review, are
    skipped rather than failing the whole batch.
    """
    if not permissions.can_assign(actor):
        raise PermissionDenied(_("Only editors assign claims."))
    if not (
        claim_permissions.is_desk_member(assignee) and assignee.has_perm("claims.change_claim")
    ):
        raise WorkflowError(
            _("%(name)s is not a reviewer or editor on the desk.")
            % {"name": assignee.get_username()}
        )
    assigned = skipped = 0
    with transaction.atomic():
        # Lock in id order, so two editors assigning overlapping batches cannot deadlock.
        for claim_id in sorted(set(claim_ids)):
            try:
                claim = lock_claim(claim_id)
            except Claim.DoesNotExist:
                skipped += 1
                continue
            if not permissions.can_assign(actor, claim) or claim.assignee_id == assignee.pk:
                skipped += 1
                continue
            _assign(claim, actor=actor, assignee=assignee, taken=False)
            assigned += 1
    return assigned, skipped
