from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import services as claim_services
from foundation.htmx import go_to, local_url
from foundation.requests import DeskRequest
from reviews import forms, permissions, services
from reviews.views.claim_page import page_claim, render_panel


@require_POST
def claim_take(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    try:
        services.claim_take(actor=request.user, claim_id=claim.pk)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The claim is yours."))
    return go_to(request, claim.get_absolute_url())


def _back(request: DeskRequest) -> str:
    """Where a list action returns: the list as it was (an address on this site)."""
    return local_url(request, request.POST.get("next", "/"))


def _refused(request: DeskRequest, form: Any) -> HttpResponse:
    for errors in form.errors.values():
        messages.error(request, str(errors[0]))
    return go_to(request, _back(request))


def _outcome(request: DeskRequest, done_text: str, skipped: int) -> HttpResponse:
    if skipped:
        done_text += " " + _("%(n)s left as they were.") % {"n": skipped}
    messages.success(request, done_text)
    return go_to(request, _back(request))


@require_POST
def claims_assign(request: DeskRequest) -> HttpResponse:
    """Assign one claim (from its page) or many (from the list) to a desk member."""
    if not permissions.can_assign(request.user):
        raise PermissionDenied(_("Only editors assign claims."))
    back = _back(request)
    form = forms.AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    assignee = get_object_or_404(get_user_model(), pk=form.cleaned_data["assignee"])
    try:
        done, skipped = services.claims_assign(
            actor=request.user, claim_ids=form.cleaned_data["claims"], assignee=assignee
        )
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
        return go_to(request, back)
    text = _("Assigned %(done)s to %(name)s.") % {"done": done, "name": assignee.get_username()}
    if skipped:
        text += " " + _("%(n)s left as they were (already theirs, or past review).") % {
            "n": skipped
        }
    messages.success(request, text)
    return go_to(request, back)


@require_POST
def claims_bulk_tag(request: DeskRequest) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied(_("Only editors tag claims from the list."))
    form = forms.BulkTagForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    name = form.cleaned_data["tag"]
    done, skipped = claim_services.claims_tag(
        actor=request.user, claim_ids=form.cleaned_data["claims"], tag_name=name
    )
    return _outcome(request, _("Tagged %(n)s with “%(tag)s”.") % {"n": done, "tag": name}, skipped)


@require_POST
def claims_bulk_dismiss(request: DeskRequest) -> HttpResponse:
    if not permissions.can_dismiss_any(request.user):
        raise PermissionDenied(_("Only editors dismiss claims."))
    form = forms.BulkDismissForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    done, skipped = services.claims_dismiss(
        actor=request.user,
        claim_ids=form.cleaned_data["claims"],
        reason=services.NOT_CHECK_WORTHY,
        note=form.cleaned_data["note"],
    )
    return _outcome(request, _("Dismissed %(n)s as not check-worthy.") % {"n": done}, skipped)


@require_POST
def claim_dismiss(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    form = forms.DismissForm(request.POST)
    if not form.is_valid():
        return render_panel(request, claim, "triage-panel", dismiss_form=form, dismiss_open=True)
    try:
        services.claim_dismiss(
            actor=request.user,
            claim_id=claim.pk,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            duplicate_of_id=form.cleaned_data["duplicate_of"],
        )
    except (services.WorkflowError, services.Conflict) as exc:
        for field, problem in getattr(exc, "problems", {}).items():
            form.add_error(field if field in form.fields else None, problem)
        if not getattr(exc, "problems", None):
            form.add_error(None, exc.message)
        status = 409 if isinstance(exc, services.Conflict) else 200
        return render_panel(
            request, claim, "triage-panel", status=status, dismiss_form=form, dismiss_open=True
        )
    messages.success(request, _("Claim dismissed."))
    return go_to(request, claim.get_absolute_url())


@require_POST
def claim_reopen(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    services.claim_reopen(actor=request.user, claim_id=claim.pk)
    messages.success(request, _("Claim reopened."))
    return go_to(request, claim.get_absolute_url())
