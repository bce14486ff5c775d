from django.urls import path

from reviews.views import (
    claim_page,
    dashboard,
    discussion,
    evidence,
    exports,
    public,
    triage,
    verdicts,
)

app_name = "reviews"

urlpatterns = [
    path("claims/<id:pk>/", claim_page.claim_page, name="claim"),
    path("claims/<id:pk>/take/", triage.claim_take, name="take"),
    path("claims/assign/", triage.claims_assign, name="assign"),
    path("claims/tag/", triage.claims_bulk_tag, name="bulk-tag"),
    path("claims/dismiss/", triage.claims_bulk_dismiss, name="bulk-dismiss"),
    path("claims/<id:pk>/dismiss/", triage.claim_dismiss, name="dismiss"),
    path("claims/<id:pk>/reopen/", triage.claim_reopen, name="reopen"),
    path("claims/<id:pk>/same-as/", claim_page.claim_merge, name="merge-appearance"),
    path("claims/<id:pk>/evidence/", evidence.evidence_add, name="evidence-add"),
    path("evidence/<id:pk>/edit/", evidence.evidence_edit, name="evidence-edit"),
    path("evidence/<id:pk>/remove/", evidence.evidence_remove, name="evidence-remove"),
    path("evidence/<id:pk>/snapshot/", evidence.evidence_snapshot, name="evidence-snapshot"),
    path(
        "evidence/<id:pk>/snapshot/retry/",
        evidence.evidence_snapshot_retry,
        name="evidence-snapshot-retry",
    ),
    path("claims/<id:pk>/verdict/", verdicts.verdict_save, name="verdict-save"),
    path("claims/<id:pk>/verdict/autosave/", verdicts.verdict_autosave, name="verdict-autosave"),
    path("claims/<id:pk>/verdict/submit/", verdicts.verdict_submit, name="verdict-submit"),
    path("claims/<id:pk>/verdict/preview/", verdicts.verdict_preview, name="verdict-preview"),
    path("claims/<id:pk>/correction/", verdicts.correction_open, name="correction-open"),
    path("claims/<id:pk>/public-preview/", public.fact_check_preview, name="public-preview"),
    path("verdicts/<id:pk>/approve/", verdicts.verdict_approve, name="verdict-approve"),
    path("verdicts/<id:pk>/approval/", verdicts.verdict_approval, name="verdict-approval"),
    path(
        "verdicts/<id:pk>/request-changes/",
        verdicts.verdict_request_changes,
        name="verdict-request-changes",
    ),
    path("claims/<id:pk>/comments/", discussion.comment_add, name="comment-add"),
    path("claims/<id:pk>/sources/", claim_page.sources_panel, name="sources"),
    path("claims/<id:pk>/analysis/", claim_page.analysis_panel, name="analysis"),
    path("lookups/<id:pk>/retry/", claim_page.lookup_retry, name="lookup-retry"),
    path("claims/export/", exports.export_start, name="export-start"),
    path("exports/<id:pk>/", exports.export_status, name="export"),
    path("exports/<id:pk>/download/", exports.export_download, name="export-download"),
    path("dashboard/", dashboard.desk_dashboard, name="dashboard"),
    path("notifications/", discussion.notification_list, name="notifications"),
    path("notifications/read/", discussion.notifications_read, name="notifications-read"),
]
