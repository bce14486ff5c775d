"""The claim page's Sources panel: what the background lookups found, live."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from claims.lookups import services as lookup_services
from claims.models import Claim, LookupJob
from reviews import permissions
from reviews.models import Verdict
from reviews.views.common import htmx, page_claim


def sources_context(user: object, claim: Claim) -> dict[str, object]:
    jobs = LookupJob.objects.latest_per_provider(claim)
    order = {name: i for i, name in enumerate(lookup_services.provider_names())}
    jobs.sort(key=lambda job: order.get(job.provider, len(order)))
    return {
        "claim": claim,
        "jobs": jobs,
        "lookups_pending": any(job.is_pending for job in jobs),
        "can_add_evidence": permissions.can_add_evidence(user, claim),
        "can_retry": user.has_perm("claims.change_claim"),  # type: ignore[attr-defined]
    }


@require_GET
def sources_panel(request: HttpRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    if not htmx(request):
        return HttpResponseRedirect(claim.get_absolute_url() + "#sources")
    return render(request, "reviews/sources_panel.html", sources_context(request.user, claim))


def similar_context(user: object, claim: Claim) -> dict[str, object]:
    similar = list(claim.similar.select_related("other__claimant").order_by("-exact", "-score"))
    ratings = dict(
        Verdict.objects.filter(
            claim__in=[s.other_id for s in similar], status=Verdict.Status.APPROVED
        ).values_list("claim_id", "rating_label")
    )
    for row in similar:
        row.rating = ratings.get(row.other_id, "")  # type: ignore[attr-defined]
    published = claim.verdicts.filter(status=Verdict.Status.APPROVED).exists()
    excerpt = None
    if claim.article_id and claim.span_start is not None and claim.span_end is not None:
        excerpt = claim.article.excerpt(claim.span_start, claim.span_end)  # type: ignore[union-attr]
    return {
        "similar": similar,
        "can_mark_duplicate": permissions.can_dismiss(user, claim, has_published_verdict=published),
        "article_excerpt": excerpt,
    }


@require_GET
def analysis_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Same and similar claims, polled by htmx until the background analysis has run."""
    claim = page_claim(request.user, pk)
    if not htmx(request):
        return HttpResponseRedirect(claim.get_absolute_url() + "#analysis")
    context = {"claim": claim, **similar_context(request.user, claim)}
    return render(request, "reviews/analysis_panel.html", context)


@require_POST
def lookup_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        LookupJob.objects.filter(claim__in=Claim.objects.visible_to(request.user)), pk=pk
    )
    lookup_services.lookup_retry(actor=request.user, job_id=job.pk)
    claim = page_claim(request.user, job.claim_id)
    if not htmx(request):
        return HttpResponseRedirect(claim.get_absolute_url() + "#sources")
    return render(request, "reviews/sources_panel.html", sources_context(request.user, claim))
