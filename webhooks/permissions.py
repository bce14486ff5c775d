"""Who may see and change webhooks: editors only. An endpoint's secret and where the desk sends
its events are the editors' business, so even reading the pages needs the role."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from claims import permissions as claim_permissions
from webhooks.models import Endpoint


def require_webhooks_editor(user: Any) -> None:
    claim_permissions.require_desk_member(user)
    if not claim_permissions.is_desk_editor(user):
        raise PermissionDenied(_("Only editors can see and change webhooks."))


def get_endpoint_for_editor(user: Any, pk: int) -> Endpoint:
    """404 for an endpoint that does not exist, whoever asks (a desk member learns nothing
    from the number), then 403 for anyone but an editor."""
    claim_permissions.require_desk_member(user)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    require_webhooks_editor(user)
    return endpoint
