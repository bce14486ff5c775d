"""Readers ask "is this true?" (no login): the form, the answer at once when the desk has
already checked it, the status link, and the one-click unsubscribe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from claims import readers
from claims.forms import SubmissionForm
from claims.matching import Suggestion
from claims.models import Claim, Submission
from foundation.middleware import client_ip
from reviews import answers, public_record
from reviews.exports import claimreview
from reviews.models import Verdict
from reviews.views.public import published_verdicts


def _form(data: Any = None) -> SubmissionForm:
    return SubmissionForm(data, retention_days=settings.READERS_RETENTION_DAYS)


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    context["organisation"] = claimreview.organisation()
    return render(request, template, context, status=status)


def _fact_checks(suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    """The published fact-checks behind suggestions, as the public record shows them."""
    ids = [s.claim_id for s in suggestions]
    verdicts = {v.claim_id: v for v in published_verdicts().filter(claim_id__in=ids)}
    return [_fact_check(verdicts[i]) for i in ids if i in verdicts]


def _fact_check(verdict: Verdict) -> dict[str, Any]:
    claim = public_record.of(verdict)
    return {
        "claim": claim,
        "verdict": verdict,
        "path": claimreview.public_path(claim.pk, verdict.summary),
    }


@login_not_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, "public/ask.html", form=_form())
    form = _form(request.POST)
    if form.is_bot:  # answered like a person, kept nowhere
        return _page(request, "public/ask_thanks.html", bot=True)
    if not form.is_valid():
        return _page(request, "public/ask.html", status=400, form=form)
    address = client_ip(request)
    try:
        readers.rate_check(address)
    except readers.TooMany as refused:
        form.add_error(None, _("Too many questions just now: please try again in a minute."))
        response = _page(request, "public/ask.html", status=429, form=form)
        response["Retry-After"] = str(refused.retry_after)
        return response
    received = readers.submission_receive(
        fields=form.fields_for_service(get_language() or settings.LANGUAGE_CODE), address=address
    )
    return _page(
        request,
        "public/ask_thanks.html",
        submission=received.submission,
        answers=_fact_checks(received.answers),
        related=_fact_checks(received.related),
        status_url=answers.status_url(received.submission),
    )


def _submission(key: str) -> Submission:
    submission = Submission.objects.select_related("claim").filter(key=key).first()
    if submission is None:
        raise Http404(_("There is no question at this address."))
    return submission


@login_not_required
@require_http_methods(["GET"])
def ask_status(request: HttpRequest, key: str) -> HttpResponse:
    submission = _submission(key)
    claim = submission.claim
    verdict = published_verdicts().filter(claim_id=claim.pk).first()
    asked = getattr(claim, "asked", None)
    return _page(
        request,
        "public/ask_status.html",
        submission=submission,
        fact_check=_fact_check(verdict) if verdict is not None else None,
        state=_state(claim, verdict),
        asked=asked.count if asked is not None else 1,
    )


def _state(claim: Claim, verdict: Verdict | None) -> str:
    if verdict is not None:
        return "published"
    if claim.status == Claim.Status.DISMISSED:
        return "not-checked"
    if claim.status == Claim.Status.NEW:
        return "waiting"
    return "checking"


@login_not_required
@csrf_exempt  # the key in the address is the permission; mail clients' one-click POST has no token
@require_http_methods(["GET", "POST"])
def ask_unsubscribe(request: HttpRequest, key: str) -> HttpResponse:
    """GET asks (a link scanner opening the e-mail's link unsubscribes nobody); POST does it,
    from the page's button or from a mail client's List-Unsubscribe-Post."""
    submission = _submission(key)
    if request.method == "POST":
        readers.submission_unsubscribe(key=key)
        return _page(request, "public/ask_unsubscribe.html", submission=submission, done=True)
    return _page(request, "public/ask_unsubscribe.html", submission=submission, done=False)
