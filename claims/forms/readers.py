"""The public "is this true?" form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import text
from claims.forms.base import DeskForm, WebURLField, not_in_future
from claims.models.readers import MAX_SCREENSHOT_TEXT, MAX_TEXT
from claims.readers import SubmissionFields

MIN_TEXT = 10


class SubmissionForm(DeskForm):
    text = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("The claim in the words you saw it, as exactly as you can."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    url = WebURLField(
        label=_("Where? A link"),
        required=False,
        help_text=_("The post, article or video where you saw it."),
    )
    outlet = forms.CharField(
        label=_("Or the outlet, channel or account"), max_length=200, required=False
    )
    seen_on = forms.DateField(
        label=_("When did you see it?"),
        required=False,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    screenshot_text = forms.CharField(
        label=_("Text of a screenshot (optional)"),
        max_length=MAX_SCREENSHOT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_(
            "Only to tell you when the desk publishes or corrects its fact-check; only our "
            "editors see it, and it is deleted after %(days)s days."
        ),
    )
    # A field people do not see: whatever fills it in is not a person.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, retention_days: int = 90, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.fields["email"].help_text % {"days": retention_days}

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_text(self) -> str:
        value = text.clean(self.cleaned_data["text"])
        if len(value) < MIN_TEXT:
            raise forms.ValidationError(
                _("Please give the whole claim: at least %(n)s characters.") % {"n": MIN_TEXT}
            )
        return value

    def fields_for_service(self, reader_language: str) -> SubmissionFields:
        data = self.cleaned_data
        return SubmissionFields(
            text=data["text"],
            url=data["url"],
            outlet=data["outlet"],
            seen_on=data["seen_on"],
            screenshot_text=data["screenshot_text"],
            email=data["email"],
            reader_language=reader_language,
        )
