"""Helpers shared by the review views: the claim page's context, fragments, redirects."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from claims import permissions as claim_permissions
from claims.models import Claim
from claims.views.common import go_to as go_to  # re-exported for the review views
from claims.views.common import htmx_fragment
from reviews import forms, markdown, permissions, services
from reviews.exports import claimreview
from reviews.models import SUMMARY_MAX_LENGTH, Evidence, Verdict

PAGE = "reviews/claim_page.html"


# The same rules as the claims views: a fragment for htmx (not for its history restores), and
# a redirect that htmx follows as a full page load.
htmx = htmx_fragment


def page_claim(user: Any, pk: int) -> Claim:
    return claim_permissions.get_claim_for_user(
        user, pk, queryset=Claim.objects.select_related("claimant", "assignee", "created_by")
    )


def claim_context(request: HttpRequest, claim: Claim, **overrides: Any) -> dict[str, Any]:
    """Everything the claim page shows, read fresh, with what this user may do. Views pass
    bound forms (with errors) or messages through overrides."""
    user = request.user
    verdicts = list(
        claim.verdicts.select_related("rating", "author", "decided_by").order_by("number")
    )
    for verdict in verdicts:
        verdict.rationale_html = markdown.render(verdict.rationale)  # type: ignore[attr-defined]
        verdict.public_path = claimreview.public_path(claim.pk, verdict.summary)  # type: ignore[attr-defined]
    working = next((v for v in verdicts if v.is_working), None)
    current = next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None)
    earlier = [v for v in verdicts if v.status == Verdict.Status.SUPERSEDED]
    evidence = list(claim.evidence.select_related("added_by"))
    for item in evidence:
        annotate_evidence(user, item)
    can_draft = permissions.can_draft(user, claim)
    gaps = []
    can_decide = working is not None and permissions.can_decide(user, working)
    if working is not None and can_decide:
        gaps = services.archive_gaps(working.rationale, evidence)
    context: dict[str, Any] = {
        "claim": claim,
        "evidence": evidence,
        "working": working,
        "current": current,
        "earlier": earlier,
        "events": claim.events.select_related("actor"),
        "comments": claim.comments.select_related("author"),
        "tags": claim.tags.all(),
        "can_edit": claim_permissions.can_edit_claim(user, claim),
        "can_take": permissions.can_take(user, claim),
        "can_assign": permissions.can_assign(user, claim),
        "can_add_evidence": permissions.can_add_evidence(user, claim),
        "can_draft": can_draft,
        "can_decide": can_decide,
        "archive_gaps": gaps,
        "wrote_working": working is not None and working.wrote(user),
        "is_editor": permissions.is_editor(user),
        "can_correct": permissions.can_open_correction(user, claim) and working is None,
        "can_dismiss": permissions.can_dismiss(user, claim, has_published_verdict=bool(current)),
        "can_reopen": permissions.can_reopen(user, claim),
        "can_comment": permissions.can_comment(user),
        "evidence_form": forms.EvidenceForm(),
        "comment_form": forms.CommentForm(),
        "dismiss_form": forms.DismissForm(initial={"version": claim.version}),
        "decision_form": forms.RequestChangesForm(
            initial={"version": working.version if working else 0}
        ),
        "assign_form": forms.AssignForm(initial={"assignee": claim.assignee_id}),
        "problems": {},
    }
    if can_draft and (working is None or working.status != Verdict.Status.SUBMITTED):
        context["verdict_form"] = forms.VerdictForm(
            initial=forms.VerdictForm.initial_for(working),
            correction=bool(working and working.is_correction),
        )
    numbers = {item.number for item in evidence}
    if working is None or working.status != Verdict.Status.SUBMITTED:
        # Before the first save the checklist is that of an empty verdict.
        draft = working if working is not None else Verdict(claim=claim)
        context["problems"] = services.submission_problems(draft, numbers)
        context["rating_inactive"] = bool(draft.rating_id and not draft.rating.is_active)  # type: ignore[union-attr]
    from reviews.views.sources import similar_context, sources_context

    context.update(sources_context(user, claim))
    context.update(similar_context(user, claim))
    context.update(overrides)
    if form := context.get("verdict_form"):
        context.update(verdict_form_helpers(form))
        if form.is_bound and form.is_valid():
            # The page answers what was sent (a preview without JavaScript, a conflict): its
            # checklist is that of the text in the form, not of the draft last saved.
            typed = Verdict(
                claim=claim,
                correction_of_id=working.correction_of_id if working else None,
                **asdict(form.to_fields()),
            )
            context["problems"] = services.submission_problems(typed, numbers)
            context["rating_inactive"] = False
    return context


def annotate_evidence(user: Any, item: Evidence) -> Evidence:
    """What the evidence item's controls and snapshot line need to know."""
    item.can_change = permissions.can_change_evidence(user, item)  # type: ignore[attr-defined]
    item.archived = services.is_archived(item)  # type: ignore[attr-defined]
    item.can_retry_snapshot = services.snapshot_retryable(  # type: ignore[attr-defined]
        item
    ) and permissions.can_retry_snapshot(user, item)
    return item


def verdict_form_helpers(form: forms.VerdictForm) -> dict[str, Any]:
    """The verdict form's live aids: the rationale's preview as it stands, and the sentences
    the checklist in desk.js shows (the same the server judges by)."""
    sentences = {
        key.replace("_", "-"): str(text) for key, text in services.CHECKLIST_MESSAGES.items()
    }
    sentences["summary-long"] %= {"max": SUMMARY_MAX_LENGTH}
    return {
        "rationale_preview": preview(form["rationale"].value() or ""),
        "checklist_messages": sentences,
        "summary_max": SUMMARY_MAX_LENGTH,
    }


def preview(rationale: str) -> dict[str, Any]:
    """The rationale as the public page will render it, or why it cannot be previewed."""
    form = forms.RationalePreviewForm({"rationale": rationale})
    if not form.is_valid():
        return {"error": form.errors["rationale"][0]}
    return {"html": markdown.render(form.cleaned_data["rationale"])}


def render_panel(
    request: HttpRequest, claim: Claim, fragment: str, status: int = 200, **overrides: Any
) -> HttpResponse:
    """The page, or for htmx one panel of it (with the timeline swapped in out of band)."""
    context = claim_context(request, claim, **overrides)
    if htmx(request):
        context["oob_timeline"] = True
        response = render(request, f"{PAGE}#{fragment}", context, status=status)
        response.write(render(request, f"{PAGE}#timeline", context).content)
    else:
        response = render(request, PAGE, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
