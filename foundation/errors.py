"""Error pages. htmx requests get a short fragment instead of a whole page to swap in."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
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
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = _(
            "What you sent is larger than %(mb)s MB, so the desk did not read it. Go back (your "
            "text is still in the form), shorten it or split it, and send it again."
        ) % {"mb": megabytes}
    elif isinstance(exception, TooManyFieldsSent):
        message = _(
            "The form sent more than %(n)s fields, so the desk did not read it. Go back and send "
            "fewer items at once."
        ) % {"n": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"}
    else:
        message = _("The request could not be understood.")
    return _error(request, 400, _("Bad request"), message)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: an expired page or another site's form."""
    message = _(
        "This form has expired or did not come from the desk, so nothing was saved. Reload the "
        "page and send it again."
    )
    return _error(request, 403, _("Form expired"), message)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("You may not do this.")
    return _error(request, 403, _("Not allowed"), message)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Not found"), _("There is nothing here, or you may not see it."))


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it is at hand here.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # Rendered without the request context: whatever failed may be what the context needs.
    body = loader.render_to_string("errors/500.html", {"title": _("Something went wrong")})
    return HttpResponse(body, status=500)


# The connection dropped or was refused, a lock or statement timed out, a serialisation
# failure: the transaction was rolled back as a whole, and trying again is the remedy.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503: this request was not completed (its transaction was rolled back), nothing saved
    before is lost. Rendered without the request context, which needs the database."""
    body = loader.render_to_string(
        "errors/unavailable.html", {"title": _("The desk is briefly unavailable")}
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
