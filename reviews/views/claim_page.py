"""The claim page: its view, the panels that refresh on their own (sources, same and similar
claims), and the one way every review view answers — the whole page, or for htmx one panel of it.

The page's context is built from small named pieces, each read fresh from the database: the
verdicts, the evidence, what the reader may do, the forms, the lookups and the analysis. Views
that answer a sent form pass their bound forms (with errors) or messages as overrides.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery, prefetch_related_objects
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims import permissions as claim_permissions
from claims.lookups import services as lookup_services
from claims.models import Appearance, AuditEvent, Claim, LookupJob, MatchDecision
from foundation.htmx import go_to, htmx_fragment
from foundation.requests import DeskRequest
from reviews import forms, markdown, permissions, services
from reviews.exports import claimreview
from reviews.models import SUMMARY_MAX_LENGTH, Comment, Evidence, Notification, Verdict
from reviews.rechecks import dates
from reviews.rechecks.models import Recheck

PAGE = "reviews/claim_page.html"
# Panels with a template of their own (polled, or refreshed on their own); every other panel
# is a partial of the page, answered with the timeline swapped in out of band.
OWN_TEMPLATES = {
    "sources": "reviews/sources_panel.html",
    "analysis": "reviews/analysis_panel.html",
}


def _with_people() -> Any:
    return Claim.objects.select_related("claimant", "assignee", "created_by", "asked")


def page_claim(user: Any, pk: int) -> Claim:
    return claim_permissions.get_claim_for_user(user, pk, queryset=_with_people())


# --- The views --------------------------------------------------------------------------------


def shown_claim(user: Any, pk: int) -> Claim:
    """The claim as the page shows it, read with its last event and comment (the keys of the
    activity and the discussion as rendered), whether a re-check is open and whether the reader
    has unread notifications about it, so none of these costs a query of its own. Only for a
    page that changes nothing before it renders: after a change these would be out of date."""
    last_event = AuditEvent.objects.filter(claim=OuterRef("pk")).order_by("-id")
    last_comment = Comment.objects.filter(claim=OuterRef("pk")).order_by("-id")
    unread = Notification.objects.unread().filter(recipient_id=user.pk, claim=OuterRef("pk"))
    # the search columns (a tsvector among them) are never shown
    queryset = (
        _with_people()
        .defer("search_text", "search_vector", "normalized_text")
        .annotate(
            shown_last_event=Subquery(last_event.values("id")[:1]),
            shown_last_event_at=Subquery(last_event.values("at")[:1]),
            shown_last_comment=Subquery(last_comment.values("id")[:1]),
            shown_last_comment_at=Subquery(last_comment.values("created_at")[:1]),
            shown_open_recheck=Exists(Recheck.objects.open().filter(claim=OuterRef("pk"))),
            shown_unread=Exists(unread),
        )
    )
    return claim_permissions.get_claim_for_user(user, pk, queryset=queryset)


@require_GET
def claim_page(request: DeskRequest, pk: int) -> HttpResponse:
    claim = shown_claim(request.user, pk)
    if claim.shown_unread:  # type: ignore[attr-defined]  # opening the claim reads them
        services.notifications_mark_read(actor=request.user, claim_id=claim.pk)
    return render(request, PAGE, claim_context(request, claim))


@require_GET
def sources_panel(request: DeskRequest, pk: int) -> HttpResponse:
    """What the background lookups found, polled by htmx until every lookup has finished."""
    return render_panel(request, page_claim(request.user, pk), "sources")


@require_GET
def analysis_panel(request: DeskRequest, pk: int) -> HttpResponse:
    """Same and similar claims, polled by htmx until the background analysis has run."""
    return render_panel(request, page_claim(request.user, pk), "analysis")


@require_POST
def lookup_retry(request: DeskRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        LookupJob.objects.filter(claim__in=Claim.objects.visible_to(request.user)), pk=pk
    )
    lookup_services.lookup_retry(actor=request.user, job_id=job.pk)
    return render_panel(request, page_claim(request.user, job.claim_id), "sources")


class MergeForm(django_forms.Form):
    duplicate_of = django_forms.IntegerField(min_value=1, max_value=2**31 - 1)
    version = django_forms.IntegerField(min_value=1, max_value=2**31 - 1)
    rank = django_forms.IntegerField(min_value=1, max_value=1000, required=False)


@require_POST
def claim_merge(request: DeskRequest, pk: int) -> HttpResponse:
    """ "Same claim": an editor makes this claim an appearance of the similar claim #N (its
    text, speaker and where it appeared join #N) and dismisses it as #N's duplicate. Nothing
    is deleted; the duplicate's page links to the original."""
    claim = page_claim(request.user, pk)
    published = claim.verdicts.filter(status=Verdict.Status.APPROVED).exists()
    if not permissions.can_dismiss(request.user, claim, has_published_verdict=published):
        raise PermissionDenied(_("Only editors make a claim an appearance of another."))
    form = MergeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Say which claim this one is the same as."))
    try:
        services.claim_dismiss(
            actor=request.user,
            claim_id=claim.pk,
            reason=services.DUPLICATE,
            expected_version=form.cleaned_data["version"],
            duplicate_of_id=form.cleaned_data["duplicate_of"],
            as_appearance=True,
            rank=form.cleaned_data["rank"],
        )
    except (services.WorkflowError, services.Conflict) as exc:
        messages.error(request, exc.message)
        return go_to(request, claim.get_absolute_url())
    original = Claim.objects.get(pk=claim.pk).duplicate_of_id
    messages.success(
        request, _("This claim is now an appearance of claim #%(n)s.") % {"n": original}
    )
    return go_to(request, claim.get_absolute_url())


def render_panel(
    request: DeskRequest, claim: Claim, panel: str, status: int = 200, **overrides: Any
) -> HttpResponse:
    """The answer of every review view about a claim: for htmx, the panel alone; otherwise the
    whole page, or for a panel of its own (which only htmx asks for) its place on the page."""
    own = OWN_TEMPLATES.get(panel)
    if not htmx_fragment(request):
        if own is not None:
            return HttpResponseRedirect(f"{claim.get_absolute_url()}#{panel}")
        response = render(request, PAGE, claim_context(request, claim, **overrides), status=status)
    elif own is not None:
        context = {"claim": claim, **PANEL_PIECES[panel](request.user, claim), **overrides}
        response = render(request, own, context, status=status)
    else:
        context = claim_context(request, claim, oob_timeline=True, **overrides)
        response = render(request, f"{PAGE}#{panel}", context, status=status)
        response.write(render(request, f"{PAGE}#timeline", context).content)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- The page's context, piece by piece -------------------------------------------------------


def claim_context(request: DeskRequest, claim: Claim, **overrides: Any) -> dict[str, Any]:
    """Everything the claim page shows, read fresh, with what this reader may do."""
    user = request.user
    verdicts = _verdicts(claim)
    evidence = _evidence(user, claim)
    context: dict[str, Any] = {
        "claim": claim,
        **verdicts,
        "evidence": evidence,
        **_timeline(claim),
        **_discussion(claim),
        "tags": claim.tags.all(),
        **_abilities(user, claim, verdicts["working"], verdicts["current"], evidence),
        **_empty_forms(claim, verdicts["working"]),
        **_verdict_form(user, claim, verdicts["working"]),
        **_lookups(user, claim),
        **_analysis(user, claim, published=verdicts["current"] is not None),
        "appearances": SimpleLazyObject(lambda: appearances_of(claim)),  # read on a miss
    }
    context.update(_checklist(claim, verdicts["working"], evidence))
    context["review_by_suggestion"] = review_by_suggestion(claim)
    open_recheck = verdicts["current"] and claim.__dict__.get("shown_open_recheck", True)
    context["open_recheck"] = claim.rechecks.open().first() if open_recheck else None
    context.update(overrides)
    if form := context.get("verdict_form"):
        context.update(verdict_form_helpers(form))
        if form.is_bound and form.is_valid():
            # The page answers what was sent (a preview without JavaScript, a conflict): its
            # checklist is that of the text in the form, not of the draft last saved.
            context.update(_checklist(claim, verdicts["working"], evidence, typed=form))
    return context


def _verdicts(claim: Claim) -> dict[str, Any]:
    verdicts = list(
        claim.verdicts.select_related("rating", "author", "decided_by").order_by("number")
    )
    for verdict in verdicts:
        verdict.rationale_html = markdown.render(verdict.rationale)  # type: ignore[attr-defined]
        verdict.public_path = claimreview.public_path(claim.pk, verdict.summary)  # type: ignore[attr-defined]
    return {
        "working": next((v for v in verdicts if v.is_working), None),
        "current": next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None),
        "earlier": [v for v in verdicts if v.status == Verdict.Status.SUPERSEDED],
    }


def _evidence(user: Any, claim: Claim) -> list[Evidence]:
    return [annotate_evidence(user, item) for item in claim.evidence.select_related("added_by")]


def annotate_evidence(user: Any, item: Evidence) -> Evidence:
    """What the evidence item's controls and snapshot line need to know."""
    item.can_change = permissions.can_change_evidence(user, item)  # type: ignore[attr-defined]
    item.archived = services.is_archived(item)  # type: ignore[attr-defined]
    item.can_retry_snapshot = services.snapshot_retryable(  # type: ignore[attr-defined]
        item
    ) and permissions.can_retry_snapshot(user, item)
    return item


def _abilities(
    user: Any,
    claim: Claim,
    working: Verdict | None,
    current: Verdict | None,
    evidence: list[Evidence],
) -> dict[str, Any]:
    can_decide = working is not None and permissions.can_decide(user, working)
    return {
        "can_edit": claim_permissions.can_edit_claim(user, claim),
        "can_take": permissions.can_take(user, claim),
        "can_assign": permissions.can_assign(user, claim),
        "can_add_evidence": permissions.can_add_evidence(user, claim),
        "can_draft": permissions.can_draft(user, claim),
        "can_decide": can_decide,
        "archive_gaps": (
            services.archive_gaps(working.rationale, evidence)
            if working is not None and can_decide
            else []
        ),
        "wrote_working": working is not None and working.wrote(user),
        "is_editor": permissions.is_editor(user),
        "can_correct": permissions.can_open_correction(user, claim) and working is None,
        "can_dismiss": permissions.can_dismiss(user, claim, has_published_verdict=bool(current)),
        "can_reopen": permissions.can_reopen(user, claim),
        "can_comment": permissions.can_comment(user),
    }


def _empty_forms(claim: Claim, working: Verdict | None) -> dict[str, Any]:
    evidence_form = forms.EvidenceForm()
    # Empty, their fields are the same for every claim and reader: rendered once per language
    # (their version fields stay outside). A view that answers with a form of its own (errors,
    # a result's prefill) has no key.
    language = translation.get_language()
    comment_form = forms.CommentForm()
    dismiss_form = forms.DismissForm(initial={"version": claim.version})
    decision_form = forms.RequestChangesForm(initial={"version": working.version if working else 0})
    empty: tuple[django_forms.Form, ...] = (
        evidence_form,
        comment_form,
        dismiss_form,
        decision_form,
    )
    for form in empty:
        form.fragment_key = language  # type: ignore[attr-defined]
    return {
        "evidence_form": evidence_form,
        "comment_form": comment_form,
        "dismiss_form": dismiss_form,
        "decision_form": decision_form,
        "assign_form": forms.AssignForm(initial={"assignee": claim.assignee_id}),
    }


def _verdict_form(user: Any, claim: Claim, working: Verdict | None) -> dict[str, Any]:
    """The drafter's form, unless the verdict is with an editor."""
    if not permissions.can_draft(user, claim):
        return {}
    if working is not None and working.status == Verdict.Status.SUBMITTED:
        return {}
    initial = forms.VerdictForm.initial_for(working)
    suggestion = review_by_suggestion(claim)
    if working is None and suggestion is not None:
        initial["review_by"] = suggestion.on  # a new draft of a prediction starts with it
    form = forms.VerdictForm(initial=initial, correction=bool(working and working.is_correction))
    if not settings.SHARED_CACHE:
        # the ratings' generation is bumped in one process's own cache only
        return {"verdict_form": form}
    # Unbound, the form shows the draft as saved: its rendered fields are kept under the
    # draft's version (and the day, for the review-by suggestion's wording).
    form.fragment_key = ".".join(  # type: ignore[attr-defined]
        str(part)
        for part in (
            working.pk if working else f"new-{claim.pk}",
            working.version if working else 0,
            working.updated_at.timestamp() if working else "",
            translation.get_language(),
            timezone.localdate(),
            suggestion,
            forms.ratings_generation(),
        )
    )
    return {"verdict_form": form}


def review_by_suggestion(claim: Claim) -> dates.Suggestion | None:
    """The re-check date suggested for a prediction or promise, shown by the review-by field."""
    said_on = claim.appeared_on or timezone.localdate(claim.created_at)
    return dates.suggest_recheck(
        claim.text,
        is_prediction_type=claim.claim_type == Claim.Type.PREDICTION,
        said_on=said_on,
        today=timezone.localdate(),
        default_months=settings.RECHECK_DEFAULT_MONTHS,
    )


def _checklist(
    claim: Claim,
    working: Verdict | None,
    evidence: list[Evidence],
    *,
    typed: forms.VerdictForm | None = None,
) -> dict[str, Any]:
    """The verdict form (for its drafter) and the "before submitting" checklist: of the draft as
    saved, of an empty verdict before the first save, or of the text just sent (`typed`)."""
    numbers = {item.number for item in evidence}
    if typed is not None:
        draft = Verdict(
            claim=claim,
            correction_of_id=working.correction_of_id if working else None,
            **asdict(typed.to_fields()),
        )
        return {"problems": services.submission_problems(draft, numbers), "rating_inactive": False}
    if working is not None and working.status == Verdict.Status.SUBMITTED:
        return {"problems": {}}
    draft = working if working is not None else Verdict(claim=claim)
    context: dict[str, Any] = {
        "problems": services.submission_problems(draft, numbers),
        "rating_inactive": bool(draft.rating_id and not draft.rating.is_active),  # type: ignore[union-attr]
    }
    return context


def _timeline(claim: Claim) -> dict[str, Any]:
    """The activity, rendered once per event added: events are never changed or removed, so
    the last one says what the rendered list holds. `events` is read only on a miss."""
    return {
        "events": claim.events.select_related("actor"),
        "timeline_key": _last_key(claim, "shown_last_event", claim.events.all(), "at"),
    }


def _discussion(claim: Claim) -> dict[str, Any]:
    """The comments, rendered once per comment added (comments are never edited or removed).
    `comments` is read only on a miss."""
    return {
        "comments": claim.comments.select_related("author"),
        "comments_key": _last_key(claim, "shown_last_comment", claim.comments.all(), "created_at"),
    }


def _last_key(claim: Claim, shown: str, rows: Any, at: str) -> str:
    """A key naming the newest of append-only rows (its id and time, as `shown_claim` read
    them, or read now) and the language. The time too: a database restored from a backup gives
    ids out again."""
    if shown in claim.__dict__:
        last = (claim.__dict__[shown], claim.__dict__[f"{shown}_at"])
    else:
        last = rows.order_by("-id").values_list("id", at).first() or (None, None)
    stamp = last[1].timestamp() if last[1] else ""
    return f"{claim.pk}.{last[0]}.{stamp}.{translation.get_language()}"


def _lookups(user: Any, claim: Claim) -> dict[str, Any]:
    """The newest job of each provider, without the raw responses kept for re-parsing. Their
    results are read only when the panel is rendered; a rendered panel is kept under the jobs'
    states, unless it holds a Retry form (a form carries its reader's CSRF token)."""
    jobs = LookupJob.objects.latest_per_provider(claim)
    order = {name: i for i, name in enumerate(lookup_services.provider_names())}
    jobs.sort(key=lambda job: order.get(job.provider, len(order)))
    can_add_evidence = permissions.can_add_evidence(user, claim)
    can_retry = user.has_perm("claims.change_claim")
    retry_forms = can_retry and any(job.status == LookupJob.Status.FAILED for job in jobs)
    states = "|".join(
        f"{job.pk}:{job.status}:{job.attempts}:{job.finished_at and job.finished_at.timestamp()}"
        for job in jobs
    )

    def with_results() -> list[LookupJob]:
        prefetch_related_objects(jobs, "results")
        return jobs

    return {
        "jobs": SimpleLazyObject(with_results),
        "lookups_pending": any(job.is_pending for job in jobs),
        "sources_key": None
        if retry_forms
        else f"{claim.pk}.{int(can_add_evidence)}.{translation.get_language()}.{states}",
        "can_add_evidence": can_add_evidence,
        "can_retry": can_retry,
    }


def _analysis(user: Any, claim: Claim, *, published: bool | None = None) -> dict[str, Any]:
    """Same and similar claims, in one query: each with its published rating and what the
    desk last decided about it from this claim, and only the columns the panel shows."""
    rating = Verdict.objects.filter(
        claim=OuterRef("other_id"), status=Verdict.Status.APPROVED
    ).order_by()
    decided = MatchDecision.objects.filter(from_claim=claim, claim=OuterRef("other_id")).order_by(
        "-decided_at", "-id"
    )
    similar = list(
        claim.similar.select_related("other")
        .only(
            "claim_id",
            "score",
            "exact",
            "other__text",
            "other__language",
            "other__status",
            "other__duplicate_of",
        )
        .annotate(
            published_rating=Subquery(rating.values("rating_label")[:1]),
            last_decision=Subquery(decided.values("decision")[:1]),
        )
        .order_by("-exact", "-score")
    )
    for rank, row in enumerate(similar, start=1):
        row.rating = row.published_rating or ""  # type: ignore[attr-defined]
        row.rank = rank  # type: ignore[attr-defined]
        row.decided = row.last_decision or ""  # type: ignore[attr-defined]
        # a claim dismissed as a duplicate stands for its original: merging goes there
        row.merge_into = row.other.duplicate_of_id or row.other_id  # type: ignore[attr-defined]
    if published is None:
        published = claim.verdicts.filter(status=Verdict.Status.APPROVED).exists()
    excerpt = None
    if claim.article_id and claim.span_start is not None and claim.span_end is not None:
        excerpt = claim.article.excerpt(claim.span_start, claim.span_end)  # type: ignore[union-attr]
    return {
        "similar": similar,
        "can_mark_duplicate": permissions.can_dismiss(user, claim, has_published_verdict=published)
        and claim.status != Claim.Status.DISMISSED,
        "can_decide_matches": claim_permissions.can_create_claim(user),
        "article_excerpt": excerpt,
    }


def appearances_of(claim: Claim) -> list[Appearance]:
    """The claim's other appearances, in the order they were said (undated ones last)."""
    rows = list(claim.appearances.select_related("claimant", "added_by"))
    rows.sort(key=lambda a: (a.appeared_on is None, a.appeared_on or a.created_at.date(), a.pk))
    return rows


PANEL_PIECES = {"sources": _lookups, "analysis": _analysis}


# --- The verdict form's aids ------------------------------------------------------------------


def verdict_form_helpers(form: forms.VerdictForm) -> dict[str, Any]:
    """The verdict form's live aids: the rationale's preview as it stands, and the sentences
    the checklist in desk.js shows (the same the server judges by)."""
    sentences = {
        key.replace("_", "-"): str(text) for key, text in services.CHECKLIST_MESSAGES.items()
    }
    sentences["summary-long"] %= {"max": SUMMARY_MAX_LENGTH}
    return {
        # rendered with the fields: read only when they are not taken from the cache
        "rationale_preview": SimpleLazyObject(lambda: preview(form["rationale"].value() or "")),
        "checklist_messages": sentences,
        "summary_max": SUMMARY_MAX_LENGTH,
    }


def preview(rationale: str) -> dict[str, Any]:
    """The rationale as the public page will render it, or why it cannot be previewed."""
    form = forms.RationalePreviewForm({"rationale": rationale})
    if not form.is_valid():
        return {"error": form.errors["rationale"][0]}
    return {"html": markdown.render(form.cleaned_data["rationale"])}
