"""The admin keeps configuration only: the rating scale. Evidence and verdicts are the desk's
record and are not registered here (they change through the workflow's services)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from claims import caches
from reviews.models import Rating, Verdict


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    list_display = ["label", "value", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "id"]

    def save_model(self, request: HttpRequest, obj: Rating, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "label" in form.changed_data:
            # Rows of the approval queue show a proposed rating by its label; published
            # verdicts keep the label they were published with.
            waiting = Verdict.objects.filter(rating=obj, status=Verdict.Status.SUBMITTED)
            caches.forget_rows_after_commit(list(waiting.values_list("claim_id", flat=True)))
