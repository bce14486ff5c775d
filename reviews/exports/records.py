"""One JSON Lines record per claim: everything the desk knows about it, enough to rebuild it.

A record is the claim's fields, with people as usernames and related rows nested:

    {"id", "text", "language", "claim_type", "status", "version", "created_at", "updated_at",
     "appeared_url", "appeared_outlet", "appeared_on", "assignee", "created_by", "duplicate_of",
     "dismissal_reason", "needs_changes", "checkworthiness", "checkworthiness_reasons",
     "normalized_text", "fingerprint", "analysed_at", "span_start", "span_end", "was_published",
     "public_url",
     "claimant": {"id", "name", "kind", "description", "same_as", "created_at"} | null,
     "article": {"id", "url", "title", "publisher", "published_on", "language", "text",
                 "created_by", "created_at"} | null,
     "tags": [name, ...],
     "evidence": [{"id", "number", "url", "title", ..., "added_by", snapshot fields}, ...],
     "verdicts": [{"id", "number", "status", "rating", "rating_label", ..., "correction_of"}, ...],
     "events": [{"id", "verb", "from_state", "to_state", "at", "actor", "details"}, ...],
     "comments": [{"id", "author", "body", "created_at"}, ...],
     "similar": [{"other", "score", "exact"}, ...],
     "appearances": [{"id", "text", "language", "outlet", "url", "appeared_on", "span_start",
                      "span_end", "created_at", "added_by", "claimant": {...} | null,
                      "article": {...} | null}, ...]}

Datetimes are ISO 8601 in UTC with microseconds, dates ISO 8601, unknown values null. A
verdict's `rating` is the scale entry it points to today, `rating_label`/`rating_value`/
`rating_worst`/`rating_best` the rating as published; `correction_of` is the number of the
verdict it corrects, `public_record` the claim as that verdict published it
(reviews.public_record). An extracted claim carries its whole article (the span points into its
text), so every line stands alone. `similar` is the near-duplicate list the background analysis
stored. `appearances` are the other places and wordings the claim was recorded in (oldest
first), each with its speaker and, when met in an imported article, that article whole; the
desk's match decisions are not exported. `public_url` is derived from the summary and SITE_URL
(null until published) and ignored on import. The analysis results (`normalized_text`,
`fingerprint`, `analysed_at`) travel with the claim, so an imported desk finds duplicates
without re-analysing; the search text and the similarity keys are rebuilt on import. Not
exported: source lookups (they can be run again) and notifications. Lines are written with
sorted keys and no spaces: the same desk always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from django.db import models

from claims.models import Appearance, Article, AuditEvent, Claim, Claimant, SimilarClaim
from reviews.exports import claimreview
from reviews.models import Comment, Evidence, Verdict

# Plain fields copied as they are; people (user foreign keys) are written as usernames.
CLAIM_FIELDS = (
    "id",
    "text",
    "language",
    "claim_type",
    "status",
    "version",
    "created_at",
    "updated_at",
    "appeared_url",
    "appeared_outlet",
    "appeared_on",
    "dismissal_reason",
    "needs_changes",
    "checkworthiness",
    "checkworthiness_reasons",
    "normalized_text",
    "fingerprint",
    "analysed_at",
    "span_start",
    "span_end",
    "was_published",
)
CLAIM_PEOPLE = ("assignee", "created_by")
ARTICLE_FIELDS = (
    "id",
    "url",
    "title",
    "publisher",
    "published_on",
    "language",
    "text",
    "created_at",
)
ARTICLE_PEOPLE = ("created_by",)
SIMILAR_FIELDS = ("other", "score", "exact")
CLAIMANT_FIELDS = ("id", "name", "kind", "description", "same_as", "created_at")
EVIDENCE_FIELDS = (
    "id",
    "number",
    "url",
    "title",
    "publisher",
    "published_on",
    "quote",
    "stance",
    "note",
    "added_at",
    "updated_at",
    "frozen",
    "snapshot_status",
    "snapshot_attempts",
    "snapshot_at",
    "final_url",
    "http_status",
    "content_sha256",
    "archive_url",
    "snapshot_error",
)
EVIDENCE_PEOPLE = ("added_by",)
VERDICT_FIELDS = (
    "id",
    "number",
    "status",
    "rating_label",
    "rating_value",
    "rating_worst",
    "rating_best",
    "summary",
    "conclusion",
    "rationale",
    "correction_note",
    "submitted_at",
    "decided_at",
    "editor_note",
    "published_at",
    "created_at",
    "updated_at",
    "version",
    "public_record",
)
VERDICT_PEOPLE = ("author", "submitted_by", "decided_by")
EVENT_FIELDS = ("id", "verb", "from_state", "to_state", "at", "details")
EVENT_PEOPLE = ("actor",)
APPEARANCE_FIELDS = (
    "id",
    "text",
    "language",
    "outlet",
    "url",
    "appeared_on",
    "span_start",
    "span_end",
    "created_at",
)
APPEARANCE_PEOPLE = ("added_by",)
COMMENT_FIELDS = ("id", "body", "created_at")
COMMENT_PEOPLE = ("author",)


def iso_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def plain(value: Any) -> Any:
    """A field value as JSON: datetimes in UTC, dates as ISO dates."""
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def fields_of(
    obj: models.Model, names: Iterable[str], people: Iterable[str], users: Mapping[int, str]
) -> dict[str, Any]:
    data = {name: getattr(obj, name) for name in names}
    for name in _temporal(type(obj)) & data.keys():
        if (value := data[name]) is not None:
            data[name] = plain(value)
    for name in people:
        user_id = getattr(obj, f"{name}_id")
        data[name] = None if user_id is None else users[user_id]
    return data


@cache
def _temporal(model: type[models.Model]) -> frozenset[str]:
    """The model's date and datetime fields: the only values that need converting."""
    kinds = (models.DateField, models.DateTimeField)
    return frozenset(f.name for f in model._meta.concrete_fields if isinstance(f, kinds))


def user_ids(objects: Iterable[models.Model], people: Iterable[str]) -> set[int]:
    names = [f"{name}_id" for name in people]
    return {uid for obj in objects for name in names if (uid := getattr(obj, name)) is not None}


def verdict_record(
    verdict: Verdict, numbers: Mapping[int, int], users: Mapping[int, str]
) -> dict[str, Any]:
    data = fields_of(verdict, VERDICT_FIELDS, VERDICT_PEOPLE, users)
    data["rating"] = verdict.rating.label if verdict.rating_id and verdict.rating else None
    data["correction_of"] = numbers.get(verdict.correction_of_id or 0)
    return data


def claim_record(
    claim: Claim,
    *,
    tags: Iterable[str],
    evidence: Iterable[Evidence],
    verdicts: Iterable[Verdict],
    events: Iterable[AuditEvent],
    comments: Iterable[Comment],
    similar: Iterable[SimilarClaim],
    article: Article | None,
    users: Mapping[int, str],
    site_url: str,
    appearances: Iterable[Appearance] = (),
    articles: Mapping[int, Article] | None = None,
) -> dict[str, Any]:
    """The record of one claim, from its already fetched related rows."""
    verdicts = list(verdicts)
    numbers = {verdict.pk: verdict.number for verdict in verdicts}
    data = fields_of(claim, CLAIM_FIELDS, CLAIM_PEOPLE, users)
    data["duplicate_of"] = claim.duplicate_of_id
    data["claimant"] = claimant_record(claim.claimant) if claim.claimant_id else None
    data["tags"] = sorted(tags)
    data["evidence"] = [
        fields_of(item, EVIDENCE_FIELDS, EVIDENCE_PEOPLE, users) for item in evidence
    ]
    data["verdicts"] = [verdict_record(verdict, numbers, users) for verdict in verdicts]
    data["events"] = [fields_of(event, EVENT_FIELDS, EVENT_PEOPLE, users) for event in events]
    data["comments"] = [
        fields_of(comment, COMMENT_FIELDS, COMMENT_PEOPLE, users) for comment in comments
    ]
    data["article"] = (
        None if article is None else fields_of(article, ARTICLE_FIELDS, ARTICLE_PEOPLE, users)
    )
    data["similar"] = [
        {"other": row.other_id, "score": row.score, "exact": row.exact} for row in similar
    ]
    data["appearances"] = [
        appearance_record(row, users, (articles or {}).get(row.article_id or 0))
        for row in appearances
    ]
    current = next((v for v in verdicts if v.status == Verdict.Status.APPROVED), None)
    data["public_url"] = (
        claimreview.public_url(claim, current, site_url=site_url) if current else None
    )
    return data


def appearance_record(
    row: Appearance, users: Mapping[int, str], article: Article | None
) -> dict[str, Any]:
    data = fields_of(row, APPEARANCE_FIELDS, APPEARANCE_PEOPLE, users)
    data["claimant"] = claimant_record(row.claimant) if row.claimant_id else None
    data["article"] = (
        None if article is None else fields_of(article, ARTICLE_FIELDS, ARTICLE_PEOPLE, users)
    )
    return data


def claimant_record(claimant: Claimant | None) -> dict[str, Any] | None:
    if claimant is None:
        return None
    return {name: plain(getattr(claimant, name)) for name in CLAIMANT_FIELDS}


def dumps(record: Mapping[str, Any]) -> str:
    """One line of the export: sorted keys, no spaces, text as it is (UTF-8), a final newline."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
