"""New claims from an article (pasted or fetched), and bulk import from CSV."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from claims import csv_import, forms, intake, permissions, text
from claims.models import Appearance, Article, Claim, Claimant
from claims.views import matches
from foundation.requests import DeskRequest


def _require_intake(user: Any) -> None:
    if not permissions.can_create_claim(user):
        raise PermissionDenied(_("You cannot add claims."))


def _article_for(user: Any, pk: int) -> Article:
    _require_intake(user)
    return get_object_or_404(Article, pk=pk)


@require_http_methods(["GET", "POST"])
def article_new(request: DeskRequest) -> HttpResponse:
    _require_intake(request.user)
    form = forms.ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pasted = bool(data["text"].strip())
        try:
            if pasted:
                source = intake.from_paste(data["text"], language=data["language"], url=data["url"])
            else:
                source = intake.from_url(data["url"], language=data["language"])
        except intake.IntakeError as error:
            form.add_error("text" if pasted else "url", str(error))
        else:
            source.title = data["title"] or source.title
            source.publisher = data["publisher"] or source.publisher
            source.published_on = data["published_on"] or source.published_on
            article = intake.article_store(actor=request.user, source=source)
            return redirect("claims:article-candidates", pk=article.pk)
    return render(request, "claims/article_new.html", {"form": form})


def _initial(candidate: Any) -> dict[str, Any]:
    """A candidate's form, as the pick the desk would keep: the reviewer chooses."""
    pick = intake.Pick.from_candidate(candidate)
    return {**asdict(pick), "keep": False, "reasons": "|".join(pick.reasons)}


def _picks(formset: Any) -> list[intake.Pick]:
    return [form.to_pick() for form in formset.forms if form.cleaned_data.get("keep")]


def _score(candidate: Any) -> float:
    """The score as the page shows it (two decimals): what "at least 0.60" is judged on."""
    return round(float(candidate.score), 2)


def _retick(posted: QueryDict, candidates: list[Any], how: str, threshold: float) -> QueryDict:
    """What the page would send with its boxes ticked as asked, everything typed kept: the
    ticking buttons without JavaScript."""
    data = posted.copy()
    for i, candidate in enumerate(candidates):
        if how == "all" or (how == "from" and _score(candidate) >= threshold):
            data[f"c-{i}-keep"] = "on"
        else:
            data.pop(f"c-{i}-keep", None)
    return data


@dataclass(frozen=True)
class _Row:
    form: Any
    candidate: Any
    known: int | None  # the claim already on the desk with the same fingerprint
    claimant: Claimant | None  # the claimant the speaker's name matches
    score: str  # for desk.js, never localised
    suggestions: list[matches.Shown]  # what the desk already has that says the same
    recorded: int | None = None  # the claim this proposal was recorded as an appearance of

    @property
    def kept(self) -> bool:
        return bool(self.form["keep"].value())

    @property
    def type_label(self) -> str:
        value = self.form["claim_type"].value() or self.candidate.type
        return str(_TYPE_LABELS.get(value, value))


_TYPE_LABELS = dict(Claim.Type.choices)


def _incoming(article: Article, index: int, form: Any) -> matches.Incoming:
    """A proposal as its "same claim" button would record it: an appearance in the article,
    with its span, the speaker as typed or proposed."""

    def value(name: str) -> str:
        return str(form[name].value() or "").strip()

    return matches.Incoming(
        text=value("text"),
        door="proposal",
        key=str(index),
        language=article.language,
        claimant=value("speaker"),
        claimant_role=value("speaker_description"),
        outlet=article.publisher,
        url=article.url,
        date=article.published_on.isoformat() if article.published_on else "",
        article=str(article.pk),
        span_start=value("start"),
        span_end=value("end"),
    )


def _rows(article: Article, formset: Any, candidates: list[Any]) -> list[_Row]:
    fingerprints = {c: text.fingerprint(text.normalize_claim(c.text)) for c in candidates}
    known = dict(
        Claim.objects.filter(fingerprint__in=set(fingerprints.values())).values_list(
            "fingerprint", "pk"
        )
    )
    names = {
        form: text.name_key(form["speaker"].value() or "")
        for form in formset.forms
        if (form["speaker"].value() or "").strip()
    }
    claimants: dict[str, Claimant] = {}
    for claimant in Claimant.objects.filter(name_key__in=set(names.values())).order_by("-id"):
        claimants[claimant.name_key] = claimant  # the oldest wins, as when claims are created
    # Proposals already recorded as an appearance of a claim ("Same claim", with or without
    # JavaScript): found by their span in the article.
    recorded = {
        (start, end): claim_id
        for start, end, claim_id in Appearance.objects.filter(article=article).values_list(
            "span_start", "span_end", "claim_id"
        )
    }
    forms_shown = formset.forms[: len(candidates)]
    # All the page's proposals matched at once: one model call, one query.
    found = matches.suggest([_incoming(article, i, form) for i, form in enumerate(forms_shown)])
    return [
        _Row(
            form=form,
            candidate=candidate,
            known=known.get(fingerprints[candidate]),
            claimant=claimants.get(names.get(form, "")),
            score=f"{_score(candidate):.2f}",
            suggestions=suggestions,
            recorded=recorded.get((candidate.start, candidate.end)),
        )
        for form, candidate, suggestions in zip(formset.forms, candidates, found, strict=False)
    ]


def _count_phrases(most: int) -> list[str]:
    """Every "N claims will be created." the page can need, so desk.js shows the count in the
    language's own plural forms (Russian has three)."""
    return [
        ngettext("%(n)s claim will be created.", "%(n)s claims will be created.", n) % {"n": n}
        for n in range(most + 1)
    ]


def _duplicate_phrases(most: int) -> list[str]:
    return [""] + [
        ngettext(
            "%(n)s of them is already on the desk.", "%(n)s of them are already on the desk.", n
        )
        % {"n": n}
        for n in range(1, most + 1)
    ]


@require_http_methods(["GET", "POST"])
def article_candidates(request: DeskRequest, pk: int) -> HttpResponse:
    """The claims the desk proposes from an article; the reviewer keeps some and fixes them."""
    article = _article_for(request.user, pk)
    candidates, found = intake.propose(article)
    if found > len(candidates) and request.method == "GET":
        messages.info(
            request,
            _("%(found)s possible claims were found; here are the %(shown)s most check-worthy.")
            % {"found": f"{found:,}", "shown": len(candidates)},
        )
    data: QueryDict | None = request.POST if request.method == "POST" else None
    ticking = forms.TickForm(request.POST) if request.POST.get("tick") else None
    threshold = forms.intake.DEFAULT_THRESHOLD
    if ticking is not None:
        if ticking.is_valid():
            threshold = ticking.cleaned_data["tick_from"] or threshold
            how = ticking.cleaned_data["tick"]
            data = _retick(request.POST, candidates, how, float(threshold))
        else:
            messages.error(request, _("Choose how to tick the claims from the buttons."))
    formset = forms.CandidateFormSet(data, initial=[_initial(c) for c in candidates], prefix="c")
    if ticking is None and request.method == "POST" and formset.is_valid():
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
    rows = _rows(article, formset, candidates)
    kept = [row for row in rows if row.kept]
    phrases = {
        "kept": _count_phrases(len(rows)),
        "known": _duplicate_phrases(sum(1 for row in rows if row.known)),
    }
    context = {
        "article": article,
        "formset": formset,
        "rows": rows,
        "thresholds": forms.intake.TICK_THRESHOLDS,
        "threshold": threshold,
        "kept_phrase": phrases["kept"][len(kept)],
        "kept_known_phrase": phrases["known"][sum(1 for row in kept if row.known)],
        # JSON in data attributes: the page carries no inline script, not even a data block.
        "count_phrases": {name: json.dumps(texts) for name, texts in phrases.items()},
        "can_decide": True,  # whoever may add claims from the article may decide a match
        "next": request.path,
    }
    return render(request, "claims/article_candidates.html", context)


@require_GET
def article_detail(request: DeskRequest, pk: int) -> HttpResponse:
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
def claims_import(request: DeskRequest) -> HttpResponse:
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
    context = {
        "form": form,
        "report": report,
        "columns": csv_import.COLUMNS,
        **_import_matches(report),
        "can_decide": True,  # whoever may import may decide a match
        "next": request.path,
    }
    return render(request, "claims/import.html", context)


MATCHED_ROWS = 200  # rows of a dry run matched against the desk (about 5 ms a row)


@dataclass(frozen=True)
class _Matched:
    checked: csv_import.Checked
    suggestions: list[matches.Shown]


def _import_matches(report: csv_import.Report | None) -> dict[str, Any]:
    """The rows of a checked file that the desk may already have, for the dry run: the first
    MATCHED_ROWS rows, in one batch."""
    if report is None or report.created:
        return {}
    rows = [row for row in report.checked if row.text][:MATCHED_ROWS]
    found = matches.suggest(
        [
            matches.Incoming(
                text=row.text,
                door="csv",
                key=str(row.row),
                language=row.language,
                claimant=row.claimant,
                claimant_role=row.claimant_role,
                outlet=row.outlet,
                url=row.url,
                date=row.date,
            )
            for row in rows
        ]
    )
    matched = [_Matched(row, shown) for row, shown in zip(rows, found, strict=True) if shown]
    return {
        "matched": matched,
        "matched_rows": len(rows),
        "more_rows": len([row for row in report.checked if row.text]) > len(rows),
    }
