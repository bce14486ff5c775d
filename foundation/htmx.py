"""Helpers shared by the claims views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect


def htmx_fragment(request: HttpRequest) -> bool:
    """A fragment is wanted for htmx requests, except when htmx restores history after a
    cache miss: then it needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def render_page(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    name = f"{template}#{fragment}" if htmx_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a state change: a full page load of the new state, with or without htmx."""
    if htmx_fragment(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)  # a URL, never a URL name as redirect() would take


def local_url(request: HttpRequest, wanted: str, fallback: str = "/") -> str:
    """A `next` address the request carries, if it is a path on this site; else `fallback`
    (never another host, a scheme-relative `//` address or a `javascript:` one)."""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, request.is_secure()
    ):
        return wanted
    return fallback
