"""Request plumbing shared by every page: login for the desk, and security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
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
