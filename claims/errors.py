"""Error pages. htmx requests get a short fragment instead of a whole page to swap in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    template = "errors/error.html#message" if htmx else "errors/error.html"
    body = loader.render_to_string(
        template, {"status": status, "title": title, "message": message}, request=request
    )
    return HttpResponse(body, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("You may not do this.")
    return _error(request, 403, _("Not allowed"), message)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Not found"), _("There is nothing here, or you may not see it."))


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever failed may be what the context needs.
    body = loader.render_to_string("errors/500.html", {"title": _("Something went wrong")})
    return HttpResponse(body, status=500)
