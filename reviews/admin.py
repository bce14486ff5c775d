"""The admin keeps configuration only: the rating scale. Evidence and verdicts are the desk's
record and are not registered here (they change through the workflow's services)."""

from django.contrib import admin

from reviews.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "id"]
