"""New claims from an article (pasted or fetched), and bulk import from CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from claims import csv_import, forms, intake, permissions, text
from claims.models import Article, Claim


def _require_intake(user: Any) -> None:
    if not permissions.can_create_claim(user):
        raise PermissionDenied(_("You cannot add claims."))


def _article_for(user: Any, pk: int) -> Article:
    _require_intake(user)
    return get_object_or_404(Article, pk=pk)


@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    _require_intake(request.user)
    form = forms.ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["url"]:
                source = intake.from_url(data["url"], language=data["language"])
            else:
                source = intake.from_paste(data["text"], language=data["language"])
        except intake.IntakeError as error:
            form.add_error("url" if data["url"] else "text", str(error))
        else:
            source.title = data["title"] or source.title
            source.publisher = data["publisher"] or source.publisher
            source.published_on = data["published_on"] or source.published_on
            article = intake.article_store(actor=request.user, source=source)
            return redirect("claims:article-candidates", pk=article.pk)
    return render(request, "claims/article_new.html", {"form": form})


def _initial(candidate: Any) -> dict[str, Any]:
    return {
        "keep": False,  # the reviewer chooses
        # Reported speech starts mid-sentence ("said that the city had..."); on the desk a
        # claim reads as a sentence of its own. The span still marks the article's words.
        "text": candidate.text[:1].upper() + candidate.text[1:],
        "speaker": candidate.speaker,
        "speaker_description": candidate.speaker_description,
        "claim_type": candidate.type,
        "start": candidate.start,
        "end": candidate.end,
        "score": candidate.score,
        "reasons": "|".join(candidate.reasons),
    }


def _picks(formset: Any) -> list[intake.Pick]:
    return [
        intake.Pick(
            text=data["text"].strip(),
            speaker=data["speaker"],
            speaker_description=data["speaker_description"],
            claim_type=data["claim_type"] or Claim.Type.OTHER,
            start=data["start"],
            end=data["end"],
            score=data["score"],
            reasons=tuple(r for r in (data["reasons"] or "").split("|") if r),
        )
        for data in formset.cleaned_data
        if data.get("keep")
    ]


@require_http_methods(["GET", "POST"])
def article_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The claims the desk proposes from an article; the reviewer keeps some and fixes them."""
    article = _article_for(request.user, pk)
    candidates, found = intake.propose(article)
    if found > len(candidates) and request.method == "GET":
        messages.info(
            request,
            _("%(found)s possible claims were found; here are the %(shown)s most check-worthy.")
            % {"found": f"{found:,}", "shown": len(candidates)},
        )
    formset = forms.CandidateFormSet(
        request.POST or None, initial=[_initial(c) for c in candidates], prefix="c"
    )
    if request.method == "POST" and formset.is_valid():
        picks = _picks(formset)
        if not picks:
            messages.error(request, _("Tick at least one claim to keep."))
        else:
            created = intake.claims_create_from_article(
                actor=request.user, article=article, picks=picks
            )
            messages.success(
                request,
                ngettext("%(n)d claim added.", "%(n)d claims added.", len(created))
                % {"n": len(created)},
            )
            return redirect("claims:article", pk=article.pk)
    fingerprints = {text.fingerprint(text.normalize_claim(c.text)) for c in candidates}
    known = dict(
        Claim.objects.filter(fingerprint__in=fingerprints).values_list("fingerprint", "pk")
    )
    rows = [
        (form, candidate, known.get(text.fingerprint(text.normalize_claim(candidate.text))))
        for form, candidate in zip(formset.forms, candidates, strict=False)
    ]
    context = {"article": article, "formset": formset, "rows": rows}
    return render(request, "claims/article_candidates.html", context)


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored article with the claims taken from it highlighted."""
    article = _article_for(request.user, pk)
    claims = list(article.claims.order_by("span_start", "pk").select_related("claimant"))
    pieces: list[tuple[str, Claim | None]] = []
    cursor = 0
    for claim in claims:
        if claim.span_start is None or claim.span_end is None or claim.span_start < cursor:
            continue
        pieces.append((article.text[cursor : claim.span_start], None))
        pieces.append((article.text[claim.span_start : claim.span_end], claim))
        cursor = claim.span_end
    pieces.append((article.text[cursor:], None))
    return render(
        request,
        "claims/article_detail.html",
        {"article": article, "claims": claims, "pieces": pieces},
    )


@require_http_methods(["GET", "POST"])
def claims_import(request: HttpRequest) -> HttpResponse:
    _require_intake(request.user)
    form = forms.CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = csv_import.check_and_import(
                form.cleaned_data["file"].read(),
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except csv_import.CsvError as error:
            form.add_error("file", str(error))
        else:
            if report.created:
                n = len(report.created)
                messages.success(
                    request,
                    ngettext("%(n)s claim imported.", "%(n)s claims imported.", n) % {"n": n},
                )
                return redirect("claims:list")
    context = {"form": form, "report": report, "columns": csv_import.COLUMNS}
    return render(request, "claims/import.html", context)
