from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from foundation.htmx import go_to, htmx_fragment
from foundation.requests import DeskRequest
from reviews import forms, permissions, services
from reviews.models import Evidence
from reviews.views.claim_page import (
    PAGE,
    annotate_evidence,
    claim_context,
    page_claim,
    render_panel,
)

# Sent to the page whenever a snapshot settles or is asked for again: the editor's approval
# controls listen for it to refresh their warning about evidence not archived.
SNAPSHOT_CHANGED = "evidence-snapshot-changed"


@require_http_methods(["GET", "POST"])
def evidence_add(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    if not permissions.can_add_evidence(request.user, claim):
        raise PermissionDenied(_("You cannot add evidence to this claim now."))
    form = forms.EvidenceForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(actor=request.user, claim_id=claim.pk, fields=form.to_fields())
        if not htmx_fragment(request):
            return go_to(request, claim.get_absolute_url() + "#evidence")
        form = forms.EvidenceForm()
    return render_panel(request, claim, "evidence-panel", evidence_form=form, evidence_open=True)


@require_http_methods(["GET", "POST"])
def evidence_edit(request: DeskRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence_for_user(request.user, pk, for_write=True)
    form = forms.EvidenceForm(
        request.POST or None, initial=forms.EvidenceForm.initial_for(evidence)
    )
    if request.method == "POST" and form.is_valid():
        services.evidence_update(
            actor=request.user, evidence_id=evidence.pk, fields=form.to_fields()
        )
        if not htmx_fragment(request):
            return go_to(request, evidence.claim.get_absolute_url() + "#evidence")
        return render_panel(request, page_claim(request.user, evidence.claim_id), "evidence-panel")
    context = claim_context(request, evidence.claim, editing=evidence, edit_form=form)
    template = (
        "reviews/evidence_edit_item.html"
        if htmx_fragment(request)
        else "reviews/evidence_edit.html"
    )
    return render(request, template, context)


@require_POST
def evidence_remove(request: DeskRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence_for_user(request.user, pk, for_write=True)
    services.evidence_remove(actor=request.user, evidence_id=evidence.pk)
    claim = page_claim(request.user, evidence.claim_id)
    if not htmx_fragment(request):
        return go_to(request, claim.get_absolute_url() + "#evidence")
    return render_panel(request, claim, "evidence-panel")


def _item_url(evidence: Evidence) -> str:
    return f"{evidence.claim.get_absolute_url()}#evidence-{evidence.number}"


@require_GET
def evidence_snapshot(request: DeskRequest, pk: int) -> HttpResponse:
    """One item's snapshot line, which htmx polls while the snapshot is owed."""
    evidence = permissions.get_evidence_for_user(request.user, pk)
    if not htmx_fragment(request):
        return HttpResponseRedirect(_item_url(evidence))
    response = render(
        request, "reviews/snapshot.html", {"item": annotate_evidence(request.user, evidence)}
    )
    if evidence.snapshot_status != Evidence.Snapshot.PENDING:
        trigger_client_event(response, SNAPSHOT_CHANGED)
    return response


@require_POST
def evidence_snapshot_retry(request: DeskRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_retry_snapshot(request.user, evidence):
        raise PermissionDenied(_("Only who works on this claim can retry its snapshots."))
    evidence = services.evidence_snapshot_retry(actor=request.user, evidence_id=evidence.pk)
    if not htmx_fragment(request):
        if evidence.snapshot_status == Evidence.Snapshot.PENDING:
            messages.info(
                request,
                _("The desk is taking the snapshot of %(label)s again.")
                % {"label": evidence.label},
            )
        return go_to(request, _item_url(evidence))
    context = {
        "item": annotate_evidence(request.user, evidence),
        "events": evidence.claim.events.select_related("actor"),
        "oob_timeline": True,
    }
    response = render(request, "reviews/snapshot.html", context)
    response.write(render(request, f"{PAGE}#timeline", context).content)
    return trigger_client_event(response, SNAPSHOT_CHANGED)
