"""The form an editor fills to follow an outlet's feed or sitemap."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.forms.base import InstanceForm, WebURLField, fetchable
from claims.models import FollowedSource
from foundation.rendering import QuickSelect

MIN_INTERVAL_MINUTES = 5
MAX_INTERVAL_MINUTES = 24 * 60


class SourceForm(InstanceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = WebURLField(
        label=_("Feed or sitemap address"),
        help_text=_("An RSS, Atom or RDF feed, or a sitemap (news sitemaps included)."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect it for each article")), *languages.CHOICES],
        required=False,
        widget=QuickSelect,
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=100,
        required=False,
        help_text=_("Groups its claims on the morning list and tags the claims taken in."),
    )
    interval_minutes = forms.IntegerField(
        label=_("Poll every (minutes)"),
        initial=30,
        min_value=MIN_INTERVAL_MINUTES,
        max_value=MAX_INTERVAL_MINUTES,
    )
    active = forms.BooleanField(label=_("Follow it"), required=False, initial=True)

    def clean_url(self) -> str:
        url = fetchable(self.cleaned_data["url"])
        taken = FollowedSource.objects.filter(url=url)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if (other := taken.first()) is not None:
            raise forms.ValidationError(
                _("The desk already follows this address (as “%(name)s”).") % {"name": other.name}
            )
        return url
