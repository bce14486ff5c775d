"""Review workflows. Each function checks permission, takes the locks it needs, writes the
change and its audit event in one transaction, and enqueues follow-up work on commit."""

from reviews.services.assignment import claim_take, claims_assign
from reviews.services.common import Conflict, WorkflowError
from reviews.services.discussion import comment_add, notifications_mark_read
from reviews.services.evidence import (
    EvidenceFields,
    evidence_add,
    evidence_remove,
    evidence_snapshot_retry,
    evidence_update,
    is_archived,
    snapshot_retryable,
)
from reviews.services.triage import (
    DUPLICATE,
    NOT_CHECK_WORTHY,
    REASONS,
    claim_dismiss,
    claim_reopen,
    claims_dismiss,
)
from reviews.services.verdicts import (
    CHECKLIST_MESSAGES,
    VerdictFields,
    archive_gaps,
    cited_numbers,
    correction_open,
    submission_problems,
    verdict_approve,
    verdict_request_changes,
    verdict_save_draft,
    verdict_submit,
)

__all__ = [
    "CHECKLIST_MESSAGES",
    "DUPLICATE",
    "NOT_CHECK_WORTHY",
    "REASONS",
    "Conflict",
    "EvidenceFields",
    "VerdictFields",
    "WorkflowError",
    "archive_gaps",
    "cited_numbers",
    "claim_dismiss",
    "claim_reopen",
    "claim_take",
    "claims_assign",
    "claims_dismiss",
    "comment_add",
    "correction_open",
    "evidence_add",
    "evidence_remove",
    "evidence_snapshot_retry",
    "evidence_update",
    "is_archived",
    "notifications_mark_read",
    "snapshot_retryable",
    "submission_problems",
    "verdict_approve",
    "verdict_request_changes",
    "verdict_save_draft",
    "verdict_submit",
]
