"""Evidence: added inline by whoever works the claim, changed only by who added it, and only
until the verdict resting on it is submitted."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import AuditEvent
from claims.services import audit_record
from reviews import permissions, snapshots
from reviews.models import Evidence
from reviews.services.common import lock_claim


@dataclass(frozen=True)
class EvidenceFields:
    url: str
    stance: str
    title: str = ""
    publisher: str = ""
    published_on: date | None = None
    quote: str = ""
    note: str = ""


def evidence_add(*, actor: Any, claim_id: int, fields: EvidenceFields) -> Evidence:
    with transaction.atomic():
        claim = lock_claim(claim_id)  # serialises numbering per claim
        if not permissions.can_add_evidence(actor, claim):
            raise PermissionDenied(_("You cannot add evidence to this claim now."))
        number = (claim.evidence.aggregate(top=Max("number"))["top"] or 0) + 1
        evidence = Evidence.objects.create(
            claim=claim, number=number, added_by=actor, **asdict(fields)
        )
        audit_record(
            claim=claim,
            actor=actor,
            verb=AuditEvent.Verb.EVIDENCE_ADDED,
            evidence=evidence.label,
            url=evidence.url,
            stance=evidence.stance,
        )
        snapshots.enqueue(evidence.pk)
    return evidence


def evidence_update(*, actor: Any, evidence_id: int, fields: EvidenceFields) -> Evidence:
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("claim")
            .get(pk=evidence_id)
        )
        if not permissions.can_change_evidence(actor, evidence):
            raise PermissionDenied(
                _("Only who added this evidence can change it, until submission.")
            )
        changes = {}
        for name, value in asdict(fields).items():
            old = getattr(evidence, name)
            if old != value:
                changes[name] = [_show(old), _show(value)]
                setattr(evidence, name, value)
        if not changes:
            return evidence
        evidence.updated_at = timezone.now()
        update_fields = [*changes, "updated_at"]
        if "url" in changes:  # a new page: its snapshot is owed afresh
            evidence.snapshot_status, evidence.snapshot_attempts = Evidence.Snapshot.PENDING, 0
            update_fields += ["snapshot_status", "snapshot_attempts"]
        evidence.save(update_fields=update_fields)
        audit_record(
            claim=evidence.claim,
            actor=actor,
            verb=AuditEvent.Verb.EVIDENCE_EDITED,
            evidence=evidence.label,
            changes=changes,
        )
        if "url" in changes:
            snapshots.enqueue(evidence.pk)
    return evidence


def evidence_remove(*, actor: Any, evidence_id: int) -> None:
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("claim")
            .get(pk=evidence_id)
        )
        if not permissions.can_change_evidence(actor, evidence):
            raise PermissionDenied(
                _("Only who added this evidence can remove it, until submission.")
            )
        audit_record(
            claim=evidence.claim,
            actor=actor,
            verb=AuditEvent.Verb.EVIDENCE_REMOVED,
            evidence=evidence.label,
            url=evidence.url,
            quote=evidence.quote[:300],
        )
        evidence.delete()


def is_archived(evidence: Evidence) -> bool:
    """The desk holds a copy of the page itself: fetched, hashed, and not an error page."""
    return evidence.snapshot_status == Evidence.Snapshot.DONE and (evidence.http_status or 0) < 400


def snapshot_retryable(evidence: Evidence) -> bool:
    """Failed for good, or fetched but the site answered with an error page instead."""
    return evidence.snapshot_status == Evidence.Snapshot.FAILED or (
        evidence.snapshot_status == Evidence.Snapshot.DONE and not is_archived(evidence)
    )


def evidence_snapshot_retry(*, actor: Any, evidence_id: int) -> Evidence:
    """Take the snapshot again (a person asked). A snapshot still owed or already good is left
    alone, so a double click or a stale page enqueues nothing more."""
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("claim")
            .get(pk=evidence_id)
        )
        if not permissions.can_retry_snapshot(actor, evidence):
            raise PermissionDenied(_("Only who works on this claim can retry its snapshots."))
        if not snapshot_retryable(evidence):
            return evidence
        previous = evidence.snapshot_error
        evidence.snapshot_status = Evidence.Snapshot.PENDING
        evidence.snapshot_attempts = 0
        evidence.snapshot_error = ""
        evidence.updated_at = timezone.now()  # the sweeper's clock starts again
        evidence.save(
            update_fields=["snapshot_status", "snapshot_attempts", "snapshot_error", "updated_at"]
        )
        audit_record(
            claim=evidence.claim,
            actor=actor,
            verb=AuditEvent.Verb.SNAPSHOT_RETRIED,
            evidence=evidence.label,
            url=evidence.url,
            error=previous,
        )
        snapshots.enqueue(evidence.pk)
    return evidence


def _show(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
