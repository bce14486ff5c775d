"""Request plumbing shared by every page: login for the desk, and security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django_htmx.http import HttpResponseClientRedirect

# Scripts and styles come from our own origin only: htmx is configured (base.html) not to
# inject its indicator styles and not to evaluate strings, so neither needs 'unsafe-*'.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin (5.2) still sets a few inline styles; scripts stay locked down there too.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = (
            ADMIN_CONTENT_SECURITY_POLICY
            if request.path.startswith("/admin/")
            else CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


def client_ip(request: HttpRequest) -> str:
    """The client's address: the proxy's last X-Forwarded-For entry when the desk runs behind
    the documented proxy (the only entry a client cannot forge), else the socket's address."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RejectNulMiddleware:
    """A NUL character in the query string is a 400: no text column of PostgreSQL can hold one,
    so a search or filter would fail inside the database. (Form fields refuse NUL by
    themselves, through Django's ProhibitNullCharactersValidator.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                message = "A query parameter holds a NUL character."
                if request.path.startswith("/api/"):  # the API's own error shape
                    return JsonResponse({"detail": message}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


class DeskLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Everything needs a login unless marked @login_not_required.

    An htmx request from an expired session would otherwise swap the login page into a
    fragment; instead the browser is sent to the login page, and back here afterwards.
    """

    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Any
    ) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if htmx:
            next_url = htmx.current_url_abs_path or "/"
            login = redirect_to_login(next_url, self.get_login_url(view_func))
            return HttpResponseClientRedirect(login["Location"])
        return super().handle_no_permission(request, view_func)
