from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from claims.matching import search
from foundation.requests import DeskRequest
from reviews import dashboard, permissions


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label=gettext_lazy("Suggestion threshold"),
        min_value=0.0,
        max_value=1.0,
        help_text=format_lazy(
            gettext_lazy("A score from 0 to 1; today the desk suggests from {score}."),
            score=search.MIN_SCORE,
        ),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )


@require_GET
def desk_dashboard(request: DeskRequest) -> HttpResponse:
    if not permissions.is_editor(request.user):
        raise PermissionDenied(_("The dashboard is for editors."))
    context = dict(dashboard.figures())
    form = ThresholdForm(request.GET or {"threshold": search.MIN_SCORE})
    status = 200
    if form.is_valid():
        context["preview"] = dashboard.threshold_preview(form.cleaned_data["threshold"])
    else:
        status = 400
    context["threshold_form"] = form
    return render(request, "reviews/dashboard.html", context, status=status)
