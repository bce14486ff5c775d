"""Creating, finding and revoking personal API tokens.

A token reads `cdt_<prefix>_<secret>`: the prefix finds the row, the secret is compared with the
stored SHA-256 in constant time. Tokens never reach a log: the auth class reads them from the
header and nothing else prints them; `__str__` shows the prefix only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, Scope
from claims import permissions

PREFIX = "cdt"
LAST_USED_EVERY = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, actor: Any, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for `actor`; returns it with the plain token, which is never stored."""
    permissions.require_desk_member(actor)
    scopes = [s for s in Scope.values if s in scopes]
    if not scopes:
        raise ValueError(_("Choose at least one scope."))
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=actor, name=name.strip()[:100], prefix=prefix, digest=_digest(secret), scopes=scopes
    )
    return token, f"{PREFIX}_{prefix}_{secret}"


def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    token = ApiToken.objects.get(pk=token_id)
    if token.owner_id != actor.pk:
        raise PermissionDenied(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_find(raw: str) -> ApiToken | None:
    """The active token `raw` is, with its owner, or None; notes its use (once a minute)."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("owner").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(parts[2])):
        return None
    if token.revoked_at is not None or not token.owner.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
