"""The desk's help page: how work moves through the desk, and the keyboard shortcuts."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foundation.requests import DeskRequest


@require_GET
def desk_help(request: DeskRequest) -> HttpResponse:
    return render(request, "claims/help.html")
