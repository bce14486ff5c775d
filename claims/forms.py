"""Forms validate what people type and hand clean values to services; they never save."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import languages, services, text
from claims.models import QUEUES, Claim, Claimant
from claims.pagination import SORTS
from claims.rendering import QuickDateInput, QuickSearchInput, QuickSelect, QuickTextInput

MAX_TAGS = 10
TAG_MAX_LENGTH = 50
CLAIMANT_CHOICES_SHOWN = 100
EARLIEST_DATE = date(1900, 1, 1)

_web_url = URLValidator(schemes=["http", "https"])
_SAME_AS = re.compile(r"^([a-z-]+\.)?(m\.)?(wikipedia\.org|wikidata\.org)$")


class WebURLField(forms.URLField):
    default_validators = [_web_url]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


def not_in_future(value: Any) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    if value and value < EARLIEST_DATE:
        raise forms.ValidationError(_("Dates before 1900 are not accepted."))


class ClaimantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Claimant) -> str:  # type: ignore[override]
        return f"{obj.name} — {obj.description}" if obj.description else obj.name


def claimant_choices(*, query: str = "", selected: Claimant | None = None) -> list[tuple[Any, str]]:
    """A short list of claimants for the picker: matches for a query, or the most recent ones,
    always with the selected claimant. The full table can be large."""
    qs = Claimant.objects.order_by("-created_at", "-id")
    if query:
        qs = Claimant.objects.filter(name_key__contains=text.name_key(query)).order_by("name")
    shown = list(qs[:CLAIMANT_CHOICES_SHOWN])
    if selected is not None and selected not in shown:
        shown.insert(0, selected)
    field = ClaimantChoiceField(queryset=Claimant.objects.none())
    return [("", "—")] + [(c.pk, field.label_from_instance(c)) for c in shown]


class DeskForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ClaimForm(DeskForm):
    text = forms.CharField(
        label=_("Claim"),
        max_length=settings.CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("The claim as it was made, up to %(limit)s characters.")
        % {"limit": f"{settings.CLAIM_TEXT_MAX_LENGTH:,}"},
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *languages.CHOICES], widget=QuickSelect
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        selected = None
        raw = self.data.get("claimant") if self.is_bound else self.initial.get("claimant")
        if isinstance(raw, Claimant):
            selected = raw
        elif raw and str(raw).isdigit():
            selected = Claimant.objects.filter(pk=int(raw)).first()
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
        url = self.cleaned_data["new_claimant_same_as"]
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


ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"


def desk_members() -> list[tuple[int, str]]:
    """(id, username) of active desk members; cached in the shared cache, which drops it
    whenever group membership changes (claims.backends)."""
    from claims.permissions import DESK_GROUPS

    def load() -> list[tuple[int, str]]:
        return list(
            get_user_model()
            .objects.filter(groups__name__in=DESK_GROUPS, is_active=True)
            .distinct()
            .order_by("username")
            .values_list("pk", "username")
        )

    if not settings.SHARED_CACHE:
        return load()
    return cast(list[tuple[int, str]], cache.get_or_set("desk-members", load, 600))


class ClaimFilterForm(DeskForm):
    """The claims list's filters. Every field is optional; a bad value is a field error."""

    queue = forms.ChoiceField(
        choices=[("", _("All claims")), *QUEUES.items()], required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=QuickSearchInput(attrs={"class": "live-search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Claim.Status.choices],
        required=False,
        widget=QuickSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), *languages.CHOICES],
        required=False,
        widget=QuickSelect,
    )
    claimant = forms.ModelChoiceField(
        queryset=Claimant.objects.all(), required=False, widget=forms.HiddenInput
    )
    said_by = forms.CharField(
        label=_("Claimant"),
        max_length=200,
        required=False,
        widget=QuickSearchInput(attrs={"class": "live-search"}),
    )
    tag = forms.CharField(
        label=_("Tag"), max_length=TAG_MAX_LENGTH, required=False, widget=QuickTextInput
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, widget=QuickSelect)
    said_from = forms.DateField(label=_("Said from"), required=False, widget=QuickDateInput)
    said_to = forms.DateField(label=_("Said to"), required=False, widget=QuickDateInput)
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[(key, spec.label) for key, spec in SORTS.items()],
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = [(str(pk), username) for pk, username in desk_members()]
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone")),
            (ASSIGNEE_ME, _("Me")),
            (ASSIGNEE_NONE, _("Unassigned")),
            *members,
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("said_from"), data.get("said_to")
        if start and end and start > end:
            self.add_error("said_to", _("The end date is before the start date."))
        return data

    def filter(self, queryset: Any, user: Any) -> Any:
        data = self.cleaned_data
        if data.get("queue"):
            queryset = queryset.queue(data["queue"], user)
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        if data.get("claimant"):
            queryset = queryset.filter(claimant=data["claimant"])
        if data.get("said_by"):
            queryset = queryset.filter(claimant__name_key__contains=text.name_key(data["said_by"]))
        if data.get("tag"):
            queryset = queryset.filter(tags__name=text.clean(data["tag"]).casefold())
        assignee = data.get("assignee")
        if assignee == ASSIGNEE_ME:
            queryset = queryset.filter(assignee=user)
        elif assignee == ASSIGNEE_NONE:
            queryset = queryset.filter(assignee__isnull=True)
        elif assignee:
            queryset = queryset.filter(assignee_id=int(assignee))
        if data.get("said_from"):
            queryset = queryset.filter(appeared_on__gte=data["said_from"])
        if data.get("said_to"):
            queryset = queryset.filter(appeared_on__lte=data["said_to"])
        if data.get("q"):
            queryset = queryset.search(data["q"])
        return queryset

    @property
    def sort_key(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or "newest"
