"""What readers see without logging in: published fact-checks, their index and an Atom feed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import uri_to_iri
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from claims import pagination
from claims import permissions as claim_permissions
from claims.models import Claim
from foundation.requests import DeskRequest
from reviews import markdown, permissions, public_record
from reviews.exports import claimreview
from reviews.models import Recheck, Verdict

PER_PAGE = 20
NEWEST = pagination.Sort(gettext_lazy("Newest first"), "published_at", True)


def published_verdicts() -> QuerySet[Verdict]:
    """The current verdict of every published claim: one per claim."""
    return Verdict.objects.filter(status=Verdict.Status.APPROVED)


def _hydrate(ids: list[int]) -> dict[int, Verdict]:
    verdicts = published_verdicts().in_bulk(ids)
    for verdict in verdicts.values():
        verdict.public_path = claimreview.public_path(verdict.claim_id, verdict.summary)  # type: ignore[attr-defined]
        verdict.record = public_record.of(verdict)  # type: ignore[attr-defined]
    return verdicts


@login_not_required
@require_GET
def fact_check_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    verdicts = published_verdicts()
    if query.strip():
        verdicts = verdicts.filter(claim__in=Claim.objects.search(query))
    try:
        page = pagination.paginate(
            verdicts,
            NEWEST,
            per_page=PER_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            hydrate=_hydrate,
        )
    except pagination.InvalidCursor as error:
        context = {"error": str(error), "q": query, "organisation": claimreview.organisation()}
        return render(request, "public/index.html", context, status=400)
    found: dict[str, Any] = {"page": page, "q": query, "organisation": claimreview.organisation()}
    return render(request, "public/index.html", found)


def current_verdict(pk: int) -> Verdict:
    verdict = published_verdicts().filter(claim_id=pk).first()
    if verdict is None:
        raise Http404(_("There is no published fact-check here."))
    return verdict


@login_not_required
@require_GET
def fact_check(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    verdict = current_verdict(pk)
    claim = public_record.of(verdict)
    canonical = claimreview.public_path(claim.pk, verdict.summary)
    if request.path != uri_to_iri(canonical):  # request.path is already decoded
        return HttpResponsePermanentRedirect(canonical)
    context = _fact_check_context(claim, verdict, public_record.evidence(claim))
    context["json_ld"] = claimreview.script_block(
        claimreview.claim_review(claim, verdict, appearances=context["appearances"])
    )
    context["canonical_url"] = claimreview.default_site_url() + canonical
    return render(request, "public/fact_check.html", context)


@require_GET
def fact_check_preview(request: DeskRequest, pk: int) -> HttpResponse:
    """The public page a verdict awaiting approval (or a draft) would publish, for its editors
    and its drafter: the claim as it is now, the evidence it would rest on. Desk only."""
    claim_row = claim_permissions.get_claim_for_user(request.user, pk)
    verdict = Verdict.objects.working().filter(claim=claim_row).first()
    if verdict is None:
        raise Http404(_("There is no verdict in progress to preview."))
    if not (permissions.is_editor(request.user) or claim_row.assignee_id == request.user.pk):
        raise PermissionDenied(_("Only editors and the claim's assignee preview its verdict."))
    evidence = claim_row.evidence.order_by("number")
    claim = public_record.of_record(
        claim_row.pk, public_record.freeze(claim_row, [item.pk for item in evidence])
    )
    context = _fact_check_context(claim, verdict, evidence)
    context.update(preview=True, json_ld="", canonical_url="")
    return render(request, "public/fact_check.html", context)


def _fact_check_context(claim: Any, verdict: Verdict, evidence: Any) -> dict[str, Any]:
    history = list(
        Verdict.objects.published()
        .filter(claim_id=claim.pk)
        .exclude(pk=verdict.pk)
        .order_by("-number")
    )
    for item in [verdict, *history]:
        item.rationale_html = markdown.render(item.rationale)  # type: ignore[attr-defined]
    return {
        "claim": claim,
        "verdict": verdict,
        # Recorded appearances are public as soon as they are added: they say where else the
        # claim was made, not what we concluded (nothing of the verdict's record changes).
        "appearances": claimreview.appearances_of([claim.pk]).get(claim.pk, []),
        "history": history,
        # Re-checks that found this verdict still holds: dated, shown with it.
        "rechecks": list(
            Recheck.objects.held().filter(verdict_id=verdict.pk).order_by("decided_at", "id")
        ),
        "evidence": evidence,
        "organisation": claimreview.organisation(),
    }


class FactCheckFeed(Feed[Verdict, None]):
    """New and corrected verdicts, newest first (Atom)."""

    feed_type = Atom1Feed

    def link(self) -> str:
        return reverse("public:index")

    def title(self) -> str:
        return _("Fact-checks from %(name)s") % {"name": claimreview.organisation()["name"]}

    def subtitle(self) -> str:
        return _("New fact-checks and corrections of published ones.")

    def items(self) -> QuerySet[Verdict]:
        current = Verdict.objects.filter(
            claim=OuterRef("claim"), status=Verdict.Status.APPROVED
        ).values("summary")[:1]
        return (
            Verdict.objects.published()
            .annotate(current_summary=Subquery(current))
            .order_by("-published_at", "-pk")[:50]
        )

    def item_title(self, item: Verdict) -> str:
        prefix = _("Correction: ") if item.correction_of_id else ""
        return f"{prefix}{item.rating_label} — {item.summary}"

    def item_description(self, item: Verdict) -> str:
        # Atom1Feed writes this as <summary type="html">: readers render it as markup, so what a
        # reviewer typed is escaped into text (it is never markup on the public page either).
        note = f" {_('Correction')}: {item.correction_note}" if item.correction_note else ""
        return escape(item.conclusion + note)

    def item_link(self, item: Verdict) -> str:
        summary = getattr(item, "current_summary", None) or item.summary
        return claimreview.public_path(item.claim_id, summary) + f"#version-{item.number}"

    def item_guid(self, item: Verdict) -> str:
        # An identifier, kept as it always was: the short address of the claim, then the version.
        short = reverse("public:fact-check-short", args=[item.claim_id])
        return f"{settings.SITE_URL}{short}version/{item.number}"

    def item_pubdate(self, item: Verdict) -> Any:
        return item.published_at

    def item_updateddate(self, item: Verdict) -> Any:
        return item.published_at


fact_check_feed = login_not_required(FactCheckFeed())
