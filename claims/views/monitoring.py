"""Followed sources and what they bring: the sources and their health, "seen again" alerts,
and the morning list of new check-worthy claims."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import caches, forms, languages, permissions
from claims.models import (
    FollowedItem,
    FollowedSource,
    MorningVisit,
    ProposedClaim,
    SeenAgain,
)
from claims.monitoring import services
from foundation.htmx import go_to, htmx_fragment, local_url
from foundation.requests import DeskRequest

MORNING_FIRST_VISIT = timedelta(hours=24)
MORNING_LIMIT = 200
RECENT_ITEMS = 50


@require_GET
def source_list(request: DeskRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    sources = FollowedSource.objects.annotate(
        open_alerts=Count("items__alerts", filter=Q(items__alerts__state="open"))
    ).order_by("-active", "name", "id")
    return render(
        request,
        "claims/sources.html",
        {"sources": sources, "can_edit": permissions.is_desk_editor(request.user)},
    )


@require_GET
def source_detail(request: DeskRequest, pk: int) -> HttpResponse:
    permissions.require_desk_member(request.user)
    source = get_object_or_404(FollowedSource, pk=pk)
    items = (
        FollowedItem.objects.filter(source=source)
        .select_related("duplicate_of")
        .annotate(proposed=Count("proposals"))
        .order_by("-created_at", "-id")[:RECENT_ITEMS]
    )
    return render(
        request,
        "claims/source_detail.html",
        {"source": source, "items": items, "can_edit": permissions.is_desk_editor(request.user)},
    )


@require_http_methods(["GET", "POST"])
def source_edit(request: DeskRequest, pk: int | None = None) -> HttpResponse:
    permissions.require_desk_member(request.user)
    source = get_object_or_404(FollowedSource, pk=pk) if pk is not None else None
    permissions.require_sources_editor(request.user)
    form = forms.SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        saved = services.source_save(actor=request.user, source_id=pk, fields=form.cleaned_data)
        messages.success(
            request, _("Saved. The desk polls “%(name)s” at the next beat.") % {"name": saved.name}
        )
        return redirect("claims:source", pk=saved.pk)
    return render(request, "claims/source_form.html", {"form": form, "source": source})


@require_POST
def source_control(request: DeskRequest, pk: int, action: str) -> HttpResponse:
    permissions.require_desk_member(request.user)
    source = get_object_or_404(FollowedSource, pk=pk)
    permissions.require_sources_editor(request.user)
    if action == "pause":
        services.source_pause(actor=request.user, source_id=source.pk)
        messages.success(request, _("Paused: the desk no longer polls this source."))
    elif action == "resume":
        services.source_resume(actor=request.user, source_id=source.pk)
        messages.success(request, _("Following again: polled at the next beat."))
    elif source.active:
        services.source_poll_soon(actor=request.user, source_id=source.pk)
        messages.success(request, _("A poll was sent to the worker."))
    else:
        messages.error(request, _("The source is paused: resume it first."))
    return go_to(request, local_url(request, "next", source_detail_url(source.pk)))


def source_detail_url(pk: int) -> str:
    return reverse("claims:source", args=[pk])


# --- Seen again -------------------------------------------------------------------------------


@require_GET
def seen_again_list(request: DeskRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    state = request.GET.get("state", SeenAgain.State.OPEN)
    if state not in SeenAgain.State.values:
        state = SeenAgain.State.OPEN
    alerts = list(
        SeenAgain.objects.filter(state=state)
        .select_related(
            "claim__claimant", "proposal__article", "item__source", "decided_by", "appearance"
        )
        .order_by("-created_at", "-id")[:MORNING_LIMIT]
    )
    caches.annotate_reviews({a.claim_id: a.claim for a in alerts})
    return render(
        request,
        "claims/seen_again.html",
        {
            "alerts": alerts,
            "state": state,
            "states": SeenAgain.State.choices,
            "can_decide": permissions.can_create_claim(request.user),
        },
    )


@require_POST
def seen_again_decide(request: DeskRequest, pk: int, decision: str) -> HttpResponse:
    alert = get_object_or_404(SeenAgain, pk=pk)
    try:
        if decision == "confirm":
            services.seen_again_confirm(actor=request.user, alert_id=alert.pk)
        else:
            services.seen_again_dismiss(actor=request.user, alert_id=alert.pk)
    except services.AlertDecided as error:
        messages.info(request, str(error))
    else:
        if decision == "confirm":
            messages.success(
                request, _("Added as an appearance of claim #%(id)s.") % {"id": alert.claim_id}
            )
        else:
            messages.success(request, _("Dismissed."))
    if htmx_fragment(request):
        alert.refresh_from_db()
        caches.annotate_reviews({alert.claim_id: alert.claim})
        return render(request, "claims/seen_again.html#alert", {"alert": alert, "can_decide": True})
    return redirect("claims:seen-again")


# --- The morning list -------------------------------------------------------------------------


@require_GET
def morning_list(request: DeskRequest) -> HttpResponse:
    """New check-worthy claims from followed sources since the member's last visit, best
    first within each topic and language; `?all=1` shows every claim still waiting."""
    permissions.require_desk_member(request.user)
    now = timezone.now()
    visit = MorningVisit.objects.filter(user=request.user).first()
    since = visit.seen_until if visit else now - MORNING_FIRST_VISIT
    everything = request.GET.get("all") == "1"
    proposals = ProposedClaim.objects.filter(state=ProposedClaim.State.NEW)
    if not everything:
        proposals = proposals.filter(created_at__gt=since)
    related = ("article", "item__source", "matched_claim", "taken_claim")
    ordered = proposals.select_related(*related).order_by(
        "item__source__topic", "language", "-score", "id"
    )
    rows = list(ordered[:MORNING_LIMIT])
    groups = [
        {
            "topic": topic or _("No topic"),
            "language": languages.label(language),
            "rows": sorted(group, key=lambda p: -p.score),
        }
        for (topic, language), group in groupby(
            rows, key=lambda p: (p.item.source.topic, p.language)
        )
    ]
    visit, _created = MorningVisit.objects.update_or_create(
        user=request.user, defaults={"seen_until": now}
    )
    return render(
        request,
        "claims/morning.html",
        {
            "groups": groups,
            "since": since,
            "everything": everything,
            "count": len(rows),
            "can_take": permissions.can_create_claim(request.user),
            "emailed": visit.email_daily,
        },
    )


@require_POST
def morning_email(request: DeskRequest) -> HttpResponse:
    """Have the morning list e-mailed each morning (in the page's language), or stop it."""
    permissions.require_desk_member(request.user)
    wanted = request.POST.get("email") == "on"
    if wanted and not request.user.email:
        messages.error(request, _("Your account has no e-mail address; ask an administrator."))
        return redirect("claims:morning")
    MorningVisit.objects.update_or_create(
        user=request.user,
        defaults={"email_daily": wanted, "language": translation.get_language() or "en"},
        create_defaults={
            "email_daily": wanted,
            "language": translation.get_language() or "en",
            "seen_until": timezone.now() - MORNING_FIRST_VISIT,
        },
    )
    if wanted:
        messages.success(
            request,
            _("The morning list will be e-mailed to %(email)s each morning from %(hour)02d:00.")
            % {"email": request.user.email, "hour": settings.MORNING_EMAIL_HOUR},
        )
    else:
        messages.success(request, _("The morning e-mail is stopped."))
    return redirect("claims:morning")


@require_POST
def proposal_take(request: DeskRequest, pk: int) -> HttpResponse:
    if not permissions.can_create_claim(request.user):
        raise PermissionDenied(_("You cannot add claims."))
    proposal = get_object_or_404(ProposedClaim, pk=pk)
    claim = services.proposal_take(actor=request.user, proposal_id=proposal.pk)
    if htmx_fragment(request):
        proposal.refresh_from_db()
        return render(
            request, "claims/morning.html#proposal", {"proposal": proposal, "can_take": True}
        )
    messages.success(request, _("Taken into the desk as claim #%(id)s.") % {"id": claim.pk})
    return redirect(claim.get_absolute_url())
