"""Evidence snapshots: the desk fetches every evidence URL in the background and records what
it got (final URL, HTTP status, time, SHA-256 of the body), fills in title, publisher and date
where the reviewer left them empty, and links an archived copy from the Wayback Machine."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.lookups import pages
from claims.lookups.errors import LookupFailure
from foundation import background
from reviews.models import Evidence

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_SECONDS = 30


SNAPSHOT_TASK = "reviews.tasks.evidence_snapshot"


def enqueue(evidence_id: int) -> None:
    background.send(SNAPSHOT_TASK, evidence_id)


def snapshot_take(*, evidence_id: int) -> float | None:
    """Take the snapshot if one is owed. Returns seconds to wait before retrying, or None."""
    evidence = Evidence.objects.filter(
        pk=evidence_id, snapshot_status=Evidence.Snapshot.PENDING
    ).first()
    if evidence is None:
        return None  # done already, or removed
    url = evidence.url
    try:
        result = pages.fetch_html(url)
    except LookupFailure as error:
        return _failed(evidence, error)
    meta: dict[str, Any] = {}
    if pages.is_html(result) and result.status < 400:
        try:
            meta = pages.page_metadata(result.text, result.url)
        except Exception:
            logger.exception("could not read metadata of %s", result.url)
    archive = pages.archive(result.url)
    with transaction.atomic():
        current = Evidence.objects.select_for_update().filter(pk=evidence.pk, url=url).first()
        if current is None or current.snapshot_status != Evidence.Snapshot.PENDING:
            return None  # the URL changed meanwhile: its own snapshot follows
        fields = {
            "snapshot_status": Evidence.Snapshot.DONE,
            "snapshot_at": result.fetched_at,
            "final_url": result.url[:2000],
            "http_status": result.status,
            "content_sha256": result.sha256,
            "archive_url": archive[:2000],
            "snapshot_error": _status_warning(result.status),
        }
        if not current.frozen:  # published evidence keeps exactly what was published
            if not current.title and meta.get("title"):
                fields["title"] = meta["title"][:300]
            if not current.publisher and meta.get("publisher"):
                fields["publisher"] = meta["publisher"][:200]
            if not current.published_on and meta.get("published"):
                fields["published_on"] = meta["published"]
        Evidence.objects.filter(pk=current.pk).update(**fields)
    return None


def _status_warning(status: int) -> str:
    if status in (404, 410):
        return f"The page answered {status}: it is not there any more."
    if status >= 400:
        return f"The page answered {status} instead of the page itself."
    return ""


def _failed(evidence: Evidence, error: LookupFailure) -> float | None:
    attempts = evidence.snapshot_attempts + 1
    retry = error.retryable and attempts < MAX_ATTEMPTS
    message = error.plain
    if error.retryable and not retry:
        message = given_up(message, attempts)
    Evidence.objects.filter(
        pk=evidence.pk, url=evidence.url, snapshot_status=Evidence.Snapshot.PENDING
    ).update(
        snapshot_attempts=attempts,
        snapshot_status=Evidence.Snapshot.PENDING if retry else Evidence.Snapshot.FAILED,
        snapshot_error=message,
    )
    return RETRY_SECONDS if retry else None


# Passing failures promise another try ("...; we will try again."); once the desk stops
# trying, the evidence item must not keep the promise.
_PROMISE = re.compile(r"[;,]\s*(?:we will try again|retrying [^.;]*)\.?$")


def given_up(plain: str, attempts: int) -> str:
    """The reason a snapshot failed for good, after `attempts` tries of a passing failure."""
    reason = _PROMISE.sub(".", plain.strip())
    return f"{reason} We tried {attempts} times, then stopped."


def snapshots_owed(limit: int) -> list[background.Work]:
    """Snapshots still owed after the grace period (a lost message, a dead worker)."""
    cutoff = timezone.now() - timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    owed = list(
        Evidence.objects.filter(snapshot_status=Evidence.Snapshot.PENDING, updated_at__lt=cutoff)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    Evidence.objects.filter(pk__in=owed).update(updated_at=timezone.now())
    return [(SNAPSHOT_TASK, (evidence_id,)) for evidence_id in owed]


def snapshots_sweep(*, limit: int = 200) -> int:
    return background.resend("evidence snapshots", limit=limit)
