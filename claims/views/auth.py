"""The answer to a login attempt that django-axes has locked out (too many wrong passwords)."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.http import HttpResponse
from django.shortcuts import render

from foundation.requests import DeskRequest


def locked_out(
    request: DeskRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
