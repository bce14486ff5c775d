"""Forms of the review workflow: they validate input and hand clean values to services."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims import text
from claims.forms import DeskForm, WebURLField, desk_members, not_in_future
from claims.forms.base import TAG_MAX_LENGTH
from foundation.converters import parse_id
from foundation.rendering import QuickSelect
from reviews import services
from reviews.models import (
    CONCLUSION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    QUOTE_MAX_LENGTH,
    RATIONALE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Evidence,
    Rating,
    Verdict,
)
from reviews.services.discussion import COMMENT_MAX_LENGTH


class EvidenceForm(DeskForm):
    url = WebURLField(label=_("URL"))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    quote = forms.CharField(
        label=_("Quoted passage"),
        max_length=QUOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    stance = forms.ChoiceField(
        label=_("Stance"), choices=Evidence.Stance.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def to_fields(self) -> services.EvidenceFields:
        data = self.cleaned_data
        return services.EvidenceFields(
            url=data["url"],
            stance=data["stance"],
            title=data["title"].strip(),
            publisher=data["publisher"].strip(),
            published_on=data["published_on"],
            quote=data["quote"].strip(),
            note=data["note"].strip(),
        )

    @classmethod
    def initial_for(cls, evidence: Evidence) -> dict[str, Any]:
        return {name: getattr(evidence, name) for name in cls.base_fields}


class RatingChoiceField(forms.ModelChoiceField[Rating]):
    """Each choice shows the rating's description, so reviewers apply the scale alike."""

    def label_from_instance(self, obj: Rating) -> Any:
        if not obj.description:
            return obj.label
        return format_html('{} <span class="choice-help">— {}</span>', obj.label, obj.description)


RATINGS_GENERATION = "ratings-generation"


def ratings_generation() -> int:
    """A number that changes whenever a rating is saved or deleted (`ratings_changed`, connected
    in reviews/apps.py): a rendered form that offers the ratings is kept under it."""
    return int(cache.get_or_set(RATINGS_GENERATION, time.time_ns, timeout=None) or 0)


def ratings_changed(**_signal: Any) -> None:
    cache.set(RATINGS_GENERATION, time.time_ns(), timeout=None)


def not_in_past(value: date | None) -> None:
    if value is not None and value < timezone.localdate():
        raise forms.ValidationError(_("Choose today or a later day, or leave it empty."))


def after_today(value: date | None) -> None:
    if value is not None and value <= timezone.localdate():
        raise forms.ValidationError(_("Choose a day after today, or leave it empty."))


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VerdictForm(DeskForm):
    rating = RatingChoiceField(
        label=_("Rating"),
        queryset=Rating.objects.active(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    summary = forms.CharField(
        label=_("Claim as checked"),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        help_text=_("At most 75 characters; the public page and ClaimReview show it."),
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=CONCLUSION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One paragraph: what is true, what is not."),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=RATIONALE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. Cite evidence as [E1], [E2]."),
    )
    correction_note = forms.CharField(
        label=_("Public correction note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public page with the date: what changed and why."),
    )
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        validators=[not_in_past],
        widget=date_input(),
        help_text=_(
            "Optional. The day the desk checks this verdict again (a prediction's date, a "
            "figure due to be updated); published as the fact-check's expiry."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not correction:
            del self.fields["correction_note"]

    def to_fields(self) -> services.VerdictFields:
        data = self.cleaned_data
        return services.VerdictFields(
            rating=data["rating"],
            summary=data["summary"].strip(),
            conclusion=data["conclusion"].strip(),
            rationale=data["rationale"].strip(),
            correction_note=data.get("correction_note", "").strip(),
            review_by=data.get("review_by"),
        )

    @classmethod
    def initial_for(cls, verdict: Verdict | None) -> dict[str, Any]:
        if verdict is None:
            return {}
        return {
            "rating": verdict.rating_id,
            "summary": verdict.summary,
            "conclusion": verdict.conclusion,
            "rationale": verdict.rationale,
            "correction_note": verdict.correction_note,
            "review_by": verdict.review_by,
            "version": verdict.version,
        }


class RationalePreviewForm(DeskForm):
    """The rationale alone, as the live preview sends it: the same limit as the verdict form."""

    rationale = forms.CharField(
        label=_("Rationale"), max_length=RATIONALE_MAX_LENGTH, required=False
    )


class VersionForm(DeskForm):
    """Transitions carry the version the user saw, so a stale page cannot act on new state."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestChangesForm(VersionForm):
    note = forms.CharField(
        label=_("What needs to change"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DismissForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        # The services keep the reasons in English for the audit trail; the form shows them in
        # the reader's language.
        choices=[(key, _(label)) for key, label in services.REASONS.items()],
        widget=forms.RadioSelect,
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of claim number"), required=False, min_value=1
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("reason") == services.DUPLICATE and not self.cleaned_data.get(
            "duplicate_of"
        ):
            self.add_error("duplicate_of", _("Give the number of the original claim."))
        return self.cleaned_data


class AssignForm(DeskForm):
    assignee = forms.ChoiceField(label=_("Assign to"), widget=QuickSelect)
    claims = forms.TypedMultipleChoiceField(coerce=int, required=True, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = desk_members()
        self.fields["assignee"].choices = [(str(pk), name) for pk, name in members]  # type: ignore[attr-defined]
        self.fields["assignee"].error_messages["required"] = _("Choose who gets the claims.")
        raw = self.data.getlist("claims") if hasattr(self.data, "getlist") else []
        self.fields["claims"].choices = [(v, v) for v in raw if parse_id(v)]  # type: ignore[attr-defined]
        self.fields["claims"].error_messages["required"] = _("Select at least one claim.")


class SelectedClaimsForm(DeskForm):
    """Claims ticked in the list (ids the user sent; the services check each one)."""

    claims = forms.TypedMultipleChoiceField(coerce=int, required=True, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("claims") if hasattr(self.data, "getlist") else []
        self.fields["claims"].choices = [(v, v) for v in raw if parse_id(v)]  # type: ignore[attr-defined]
        self.fields["claims"].error_messages["required"] = _("Select at least one claim.")


class BulkTagForm(SelectedClaimsForm):
    tag = forms.CharField(label=_("Tag"), max_length=TAG_MAX_LENGTH)

    def clean_tag(self) -> str:
        name = text.clean(self.cleaned_data["tag"]).casefold().strip(", ")
        if not name:
            raise forms.ValidationError(_("Name the tag to add."))
        return name


class BulkDismissForm(SelectedClaimsForm):
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX_LENGTH, required=False)


class CommentForm(DeskForm):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class RecheckHoldForm(DeskForm):
    next_review_by = forms.DateField(
        label=_("Next review-by date"),
        required=False,
        validators=[after_today],
        widget=date_input(),
        help_text=_("Optional: when to look at it again."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecheckCorrectForm(DeskForm):
    assignee = forms.ChoiceField(label=_("Drafted by"), required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Me"))] + [(str(pk), name) for pk, name in members]
        self.fields["assignee"].choices = choices  # type: ignore[attr-defined]
