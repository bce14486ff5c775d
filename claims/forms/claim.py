"""The claim form (create and edit)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import intake, languages, services, text
from claims.forms.base import (
    _SAME_AS,
    MAX_TAGS,
    TAG_MAX_LENGTH,
    ClaimantChoiceField,
    DeskForm,
    WebURLField,
    claimant_choices,
    not_in_future,
)
from claims.models import Claim, Claimant
from foundation.converters import parse_id
from foundation.rendering import QuickSelect


def _text_help() -> str:
    # Lazy, so that the help text is translated (and the number grouped) in the reader's language.
    return gettext("The claim as it was made, up to %(limit)s characters.") % {
        "limit": number_format(settings.CLAIM_TEXT_MAX_LENGTH, force_grouping=True)
    }


# What the suggestions are asked with besides the text (which the text field sends itself):
# the speaker (for the guard) and where the claim appeared (for "same claim").
SUGGESTION_FIELDS = (
    "language",
    "claimant",
    "new_claimant_name",
    "new_claimant_description",
    "appeared_url",
    "appeared_outlet",
    "appeared_on",
)


def _suggesting(url: str) -> dict[str, str]:
    """The text field asks for suggestions half a second after the typing stops (a request
    still under way is dropped for the newer one); the panel is outside the form, whose
    partial htmx replaces on a refused save, so the trigger lives on the field itself."""
    return {
        "hx-get": url,
        "hx-trigger": "input changed delay:500ms",
        "hx-target": "#claim-suggestions",
        "hx-swap": "innerHTML",
        "hx-sync": "this:replace",
        "hx-include": ", ".join(f"#id_{name}" for name in SUGGESTION_FIELDS),
        "aria-controls": "claim-suggestions",
    }


class ClaimForm(DeskForm):
    text = forms.CharField(
        label=_("Claim"),
        max_length=settings.CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=lazy(_text_help, str)(),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect it")), *languages.CHOICES],
        required=False,
        widget=QuickSelect,
    )
    claim_type = forms.ChoiceField(
        label=_("Claim type"),
        choices=Claim.Type.choices,
        initial=Claim.Type.OTHER,
        widget=QuickSelect,
    )
    claimant = ClaimantChoiceField(
        label=_("Existing claimant"),
        queryset=Claimant.objects.all(),
        required=False,
        widget=QuickSelect,
        help_text=_("Pick who made the claim, or add a new claimant below."),
    )
    new_claimant_name = forms.CharField(
        label=_("New claimant: name"), max_length=200, required=False
    )
    new_claimant_kind = forms.ChoiceField(
        label=_("Kind"), choices=Claimant.Kind.choices, initial=Claimant.Kind.PERSON, required=False
    )
    new_claimant_description = forms.CharField(
        label=_("Role or affiliation"), max_length=300, required=False
    )
    new_claimant_same_as = WebURLField(
        label=_("Wikipedia or Wikidata page"), max_length=500, required=False
    )
    appeared_url = WebURLField(label=_("Where it appeared (URL)"), required=False)
    appeared_outlet = forms.CharField(label=_("Outlet or event"), max_length=200, required=False)
    appeared_on = forms.DateField(
        label=_("Said or published on"),
        required=False,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, for example: climate, net zero"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, shown: bool = True, suggestions_url: str = "", **kwargs: Any
    ) -> None:
        """`shown=False` for a form that is only validated (the CSV import): the claimant
        picker's options, a query, are then never built. `suggestions_url`: the fragment of
        claims already on the desk that say the same, asked for as the text is typed."""
        super().__init__(*args, **kwargs)
        if not shown:
            return
        if suggestions_url:
            self.fields["text"].widget.attrs.update(_suggesting(suggestions_url))
        selected = None
        raw = self.data.get("claimant") if self.is_bound else self.initial.get("claimant")
        if isinstance(raw, Claimant):
            selected = raw
        elif raw and (claimant_id := parse_id(raw)):
            selected = Claimant.objects.filter(pk=claimant_id).first()
        self.fields["claimant"].widget.choices = claimant_choices(selected=selected)

    def clean_text(self) -> str:
        value = text.clean(self.cleaned_data["text"])
        if len(value) < 5:
            raise forms.ValidationError(_("Write the claim out: at least 5 characters."))
        return value

    def clean_tags(self) -> list[str]:
        names = [text.clean(n).casefold() for n in self.cleaned_data["tags"].split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(n)s tags.") % {"n": MAX_TAGS})
        too_long = [n for n in names if len(n) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Tags are at most %(n)s characters: %(tag)s")
                % {"n": TAG_MAX_LENGTH, "tag": too_long[0][:60]}
            )
        return names

    def clean_new_claimant_same_as(self) -> str:
        url = str(self.cleaned_data["new_claimant_same_as"])
        if url and not _SAME_AS.match(urlsplit(url).hostname or ""):
            raise forms.ValidationError(_("Give a Wikipedia or Wikidata address."))
        return url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("claimant") and data.get("new_claimant_name"):
            self.add_error(
                "new_claimant_name",
                _("Pick an existing claimant or add a new one, not both."),
            )
        if not data.get("language") and data.get("text"):
            data["language"] = intake.resolve_language(data["text"])
        return data

    def to_fields(self) -> services.ClaimFields:
        data = self.cleaned_data
        new_claimant = None
        if data.get("new_claimant_name"):
            new_claimant = services.NewClaimant(
                name=data["new_claimant_name"],
                kind=data.get("new_claimant_kind") or Claimant.Kind.PERSON,
                description=text.clean(data.get("new_claimant_description", "")),
                same_as=data.get("new_claimant_same_as", ""),
            )
        return services.ClaimFields(
            text=data["text"],
            language=data["language"],
            claim_type=data["claim_type"],
            claimant=data.get("claimant"),
            new_claimant=new_claimant,
            appeared_url=data.get("appeared_url", ""),
            appeared_outlet=text.clean(data.get("appeared_outlet", "")),
            appeared_on=data.get("appeared_on"),
            tags=tuple(data.get("tags", ())),
        )

    @classmethod
    def initial_for(cls, claim: Claim) -> dict[str, Any]:
        return {
            "text": claim.text,
            "language": claim.language,
            "claim_type": claim.claim_type,
            "claimant": claim.claimant,
            "appeared_url": claim.appeared_url,
            "appeared_outlet": claim.appeared_outlet,
            "appeared_on": claim.appeared_on,
            "tags": ", ".join(tag.name for tag in claim.tags.all()),
            "version": claim.version,
        }
