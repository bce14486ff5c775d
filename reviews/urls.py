from django.urls import path

from reviews.views import discussion, evidence, page, sources, triage, verdicts

app_name = "reviews"

urlpatterns = [
    path("claims/<int:pk>/", page.claim_page, name="claim"),
    path("claims/<int:pk>/take/", triage.claim_take, name="take"),
    path("claims/assign/", triage.claims_assign, name="assign"),
    path("claims/<int:pk>/dismiss/", triage.claim_dismiss, name="dismiss"),
    path("claims/<int:pk>/reopen/", triage.claim_reopen, name="reopen"),
    path("claims/<int:pk>/evidence/", evidence.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/edit/", evidence.evidence_edit, name="evidence-edit"),
    path("evidence/<int:pk>/remove/", evidence.evidence_remove, name="evidence-remove"),
    path("claims/<int:pk>/verdict/", verdicts.verdict_save, name="verdict-save"),
    path("claims/<int:pk>/verdict/autosave/", verdicts.verdict_autosave, name="verdict-autosave"),
    path("claims/<int:pk>/verdict/submit/", verdicts.verdict_submit, name="verdict-submit"),
    path("claims/<int:pk>/correction/", verdicts.correction_open, name="correction-open"),
    path("verdicts/<int:pk>/approve/", verdicts.verdict_approve, name="verdict-approve"),
    path(
        "verdicts/<int:pk>/request-changes/",
        verdicts.verdict_request_changes,
        name="verdict-request-changes",
    ),
    path("claims/<int:pk>/comments/", discussion.comment_add, name="comment-add"),
    path("claims/<int:pk>/sources/", sources.sources_panel, name="sources"),
    path("claims/<int:pk>/analysis/", sources.analysis_panel, name="analysis"),
    path("lookups/<int:pk>/retry/", sources.lookup_retry, name="lookup-retry"),
    path("notifications/", discussion.notification_list, name="notifications"),
    path("notifications/read/", discussion.notifications_read, name="notifications-read"),
]
