"""Readers ask "is this true?": a submission is matched at once against the published
fact-checks, and otherwise filed as a request on the claim the desk has (or opens) for it.

- `submission_receive()`: match, fold into a claim, count the reader once per claim, tell the
  listeners (foundation.events: webhooks). The answer page reads the returned `Received`.
- `rate_check()`: the per-address and global limits, shared by every web process (the cache).
- `submissions_forget()`: the retention sweep (beat): readers' e-mails and address hashes go.
- `submission_unsubscribe()`: the one-click unsubscribe of the status link and the e-mails.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims import services, text
from claims.extraction.language import detect_language
from claims.matching import Suggestion, match
from claims.models import Asked, Claim, Submission
from foundation import events, ratelimit

ANSWERS_SHOWN = 3


@dataclass(frozen=True)
class SubmissionFields:
    text: str
    url: str = ""
    outlet: str = ""
    seen_on: date | None = None
    screenshot_text: str = ""
    email: str = ""
    reader_language: str = ""


@dataclass(frozen=True)
class Received:
    submission: Submission
    answers: list[Suggestion] = field(default_factory=list)  # published, the same claim
    related: list[Suggestion] = field(default_factory=list)  # published, close but not the same
    new_claim: bool = False


def requester_of(address: str) -> str:
    """A keyed hash of the reader's address: enough to count them once, useless to anyone
    without the desk's secret key."""
    if not address:
        return ""
    key = hashlib.sha256(b"readers:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


class TooMany(Exception):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def rate_check(address: str) -> None:
    """Count one submission against the limits (fixed one-minute windows); raise TooMany when
    one is exceeded. A refused attempt is counted too: hammering does not reopen the window."""
    for name, limit in (
        ("readers", settings.READERS_RATE_GLOBAL),
        (f"readers:{requester_of(address)}", settings.READERS_RATE_PER_ADDRESS),
    ):
        counted = ratelimit.hit(name, limit)
        if counted.refused:
            raise TooMany(
                "Too many submissions just now; try again in a minute.", counted.retry_after
            )


MATCHED = 10  # suggestions read for one question: published and open claims together


def submission_receive(*, fields: SubmissionFields, address: str) -> Received:
    """Match the reader's claim and file it: answered by a published fact-check saying the
    same, or counted as a request on the desk's claim for it (an open claim saying the same,
    the claim an earlier reader's identical text went to, or a new claim).

    One match over every claim (one encode, one read of the candidates), split afterwards into
    published claims (a published claim under correction is still published: its verdict is
    public) and open ones (neither published nor dismissed)."""
    claim_text = text.clean(fields.text)
    language = detect_language(claim_text)
    found = match(claim_text, limit=MATCHED)
    published_ids: set[int] = set()
    open_ids: set[int] = set()
    for pk, was_published, status in Claim.objects.filter(
        pk__in=[s.claim_id for s in found]
    ).values_list("pk", "was_published", "status"):
        if was_published:
            published_ids.add(pk)
        elif status != Claim.Status.DISMISSED:
            open_ids.add(pk)
    published = [s for s in found if s.claim_id in published_ids]
    answers = [s for s in published if s.same_claim][:ANSWERS_SHOWN]
    related = [s for s in published if not s.same_claim][:ANSWERS_SHOWN]
    open_same = [s.claim_id for s in found if s.claim_id in open_ids and s.same_claim]
    digest = hashlib.sha256(text.normalize_claim(claim_text).encode()).hexdigest()
    new_claim = False
    with transaction.atomic():
        claim_id: int
        if answers:
            claim_id = answers[0].claim_id
            outcome = Submission.Outcome.ANSWERED
        else:
            outcome = Submission.Outcome.REQUESTED
            open_claim = _open_claim_for(digest, open_same[0] if open_same else None)
            if open_claim is not None:
                claim_id = open_claim
            else:
                claim_id = services.claim_create_for_reader(
                    fields=services.ClaimFields(
                        text=claim_text,
                        language=language,
                        appeared_url=fields.url,
                        appeared_outlet=fields.outlet,
                        appeared_on=fields.seen_on,
                    )
                ).pk
                new_claim = True
        submission = _record(fields, claim_text, language, digest, claim_id, outcome, address)
        events.emit(
            events.CLAIM_SUBMITTED,
            key=f"claim.submitted:submission:{submission.pk}",
            claim_id=claim_id,
            payload={
                "claim": {"id": claim_id, "new": new_claim},
                "submission": {
                    "id": submission.pk,
                    "text": submission.text,
                    "language": language,
                    "url": submission.url or None,
                    "outlet": submission.outlet or None,
                    "seen_on": submission.seen_on.isoformat() if submission.seen_on else None,
                    "answered": outcome == Submission.Outcome.ANSWERED,
                    "asked": Asked.objects.filter(claim_id=claim_id)
                    .values_list("count", flat=True)
                    .first()
                    or 0,
                },
            },
        )
    return Received(submission=submission, answers=answers, related=related, new_claim=new_claim)


def _open_claim_for(digest: str, same: int | None) -> int | None:
    """The desk's open claim this text is a request for: where an earlier reader's identical
    text went (found before the matcher has embedded a claim filed seconds ago), or the open
    claim the matcher found to be the same."""
    earlier = (
        Submission.objects.filter(text_hash=digest, outcome=Submission.Outcome.REQUESTED)
        .exclude(claim__status=Claim.Status.DISMISSED)
        .values_list("claim_id", flat=True)
        .first()
    )
    if earlier is not None:
        return int(earlier)
    return same


def _record(
    fields: SubmissionFields,
    claim_text: str,
    language: str,
    digest: str,
    claim_id: int,
    outcome: str,
    address: str,
) -> Submission:
    requester = requester_of(address)
    submission = Submission(
        claim_id=claim_id,
        outcome=outcome,
        text=claim_text,
        language=language,
        url=fields.url,
        outlet=text.clean(fields.outlet),
        seen_on=fields.seen_on,
        screenshot_text=text.clean(fields.screenshot_text),
        email=fields.email,
        reader_language=fields.reader_language,
        requester=requester,
        text_hash=digest,
        counted=bool(requester)
        and not Submission.objects.filter(
            claim_id=claim_id, requester=requester, counted=True
        ).exists(),
    )
    if submission.counted:
        try:
            with transaction.atomic():  # the same reader twice at once: counted once
                submission.save()
        except IntegrityError:
            submission.pk = None
            submission.counted = False
    if submission.pk is None:
        submission.save()
    if submission.counted:
        now = timezone.now()
        asked, created = Asked.objects.get_or_create(
            claim_id=claim_id, defaults={"count": 1, "first_asked_at": now, "last_asked_at": now}
        )
        if not created:
            Asked.objects.filter(pk=asked.pk).update(count=F("count") + 1, last_asked_at=now)
    return submission


def submission_unsubscribe(*, key: str) -> Submission | None:
    """No more e-mails for this submission (the status link keeps working); None when the key
    is unknown."""
    submission = Submission.objects.filter(key=key).first()
    if submission is not None and submission.unsubscribed_at is None:
        submission.unsubscribed_at = timezone.now()
        submission.save(update_fields=["unsubscribed_at"])
    return submission


def submissions_forget(*, now: datetime | None = None) -> int:
    """Delete readers' e-mail addresses and address hashes past READERS_RETENTION_DAYS; returns
    how many submissions were cleared."""
    moment = now if now is not None else timezone.now()
    cutoff = moment - timedelta(days=settings.READERS_RETENTION_DAYS)
    return (
        Submission.objects.filter(created_at__lt=cutoff, forgotten_at__isnull=True)
        .exclude(email="", requester="")
        .update(email="", requester="", forgotten_at=moment)
    )
