"""The form an editor fills to register an endpoint."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.forms.base import InstanceForm, WebURLField, fetchable
from webhooks.models import EVENT_CHOICES


class EndpointForm(InstanceForm):
    url = WebURLField(
        label=_("Address"),
        help_text=_("Where the desk POSTs each event, signed; https is best."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self) -> str:
        return fetchable(self.cleaned_data["url"])
