"""Claim workflows: each function checks permission, writes the change and its audit event in
one transaction, and enqueues follow-up work only once that transaction has committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims import caches, languages, permissions, similarity, text
from claims.extraction import scoring
from claims.extraction.language import detect_language
from claims.lookups import services as lookup_services
from claims.matching import services as matching_services
from claims.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    MatchDecision,
    SimilarClaim,
    SimilarityKey,
    Tag,
)
from foundation import background

logger = logging.getLogger(__name__)
SIMILAR_KEPT = 5


@dataclass(frozen=True)
class NewClaimant:
    name: str
    kind: str = Claimant.Kind.PERSON
    description: str = ""
    same_as: str = ""


@dataclass(frozen=True)
class ClaimFields:
    text: str
    language: str
    claim_type: str = Claim.Type.OTHER
    claimant: Claimant | None = None
    new_claimant: NewClaimant | None = None
    appeared_url: str = ""
    appeared_outlet: str = ""
    appeared_on: date | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    # A claim taken from an article: where in its text, and how check-worthy it looked.
    article: Article | None = None
    span: tuple[int, int] | None = None
    checkworthiness: float | None = None
    checkworthiness_reasons: tuple[str, ...] = ()


class StaleVersion(Exception):
    """Someone else saved the object after the user loaded it."""

    def __init__(self, current: Claim, events: list[AuditEvent]) -> None:
        super().__init__("The claim was changed by someone else.")
        self.current = current
        self.events = events


# --- Audit ------------------------------------------------------------------------------------


def audit_record(
    *,
    claim: Claim,
    actor: Any,
    verb: str,
    from_state: str = "",
    to_state: str = "",
    **details: Any,
) -> AuditEvent:
    """Write one audit event. Call it inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        claim=claim,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        details=details,
    )


def claim_transition(
    claim: Claim,
    *,
    actor: Any,
    verb: str,
    to_state: str | None = None,
    changes: dict[str, Any] | None = None,
    **details: Any,
) -> AuditEvent:
    """One step of a claim's workflow, inside the caller's transaction with the claim locked:
    its status (`to_state`) and other `changes` saved with the version moved on, the audit event
    saying from which state to which, and the queues told once it commits."""
    from_state = claim.status
    fields = dict(changes or {})
    if to_state is not None:
        fields["status"] = to_state
    claim.touch(**fields)
    caches.queues_changed()
    return audit_record(
        claim=claim,
        actor=actor,
        verb=verb,
        from_state=from_state if to_state is not None else "",
        to_state=to_state or "",
        **details,
    )


# --- Claimants and tags -----------------------------------------------------------------------


def claimant_get_or_create(*, data: NewClaimant) -> tuple[Claimant, bool]:
    """Match a claimant by name (case, dots and spacing ignored) before creating one."""
    key = text.name_key(data.name)
    existing = Claimant.objects.filter(name_key=key).order_by("id").first()
    if existing is not None:
        updates = {}
        if data.description and not existing.description:
            updates["description"] = data.description
        if data.same_as and not existing.same_as:
            updates["same_as"] = data.same_as
        if updates:
            for name, value in updates.items():
                setattr(existing, name, value)
            existing.save(update_fields=list(updates))
        return existing, False
    claimant = Claimant.objects.create(
        name=text.clean(data.name),
        kind=data.kind,
        description=data.description,
        same_as=data.same_as,
    )
    return claimant, True


def tags_for_names(names: Iterable[str]) -> list[Tag]:
    wanted = list(dict.fromkeys(names))
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    missing = [Tag(name=name) for name in wanted if name not in found]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        found = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    return [found[name] for name in wanted]


# --- Claims -----------------------------------------------------------------------------------

# What the source lookups read: a change to any of these is looked up afresh.
LOOKUP_INPUTS = {"text", "claimant", "appeared_url", "language", "claim_type"}

_TRACKED_FIELDS = (
    "text",
    "claimant",
    "appeared_url",
    "appeared_outlet",
    "appeared_on",
    "language",
    "claim_type",
)


def _resolve_claimant(fields: ClaimFields) -> Claimant | None:
    if fields.new_claimant is not None:
        return claimant_get_or_create(data=fields.new_claimant)[0]
    return fields.claimant


def _display(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Claimant):
        return value.name
    return value


def claim_create(*, actor: Any, fields: ClaimFields) -> Claim:
    if not permissions.can_create_claim(actor):
        raise PermissionDenied("You cannot add claims.")
    return _claim_create(actor, fields)


def claim_create_for_reader(*, fields: ClaimFields) -> Claim:
    """A claim a reader asked about that the desk does not have yet: filed as new, for the desk
    to take or dismiss, by the desk's readers account (READERS_ACCOUNT: inactive, no password,
    no permissions; it only names who filed the claim)."""
    return _claim_create(readers_account(), fields)


def readers_account() -> Any:
    users = get_user_model()
    account, created = users.objects.get_or_create(
        username=settings.READERS_ACCOUNT, defaults={"is_active": False}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def _claim_create(actor: Any, fields: ClaimFields) -> Claim:
    with transaction.atomic():
        claim = Claim.objects.create(
            text=text.clean(fields.text),
            claimant=_resolve_claimant(fields),
            appeared_url=fields.appeared_url,
            appeared_outlet=fields.appeared_outlet,
            appeared_on=fields.appeared_on,
            language=fields.language,
            claim_type=fields.claim_type,
            created_by=actor,
            article=fields.article,
            span_start=fields.span[0] if fields.span else None,
            span_end=fields.span[1] if fields.span else None,
            checkworthiness=fields.checkworthiness,
            checkworthiness_reasons=list(fields.checkworthiness_reasons),
        )
        if fields.tags:  # a new claim has none to clear
            claim.tags.set(tags_for_names(fields.tags))
        claim.refresh_search_text()
        claim.save(update_fields=["search_text"])
        audit_record(claim=claim, actor=actor, verb=AuditEvent.Verb.CREATED, to_state=claim.status)
        caches.queues_changed()
        _enqueue_analysis(claim.pk)
        lookup_services.lookups_plan(claim=claim)
    return claim


def claim_update(*, actor: Any, claim_id: int, expected_version: int, fields: ClaimFields) -> Claim:
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("claimant")
            .get(pk=claim_id)
        )
        if not permissions.can_edit_claim(actor, claim):
            raise PermissionDenied("This claim cannot be changed in its current state.")
        if claim.version != expected_version:
            raise StaleVersion(claim, list(_events_since(claim, expected_version)))

        new_values = {
            "text": text.clean(fields.text),
            "claimant": _resolve_claimant(fields),
            "appeared_url": fields.appeared_url,
            "appeared_outlet": fields.appeared_outlet,
            "appeared_on": fields.appeared_on,
            "language": fields.language,
            "claim_type": fields.claim_type,
        }
        changes: dict[str, list[Any]] = {}
        for name in _TRACKED_FIELDS:
            old, new = getattr(claim, name), new_values[name]
            if old != new:
                changes[name] = [_display(old), _display(new)]
                setattr(claim, name, new)
        old_tags = sorted(claim.tags.values_list("name", flat=True))
        new_tags = sorted(dict.fromkeys(fields.tags))
        if old_tags != new_tags:
            changes["tags"] = [", ".join(old_tags), ", ".join(new_tags)]
            claim.tags.set(tags_for_names(fields.tags))
        if not changes:
            return claim

        claim.refresh_search_text()
        claim.version += 1
        claim.updated_at = timezone.now()
        update_fields = [*(n for n in _TRACKED_FIELDS if n in changes)]
        update_fields += ["search_text", "version", "updated_at"]
        if "text" in changes:
            claim.analysed_at = None
            update_fields.append("analysed_at")
        claim.save(update_fields=update_fields)
        audit_record(
            claim=claim,
            actor=actor,
            verb=AuditEvent.Verb.EDITED,
            version=claim.version,
            changes=changes,
        )
        if "text" in changes:
            _enqueue_analysis(claim.pk)
        if changes.keys() & LOOKUP_INPUTS:
            lookup_services.lookups_plan(claim=claim)
    return claim


def tag_renamed(*, tag_id: int) -> int:
    """After a tag's name changed (in the admin): its claims' search text holds the new name and
    their cached list rows are dropped, so every row shows it at once. Returns the claims."""
    claim_ids = list(Claim.objects.filter(tags__id=tag_id).values_list("pk", flat=True))
    for start in range(0, len(claim_ids), 500):
        batch = Claim.objects.filter(pk__in=claim_ids[start : start + 500])
        claims = list(batch.select_related("claimant").prefetch_related("tags"))
        for claim in claims:
            claim.refresh_search_text()
        Claim.objects.bulk_update(claims, ["search_text"])
    caches.forget_rows_after_commit(claim_ids)
    return len(claim_ids)


def claims_tag(*, actor: Any, claim_ids: Iterable[int], tag_name: str) -> tuple[int, int]:
    """Add one tag to many claims (editors, from the list). Returns (tagged, skipped): claims
    that have it already, are gone, or are locked (published, dismissed) are skipped."""
    if not actor.has_perm("claims.assign_claim"):
        raise PermissionDenied("Only editors tag claims in bulk.")
    (tag,) = tags_for_names([tag_name])
    tagged = skipped = 0
    with transaction.atomic():
        for claim_id in sorted(set(claim_ids)):  # id order: no deadlock between two editors
            claim = Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).first()
            if claim is None or claim.is_locked or claim.tags.filter(pk=tag.pk).exists():
                skipped += 1
                continue
            claim.tags.add(tag)
            claim.refresh_search_text()
            claim.version += 1
            claim.updated_at = timezone.now()
            claim.save(update_fields=["search_text", "version", "updated_at"])
            audit_record(
                claim=claim,
                actor=actor,
                verb=AuditEvent.Verb.TAGGED,
                version=claim.version,
                tag=tag.name,
            )
            tagged += 1
    return tagged, skipped


def _events_since(claim: Claim, version: int) -> Iterable[AuditEvent]:
    return (
        event
        for event in claim.events.select_related("actor").order_by("at", "id")
        if event.details.get("version", 0) > version
    )


# --- Appearances and match decisions -------------------------------------------------------


@dataclass(frozen=True)
class AppearanceFields:
    """A text as it appeared at one of the desk's doors: the claim said again."""

    text: str
    language: str = ""  # detected from the text when empty
    claimant: Claimant | None = None  # or found (or added) by name
    claimant_name: str = ""
    claimant_role: str = ""
    outlet: str = ""
    url: str = ""
    appeared_on: date | None = None
    article: Article | None = None
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Suggested:
    """What the door showed: the suggestion's score and its 1-based place among them."""

    door: str
    score: float | None = None
    rank: int | None = None


def _language_of(value: str, claim_text: str) -> str:
    return value if value in languages.LANGUAGES else detect_language(claim_text)


def _original_of(claim: Claim) -> Claim:
    """A claim dismissed as a duplicate stands for its original: its appearances go there."""
    seen = {claim.pk}
    while claim.duplicate_of_id and claim.duplicate_of_id not in seen:
        seen.add(claim.duplicate_of_id)
        target = Claim.objects.filter(pk=claim.duplicate_of_id).first()
        if target is None:
            break
        claim = target
    return claim


def appearance_add(*, actor: Any, claim_id: int, fields: AppearanceFields) -> Appearance:
    """Record that the claim appeared again (another wording, speaker, outlet or day). Nothing
    of the claim itself changes, so its version stays and no open form goes stale; its list
    row is dropped (it shows the count), the public page and ClaimReview of a published claim
    list the appearance at once, and the worker embeds its text for matching."""
    if not permissions.can_create_claim(actor):
        raise PermissionDenied("You cannot add claims or appearances.")
    cleaned = text.clean(fields.text)
    if not cleaned:
        raise ValueError("An appearance needs its text.")
    with transaction.atomic():
        claim = _original_of(Claim.objects.select_for_update(of=("self",)).get(pk=claim_id))
        claimant = fields.claimant
        if claimant is None and fields.claimant_name.strip():
            claimant, _created = claimant_get_or_create(
                data=NewClaimant(
                    name=fields.claimant_name.strip()[:200],
                    description=fields.claimant_role.strip()[:300],
                )
            )
        appearance = Appearance.objects.create(
            claim=claim,
            text=cleaned,
            claimant=claimant,
            outlet=fields.outlet.strip()[:200],
            url=fields.url,
            appeared_on=fields.appeared_on,
            article=fields.article,
            span_start=fields.span[0] if fields.span else None,
            span_end=fields.span[1] if fields.span else None,
            language=_language_of(fields.language, cleaned),
            added_by=actor,
        )
        audit_record(
            claim=claim,
            actor=actor,
            verb=AuditEvent.Verb.APPEARANCE_ADDED,
            appearance=appearance.pk,
            text=cleaned[:200],
            outlet=appearance.outlet,
            claimant=claimant.name if claimant else "",
        )
        caches.forget_rows_after_commit([claim.pk])
        matching_services.appearance_embedding_enqueue(appearance.pk)
    return appearance


def match_decide(
    *,
    actor: Any,
    claim_id: int,
    decision: str,
    fields: AppearanceFields,
    suggested: Suggested,
    from_claim_id: int | None = None,
    as_appearance: bool = False,
) -> MatchDecision:
    """The desk's answer to a suggestion: "same" makes the text an appearance of the claim,
    "not_same" records a negative, "duplicate" notes an editor's duplicate mark (with
    `as_appearance`, the duplicate's text joins the original as an appearance). Each is a
    labelled pair for the dashboard and for tuning the suggestions."""
    if decision not in MatchDecision.Decision.values:
        raise ValueError(f"Unknown decision {decision!r}.")
    if suggested.door not in MatchDecision.Door.values:
        raise ValueError(f"Unknown door {suggested.door!r}.")
    if not permissions.can_create_claim(actor):
        raise PermissionDenied("You cannot decide on suggestions.")
    with transaction.atomic():
        claim = Claim.objects.only("pk", "language", "duplicate_of").get(pk=claim_id)
        appearance = None
        if decision == MatchDecision.Decision.SAME or (
            as_appearance and decision == MatchDecision.Decision.DUPLICATE
        ):
            appearance = appearance_add(actor=actor, claim_id=claim.pk, fields=fields)
        return MatchDecision.objects.create(
            claim=appearance.claim if appearance is not None else claim,
            text=text.clean(fields.text),
            appearance=appearance,
            from_claim_id=from_claim_id,
            decision=decision,
            score=suggested.score,
            rank=suggested.rank,
            door=suggested.door,
            from_language=_language_of(fields.language, fields.text),
            to_language=claim.language,
            decided_by=actor,
        )


def appearance_fields_of(claim: Claim) -> AppearanceFields:
    """A claim's text and where it appeared, as an appearance of another claim (merging)."""
    span = None
    if claim.span_start is not None and claim.span_end is not None:
        span = (claim.span_start, claim.span_end)
    return AppearanceFields(
        text=claim.text,
        language=claim.language,
        claimant=claim.claimant,
        outlet=claim.appeared_outlet,
        url=claim.appeared_url,
        appeared_on=claim.appeared_on,
        article=claim.article,
        span=span,
    )


# --- Background analysis ----------------------------------------------------------------------


ANALYSE_TASK = "claims.tasks.claim_analyse"


def _enqueue_analysis(claim_id: int) -> None:
    background.send(ANALYSE_TASK, claim_id)


def claim_analyse(*, claim_id: int, owed_only: bool = False) -> bool:
    """Normalised text and fingerprint (exact duplicates), check-worthiness, and the claims
    most like it (near duplicates), stored so that claim pages never compute them.

    Idempotent. Writes only if the text is still the one analysed, so an edit that lands while
    this runs is never overwritten with a stale result (its own analysis follows). With
    `owed_only` (the worker's way) a claim already analysed is left alone: the sweeper may send
    a claim twice while a busy queue drains, and the second message then costs one query.
    """
    claim = Claim.objects.filter(pk=claim_id).select_related("claimant").first()
    if claim is None or (owed_only and claim.analysed_at is not None):
        return False
    normalized = text.normalize_claim(claim.text)
    assessment = scoring.assess(
        claim.text,
        "statement",
        named_speaker=claim.claimant_id is not None,
        language=claim.language,
    )
    matches = similarity.similar_claims(claim.text, exclude_id=claim.pk, limit=SIMILAR_KEPT)
    with transaction.atomic():
        scores = {}
        if claim.article_id is None:  # extraction scored it in context already
            scores = {
                "checkworthiness": assessment.score,
                "checkworthiness_reasons": list(assessment.reasons),
            }
        updated = Claim.objects.filter(pk=claim_id, text=claim.text).update(
            normalized_text=normalized,
            fingerprint=text.fingerprint(normalized),
            analysed_at=timezone.now(),
            **scores,
        )
        if not updated:
            return False
        SimilarityKey.objects.update_or_create(
            claim_id=claim_id, defaults={"words": text.content_words(normalized)}
        )
        # Replace this claim's list, and put it on the lists of the claims it resembles.
        SimilarClaim.objects.filter(claim_id=claim_id).delete()
        SimilarClaim.objects.filter(other_id=claim_id).delete()
        rows = []
        for match in matches:
            rows.append(
                SimilarClaim(
                    claim_id=claim_id, other=match.claim, score=match.score, exact=match.exact
                )
            )
            rows.append(
                SimilarClaim(
                    claim=match.claim, other_id=claim_id, score=match.score, exact=match.exact
                )
            )
        SimilarClaim.objects.bulk_create(rows, ignore_conflicts=True)
        # Matching (issue 15): the claim's sentence vector and terms, in a task of their own.
        matching_services.embedding_enqueue(claim_id)
    return True


def analysis_owed(limit: int) -> list[background.Work]:
    """Analyses still owed after the grace period: the publish may have failed (broker down) or
    the message may have died with a worker (foundation.background)."""
    cutoff = timezone.now() - timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    owed = (
        Claim.objects.analysis_owed()
        .filter(updated_at__lt=cutoff)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return [(ANALYSE_TASK, (claim_id,)) for claim_id in owed]


def analysis_sweep(*, limit: int = 500) -> int:
    return background.resend("claim analysis", limit=limit)
