"""The form an editor fills to register an endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.forms.base import DeskForm, WebURLField
from claims.lookups import safety
from claims.lookups.errors import LookupFailure
from webhooks.models import EVENT_CHOICES, Endpoint


class EndpointForm(DeskForm):
    url = WebURLField(
        label=_("Address"),
        help_text=_("Where the desk POSTs each event, signed; https is best."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, instance: Endpoint | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        # The same check as every address the desk fetches, without DNS (a form must not wait
        # on a resolver); every send resolves the name and checks its addresses again.
        url: str = self.cleaned_data["url"]
        try:
            safety.check_url(url)
        except LookupFailure as error:
            raise forms.ValidationError(error.plain) from error
        return url
