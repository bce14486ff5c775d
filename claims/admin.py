from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from claims import services as claim_services
from claims.lookups.services import requeue as lookups_rerun_jobs
from claims.models import AuditEvent, Claim, Claimant, LookupJob, LookupResult, Tag


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin[Claimant]):
    list_display = ["name", "kind", "description", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            claim_services.tag_renamed(tag_id=obj.pk)


class RecordAdmin(admin.ModelAdmin[Any]):
    """The desk's record, shown and never changed here: a change made in the admin would bypass
    the services, so no audit event, no version, and (for a published claim) the public page
    rewritten without approval. Claims change through the desk's own pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(RecordAdmin):
    list_display = ["id", "short_text", "claimant", "language", "status", "assignee", "created_at"]
    list_filter = ["status", "language", "claim_type"]
    list_select_related = ["claimant", "assignee"]
    search_fields = ["text"]
    show_full_result_count = False
    exclude = ["search_text"]

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:80]


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    list_display = ["at", "claim_id", "actor", "verb", "from_state", "to_state"]
    list_filter = ["verb"]
    list_select_related = ["actor"]
    show_full_result_count = False


class LookupResultInline(admin.TabularInline[LookupResult, LookupJob]):
    model = LookupResult
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "rank",
        "title",
        "url",
        "publisher",
        "published_at",
        "rating_text",
        "value",
        "unit",
    )


@admin.register(LookupJob)
class LookupJobAdmin(admin.ModelAdmin[LookupJob]):
    list_display = ["id", "claim_id", "provider", "status", "attempts", "error_kind", "created_at"]
    list_filter = ["provider", "status", "error_kind"]
    list_select_related = False
    search_fields = ["=claim__id", "error_message"]
    readonly_fields = [f.name for f in LookupJob._meta.fields]
    inlines = [LookupResultInline]
    show_full_result_count = False
    actions = ["run_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Run the selected lookups again")
    def run_again(self, request: HttpRequest, queryset: Any) -> None:
        count = lookups_rerun_jobs(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} lookups queued again.")
