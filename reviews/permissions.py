"""Who may do what in the review workflow. Services enforce these; views use them to answer
403 early and to tell templates which controls to show."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from claims import permissions as claim_permissions
from claims.models import Claim
from reviews.models import Evidence, Recheck, Verdict

S = Claim.Status
WORKABLE = frozenset({S.NEW, S.IN_REVIEW})
OPEN = frozenset({S.NEW, S.IN_REVIEW, S.AWAITING_APPROVAL})


def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("reviews.approve_verdict"))


def editors() -> QuerySet[Any]:
    """Active users who may approve verdicts, through their groups or their own permissions
    (superusers are administrators, not the desk's editors)."""
    grant = Q(groups__permissions__codename="approve_verdict") | Q(
        user_permissions__codename="approve_verdict"
    )
    return get_user_model().objects.filter(grant, is_active=True).distinct()


def can_take(user: Any, claim: Claim) -> bool:
    return bool(
        claim_permissions.is_desk_member(user)
        and user.has_perm("claims.change_claim")
        and claim.assignee_id is None
        and claim.status in WORKABLE
    )


def can_assign(user: Any, claim: Claim | None = None) -> bool:
    allowed = bool(user.is_authenticated and user.has_perm("claims.assign_claim"))
    return allowed and (claim is None or claim.status in OPEN)


def can_add_evidence(user: Any, claim: Claim) -> bool:
    """The assigned reviewer and editors gather evidence while the claim is being worked on."""
    return bool(
        user.is_authenticated
        and user.has_perm("reviews.add_evidence")
        and claim.status in WORKABLE
        and (claim.assignee_id == user.pk or is_editor(user))
    )


def can_change_evidence(user: Any, evidence: Evidence) -> bool:
    """Your own evidence, until the verdict resting on it is submitted."""
    return bool(
        user.is_authenticated
        and evidence.added_by_id == user.pk
        and not evidence.frozen
        and evidence.claim.status in WORKABLE
    )


def can_retry_snapshot(user: Any, evidence: Evidence) -> bool:
    """Whoever works the claim (its assignee, editors) may ask for a failed snapshot again, up
    to the decision: an editor about to approve is the one who most needs it archived."""
    claim = evidence.claim
    return bool(
        user.is_authenticated
        and user.has_perm("reviews.add_evidence")
        and claim.status in OPEN
        and (claim.assignee_id == user.pk or is_editor(user))
    )


def can_draft(user: Any, claim: Claim) -> bool:
    """The verdict is drafted by the claim's assignee while the claim is in review."""
    return bool(
        user.is_authenticated
        and user.has_perm("reviews.change_verdict")
        and claim.status == S.IN_REVIEW
        and claim.assignee_id == user.pk
    )


def can_decide(user: Any, verdict: Verdict) -> bool:
    """Approve or send back: an editor who neither wrote nor submitted the verdict."""
    return bool(
        is_editor(user) and verdict.status == Verdict.Status.SUBMITTED and not verdict.wrote(user)
    )


def can_open_correction(user: Any, claim: Claim) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm("reviews.correct_verdict")
        and claim.status == S.PUBLISHED
    )


def can_dismiss(user: Any, claim: Claim, *, has_published_verdict: bool) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm("claims.dismiss_claim")
        and claim.status in OPEN
        and not has_published_verdict
    )


def can_dismiss_any(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("claims.dismiss_claim"))


def can_reopen(user: Any, claim: Claim) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm("claims.dismiss_claim")
        and claim.status == S.DISMISSED
    )


def can_comment(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("reviews.add_comment"))


def get_evidence_for_user(user: Any, pk: int, *, for_write: bool = False) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("claim", "added_by").filter(
            claim__in=Claim.objects.visible_to(user)
        ),
        pk=pk,
    )
    if for_write and not can_change_evidence(user, evidence):
        raise PermissionDenied(_("Only who added this evidence can change it, until submission."))
    return evidence


def get_verdict_for_user(user: Any, pk: int) -> Verdict:
    return get_object_or_404(
        Verdict.objects.select_related("claim", "rating", "author").filter(
            claim__in=Claim.objects.visible_to(user)
        ),
        pk=pk,
    )


def can_recheck(user: Any) -> bool:
    """Editors decide whether a published verdict still holds or needs a correction."""
    return bool(is_editor(user) and user.has_perm("reviews.correct_verdict"))


def can_see_rechecks(user: Any) -> bool:
    return claim_permissions.is_desk_member(user)


def get_recheck_for_user(user: Any, pk: int, *, for_write: bool = False) -> Recheck:
    """The re-check, or 404 when the user may not see its claim, or 403 when they may see it
    but not decide it."""
    recheck = get_object_or_404(
        Recheck.objects.select_related("claim", "verdict").filter(
            claim__in=Claim.objects.visible_to(user)
        ),
        pk=pk,
    )
    if for_write and not can_recheck(user):
        raise PermissionDenied(_("Only editors decide on re-checks."))
    return recheck
