"""Forms for taking claims in from an article and from a CSV file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from claims import intake as article_intake
from claims import languages
from claims.forms.base import DeskForm, WebURLField, not_in_future
from claims.lookups import safety
from claims.lookups.errors import LookupFailure
from claims.models import Claim, Claimant
from foundation.rendering import QuickSelect

CSV_MAX_BYTES = 2 * 1024 * 1024


class PastedTextField(forms.CharField):
    """Text pasted from anywhere. Null characters are left for the intake to judge: they
    mean binary data, and the intake says so in words people understand."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class ArticleForm(DeskForm):
    text = PastedTextField(
        label=_("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=_("Paste the report (plain text or HTML), up to 200,000 characters."),
    )
    url = WebURLField(
        label=_("The article's address"),
        required=False,
        help_text=_(
            "With pasted text, the address is kept as where the claims appeared and the text is "
            "used as it is. Without text, the desk fetches the page and keeps its main text."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect it")), *languages.CHOICES],
        required=False,
        widget=QuickSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    publisher = forms.CharField(label=_("Publisher or event"), max_length=200, required=False)
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        has_text = bool(self.cleaned_data.get("text", "").strip())
        url = self.cleaned_data.get("url")
        if not has_text and not url and "url" not in self.errors:
            self.add_error("text", _("Paste the article, or give its address below."))
        elif has_text and url:
            # Nothing fetches this address now, but the claims' lookups will: an address they
            # would refuse is better said here, next to the field, than on every claim later.
            try:
                safety.check_url(url)
            except LookupFailure as error:
                self.add_error("url", error.plain)
        return self.cleaned_data


# An unnamed source ("officials said") gets no claimant: matched by name, every "a spokesman"
# on the desk would become one person.
SPEAKER_KINDS = [*Claimant.Kind.choices, (article_intake.UNNAMED, _("Unnamed source"))]


class CandidateForm(DeskForm):
    keep = forms.BooleanField(label=_("Keep"), required=False)
    text = forms.CharField(
        label=_("Claim"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    speaker_description = forms.CharField(
        label=_("Role or affiliation"), max_length=300, required=False
    )
    speaker_kind = forms.ChoiceField(
        label=_("Kind of speaker"),
        choices=SPEAKER_KINDS,
        widget=QuickSelect,
        required=False,
        help_text=_("An unnamed source (“officials said”) is not added as a claimant."),
    )
    claim_type = forms.ChoiceField(
        label=_("Type"), choices=Claim.Type.choices, widget=QuickSelect, required=False
    )
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    score = forms.FloatField(widget=forms.HiddenInput, min_value=0, max_value=1, required=False)
    reasons = forms.CharField(widget=forms.HiddenInput, max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("keep") and len(self.cleaned_data.get("text", "").strip()) < 5:
            self.add_error("text", _("Write the claim out: at least 5 characters."))
        return self.cleaned_data

    def to_pick(self) -> article_intake.Pick:
        """The claim the reviewer kept, with their corrections (a valid form)."""
        data = self.cleaned_data
        return article_intake.Pick(
            text=data["text"].strip(),
            speaker=data["speaker"],
            speaker_description=data["speaker_description"],
            speaker_kind=data["speaker_kind"],
            role_corrected="speaker_description" in self.changed_data,
            claim_type=data["claim_type"] or Claim.Type.OTHER,
            start=data["start"],
            end=data["end"],
            score=data["score"],
            reasons=tuple(r for r in (data["reasons"] or "").split("|") if r),
        )


CandidateFormSet = formset_factory(CandidateForm, extra=0, max_num=300, validate_max=True)

# "Tick those scoring at least …": a list rather than a number box, so that Enter in it cannot
# submit the page (the form's default button adds the ticked claims).
TICK_THRESHOLDS = [f"{n / 100:.2f}" for n in range(95, 0, -5)]
DEFAULT_THRESHOLD = "0.50"


class TickForm(forms.Form):
    """The proposals page's ticking buttons, sent to the server when the browser runs no
    JavaScript (desk.js ticks in the page otherwise)."""

    tick = forms.ChoiceField(choices=[("all", "all"), ("none", "none"), ("from", "from")])
    tick_from = forms.ChoiceField(choices=[(t, t) for t in TICK_THRESHOLDS], required=False)


class CsvImportForm(DeskForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header row; at most 2 MB and 5,000 rows."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file, import nothing"), required=False, initial=True
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s KB; the limit is 2,048 KB.")
                % {"size": f"{upload.size // 1024:,}"}
            )
        return upload
