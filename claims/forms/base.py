"""Shared form pieces: fields, the desk's form base, pickers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import text
from claims.lookups import safety
from claims.lookups.errors import LookupFailure
from claims.models import Claimant
from claims.permissions import DESK_GROUPS

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


class ClaimantChoiceField(forms.ModelChoiceField[Claimant]):
    def label_from_instance(self, obj: Claimant) -> str:
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


class InstanceForm(DeskForm):
    """A plain form that edits a row: `instance` fills the initial values of its fields (the
    service saves; the form never does)."""

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)


def fetchable(url: str) -> str:
    """An address the desk will fetch or post to, checked as every fetched address is (no
    private addresses, no credentials), without DNS: a form must not wait on a resolver, and
    every request resolves the name and checks its addresses again."""
    try:
        safety.check_url(url)
    except LookupFailure as error:
        raise forms.ValidationError(error.plain) from error
    return url


ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"


def desk_members() -> list[tuple[int, str]]:
    """(id, username) of active desk members; cached in the shared cache, which drops it
    whenever group membership changes (foundation.backends)."""

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
