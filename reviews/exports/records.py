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
from functools import cache
from typing import Any

from django.db import models
from django.db.models import F, Func

from claims.models import Appearance, Article, AuditEvent, Claim, Claimant, SimilarClaim
from reviews.exports import claimreview, csv_rows
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


class Table:
    """How one table's rows become records: its plain fields, its people (read as user ids,
    written as usernames) and other columns read with each row (`extra`). Rows are read as
    dicts (`QuerySet.values(*table.columns, **table.texts)`), never as model objects, and dates
    and datetimes come as the record's text, written by the database (`texts`): building a
    model, or a datetime to format again, for each of a hundred thousand claims' related rows
    was most of an export's time."""

    def __init__(
        self,
        model: type[models.Model],
        fields: tuple[str, ...],
        people: tuple[str, ...] = (),
        extra: tuple[str, ...] = (),
        related_texts: dict[str, type[models.Model]] | None = None,
    ) -> None:
        temporal = _temporal(model)
        self.fields = tuple(name for name in fields if name not in temporal)
        self.dated = tuple(name for name in fields if name in temporal)
        self.people = people
        self.people_ids = tuple(f"{name}_id" for name in people)
        self.columns = (*self.fields, *self.people_ids, *extra)
        self.dated_texts = tuple((name, _text(name)) for name in self.dated)
        self.texts = {_text(name): _as_text(model, name) for name in self.dated}
        for path, related in (related_texts or {}).items():
            name = path.rsplit("__", 1)[1]
            self.texts[_text(path)] = _as_text(related, name, F(path))

    def record(self, row: Mapping[str, Any], users: Mapping[int, str]) -> dict[str, Any]:
        data = {name: row[name] for name in self.fields}
        for name, text in self.dated_texts:
            data[name] = row[text]
        for name, column in zip(self.people, self.people_ids, strict=True):
            user_id = row[column]
            data[name] = None if user_id is None else users[user_id]
        return data

    def user_ids(self, rows: Iterable[Mapping[str, Any]]) -> set[int]:
        return {uid for row in rows for name in self.people_ids if (uid := row[name]) is not None}


def _text(path: str) -> str:
    return "text_" + path.replace("__", "_")


def _as_text(model: type[models.Model], name: str, expression: Any = None) -> Func:
    """The date or datetime field as the record writes it, by the database."""
    field = model._meta.get_field(name)
    source = expression if expression is not None else F(name)
    if isinstance(field, models.DateTimeField):
        return csv_rows.UtcMicroseconds(source)
    return csv_rows.IsoDate(source)


@cache
def _temporal(model: type[models.Model]) -> frozenset[str]:
    """The model's date and datetime fields: the only values that need converting."""
    kinds = (models.DateField, models.DateTimeField)
    return frozenset(f.name for f in model._meta.concrete_fields if isinstance(f, kinds))


def _claimant_columns(prefix: str) -> tuple[str, ...]:
    """The speaker's columns read with a row; its creation time comes as text (`related_texts`)."""
    dated = _temporal(Claimant)
    names = (name for name in CLAIMANT_FIELDS if name not in dated)
    return (f"{prefix}_id", *(f"{prefix}__{name}" for name in names))


CLAIMS = Table(
    Claim,
    CLAIM_FIELDS,
    CLAIM_PEOPLE,
    ("duplicate_of_id", "article_id", *_claimant_columns("claimant")),
    {"claimant__created_at": Claimant},
)
ARTICLES = Table(Article, ARTICLE_FIELDS, ARTICLE_PEOPLE)
EVIDENCE = Table(Evidence, EVIDENCE_FIELDS, EVIDENCE_PEOPLE, ("claim_id",))
VERDICTS = Table(
    Verdict, VERDICT_FIELDS, VERDICT_PEOPLE, ("claim_id", "rating__label", "correction_of_id")
)
EVENTS = Table(AuditEvent, EVENT_FIELDS, EVENT_PEOPLE, ("claim_id",))
COMMENTS = Table(Comment, COMMENT_FIELDS, COMMENT_PEOPLE, ("claim_id",))
SIMILAR = Table(SimilarClaim, ("other_id", "score", "exact"), (), ("claim_id",))
APPEARANCES = Table(
    Appearance,
    APPEARANCE_FIELDS,
    APPEARANCE_PEOPLE,
    ("claim_id", "article_id", *_claimant_columns("claimant")),
    {"claimant__created_at": Claimant},
)


# (name in the record, column of the row) of the speaker read with a claim or an appearance
_CLAIMANT = tuple(
    (name, _text(f"claimant__{name}") if name in _temporal(Claimant) else f"claimant__{name}")
    for name in CLAIMANT_FIELDS
)


def claimant_record(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The speaker read with a claim's or an appearance's row (`claimant__field` columns)."""
    if row["claimant_id"] is None:
        return None
    return {name: row[column] for name, column in _CLAIMANT}


def verdict_record(
    row: Mapping[str, Any], numbers: Mapping[int, int], users: Mapping[int, str]
) -> dict[str, Any]:
    data = VERDICTS.record(row, users)
    data["rating"] = row["rating__label"]
    data["correction_of"] = numbers.get(row["correction_of_id"] or 0)
    return data


def claim_record(
    claim: Mapping[str, Any],
    *,
    tags: Iterable[str],
    evidence: Iterable[Mapping[str, Any]],
    verdicts: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    comments: Iterable[Mapping[str, Any]],
    similar: Iterable[Mapping[str, Any]],
    users: Mapping[int, str],
    site_url: str,
    appearances: Iterable[Mapping[str, Any]] = (),
    articles: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The record of one claim, from its row and its already fetched related rows."""
    verdicts = list(verdicts)
    articles = articles or {}
    numbers = {verdict["id"]: verdict["number"] for verdict in verdicts}
    data = CLAIMS.record(claim, users)
    data["duplicate_of"] = claim["duplicate_of_id"]
    data["claimant"] = claimant_record(claim)
    data["tags"] = sorted(tags)
    data["evidence"] = [EVIDENCE.record(item, users) for item in evidence]
    data["verdicts"] = [verdict_record(verdict, numbers, users) for verdict in verdicts]
    data["events"] = [EVENTS.record(event, users) for event in events]
    data["comments"] = [COMMENTS.record(comment, users) for comment in comments]
    data["article"] = _article(articles, claim["article_id"], users)
    data["similar"] = [
        {"other": row["other_id"], "score": row["score"], "exact": row["exact"]} for row in similar
    ]
    data["appearances"] = [appearance_record(row, users, articles) for row in appearances]
    current = next((v for v in verdicts if v["status"] == Verdict.Status.APPROVED), None)
    data["public_url"] = (
        claimreview.public_address(claim["id"], current["summary"], site_url=site_url)
        if current
        else None
    )
    return data


def _article(
    articles: Mapping[int, Mapping[str, Any]], article_id: int | None, users: Mapping[int, str]
) -> dict[str, Any] | None:
    row = articles.get(article_id) if article_id is not None else None
    return None if row is None else ARTICLES.record(row, users)


def appearance_record(
    row: Mapping[str, Any], users: Mapping[int, str], articles: Mapping[int, Mapping[str, Any]]
) -> dict[str, Any]:
    data = APPEARANCES.record(row, users)
    data["claimant"] = claimant_record(row)
    data["article"] = _article(articles, row["article_id"], users)
    return data


def dumps(record: Mapping[str, Any]) -> str:
    """One line of the export: sorted keys, no spaces, text as it is (UTF-8), a final newline."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
