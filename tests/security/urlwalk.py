"""Walking the URLconf: every route with its full pattern, a concrete URL for it, and what a
response means to the person who asked ("ok", "login", or the 4xx/5xx status)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.desk import Desk

OK, LOGIN = "ok", "login"
ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    pattern: str  # the full pattern, prefixes included
    kwargs: tuple[str, ...]  # the names the pattern captures

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/") or (self.name or "").startswith(
            ADMIN_NAMESPACE + ":"
        )

    @property
    def label(self) -> str:
        return self.name or f"<unnamed {self.pattern}>"


def _captured(pattern: Any) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def walk(
    patterns: list[Any] | None = None, *, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    """Every URLPattern reachable from the root URLconf, depth first."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            full = prefix + str(entry.pattern)
            yield from _with_kwargs(
                walk(entry.url_patterns, prefix=full, namespace=inner), _captured(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name, prefix + str(entry.pattern), _captured(entry.pattern))


def _with_kwargs(routes: Iterator[Route], outer: tuple[str, ...]) -> Iterator[Route]:
    for route in routes:
        yield Route(route.name, route.pattern, outer + route.kwargs)


def all_routes() -> list[Route]:
    return list(walk())


def app_routes() -> list[Route]:
    return [r for r in all_routes() if not r.is_admin]


def admin_routes() -> list[Route]:
    return [r for r in all_routes() if r.is_admin and r.name]


# --- Building URLs ----------------------------------------------------------------------------

# Values for captured arguments that do not name one of the desk's objects.
PLACEHOLDERS: dict[str, Any] = {
    "uidb64": "MQ",
    "token": "set-password",
    "app_label": "claims",
    "content_type_id": 1,
    "object_id": "1",
}


def admin_object_id(route: Route) -> str:
    """The pk of an existing object of the model an admin route is about (admin:app_model_x)."""
    name = (route.name or "").split(":", 1)[-1]
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            first = model._default_manager.order_by("pk").first()
            return str(first.pk) if first else "1"
    return "1"


def build_url(route: Route, desk: Desk | None, target: str | None) -> str:
    """A concrete URL for the route: `pk` (`id` in the API, whose generated document names
    the path parameter) is the desk object the table names, anything else a placeholder that
    the pattern accepts."""
    assert route.name, f"{route.pattern} has no name, so no URL can be built for it"
    kwargs: dict[str, Any] = {}
    for key in route.kwargs:
        if key == "pk" or (key == "id" and route.name.startswith("public:api-")):
            assert desk is not None and target, f"{route.name}: the table names no object"
            kwargs[key] = desk.target(target).pk
        elif key in {"object_id", "id"} and route.is_admin:
            kwargs[key] = admin_object_id(route)
        elif key == "slug":
            assert desk is not None and target, f"{route.name}: the table names no object"
            kwargs[key] = public_slug(desk.target(target))
        elif key == "key":  # a reader's status link
            assert desk is not None and target, f"{route.name}: the table names no object"
            kwargs[key] = desk.target(target).key
        elif key in PLACEHOLDERS:
            kwargs[key] = PLACEHOLDERS[key]
        else:
            raise AssertionError(f"{route.name}: no value for <{key}>; teach build_url about it")
    return reverse(route.name, kwargs=kwargs)


def public_slug(claim: Any) -> str:
    """The slug of a published claim's public address (its current verdict's summary)."""
    from reviews.exports.claimreview import public_slug as slug_of

    verdict = claim.verdicts.get(status="approved")
    return slug_of(verdict.summary)


# --- Asking and judging -----------------------------------------------------------------------


def login_paths() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def outcome(response: HttpResponse) -> str | int:
    """What the person got: "ok" (2xx, or a redirect elsewhere than a login page), "login",
    or the status code."""
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if 300 <= status < 400:
        location = urlsplit(response.get("Location", ""))
        return LOGIN if location.path in login_paths() else OK
    return status


def ask(client: Client, method: str, url: str, data: Any = None, **extra: Any) -> HttpResponse:
    """One request whose writes are rolled back, and whose cookies (a logout, a new session)
    do not outlive it: every request sees the same desk and the same login."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            send: Callable[..., HttpResponse] = getattr(client, method)
            response = send(url, data, **extra) if data is not None else send(url, **extra)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response
