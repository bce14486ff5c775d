from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims.forms import desk_members
from claims.models import Claim
from foundation.converters import parse_id
from foundation.htmx import go_to, htmx_fragment
from foundation.requests import DeskRequest
from reviews import forms, permissions, services
from reviews.models import Verdict
from reviews.views.claim_page import PAGE, page_claim, preview, render_panel


def _draft_form(request: DeskRequest, claim: Claim) -> forms.VerdictForm:
    if not permissions.can_draft(request.user, claim):
        raise PermissionDenied(_("Only the claim's assignee drafts its verdict while in review."))
    working = claim.verdicts.working().first()
    return forms.VerdictForm(request.POST, correction=bool(working and working.is_correction))


def _save(request: DeskRequest, claim: Claim, form: forms.VerdictForm) -> Verdict:
    return services.verdict_save_draft(
        actor=request.user,
        claim_id=claim.pk,
        expected_version=form.cleaned_data.get("version"),
        fields=form.to_fields(),
    )


def _verdict_panel(request: DeskRequest, claim: Claim, **overrides: Any) -> HttpResponse:
    status = 409 if overrides.get("conflict") else 200
    return render_panel(request, claim, "verdict-panel", status=status, **overrides)


@require_POST
def verdict_save(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    form = _draft_form(request, claim)
    if not form.is_valid():
        return _verdict_panel(request, claim, verdict_form=form)
    try:
        _save(request, claim, form)
    except (services.Conflict, services.WorkflowError) as exc:
        return _verdict_panel(request, claim, verdict_form=form, conflict=exc)
    messages.success(request, _("Draft saved."))
    return (
        _verdict_panel(request, claim)
        if htmx_fragment(request)
        else go_to(request, claim.get_absolute_url())
    )


@require_POST
def verdict_autosave(request: DeskRequest, pk: int) -> HttpResponse:
    """Saves the draft while the reviewer types. Answers only with the save status and the new
    version, swapped out of band, so nothing the reviewer is typing gets replaced."""
    claim = page_claim(request.user, pk)
    if (late := _late_autosave(request, claim)) is not None:
        return late
    form = _draft_form(request, claim)
    context: dict[str, Any] = {"claim": claim}
    if not form.is_valid():
        context["status_error"] = _("Not saved yet: %(problems)s") % {
            "problems": "; ".join(f"{form.fields[n].label}: {e[0]}" for n, e in form.errors.items())
        }
    else:
        try:
            verdict = _save(request, claim, form)
        except (services.Conflict, services.WorkflowError) as exc:
            context["status_error"] = exc.message
        else:
            context.update(verdict=verdict, saved_at=timezone.localtime())
    return render(request, f"{PAGE}#autosave-status", context)


def _submitted_by_them(request: DeskRequest, claim: Claim) -> Verdict | None:
    """The verdict this assignee submitted and can no longer draft, if that is where the
    claim stands: a request from them that set off before the submission (an autosave, a second
    click on Submit) arrives after it."""
    if permissions.can_draft(request.user, claim) or claim.assignee_id != request.user.pk:
        return None
    working = claim.verdicts.working().first()
    if working is None or working.status != Verdict.Status.SUBMITTED:
        return None
    return working


def _carries_what_was_submitted(request: DeskRequest, verdict: Verdict) -> bool:
    form = forms.VerdictForm(request.POST, correction=verdict.is_correction)
    return form.is_valid() and form.to_fields() == services.VerdictFields.of(verdict)


def _late_autosave(request: DeskRequest, claim: Claim) -> HttpResponse | None:
    """An autosave that set off before its author clicked Submit can arrive after the
    submission. If it carries what was submitted, there is nothing to do (204); if the author
    typed more in between, say so instead of dropping it silently (409). Anyone else gets the
    usual refusal from `_draft_form`."""
    if (submitted := _submitted_by_them(request, claim)) is None:
        return None
    if _carries_what_was_submitted(request, submitted):
        return HttpResponse(status=204)
    context = {
        "claim": claim,
        "status_error": _(
            "The verdict was submitted before your last change was saved; "
            "ask the editor to send it back to add it."
        ),
    }
    return render(request, f"{PAGE}#autosave-status", context, status=409)


@require_POST
def verdict_submit(request: DeskRequest, pk: int) -> HttpResponse:
    """Save what is in the form, then submit it for approval. The same submission again (a
    double click, a retry after a lost answer) finds it done and says so; a different one from
    the same author is refused like any draft they can no longer change."""
    claim = page_claim(request.user, pk)
    submitted = _submitted_by_them(request, claim)
    if submitted is not None and _carries_what_was_submitted(request, submitted):
        messages.info(request, _("The verdict is already submitted for approval."))
        return go_to(request, claim.get_absolute_url())
    form = _draft_form(request, claim)
    if not form.is_valid():
        return _verdict_panel(request, claim, verdict_form=form)
    try:
        verdict = _save(request, claim, form)
        services.verdict_submit(
            actor=request.user, verdict_id=verdict.pk, expected_version=verdict.version
        )
    except services.WorkflowError as exc:
        claim = page_claim(request.user, pk)
        return _verdict_panel(request, claim, submit_error=exc, problems=exc.problems)
    except services.Conflict as exc:
        return _verdict_panel(request, claim, verdict_form=form, conflict=exc)
    messages.success(request, _("Verdict submitted for approval."))
    return go_to(request, claim.get_absolute_url())


@require_POST
def verdict_preview(request: DeskRequest, pk: int) -> HttpResponse:
    """The rationale rendered as the public page will render it. htmx sends the rationale alone
    while the reviewer types and gets the preview back; without JavaScript the Preview button
    sends the whole form and gets the page back with everything typed kept, nothing saved."""
    claim = page_claim(request.user, pk)
    if not htmx_fragment(request):
        return _verdict_panel(request, claim, verdict_form=_draft_form(request, claim))
    if not permissions.can_draft(request.user, claim):
        raise PermissionDenied(_("Only the claim's assignee drafts its verdict while in review."))
    context = {"rationale_preview": preview(request.POST.get("rationale", ""))}
    status = 400 if "error" in context["rationale_preview"] else 200
    return render(request, f"{PAGE}#rationale-preview", context, status=status)


def _decider_verdict(request: DeskRequest, pk: int) -> Verdict:
    verdict = permissions.get_verdict_for_user(request.user, pk)
    if not permissions.is_editor(request.user):
        raise PermissionDenied(_("Only editors decide on verdicts."))
    if verdict.wrote(request.user):
        raise PermissionDenied(_("You wrote this verdict; another editor must decide on it."))
    return verdict


@require_GET
def verdict_approval(request: DeskRequest, pk: int) -> HttpResponse:
    """The approve control with its warning about cited evidence that is not archived,
    refreshed by htmx whenever a snapshot on the page settles or is retried."""
    verdict = _decider_verdict(request, pk)
    claim = page_claim(request.user, verdict.claim_id)
    if not htmx_fragment(request):
        return HttpResponseRedirect(claim.get_absolute_url() + "#verdict")
    can_decide = permissions.can_decide(request.user, verdict)
    context = {
        "claim": claim,
        "working": verdict,
        "can_decide": can_decide,
        "archive_gaps": (
            services.archive_gaps(verdict.rationale, claim.evidence.all()) if can_decide else []
        ),
    }
    return render(request, f"{PAGE}#approval-box", context)


def _decide(request: DeskRequest, pk: int, *, approve: bool) -> HttpResponse:
    verdict = _decider_verdict(request, pk)
    form_class = forms.VersionForm if approve else forms.RequestChangesForm
    form = form_class(request.POST)
    claim = page_claim(request.user, verdict.claim_id)
    if not form.is_valid():
        return _verdict_panel(request, claim, decision_form=form)
    try:
        if approve:
            services.verdict_approve(
                actor=request.user,
                verdict_id=verdict.pk,
                expected_version=form.cleaned_data["version"],
            )
        else:
            services.verdict_request_changes(
                actor=request.user,
                verdict_id=verdict.pk,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
    except (services.Conflict, services.WorkflowError) as exc:
        return _verdict_panel(request, claim, decision_form=form, conflict=exc)
    messages.success(
        request, _("Verdict approved and published.") if approve else _("Changes requested.")
    )
    return go_to(request, claim.get_absolute_url())


@require_POST
def verdict_approve(request: DeskRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
def verdict_request_changes(request: DeskRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@require_POST
def correction_open(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    if not permissions.can_open_correction(request.user, claim):
        raise PermissionDenied(_("Only editors open corrections of published claims."))
    members = dict(desk_members())
    chosen = request.POST.get("assignee", "")
    if chosen and parse_id(chosen) not in members:
        messages.error(
            request, _("Choose a reviewer or editor of the desk to draft the correction.")
        )
        return go_to(request, claim.get_absolute_url() + "#verdict")
    assignee = get_user_model().objects.get(pk=int(chosen)) if chosen else request.user
    try:
        services.correction_open(actor=request.user, claim_id=claim.pk, assignee=assignee)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Correction opened. The published verdict stays public until the correction "
                "is approved."
            ),
        )
    return go_to(request, claim.get_absolute_url() + "#verdict")
