"""Re-checks: putting published claims in the "Due for re-check" queue (a review-by date come,
a lookup behind the verdict changed) and ending a re-check in "still holds" or a correction.
The claim stays published while it waits: readers keep seeing the verdict until an editor
decides."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, LookupJob
from claims.services import claim_transition
from foundation import background
from reviews import permissions
from reviews.models import Evidence, Recheck, Verdict, WatchedValue
from reviews.rechecks import watch
from reviews.rechecks.models import RECHECK_CORRECTION, RECHECK_DUE, RECHECK_HELD
from reviews.services.common import WorkflowError, lock_claim
from reviews.services.verdicts import correction_open

WATCH_TASK = "reviews.tasks.recheck_watch"
S = Claim.Status


def review_by_reason(review_by: date) -> dict[str, Any]:
    return {
        "kind": Recheck.REVIEW_BY,
        "key": "review_by",
        "label": "review-by date",
        "old": "",
        "new": review_by.isoformat(),
        "text": f"review-by date {review_by.isoformat()} reached",
    }


def change_reason(observed: watch.Observed, old: str) -> dict[str, Any]:
    if observed.kind == Recheck.EVIDENCE:
        text = f"{observed.label}: the page changed since it was archived ({old[:12]} → "
        text += f"{observed.value[:12]})"
    else:
        text = f"{observed.label}: {old} → {observed.value}"
    return {
        "kind": observed.kind,
        "key": observed.key,
        "label": observed.label,
        "old": old,
        "new": observed.value,
        "text": text,
    }


def _current_verdict(claim: Claim) -> Verdict | None:
    """The published verdict a re-check is about, while nobody is correcting it."""
    if claim.status != S.PUBLISHED:
        return None
    return claim.verdicts.filter(status=Verdict.Status.APPROVED).first()


def recheck_open(*, claim_id: int, reasons: list[dict[str, Any]]) -> Recheck | None:
    """Put a published claim in the queue with these reasons, or add the new ones to its open
    re-check: one open re-check per claim, each change listed once. None when the claim is not
    published now (a correction is already open) or nothing new was found."""
    if not reasons:
        return None
    with transaction.atomic():
        claim = lock_claim(claim_id)
        verdict = _current_verdict(claim)
        if verdict is None:
            return None
        recheck = claim.rechecks.select_for_update().open().first()
        if recheck is not None:
            added = recheck.add_reasons(reasons)
            if not added:
                return None
        else:
            recheck = Recheck.objects.create(claim=claim, verdict=verdict, reasons=[])
            added = recheck.add_reasons(reasons)
        claim_transition(
            claim,
            actor=None,
            verb=RECHECK_DUE,
            recheck=recheck.pk,
            verdict=verdict.pk,
            reasons=[reason["text"] for reason in added],
        )
    return recheck


def rechecks_open_due(*, today: date | None = None) -> list[int]:
    """Published claims whose verdict's review-by date has come go in the queue. Returns the
    claims put there (or given a new reason) by this run."""
    today = today or timezone.localdate()
    due = (
        Verdict.objects.filter(
            status=Verdict.Status.APPROVED, review_by__lte=today, claim__status=S.PUBLISHED
        )
        .exclude(Exists(Recheck.objects.open().filter(claim=OuterRef("claim"))))
        .order_by("review_by", "pk")
        .values_list("claim_id", "review_by")
    )
    opened = []
    for claim_id, review_by in due:
        if review_by and recheck_open(claim_id=claim_id, reasons=[review_by_reason(review_by)]):
            opened.append(claim_id)
    return opened


def recheck_watch(*, claim_id: int) -> Recheck | None:
    """The scheduled re-run behind one published claim: the World Bank lookup again, every
    cited page fetched again. A value that differs from the one last seen (at first, the one
    published) puts the claim in the queue saying old → new; what was seen is kept, so the
    same change is reported once."""
    claim = Claim.objects.select_related("claimant").get(pk=claim_id)
    verdict = _current_verdict(claim)
    if verdict is None:
        return None
    observed = watch.observe(claim, verdict)  # the I/O, outside any transaction
    published = watch.published_values(claim, verdict)
    now = timezone.now()
    reasons = []
    with transaction.atomic():
        lock_claim(claim.pk)  # two runs of one claim (a message delivered twice) take turns
        seen = {
            row.key: row
            for row in WatchedValue.objects.select_for_update().filter(
                claim=claim, key__in=[item.key for item in observed]
            )
        }
        for item in observed:
            last = seen.get(item.key)
            before = last.value if last is not None else None
            if before is None and item.key in published:
                before = published[item.key].value
            if before is not None and before != item.value:
                reasons.append(change_reason(item, before))
            WatchedValue.objects.update_or_create(
                claim=claim,
                key=item.key,
                defaults={"label": item.label, "value": item.value, "observed_at": now},
            )
        return recheck_open(claim_id=claim.pk, reasons=reasons)


def rechecks_watch_owed(limit: int) -> list[background.Work]:
    """Published claims with something to watch (a World Bank figure, a cited page with a
    snapshot) that the re-run has not looked at for RECHECK_WATCH_INTERVAL_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.RECHECK_WATCH_INTERVAL_DAYS)
    figures = LookupJob.objects.filter(
        claim=OuterRef("pk"), provider=watch.WORLDBANK, status=LookupJob.Status.DONE
    )
    pages = Evidence.objects.filter(claim=OuterRef("pk"), frozen=True).exclude(content_sha256="")
    recent = WatchedValue.objects.filter(claim=OuterRef("pk"), observed_at__gte=cutoff)
    owed = (
        Claim.objects.filter(status=S.PUBLISHED)
        .filter(Q(Exists(figures)) | Q(Exists(pages)))
        .exclude(Exists(recent))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [(WATCH_TASK, (claim_id,)) for claim_id in owed]


def rechecks_scan(*, limit: int = 200) -> dict[str, int]:
    """What the beat task does: open the re-checks whose date came, and send the re-runs
    owed (one task per claim; each is idempotent)."""
    opened = rechecks_open_due()
    sent = 0
    for task, args in rechecks_watch_owed(limit):
        background.send(task, *args)
        sent += 1
    return {"due": len(opened), "watched": sent}


def _lock_recheck(actor: Any, recheck_id: int) -> tuple[Claim, Recheck]:
    claim_id = Recheck.objects.values_list("claim_id", flat=True).get(pk=recheck_id)
    claim = lock_claim(claim_id)
    recheck = Recheck.objects.select_for_update().select_related("verdict").get(pk=recheck_id)
    if not permissions.can_recheck(actor):
        raise PermissionDenied(_("Only editors decide on re-checks."))
    if not recheck.is_open:
        raise WorkflowError(_("This re-check has already been decided."))
    return claim, recheck


def recheck_hold(
    *, actor: Any, recheck_id: int, note: str = "", next_review_by: date | None = None
) -> Recheck:
    """The verdict still holds: recorded with the date (shown on the public page), and the
    next review-by date (or none) becomes the verdict's."""
    if next_review_by is not None and next_review_by <= timezone.localdate():
        raise WorkflowError(
            _("The next review-by date must be after today."),
            problems={"next_review_by": _("Choose a day after today, or leave it empty.")},
        )
    with transaction.atomic():
        claim, recheck = _lock_recheck(actor, recheck_id)
        verdict = recheck.verdict
        if verdict.status != Verdict.Status.APPROVED:
            raise WorkflowError(_("The verdict re-checked is no longer the published one."))
        if claim.verdicts.working().exists():
            raise WorkflowError(
                _("A correction of this verdict is in progress; approving it ends the re-check.")
            )
        recheck.hold(by=actor, at=timezone.now(), note=note.strip(), next_review_by=next_review_by)
        verdict.reschedule(next_review_by)
        claim_transition(
            claim,
            actor=actor,
            verb=RECHECK_HELD,
            recheck=recheck.pk,
            verdict=verdict.pk,
            next_review_by=next_review_by.isoformat() if next_review_by else "",
            note=recheck.note,
        )
    return recheck


def recheck_correct(
    *, actor: Any, recheck_id: int, note: str = "", assignee: Any = None
) -> Verdict:
    """The verdict needs correcting: the re-check ends, and the correction flow starts (a new
    draft prefilled from the published verdict; that one stays public until it is approved)."""
    with transaction.atomic():
        claim, recheck = _lock_recheck(actor, recheck_id)
        draft = correction_open(actor=actor, claim_id=claim.pk, assignee=assignee)
        recheck.send_to_correction(by=actor, at=timezone.now(), note=note.strip())
        claim.refresh_from_db()
        claim_transition(
            claim,
            actor=actor,
            verb=RECHECK_CORRECTION,
            recheck=recheck.pk,
            verdict=draft.pk,
            corrects=recheck.verdict_id,
            note=recheck.note,
        )
    return draft
