"""Following outlets: polling sources, reading each new article once, proposing and matching
its claims, and what the desk does with the results (take a claim in, confirm or dismiss a
"seen again" alert).

The database says what is owed and who holds what: a source being polled carries a lease
(`polling_since`), an item waiting to be read stays `pending` with the time it was last sent,
and each host's politeness is a row (`claims.monitoring.hosts`). A worker killed mid-poll or
mid-read leaves work that the next beat (sources) or the sweeper (items) sends again; nothing
is read twice because an item leaves `pending` exactly once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import intake, permissions, services
from claims.lookups import http, pages
from claims.lookups.errors import LookupFailure, format_seconds, parse_retry_after
from claims.matching import Query, Suggestion, match_many
from claims.matching.search import SAME_CLAIM_SCORE
from claims.models import (
    Article,
    Claim,
    FollowedItem,
    FollowedSource,
    HostSlot,
    ProposedClaim,
    SeenAgain,
)
from claims.monitoring import hosts, parsing
from foundation import background, events

logger = logging.getLogger(__name__)

POLL_TASK = "claims.monitoring.tasks.poll_source"
READ_TASK = "claims.monitoring.tasks.read_item"
FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
MAX_BACKOFF = timedelta(hours=24)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _lease() -> timedelta:
    return timedelta(seconds=settings.FOLLOW_LEASE_SECONDS)


# --- Polling --------------------------------------------------------------------------------


def sources_due(*, limit: int = 500) -> int:
    """Send a poll for every active source that is due and not being polled (beat)."""
    now = timezone.now()
    due = list(
        FollowedSource.objects.filter(active=True, next_poll_at__lte=now)
        .filter(Q(polling_since__isnull=True) | Q(polling_since__lt=now - _lease()))
        .order_by("next_poll_at")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        # Not due again before the lease runs out: a lost message is sent again then.
        FollowedSource.objects.filter(pk__in=due).update(next_poll_at=now + _lease())
        for pk in due:
            background.send_now(POLL_TASK, pk)
    return len(due)


@dataclass(frozen=True)
class Poll:
    """What one poll did: `wait` > 0 when the host was busy (ask again after that long)."""

    new: int = 0
    wait: float = 0.0


def source_poll(*, source_id: int) -> Poll:
    """Fetch the source once (conditionally), note what it lists, and send each new item to be
    read. Idempotent: a source already being polled, paused or gone is left alone."""
    now = timezone.now()
    leased = (
        FollowedSource.objects.filter(pk=source_id, active=True)
        .filter(Q(polling_since__isnull=True) | Q(polling_since__lt=now - _lease()))
        .update(polling_since=now)
    )
    if not leased:
        return Poll()
    source = FollowedSource.objects.get(pk=source_id)
    wait = hosts.take(source.host)
    if wait:
        FollowedSource.objects.filter(pk=source_id).update(polling_since=None)
        return Poll(wait=wait)
    asked_to_wait: float | None = None
    try:
        result = _fetch_listing(source)
        asked_to_wait = parse_retry_after(result.headers.get("retry-after"))
        new = _take_listing(source, result)
    except LookupFailure as failure:
        asked_to_wait = asked_to_wait or getattr(failure, "retry_after", None)
        _poll_failed(source, failure.plain or str(failure), asked_to_wait)
        return Poll()
    except _NotAListing as problem:
        _poll_failed(source, str(problem), None)
        return Poll()
    finally:
        hosts.release(source.host, wait=asked_to_wait)
    return Poll(new=new)


class _NotAListing(Exception):
    """The answer was fetched but lists nothing we can read; the message is in plain words."""


def _fetch_listing(source: FollowedSource) -> http.FetchResult:
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    result = http.fetch(
        source.url,
        headers=headers,
        accept=FEED_TYPES,
        max_bytes=settings.FOLLOW_MAX_FEED_BYTES,
    )
    if result.status != 304:
        http.raise_for_status(result, service=_("The site"))
    return result


def _take_listing(source: FollowedSource, result: http.FetchResult) -> int:
    now = timezone.now()
    changes: dict[str, Any] = {
        "polling_since": None,
        "last_polled_at": now,
        "last_success_at": now,
        "last_error": "",
        "failures_in_a_row": 0,
        "next_poll_at": now + source.interval(),
        "polls": F("polls") + 1,
    }
    if result.status == 304:
        changes |= {
            "last_status": _("Nothing new (not modified since the last poll)."),
            "items_new": 0,
        }
        FollowedSource.objects.filter(pk=source.pk).update(**changes)
        return 0
    listing = parsing.read(result.content, result.url)
    index_note = ""
    if listing.sitemaps and not listing.entries:
        listing, index_note = _read_index(listing)
    if listing.problem:
        raise _NotAListing(listing.problem)
    entries = _newest_first(listing.entries)
    new_ids = _store_new(source, entries)
    capped = len(new_ids) >= settings.FOLLOW_MAX_NEW_ITEMS
    status = _("Listed %(listed)d items, %(new)d new.") % {
        "listed": len(entries),
        "new": len(new_ids),
    }
    if index_note:
        status = index_note + " " + status
    if capped:
        status += " " + _(
            "Only the newest %(limit)d new items were taken; the rest are older and were left."
        ) % {"limit": settings.FOLLOW_MAX_NEW_ITEMS}
    changes |= {
        "kind": listing.kind,
        "etag": result.headers.get("etag", "")[:500],
        "last_modified": result.headers.get("last-modified", "")[:100],
        "last_status": status,
        "items_listed": len(entries),
        "items_new": len(new_ids),
        "items_total": F("items_total") + len(new_ids),
    }
    with transaction.atomic():
        FollowedSource.objects.filter(pk=source.pk).update(**changes)
        for pk in new_ids:
            background.send(READ_TASK, pk)
    return len(new_ids)


def _read_index(index: parsing.Listing) -> tuple[parsing.Listing, str]:
    """A sitemap index: its newest FOLLOW_SITEMAP_CHILDREN sitemaps, read in this poll (the
    host is already ours: one request at a time)."""
    chosen = index.sitemaps[: settings.FOLLOW_SITEMAP_CHILDREN]
    entries: list[parsing.Entry] = []
    problems: list[str] = []
    for url in chosen:
        try:
            child = http.fetch(url, accept=FEED_TYPES, max_bytes=settings.FOLLOW_MAX_FEED_BYTES)
            http.raise_for_status(child, service=_("The site"))
        except LookupFailure as failure:
            problems.append(f"{url}: {failure.plain or failure}")
            continue
        read = parsing.read(child.content, child.url)
        if read.problem:
            problems.append(f"{url}: {read.problem}")
        entries.extend(read.entries)
    if problems and not entries:
        return parsing.Listing(kind="", problem=" ".join(problems)), ""
    note = _("A sitemap index: read the newest %(read)d of its %(count)d sitemaps.") % {
        "read": len(chosen) - len(problems),
        "count": len(index.sitemaps),
    }
    if problems:
        note += " " + _("Not read: %(problems)s") % {"problems": " ".join(problems)}
    return parsing.Listing(kind="sitemap", entries=entries), note


def _newest_first(entries: list[parsing.Entry]) -> list[parsing.Entry]:
    """Dated entries newest first, then undated ones in the feed's order; each address once."""
    unique = list({e.url: e for e in reversed(entries)}.values())[::-1]  # the first of each
    dated = [e for e in unique if e.published is not None]
    dated.sort(key=lambda e: e.published or EPOCH, reverse=True)
    return dated + [e for e in unique if e.published is None]


def _store_new(source: FollowedSource, entries: list[parsing.Entry]) -> list[int]:
    """The entries not seen before on this source, newest first, at most FOLLOW_MAX_NEW_ITEMS."""
    known: set[str] = set()
    urls = [e.url for e in entries]
    for start in range(0, len(urls), 500):
        known.update(
            FollowedItem.objects.filter(
                source=source, url__in=urls[start : start + 500]
            ).values_list("url", flat=True)
        )
    fresh = [e for e in entries if e.url not in known][: settings.FOLLOW_MAX_NEW_ITEMS]
    ids = []
    for entry in fresh:
        try:
            with transaction.atomic():
                item = FollowedItem.objects.create(
                    source=source,
                    url=entry.url,
                    host=_host(entry.url),
                    title=entry.title,
                    listed_published_at=entry.published,
                )
        except IntegrityError:
            continue  # listed by a poll that lost its lease and finished anyway
        ids.append(item.pk)
    return ids


def _poll_failed(source: FollowedSource, problem: str, retry_after: float | None) -> None:
    now = timezone.now()
    failures = source.failures_in_a_row + 1
    backoff = min(source.interval() * 2 ** min(failures - 1, 10), MAX_BACKOFF)
    if retry_after:
        backoff = max(backoff, timedelta(seconds=retry_after))
        problem += " " + _("The site asked us to wait %(wait)s.") % {
            "wait": format_seconds(retry_after)
        }
    changes: dict[str, Any] = {
        "polling_since": None,
        "last_polled_at": now,
        "last_error": problem,
        "last_status": "",
        "failures_in_a_row": failures,
        "next_poll_at": now + backoff,
        "polls": F("polls") + 1,
    }
    if failures >= settings.FOLLOW_PAUSE_AFTER_FAILURES:
        changes |= {
            "active": False,
            "paused_reason": _(
                "Paused automatically after %(count)d failed polls in a row. Last problem: "
                "%(problem)s"
            )
            % {"count": failures, "problem": problem},
        }
    FollowedSource.objects.filter(pk=source.pk).update(**changes)
    logger.info("poll of source %s failed (%d in a row): %s", source.pk, failures, problem)


# --- Reading items --------------------------------------------------------------------------


def item_read(*, item_id: int) -> float:
    """Read one listed article: fetch it once, keep its text, propose and match its claims.
    Returns seconds to wait when its host is busy (0 when done or nothing to do); meanwhile
    the worker reads a waiting article of a host that is free, so it never idles on one busy
    host while others have work (that article's own task then finds it read)."""
    wait = _read(item_id)
    if wait:
        for other in _waiting_on_free_hosts(exclude=item_id):
            if not _read(other):
                break
    return wait


def _waiting_on_free_hosts(*, exclude: int, limit: int = 3) -> list[int]:
    now = timezone.now()
    busy = HostSlot.objects.filter(Q(free_at__gt=now) | Q(busy_until__gt=now)).values("host")
    return list(
        FollowedItem.objects.filter(state=FollowedItem.State.PENDING, reading_since__isnull=True)
        .exclude(pk=exclude)
        .exclude(host__in=busy)
        .order_by("sent_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _read(item_id: int) -> float:
    item = (
        FollowedItem.objects.filter(pk=item_id, state=FollowedItem.State.PENDING)
        .select_related("source")
        .first()
    )
    if item is None:
        return 0.0
    # Listed by another source too (a sitemap and a feed of one outlet): read once.
    known = (
        FollowedItem.objects.filter(state=FollowedItem.State.READ)
        .filter(Q(url=item.url) | Q(canonical_url=item.url))
        .order_by("pk")
        .first()
    )
    if known is not None:
        _mark_duplicate(item, known, known.canonical_url, known.text_sha256)
        return 0.0
    host = item.host or _host(item.url)
    wait = hosts.take(host)
    if wait:
        return wait
    now = timezone.now()
    mine = (
        FollowedItem.objects.filter(pk=item.pk, state=FollowedItem.State.PENDING)
        .filter(Q(reading_since__isnull=True) | Q(reading_since__lt=now - _lease()))
        .update(reading_since=now)
    )
    if not mine:  # another worker is reading it
        hosts.release(host)
        return 0.0
    asked_to_wait: float | None = None
    try:
        page = pages.fetch_html(item.url)
        asked_to_wait = parse_retry_after(page.headers.get("retry-after"))
        http.raise_for_status(page, service=_("The site"))
        if not pages.is_html(page):
            raise _NotAListing(_("The item is not a web page (it is not HTML)."))
        meta = pages.page_metadata(page.text, page.url)
        body = pages.main_text(page)
    except (LookupFailure, _NotAListing) as failure:
        asked_to_wait = asked_to_wait or getattr(failure, "retry_after", None)
        _read_failed(item, getattr(failure, "plain", "") or str(failure))
        return 0.0
    finally:
        hosts.release(host, wait=asked_to_wait)
    text = intake.clean_text(body) if body else ""
    if len(text) < intake.MIN_ARTICLE_CHARS:
        _read_failed(item, _("No article text was found on the page."), final=True)
        return 0.0
    _keep(item, page.url, meta, text[: intake.MAX_ARTICLE_CHARS])
    return 0.0


def _read_failed(item: FollowedItem, problem: str, *, final: bool = False) -> None:
    attempts = item.attempts + 1
    done = final or attempts >= settings.FOLLOW_READ_ATTEMPTS
    FollowedItem.objects.filter(pk=item.pk, state=FollowedItem.State.PENDING).update(
        attempts=attempts,
        error=problem,
        state=FollowedItem.State.FAILED if done else FollowedItem.State.PENDING,
        reading_since=None,
        # Not done: the sweeper sends it again after its grace.
        sent_at=timezone.now(),
    )


def _keep(item: FollowedItem, fetched_url: str, meta: dict[str, Any], text: str) -> None:
    canonical = parsing.web_address(meta.get("canonical_url") or "", fetched_url) or fetched_url
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = item.source
    original = _story_read_before(canonical, digest, item.pk)
    if original is not None:
        _mark_duplicate(item, original, canonical, digest)
        return
    try:
        with transaction.atomic():
            article = Article.objects.create(
                url=canonical,
                title=(meta.get("title") or item.title)[:500],
                publisher=(meta.get("publisher") or source.name)[:200],
                published_on=meta.get("published")
                or (item.listed_published_at.date() if item.listed_published_at else None),
                language=intake.resolve_language(
                    text, source.language or (meta.get("language") or "")[:2]
                ),
                text=text,
                created_by_id=source.created_by_id,
            )
            updated = FollowedItem.objects.filter(
                pk=item.pk, state=FollowedItem.State.PENDING
            ).update(
                state=FollowedItem.State.READ,
                canonical_url=canonical[:2000],
                text_sha256=digest,
                article=article,
                read_at=timezone.now(),
                error="",
            )
            if not updated:
                transaction.set_rollback(True)
                return
            _propose(item, article)
    except IntegrityError:
        # The same story was read by another worker at the same moment.
        original = _story_read_before(canonical, digest, item.pk)
        if original is not None:
            _mark_duplicate(item, original, canonical, digest)


def _story_read_before(canonical: str, digest: str, item_id: int) -> FollowedItem | None:
    return (
        FollowedItem.objects.filter(state=FollowedItem.State.READ)
        .filter(Q(canonical_url=canonical) | Q(text_sha256=digest))
        .exclude(pk=item_id)
        .order_by("pk")
        .first()
    )


def _mark_duplicate(
    item: FollowedItem, original: FollowedItem, canonical: str, digest: str
) -> None:
    FollowedItem.objects.filter(pk=item.pk, state=FollowedItem.State.PENDING).update(
        state=FollowedItem.State.DUPLICATE,
        duplicate_of=original,
        canonical_url=canonical[:2000],
        text_sha256=digest,
        article_id=original.article_id,
        read_at=timezone.now(),
    )


def _propose(item: FollowedItem, article: Article) -> None:
    """The article's most check-worthy claims, each matched against the desk; a claim the desk
    has published said again becomes one alert (per claim and story)."""
    found, _count = intake.propose(article)
    spans: set[tuple[int, int]] = set()
    picks = []
    for candidate in found:
        span = (candidate.start, candidate.end)
        if span not in spans:  # one proposal per span of the article
            spans.add(span)
            picks.append(intake.Pick.from_candidate(candidate))
        if len(picks) >= settings.FOLLOW_PROPOSALS_PER_ARTICLE:
            break
    if not picks:
        return
    suggestions = match_many(
        [Query(p.text, claimant=p.speaker) for p in picks],
        limit=3,
        within=Claim.objects.exclude(status=Claim.Status.DISMISSED),
    )
    suggested_ids = {s.claim_id for found_for in suggestions for s in found_for}
    published = set(
        Claim.objects.filter(pk__in=suggested_ids, status=Claim.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    rows, repeats = [], []
    for pick, found_for in zip(picks, suggestions, strict=True):
        repeat = next((s for s in found_for if _said_again(s) and s.claim_id in published), None)
        shown = repeat or (found_for[0] if found_for else None)
        repeats.append(repeat)
        rows.append(
            ProposedClaim(
                item=item,
                article=article,
                text=pick.text,
                speaker=pick.speaker[:200],
                speaker_description=pick.speaker_description[:300],
                speaker_kind=pick.speaker_kind,
                claim_type=pick.claim_type,
                language=article.language,
                score=pick.score or 0.0,
                reasons=list(pick.reasons),
                span_start=pick.start or 0,
                span_end=pick.end or 0,
                matched_claim_id=shown.claim_id if shown else None,
                match_score=shown.score if shown else None,
                state=ProposedClaim.State.SEEN_AGAIN if repeat else ProposedClaim.State.NEW,
            )
        )
    # One insert for the article's proposals (their ids come back on PostgreSQL and SQLite).
    created = ProposedClaim.objects.bulk_create(rows)
    alerts: dict[int, SeenAgain] = {}
    for proposal, repeat in zip(created, repeats, strict=True):
        if repeat is not None:  # one alert per claim and story, even if two proposals say it
            alerts.setdefault(
                repeat.claim_id,
                SeenAgain(
                    claim_id=repeat.claim_id, item=item, proposal=proposal, score=repeat.score
                ),
            )
    SeenAgain.objects.bulk_create(alerts.values(), ignore_conflicts=True)


def _said_again(suggestion: Suggestion) -> bool:
    """The same claim, perhaps by someone else: who says it now is the news, not a difference."""
    return suggestion.score >= SAME_CLAIM_SCORE and all(
        d.kind == "speaker" for d in suggestion.differences
    )


def items_owed(limit: int) -> list[background.Work]:
    """Items still waiting to be read long after they were sent (a lost message, a killed
    worker): sent again by the sweeper."""
    cutoff = timezone.now() - timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    ids = list(
        FollowedItem.objects.filter(state=FollowedItem.State.PENDING, sent_at__lt=cutoff)
        .order_by("sent_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        FollowedItem.objects.filter(pk__in=ids).update(sent_at=timezone.now())
    return [(READ_TASK, (pk,)) for pk in ids]


# --- What the desk does with it ---------------------------------------------------------------


def source_save(*, actor: Any, source_id: int | None, fields: dict[str, Any]) -> FollowedSource:
    """Follow a new source, or change one; a changed address starts its polling afresh."""
    permissions.require_sources_editor(actor)
    wanted = {k: fields[k] for k in ("name", "url", "language", "topic", "interval_minutes")}
    with transaction.atomic():
        if source_id is None:
            source = FollowedSource.objects.create(created_by=actor, **wanted)
        else:
            source = FollowedSource.objects.select_for_update().get(pk=source_id)
            if source.url != wanted["url"]:
                source.etag = source.last_modified = ""
                source.failures_in_a_row = 0
                source.next_poll_at = timezone.now()
            for name, value in wanted.items():
                setattr(source, name, value)
            source.save()
        if fields.get("active", True) != source.active:
            paused = not fields.get("active", True)
            (source_pause if paused else source_resume)(actor=actor, source_id=source.pk)
            source.refresh_from_db()
    return source


def source_resume(*, actor: Any, source_id: int) -> FollowedSource:
    """Follow again (after a pause, automatic or not): polled at the next beat."""
    permissions.require_sources_editor(actor)
    FollowedSource.objects.filter(pk=source_id).update(
        active=True, paused_reason="", failures_in_a_row=0, next_poll_at=timezone.now()
    )
    return FollowedSource.objects.get(pk=source_id)


def source_pause(*, actor: Any, source_id: int) -> FollowedSource:
    permissions.require_sources_editor(actor)
    FollowedSource.objects.filter(pk=source_id).update(
        active=False,
        paused_reason=_("Paused by %(name)s.") % {"name": actor.get_username()},
    )
    return FollowedSource.objects.get(pk=source_id)


def source_poll_soon(*, actor: Any, source_id: int) -> None:
    """ "Poll now": due at once, sent to the worker after commit."""
    permissions.require_sources_editor(actor)
    FollowedSource.objects.filter(pk=source_id, active=True).update(next_poll_at=timezone.now())
    background.send(POLL_TASK, source_id)


def proposal_take(*, actor: Any, proposal_id: int) -> Claim:
    """Take a proposed claim into the desk as a new claim, with its article span and speaker.
    Taken once: a second click answers with the claim already made."""
    with transaction.atomic():
        proposal = (
            ProposedClaim.objects.select_for_update().select_related("article").get(pk=proposal_id)
        )
        if proposal.taken_claim_id:
            return Claim.objects.get(pk=proposal.taken_claim_id)
        (claim,) = intake.claims_create_from_article(
            actor=actor,
            article=proposal.article,
            picks=[
                intake.Pick(
                    text=proposal.text,
                    speaker=proposal.speaker,
                    speaker_description=proposal.speaker_description,
                    speaker_kind=proposal.speaker_kind,
                    claim_type=proposal.claim_type,
                    start=proposal.span_start,
                    end=proposal.span_end,
                    score=proposal.score,
                    reasons=tuple(proposal.reasons),
                )
            ],
            tags=(proposal.item.source.topic,) if proposal.item.source.topic else (),
        )
        proposal.state = ProposedClaim.State.TAKEN
        proposal.taken_claim = claim
        proposal.save(update_fields=["state", "taken_claim"])
    return claim


class AlertDecided(Exception):
    """The alert was already confirmed or dismissed (by someone else, or in another tab)."""


def seen_again_confirm(*, actor: Any, alert_id: int) -> SeenAgain:
    """The followed article says the published claim again: record it as an appearance (the
    public page and ClaimReview list it)."""
    if not permissions.can_create_claim(actor):
        raise PermissionDenied(_("You cannot add appearances."))
    with transaction.atomic():
        alert = _open_alert(alert_id)
        proposal = alert.proposal
        article = proposal.article
        appearance = services.appearance_add(
            actor=actor,
            claim_id=alert.claim_id,
            fields=services.AppearanceFields(
                text=proposal.text,
                language=proposal.language,
                claimant_name=proposal.speaker if proposal.speaker_kind != intake.UNNAMED else "",
                claimant_role=proposal.speaker_description,
                outlet=article.publisher or alert.item.source.name,
                url=article.url,
                appeared_on=article.published_on,
                article=article,
                span=(proposal.span_start, proposal.span_end)
                if 0 <= proposal.span_start < proposal.span_end <= len(article.text)
                else None,
            ),
        )
        _decide(alert, actor, SeenAgain.State.CONFIRMED, appearance=appearance)
        events.emit(
            events.CLAIM_SEEN_AGAIN,
            key=f"claim.seen_again:appearance:{appearance.pk}",
            claim_id=alert.claim_id,
            payload={
                "claim": {"id": alert.claim_id, "text": alert.claim.text},
                "appearance": {
                    "text": appearance.text,
                    "claimant": proposal.speaker or None,
                    "outlet": appearance.outlet or None,
                    "url": appearance.url or None,
                    "date": appearance.appeared_on.isoformat() if appearance.appeared_on else None,
                },
                "followed_source": alert.item.source.name,
            },
        )
    return alert


def seen_again_dismiss(*, actor: Any, alert_id: int) -> SeenAgain:
    """Not the same claim (or not worth an appearance): the alert closes; the proposal stays on
    the morning list."""
    permissions.require_desk_member(actor)
    with transaction.atomic():
        alert = _open_alert(alert_id)
        _decide(alert, actor, SeenAgain.State.DISMISSED)
        ProposedClaim.objects.filter(pk=alert.proposal_id).update(state=ProposedClaim.State.NEW)
    return alert


def _open_alert(alert_id: int) -> SeenAgain:
    alert = (
        SeenAgain.objects.select_for_update(of=("self",))
        .select_related("proposal__article", "item__source")
        .get(pk=alert_id)
    )
    if alert.state != SeenAgain.State.OPEN:
        raise AlertDecided(_("This alert was already dealt with."))
    return alert


def _decide(alert: SeenAgain, actor: Any, state: str, **changes: Any) -> None:
    alert.state = state
    alert.decided_by = actor
    alert.decided_at = timezone.now()
    for name, value in changes.items():
        setattr(alert, name, value)
    alert.save(update_fields=["state", "decided_by", "decided_at", *changes])
