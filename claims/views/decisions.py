"""The desk's answer to a suggested match, from any door (the claim form, proposals from an
article, the CSV dry run, the claim page): "same claim" makes the text an appearance of the
existing claim, "not the same" records a negative. Both are labelled pairs for the dashboard.

For htmx the answer is the small fragment that replaces the suggestion, with an HX-Trigger
`matchDecided` event the door listens for (the proposals page unticks that candidate);
without JavaScript, a redirect to `next` (a local address) or the claim page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from claims import languages, permissions, services
from claims.models import Article, Claim, MatchDecision
from foundation.htmx import htmx_fragment, local_url
from foundation.requests import DeskRequest

FRAGMENT = "claims/_match_decided.html"
DOORS = [(value, value) for value in MatchDecision.Door.values]


class DecisionForm(forms.Form):
    """The fields every door posts (all strings; only `claim` and `text` are required)."""

    claim = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    text = forms.CharField(max_length=5000, strip=True)
    language = forms.CharField(max_length=12, required=False)
    claimant = forms.CharField(max_length=200, required=False)
    claimant_role = forms.CharField(max_length=300, required=False)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    article = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    span_start = forms.IntegerField(min_value=0, max_value=10_000_000, required=False)
    span_end = forms.IntegerField(min_value=0, max_value=10_000_000, required=False)
    score = forms.FloatField(min_value=-1.0, max_value=1.0, required=False)
    rank = forms.IntegerField(min_value=1, max_value=1000, required=False)
    door = forms.ChoiceField(choices=DOORS, required=False)
    key = forms.CharField(max_length=200, required=False)
    next = forms.CharField(max_length=2000, required=False)
    # The claim page: the claim whose text was compared with `claim`.
    from_claim = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    error_messages = {"span": gettext_lazy("The span must end after it starts.")}

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http and https addresses."))
        return url

    def clean_language(self) -> str:
        code: str = self.cleaned_data["language"].strip().lower()
        return code if code in languages.LANGUAGES else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("span_start"), data.get("span_end")
        if (start is None) != (end is None) or (
            start is not None and end is not None and end < start
        ):
            raise forms.ValidationError(self.error_messages["span"])
        return data

    def fields_for_appearance(self, article: Article | None) -> services.AppearanceFields:
        data = self.cleaned_data
        span = (
            (data["span_start"], data["span_end"])
            if article and data["span_start"] is not None
            else None
        )
        if article is not None and span is not None and span[1] > len(article.text):
            span = None
        return services.AppearanceFields(
            text=data["text"],
            language=data["language"],
            claimant_name=data["claimant"],
            claimant_role=data["claimant_role"],
            outlet=data["outlet"],
            url=data["url"],
            appeared_on=data["date"],
            article=article,
            span=span,
        )


def _refused(request: DeskRequest, message: str) -> HttpResponse:
    if htmx_fragment(request):
        return render(request, FRAGMENT, {"error": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _decide(request: DeskRequest, decision: str) -> HttpResponse:
    if not permissions.can_create_claim(request.user):
        raise PermissionDenied(_("Only desk members who add claims decide on suggestions."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        name, problems = next(iter(form.errors.items()))
        message = str(problems[0])
        return _refused(request, message if name == "__all__" else f"{name}: {message}")
    data = form.cleaned_data
    claim = Claim.objects.visible_to(request.user).filter(pk=data["claim"]).first()
    if claim is None:
        return _refused(request, _("There is no claim with that number."))
    article = None
    if data["article"]:
        article = Article.objects.filter(pk=data["article"]).first()
        if article is None:
            return _refused(request, _("There is no article with that number."))
    from_claim = data["from_claim"]
    if from_claim is not None and (
        from_claim == claim.pk or not Claim.objects.filter(pk=from_claim).exists()
    ):
        return _refused(request, _("The claim compared is not another claim on the desk."))
    recorded = services.match_decide(
        actor=request.user,
        claim_id=claim.pk,
        decision=decision,
        fields=form.fields_for_appearance(article),
        suggested=services.Suggested(
            door=data["door"] or MatchDecision.Door.FORM, score=data["score"], rank=data["rank"]
        ),
        from_claim_id=from_claim,
    )
    if not htmx_fragment(request):
        back = local_url(request, data["next"], recorded.claim.get_absolute_url())
        return HttpResponseRedirect(back)
    response = render(request, FRAGMENT, {"decision": recorded, "claim": recorded.claim})
    return trigger_client_event(
        response,
        "matchDecided",
        {"claim": recorded.claim_id, "decision": decision, "key": data["key"]},
    )


@require_POST
def match_same(request: DeskRequest) -> HttpResponse:
    """The text is the suggested claim said again: it becomes an appearance of that claim."""
    return _decide(request, MatchDecision.Decision.SAME)


@require_POST
def match_not_same(request: DeskRequest) -> HttpResponse:
    """The suggestion was wrong: a negative pair, nothing else changes."""
    return _decide(request, MatchDecision.Decision.NOT_SAME)
