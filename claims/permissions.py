"""Who may see and change what. Views call these; templates only receive the answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from claims.models import Claim

REVIEWER_GROUP = "Reviewer"
EDITOR_GROUP = "Editor"
DESK_GROUPS = (REVIEWER_GROUP, EDITOR_GROUP)

EDITABLE_STATUSES = frozenset({Claim.Status.NEW, Claim.Status.IN_REVIEW})


def is_desk_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("claims.view_claim"))


def require_desk_member(user: Any) -> None:
    if not is_desk_member(user):
        raise PermissionDenied(_("Your account is not a member of the desk."))


def can_create_claim(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("claims.add_claim"))


def can_edit_claim(user: Any, claim: Claim) -> bool:
    """Claim details change while the claim is being worked on; once a verdict is awaiting
    approval, published or the claim is dismissed, the text stays as it was checked. A claim
    reopened by a correction is changed only by the correction's drafter and editors."""
    if not (
        user.is_authenticated
        and user.has_perm("claims.change_claim")
        and claim.status in EDITABLE_STATUSES
    ):
        return False
    return not claim.was_published or claim.assignee_id == user.pk or is_desk_editor(user)


def is_desk_editor(user: Any) -> bool:
    """Editors assign work; the permission names the role in this app's terms."""
    return bool(user.is_authenticated and user.has_perm("claims.assign_claim"))


def require_sources_editor(user: Any) -> None:
    """Followed sources are added, changed, paused and polled by editors."""
    if not is_desk_editor(user):
        raise PermissionDenied(_("Only editors can change followed sources."))


def get_claim_for_user(
    user: Any, pk: int, *, for_write: bool = False, queryset: QuerySet[Claim] | None = None
) -> Claim:
    """The claim, or 404 when the user may not see it, or 403 when they may see it but not
    change it."""
    base = queryset if queryset is not None else Claim.objects.all()
    claim: Claim = get_object_or_404(base.visible_to(user), pk=pk)  # type: ignore[attr-defined]
    if for_write and not can_edit_claim(user, claim):
        raise PermissionDenied(_("You cannot change this claim."))
    return claim
