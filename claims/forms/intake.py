"""Forms for taking claims in from an article and from a CSV file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.forms.base import DeskForm, WebURLField, not_in_future
from claims.models import Claim
from claims.rendering import QuickSelect

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
        label=_("…or its address"),
        required=False,
        help_text=_("The desk fetches the page and keeps its main text."),
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
        has_url = bool(self.cleaned_data.get("url"))
        if not has_text and not has_url:
            self.add_error("text", _("Paste the article, or give its address below."))
        elif has_text and has_url:
            self.add_error("url", _("Paste the text or give an address, not both."))
        return self.cleaned_data


class CandidateForm(DeskForm):
    keep = forms.BooleanField(label=_("Keep"), required=False)
    text = forms.CharField(
        label=_("Claim"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    speaker_description = forms.CharField(label=_("Speaker's role"), max_length=300, required=False)
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


CandidateFormSet = formset_factory(CandidateForm, extra=0, max_num=300, validate_max=True)


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
