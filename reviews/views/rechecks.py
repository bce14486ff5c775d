"""The "Due for re-check" queue: published claims whose review-by date came or whose lookups
changed, and the editor's two answers (still holds; needs correction)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims.forms import desk_members
from claims.models import Claim
from foundation.htmx import go_to, htmx_fragment
from foundation.requests import DeskRequest
from reviews import forms, permissions
from reviews.models import Recheck
from reviews.services import WorkflowError, rechecks

PAGE = "reviews/rechecks.html"
SHOWN = 200  # the oldest first; a desk with more due has a bigger problem than paging
RECENT = 10


def _rows(queryset: Any, user: Any, **bound: Any) -> list[Recheck]:
    can_recheck = permissions.can_recheck(user)
    rows = list(queryset)
    members = desk_members() if can_recheck else []
    for row in rows:
        mine = bound if bound.get("pk") == row.pk else {}
        row.in_correction = row.claim.status != Claim.Status.PUBLISHED
        row.can_recheck = can_recheck and row.is_open and not row.in_correction
        row.hold_form = mine.get("hold_form") or forms.RecheckHoldForm(auto_id=f"hold-{row.pk}-%s")
        row.correct_form = mine.get("correct_form") or forms.RecheckCorrectForm(
            auto_id=f"correct-{row.pk}-%s", members=members
        )
    return rows


def _queue(user: Any, **bound: Any) -> dict[str, Any]:
    base = Recheck.objects.select_related("claim", "claim__claimant", "verdict", "decided_by")
    due = base.open().order_by("due_since", "id")
    return {
        "rows": _rows(due[:SHOWN], user, **bound),
        "total": due.count(),
        "recent": base.exclude(status=Recheck.Status.OPEN).order_by("-decided_at", "-id")[:RECENT],
        "can_recheck": permissions.can_recheck(user),
    }


@require_GET
def recheck_queue(request: DeskRequest) -> HttpResponse:
    if not permissions.can_see_rechecks(request.user):
        raise PermissionDenied(_("Your account is not a member of the desk."))
    return render(request, PAGE, _queue(request.user))


def _answer(request: DeskRequest, recheck: Recheck, *, status: int, **bound: Any) -> HttpResponse:
    """For htmx the re-check's row, read afresh (a refusal too, with 200 like the claim page's
    panels: the row shows it next to the field); otherwise the whole queue."""
    if htmx_fragment(request):
        status = 200
        fresh = Recheck.objects.select_related("claim", "claim__claimant", "verdict")
        (row,) = _rows(fresh.filter(pk=recheck.pk), request.user, pk=recheck.pk, **bound)
        return render(request, f"{PAGE}#recheck-row", {"row": row}, status=status)
    return render(request, PAGE, _queue(request.user, pk=recheck.pk, **bound), status=status)


def _refused(form: Any, error: WorkflowError) -> None:
    for field, problem in error.problems.items():
        form.add_error(field if field in form.fields else None, problem)
    if not error.problems:
        form.add_error(None, error.message)


@require_POST
def recheck_hold(request: DeskRequest, pk: int) -> HttpResponse:
    recheck = permissions.get_recheck_for_user(request.user, pk, for_write=True)
    form = forms.RecheckHoldForm(request.POST, auto_id=f"hold-{pk}-%s")
    if form.is_valid():
        try:
            rechecks.recheck_hold(
                actor=request.user,
                recheck_id=pk,
                note=form.cleaned_data["note"],
                next_review_by=form.cleaned_data["next_review_by"],
            )
        except WorkflowError as error:
            _refused(form, error)
        else:
            if htmx_fragment(request):
                return _answer(request, recheck, status=200)
            messages.success(request, _("Recorded: the verdict still holds."))
            return HttpResponseRedirect(reverse("reviews:rechecks"))
    return _answer(request, recheck, status=400, hold_form=form)


@require_POST
def recheck_correct(request: DeskRequest, pk: int) -> HttpResponse:
    recheck = permissions.get_recheck_for_user(request.user, pk, for_write=True)
    form = forms.RecheckCorrectForm(
        request.POST, auto_id=f"correct-{pk}-%s", members=desk_members()
    )
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = get_user_model().objects.get(pk=int(chosen)) if chosen else request.user
        try:
            rechecks.recheck_correct(
                actor=request.user,
                recheck_id=pk,
                note=form.cleaned_data["note"],
                assignee=assignee,
            )
        except WorkflowError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _(
                    "Correction opened. The published verdict stays public until the "
                    "correction is approved."
                ),
            )
            return go_to(request, recheck.claim.get_absolute_url() + "#verdict")
    return _answer(request, recheck, status=400, correct_form=form)
