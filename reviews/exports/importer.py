"""Load a JSON Lines export (records.py) into an empty desk: the same claims with their original
numbers and timestamps, their articles, evidence, verdicts, audit trail, comments and
near-duplicate lists, so that exporting again gives the same file, byte for byte.

All or nothing: the whole file is one transaction, and a bad line stops the import naming its
line number. People are matched by username; missing ones are created inactive, with no
password and no groups. Claimants keep their ids when those are free; two claimants with the
same name stay two claimants (references.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from claims import caches, text
from claims.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    SimilarClaim,
    SimilarityKey,
)
from reviews.exports import records
from reviews.exports.references import References, keys, model_values
from reviews.models import Comment, Evidence, Verdict

# Rows held before writing them in one INSERT per table.
PENDING_ROWS = 5000
Through = Claim.tags.through
# Parents first: claims, then what points at them.
WRITE_ORDER = (
    Claim,
    Through,
    SimilarityKey,
    Evidence,
    Verdict,
    AuditEvent,
    Comment,
    SimilarClaim,
    Appearance,
)
RECORD_KEYS = (
    *records.CLAIM_FIELDS,
    *records.CLAIM_PEOPLE,
    "duplicate_of",
    "claimant",
    "article",
    "tags",
    "evidence",
    "verdicts",
    "events",
    "comments",
    "similar",
    "appearances",
    "public_url",
)
# Files exported before the desk recorded appearances have no such key.
OPTIONAL_KEYS = {"appearances": list}


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written."""


class BadLine(ImportFailed):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"Line {line}: {message}")
        self.line = line


@dataclass
class ImportResult:
    claims: int = 0
    evidence: int = 0
    verdicts: int = 0
    events: int = 0
    comments: int = 0
    created_users: list[str] = field(default_factory=list)
    created_ratings: list[str] = field(default_factory=list)
    # Links to claims that were not in the file (a filtered export), left out.
    missing_duplicates: list[int] = field(default_factory=list)
    missing_similar: int = 0


def _items(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    return value


class _Importer:
    def __init__(self) -> None:
        self.result = ImportResult()
        self.refs = References()
        self.seen: dict[str, set[int]] = {
            name: set()
            for name in ("claim", "evidence", "verdict", "event", "comment", "appearance")
        }
        self.duplicates: list[tuple[int, int]] = []
        self.later_similar: list[SimilarClaim] = []  # pointing at claims further on
        self.pending: dict[type[models.Model], list[Any]] = {}
        self.first_line = 1

    def new_id(self, kind: str, value: int) -> None:
        if value in self.seen[kind]:
            raise ValueError(f"{kind} {value} appears twice in the file")
        self.seen[kind].add(value)

    def queue(self, obj: models.Model) -> None:
        self.pending.setdefault(type(obj), []).append(obj)

    def add(self, record: Any) -> None:
        if isinstance(record, dict):
            record = {name: kind() for name, kind in OPTIONAL_KEYS.items()} | record
        data = keys(record, RECORD_KEYS, "the record")
        values = model_values(Claim, data, records.CLAIM_FIELDS)
        claim_id = values["id"]
        self.new_id("claim", claim_id)
        claimant = self.refs.claimant(data["claimant"])
        tag_names = sorted(_items(data["tags"], "tags"))
        self.queue(
            Claim(
                **values,
                claimant=claimant,
                article=self.refs.article(data["article"]),
                assignee_id=self.refs.user(data["assignee"]),
                created_by_id=self.refs.person(data["created_by"], "created_by"),
                # What Claim.refresh_search_text computes, without a query per claim.
                search_text=text.search_document(
                    values["text"],
                    claimant.name if claimant else "",
                    values["appeared_outlet"],
                    " ".join(tag_names),
                ),
            )
        )
        for name in tag_names:
            self.queue(Through(claim_id=claim_id, tag_id=self.refs.tag(name)))
        if values["analysed_at"] is not None:  # what the analysis stores next to its results
            words = text.content_words(values["normalized_text"])
            self.queue(SimilarityKey(claim_id=claim_id, words=words))
        if (original := data["duplicate_of"]) is not None:
            if not isinstance(original, int):
                raise ValueError("duplicate_of must be a claim number")
            self.duplicates.append((claim_id, original))
        self.add_related(claim_id, data)
        self.result.claims += 1

    def add_related(self, claim_id: int, data: dict[str, Any]) -> None:
        refs = self.refs
        for item in _items(data["evidence"], "evidence"):
            values = self.values(
                Evidence, item, records.EVIDENCE_FIELDS, records.EVIDENCE_PEOPLE, "an evidence item"
            )
            self.new_id("evidence", values["id"])
            added_by = refs.person(item["added_by"], "an evidence item")
            self.queue(Evidence(claim_id=claim_id, added_by_id=added_by, **values))
            self.result.evidence += 1
        numbers: dict[int, int] = {}
        for item in _items(data["verdicts"], "verdicts"):
            extra = (*records.VERDICT_PEOPLE, "rating", "correction_of")
            values = self.values(Verdict, item, records.VERDICT_FIELDS, extra, "a verdict")
            self.new_id("verdict", values["id"])
            corrects = item["correction_of"]
            if corrects is not None and corrects not in numbers:
                raise ValueError(f"verdict {values['number']} corrects an unknown verdict")
            numbers[values["number"]] = values["id"]
            verdict = Verdict(
                claim_id=claim_id,
                rating_id=refs.rating(item["rating"]),
                correction_of_id=None if corrects is None else numbers[corrects],
                author_id=refs.person(item["author"], "a verdict"),
                submitted_by_id=refs.user(item["submitted_by"]),
                decided_by_id=refs.user(item["decided_by"]),
                **values,
            )
            self.queue(verdict)
            self.result.verdicts += 1
        for item in _items(data["events"], "events"):
            values = self.values(
                AuditEvent, item, records.EVENT_FIELDS, records.EVENT_PEOPLE, "an audit event"
            )
            self.new_id("event", values["id"])
            self.queue(AuditEvent(claim_id=claim_id, actor_id=refs.user(item["actor"]), **values))
            self.result.events += 1
        for item in _items(data["comments"], "comments"):
            values = self.values(
                Comment, item, records.COMMENT_FIELDS, records.COMMENT_PEOPLE, "a comment"
            )
            self.new_id("comment", values["id"])
            author = refs.person(item["author"], "a comment")
            self.queue(Comment(claim_id=claim_id, author_id=author, **values))
            self.result.comments += 1
        for item in _items(data["appearances"], "appearances"):
            linked = (*records.APPEARANCE_PEOPLE, "claimant", "article")
            values = self.values(
                Appearance, item, records.APPEARANCE_FIELDS, linked, "an appearance"
            )
            self.new_id("appearance", values["id"])
            self.queue(
                Appearance(
                    claim_id=claim_id,
                    claimant=refs.claimant(item["claimant"]),
                    article=refs.article(item["article"]),
                    added_by_id=refs.person(item["added_by"], "an appearance"),
                    **values,
                )
            )
        for item in _items(data["similar"], "similar"):
            values = model_values(
                SimilarClaim, keys(item, records.SIMILAR_FIELDS, "a similar claim"), ("score",)
            )
            other, exact = item["other"], item["exact"]
            if not isinstance(other, int) or not isinstance(exact, bool):
                raise ValueError("a similar claim needs a claim number and exact true or false")
            row = SimilarClaim(claim_id=claim_id, other_id=other, exact=exact, **values)
            if other in self.seen["claim"]:
                self.queue(row)
            else:
                self.later_similar.append(row)

    @staticmethod
    def values(
        model: type[models.Model],
        item: Any,
        names: tuple[str, ...],
        extra: tuple[str, ...],
        what: str,
    ) -> dict[str, Any]:
        return model_values(model, keys(item, (*names, *extra), what), names)

    def flush(self, last_line: int) -> None:
        try:
            for model in WRITE_ORDER:
                if rows := self.pending.pop(model, []):
                    model._default_manager.bulk_create(rows)
        except DatabaseError as exc:
            where = f"lines {self.first_line}-{last_line}"
            raise ImportFailed(f"The database refused {where}: {exc}") from exc
        self.first_line = last_line + 1

    def finish(self) -> None:
        known = self.seen["claim"]
        for claim_id, original in self.duplicates:
            if original in known:
                Claim.objects.filter(pk=claim_id).update(duplicate_of_id=original)
            else:
                self.result.missing_duplicates.append(claim_id)
        similar = [row for row in self.later_similar if row.other_id in known]
        self.result.missing_similar = len(self.later_similar) - len(similar)
        SimilarClaim.objects.bulk_create(similar, batch_size=PENDING_ROWS)
        with_ids = [Article, Claimant, Claim, Evidence, Verdict, AuditEvent, Comment, Appearance]
        if statements := connection.ops.sequence_reset_sql(no_style(), with_ids):
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        self.result.created_users = self.refs.created_users
        self.result.created_ratings = self.refs.created_ratings
        caches.queues_changed()


def claims_import(lines: Iterable[bytes]) -> ImportResult:
    """Import JSON Lines (bytes, one record a line) into a desk without claims."""
    with transaction.atomic():
        if Claim.objects.exists():
            raise ImportFailed(
                "The desk already has claims. Import only into an empty desk (a new database, "
                "migrated), so that claim numbers and the audit trail stay as exported."
            )
        importer = _Importer()
        number = 0
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                importer.add(json.loads(raw.decode("utf-8")))
            except UnicodeDecodeError:
                raise BadLine(number, "not UTF-8 text") from None
            except json.JSONDecodeError as exc:
                raise BadLine(number, f"not JSON ({exc.msg}, column {exc.colno})") from None
            except RecursionError:  # json.loads recurses once per level of nesting
                raise BadLine(number, "nested too deeply to be a claim record") from None
            except (ValueError, TypeError) as exc:
                raise BadLine(number, str(exc)) from None
            if sum(len(rows) for rows in importer.pending.values()) >= PENDING_ROWS:
                importer.flush(number)
        importer.flush(number)
        importer.finish()
    return importer.result
