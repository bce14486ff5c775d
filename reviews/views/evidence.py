from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reviews import forms, permissions, services
from reviews.views.common import claim_context, go_to, htmx, page_claim, render_panel


@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    if not permissions.can_add_evidence(request.user, claim):
        raise PermissionDenied(_("You cannot add evidence to this claim now."))
    form = forms.EvidenceForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(actor=request.user, claim_id=claim.pk, fields=form.to_fields())
        if not htmx(request):
            return go_to(request, claim.get_absolute_url() + "#evidence")
        form = forms.EvidenceForm()
    return render_panel(request, claim, "evidence-panel", evidence_form=form, evidence_open=True)


@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence_for_user(request.user, pk, for_write=True)
    form = forms.EvidenceForm(
        request.POST or None, initial=forms.EvidenceForm.initial_for(evidence)
    )
    if request.method == "POST" and form.is_valid():
        services.evidence_update(
            actor=request.user, evidence_id=evidence.pk, fields=form.to_fields()
        )
        if not htmx(request):
            return go_to(request, evidence.claim.get_absolute_url() + "#evidence")
        return render_panel(request, page_claim(request.user, evidence.claim_id), "evidence-panel")
    context = claim_context(request, evidence.claim, editing=evidence, edit_form=form)
    template = "reviews/evidence_edit_item.html" if htmx(request) else "reviews/evidence_edit.html"
    return render(request, template, context)


@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence_for_user(request.user, pk, for_write=True)
    services.evidence_remove(actor=request.user, evidence_id=evidence.pk)
    claim = page_claim(request.user, evidence.claim_id)
    if not htmx(request):
        return go_to(request, claim.get_absolute_url() + "#evidence")
    return render_panel(request, claim, "evidence-panel")
