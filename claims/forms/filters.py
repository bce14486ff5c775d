"""The claims list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import languages, text
from claims.forms.base import ASSIGNEE_ME, ASSIGNEE_NONE, TAG_MAX_LENGTH, DeskForm, desk_members
from claims.models import QUEUES, Claim, Claimant
from claims.pagination import SORTS
from foundation.rendering import QuickDateInput, QuickSearchInput, QuickSelect, QuickTextInput


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

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("sort") and data.get("queue") == "awaiting_approval":
            # The approval queue answers "what has waited longest?": oldest first unless asked,
            # and the sort field says so.
            data = data.copy()
            data["sort"] = "waiting"
        super().__init__(data, *args, **kwargs)
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
