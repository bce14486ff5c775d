"""Webhook pages, for editors: the endpoints, one endpoint with its recent deliveries, the form,
and the controls (pause, resume, a test ping, the secret)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foundation.requests import DeskRequest
from webhooks import forms, permissions, services
from webhooks.models import Delivery, Endpoint

RECENT_DELIVERIES = 50


@require_GET
def endpoint_list(request: DeskRequest) -> HttpResponse:
    permissions.require_webhooks_editor(request.user)
    endpoints = Endpoint.objects.annotate(last_delivery_at=Max("deliveries__created_at"))
    return render(request, "webhooks/endpoints.html", {"endpoints": endpoints})


@require_GET
def endpoint_detail(request: DeskRequest, pk: int) -> HttpResponse:
    endpoint = permissions.get_endpoint_for_editor(request.user, pk)
    return _detail(request, endpoint, show_secret=False)


def _detail(request: DeskRequest, endpoint: Endpoint, *, show_secret: bool) -> HttpResponse:
    deliveries = Delivery.objects.filter(endpoint=endpoint)[:RECENT_DELIVERIES]
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {"endpoint": endpoint, "deliveries": deliveries, "show_secret": show_secret},
    )


@require_http_methods(["GET", "POST"])
def endpoint_edit(request: DeskRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        permissions.require_webhooks_editor(request.user)
    endpoint = permissions.get_endpoint_for_editor(request.user, pk) if pk is not None else None
    form = forms.EndpointForm(request.POST or None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        saved = services.endpoint_save(actor=request.user, endpoint_id=pk, fields=form.cleaned_data)
        if endpoint is None:
            # Shown once, in the answer to the POST: it is never put in a URL or a message.
            messages.success(request, _("Added. Copy the secret now to check signatures."))
            return _detail(request, saved, show_secret=True)
        messages.success(request, _("Saved."))
        return redirect("webhooks:endpoint", pk=saved.pk)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


@require_POST
def endpoint_control(request: DeskRequest, pk: int, action: str) -> HttpResponse:
    endpoint = permissions.get_endpoint_for_editor(request.user, pk)
    if action == "pause":
        services.endpoint_pause(actor=request.user, endpoint_id=endpoint.pk)
        messages.success(request, _("Paused: nothing is sent to this endpoint until resumed."))
    elif action == "resume":
        owed = services.endpoint_resume(actor=request.user, endpoint_id=endpoint.pk)
        messages.success(request, _("Resumed; %(n)d owed deliveries are being sent.") % {"n": owed})
    elif action == "ping":
        services.endpoint_ping(actor=request.user, endpoint_id=endpoint.pk)
        messages.success(request, _("A test ping was sent to the worker."))
    elif action == "rotate":
        rotated = services.endpoint_rotate_secret(actor=request.user, endpoint_id=endpoint.pk)
        messages.success(request, _("A new secret signs every delivery from now on."))
        return _detail(request, rotated, show_secret=True)
    else:  # "secret": revealed in the answer to a POST, so it never sits in a GET's cache
        return _detail(request, endpoint, show_secret=True)
    return redirect("webhooks:endpoint", pk=endpoint.pk)
