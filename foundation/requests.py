"""Request types for the views, as django-htmx's own example types them: a desk view runs only
for a logged-in member (LoginRequiredMiddleware), and HtmxMiddleware gives every request its
`htmx` details."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class DeskRequest(HtmxHttpRequest):
    """A request to a desk page: the user is a logged-in account, never AnonymousUser."""

    user: User
