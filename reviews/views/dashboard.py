from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foundation.requests import DeskRequest
from reviews import dashboard, permissions


@require_GET
def desk_dashboard(request: DeskRequest) -> HttpResponse:
    if not permissions.is_editor(request.user):
        raise PermissionDenied(_("The dashboard is for editors."))
    return render(request, "reviews/dashboard.html", dashboard.figures())
