"""Request plumbing shared by every page: login for the desk, and security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
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
        forwarded = str(request.headers.get("x-forwarded-for", ""))
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestSanityMiddleware:
    """Requests Django itself would choke on are refused here, before anything reads them:

    - a NUL character in the query string: no text column of PostgreSQL can hold one, so a
      search or filter would fail inside the database (form fields refuse NUL by themselves,
      through Django's ProhibitNullCharactersValidator);
    - more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django raises on reading them,
      and with DEBUG on its error page reads them again and fails with a 500;
    - a Content-Length that is not a number: gunicorn refuses it, the development server passes
      it on, and Django's body reader fails with a 500.

    The answer is plain text: nothing of the request (session, user) has been read yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if problem := self.problem(request):
            if request.path.startswith("/api/"):  # the API's own error shape
                return JsonResponse({"detail": problem}, status=400)
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def problem(request: HttpRequest) -> str:
        length = request.headers.get("content-length") or ""
        if length and not (length.isascii() and length.isdigit()):
            return "The Content-Length header is not a number."
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        query = request.META.get("QUERY_STRING", "")
        if limit is not None and query.count("&") >= limit:
            return f"The address holds more than {limit:,} query parameters."
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "A query parameter holds a NUL character."
        return ""


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


class PrivatePagesMiddleware:
    """Desk pages (every view that needs a login, and the admin) are sent with
    `Cache-Control: private, no-store`: what they show is the desk's, and no shared cache or
    browser history should keep it after the member logs out. Public pages stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_desk_page", False) or request.path.startswith("/admin/"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        request._desk_page = getattr(view_func, "login_required", True)  # type: ignore[attr-defined]
