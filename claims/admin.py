from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from claims.models import AuditEvent, Claim, Claimant, Tag


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["id", "short_text", "claimant", "language", "status", "assignee", "created_at"]
    list_filter = ["status", "language", "claim_type"]
    list_select_related = ["claimant", "assignee"]
    search_fields = ["text"]
    raw_id_fields = ["claimant", "assignee", "duplicate_of", "created_by"]
    readonly_fields = ["status", "version", "fingerprint", "normalized_text", "analysed_at"]
    show_full_result_count = False

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:80]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Claims carry an append-only audit trail; they are dismissed, never deleted.
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "claim_id", "actor", "verb", "from_state", "to_state"]
    list_filter = ["verb"]
    list_select_related = ["actor"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
