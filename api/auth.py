"""`Authorization: Bearer cdt_…` for the write API (django-ninja's HttpBearer): 401 for a missing,
unknown or revoked token (or one whose owner's account is inactive); 403 for a token without the
operation's scope, or whose owner is no longer a member of the desk (before the body is read);
the same for a token sent to a route the public may also ask (`reader`: a `read` token widens
what it answers);
429 past API_TOKEN_RATE_LIMIT requests a minute per token (the shared cache: across web
processes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api.models import ApiToken, Scope
from api.tokens import token_find
from claims import permissions
from foundation import ratelimit


class TokenAuth(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_find(token)
        if found is None:
            return None
        if self.scope not in found.scopes:
            raise HttpError(403, f"This token has no {self.scope} scope.")
        if not permissions.is_desk_member(found.owner):
            raise HttpError(403, "This token's owner is no longer a member of the desk.")
        _count(found)
        request.user = found.owner
        return found


def _count(token: ApiToken) -> None:
    limit = settings.API_TOKEN_RATE_LIMIT
    if ratelimit.hit(f"api-token:{token.pk}", limit).refused:
        raise HttpError(429, f"Too many requests with this token: at most {limit} a minute.")


def reader(request: HttpRequest) -> Any | None:
    """On a route the public may ask too, the desk member a `read` token stands for (the answer
    then widens to what that member sees), or None when no token is sent. A token sent is
    checked as on every other route: unknown or revoked is 401, one without the read scope or
    whose owner has left the desk is 403 — never quietly answered as the public."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    found = (
        TokenAuth(Scope.READ).authenticate(request, secret.strip())
        if scheme.lower() == "bearer" and secret.strip()
        else None
    )
    if found is None:
        raise HttpError(401, "Unknown or revoked token.")
    return found.owner


def owner(request: HttpRequest) -> Any:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.owner
