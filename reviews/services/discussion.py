"""The internal comment thread and in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from reviews import permissions
from reviews.models import Comment, Notification
from reviews.services.common import WorkflowError, unread_changed

COMMENT_MAX_LENGTH = 5000


def comment_add(*, actor: Any, claim: Claim, body: str) -> Comment:
    if not permissions.can_comment(actor):
        raise PermissionDenied(_("You cannot comment on claims."))
    body = body.strip()
    if not body:
        raise WorkflowError(
            _("Write something first."), problems={"body": _("Write something first.")}
        )
    if len(body) > COMMENT_MAX_LENGTH:
        raise WorkflowError(
            _("Comments are at most %(n)s characters.") % {"n": f"{COMMENT_MAX_LENGTH:,}"},
            problems={"body": _("At most %(n)s characters.") % {"n": f"{COMMENT_MAX_LENGTH:,}"}},
        )
    return Comment.objects.create(claim=claim, author=actor, body=body)


def notifications_mark_read(
    *, actor: Any, ids: Iterable[int] | None = None, claim_id: int | None = None
) -> int:
    """Mark the reader's notifications read: those given, those about one claim (opening the
    claim reads them), or all. One UPDATE; the cached count changes only when one did."""
    unread = Notification.objects.filter(recipient=actor).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    if claim_id is not None:
        unread = unread.filter(claim_id=claim_id)
    marked = unread.update(read_at=timezone.now())
    if marked or claim_id is None:
        unread_changed(actor.pk)
    return marked
