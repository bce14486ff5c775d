"""The CSV export: one row per claim, UTF-8 (no byte-order mark), comma-separated, RFC 4180
quoting, CRLF line ends, a header row first. The columns, in order (see COLUMNS.md):

    id                    the claim's number on the desk
    status                new, in_review, awaiting_approval, published or dismissed
    text                  the claim as it was said
    language              ISO 639-1 code
    claim_type            quantity, prediction, comparison, causal, quote or other
    claimant              who made the claim (empty if unknown)
    claimant_kind         person or organisation
    claimant_description  role or affiliation
    claimant_same_as      Wikipedia or Wikidata page of the claimant
    appeared_url          where the claim appeared
    appeared_outlet       outlet or event where it appeared
    appeared_on           the date it was said or published (YYYY-MM-DD)
    tags                  tag names, sorted, separated by ";"
    assignee              username of the reviewer working on it
    created_by            username of who entered it
    created_at            when it was entered (ISO 8601, UTC)
    updated_at            when it last changed (ISO 8601, UTC)
    rating                published rating, by name (the verdict columns are empty until
                          the claim has a published verdict)
    rating_value          the rating on the numeric scale (empty for ratings outside it)
    best_rating           the top of the numeric scale when the verdict was published
    worst_rating          the bottom of the numeric scale (at least 1)
    summary               the claim as checked, as the public page states it
    conclusion            the published conclusion
    verdict_published_at  when the current verdict was published (ISO 8601, UTC)
    corrected             yes if the published verdict is a correction, otherwise no
    public_url            the public fact-check page
    evidence_count        how many evidence items the claim has
    appearances_count     how many other appearances of the claim the desk recorded

Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
written with a leading apostrophe (`'`), so spreadsheet programs show it as text instead of
running it as a formula. Readers that want the exact text drop that apostrophe (or use the JSON
Lines export, which is never altered).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import CharField, Func

from claims import csv_import
from reviews.exports import claimreview

# The claim's own columns are the CSV import's, so that an export's rows can be imported.
COLUMNS = (
    "id",
    "status",
    *csv_import.COLUMNS,
    "assignee",
    "created_by",
    "created_at",
    "updated_at",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "summary",
    "conclusion",
    "verdict_published_at",
    "corrected",
    "public_url",
    "evidence_count",
    "appearances_count",
)
# The claim's current published verdict is joined as PUBLISHED (a FilteredRelation).
PUBLISHED = "published_verdict"
# What one query fetches per claim, in this order (tags come in one query per batch).
SOURCE = (
    "id",
    "status",
    "text",
    "language",
    "claim_type",
    "claimant__name",
    "claimant__kind",
    "claimant__description",
    "claimant__same_as",
    "appeared_url",
    "appeared_outlet",
    "csv_appeared_on",
    "assignee__username",
    "created_by__username",
    "csv_created_at",
    "csv_updated_at",
    f"{PUBLISHED}__id",
    f"{PUBLISHED}__rating_label",
    f"{PUBLISHED}__rating_value",
    f"{PUBLISHED}__rating_best",
    f"{PUBLISHED}__rating_worst",
    f"{PUBLISHED}__summary",
    f"{PUBLISHED}__conclusion",
    "csv_published_at",
    f"{PUBLISHED}__correction_of_id",
    "evidence_count",
    "appearance_count",
)
FORMULA_STARTS = frozenset("=+-@\t\r")


class UtcSeconds(Func):
    """A datetime as ISO 8601 text in UTC to the second (`2025-06-21T21:17:09+00:00`), written
    by the database: building datetime objects and formatting them again was a third of the
    export's time. Django stores SQLite datetimes as UTC text."""

    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        pattern = '\'YYYY-MM-DD"T"HH24:MI:SS"+00:00"\''
        template = f"to_char(%(expressions)s AT TIME ZONE 'UTC', {pattern})"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%S+00:00', %(expressions)s)"
        return self.as_sql(compiler, connection, template=template, **extra)


class UtcMicroseconds(Func):
    """A datetime as `datetime.isoformat(timespec="microseconds")` writes it in UTC
    (`2025-06-21T21:17:09.004200+00:00`), by the database. SQLite holds Django's UTC text,
    `YYYY-MM-DD HH:MM:SS` with `.ffffff` unless the microseconds are nought."""

    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        pattern = '\'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\''
        template = f"to_char(%(expressions)s AT TIME ZONE 'UTC', {pattern})"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "(replace(substr(%(expressions)s, 1, 19), ' ', 'T') || '.' || "
            "substr(substr(%(expressions)s, 21, 6) || '000000', 1, 6) || '+00:00')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


class IsoDate(Func):
    """A date as ISO 8601 text (SQLite stores it so already; the concatenation keeps Python's
    sqlite3 from reading the column's declared type back into a date)."""

    output_field = CharField()
    template = "(%(expressions)s || '')"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
        return self.as_sql(compiler, connection, template=template, **extra)


def computed_columns() -> dict[str, Func]:
    """The computed SOURCE columns, for a queryset that joins PUBLISHED."""
    return {
        "csv_appeared_on": IsoDate("appeared_on"),
        "csv_created_at": UtcSeconds("created_at"),
        "csv_updated_at": UtcSeconds("updated_at"),
        "csv_published_at": UtcSeconds(f"{PUBLISHED}__published_at"),
    }


def header() -> str:
    return ",".join(COLUMNS) + "\r\n"


def rows_text(rows: Iterable[Sequence[Any]], tags: Mapping[int, list[str]], site_url: str) -> str:
    """CSV text for a batch of SOURCE tuples, written out column by column: this loop is most
    of the export's time."""
    buffer = io.StringIO()
    formula = FORMULA_STARTS
    path = claimreview.public_path
    empty: list[str] = []

    def safe(cell: str | None) -> str:
        if not cell:
            return ""
        return "'" + cell if cell[0] in formula else cell

    csv.writer(buffer).writerows(
        (
            claim_id, status, safe(text), language, claim_type,
            safe(claimant), claimant_kind, safe(claimant_description),
            safe(claimant_same_as), safe(appeared_url), safe(appeared_outlet),
            appeared_on, safe(";".join(tags.get(claim_id, empty))),
            safe(assignee), safe(created_by), created_at, updated_at,
            safe(rating), rating_value, best, worst, safe(summary), safe(conclusion),
            published_at,
            ("yes" if correction_of is not None else "no") if verdict_id is not None else "",
            site_url + path(claim_id, summary) if verdict_id is not None else "",
            evidence_count, appearance_count,
        )
        for (
            claim_id, status, text, language, claim_type,
            claimant, claimant_kind, claimant_description, claimant_same_as,
            appeared_url, appeared_outlet, appeared_on, assignee, created_by, created_at,
            updated_at, verdict_id, rating, rating_value, best, worst, summary, conclusion,
            published_at, correction_of, evidence_count, appearance_count,
        ) in rows
    )  # fmt: skip
    return buffer.getvalue()
