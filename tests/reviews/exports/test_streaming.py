"""Exports stream: many chunks, and queries that grow with batches, never with claims."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from reviews import services
from reviews.exports import stream
from tests.factories import ClaimFactory
from tests.reviews import workflow
from tests.reviews.exports.desk import publish

pytestmark = pytest.mark.django_db

# Queries each batch of claims costs. CSV: rows (with evidence counts), tags. JSON Lines: claims,
# evidence, verdicts, events, comments, near duplicates, tags, and usernames (every batch here
# brings new people; articles are asked for only when a batch has some). ClaimReview: claims,
# verdicts.
PER_BATCH = {"csv": 2, "jsonl": 9, "claimreview": 3}


def _desk(reviewer: Any, editor: Any, claims: int) -> None:
    """Published claims with evidence, events and a comment each; a new author for each."""
    for _ in range(claims):
        verdict = publish(reviewer, editor)
        services.comment_add(actor=editor, claim=verdict.claim, body="Checked twice.")


def _queries(fmt: str, batch_size: int) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        chunks = list(stream.export_rows(Claim.objects.all(), fmt, batch_size=batch_size))
    return len(ctx.captured_queries), chunks


@pytest.mark.parametrize("fmt", stream.FORMATS)
def test_queries_grow_with_batches_not_claims(reviewer: Any, editor: Any, fmt: str) -> None:
    _desk(reviewer, editor, 10)
    ten_big, _ = _queries(fmt, 1000)
    ten_small, _ = _queries(fmt, 25)
    _desk(reviewer, editor, 50)
    sixty_big, _ = _queries(fmt, 1000)
    sixty_small, chunks = _queries(fmt, 25)  # three batches instead of one
    assert ten_big == ten_small
    assert sixty_big == ten_big
    assert sixty_small == ten_small + 2 * PER_BATCH[fmt]
    assert len("".join(chunks)) > 0


@pytest.mark.parametrize("fmt", stream.FORMATS)
def test_exports_yield_many_chunks_that_join_into_one_document(
    reviewer: Any, editor: Any, fmt: str
) -> None:
    _desk(reviewer, editor, 12)
    whole = "".join(stream.export_rows(Claim.objects.all(), fmt))
    chunks = list(stream.export_rows(Claim.objects.all(), fmt, batch_size=3, chunk_chars=500))
    assert len(chunks) > 3
    assert "".join(chunks) == whole
    if fmt == "claimreview":
        assert len(json.loads(whole)["dataFeedElement"]) == 12
    else:
        assert len(whole.splitlines()) == 12 + (fmt == "csv")


def test_export_is_lazy_and_ignores_the_callers_ordering_and_loading(reviewer: Any) -> None:
    claims = [ClaimFactory(normalized_text=f"planted {n} trees") for n in range(3)]
    listed = Claim.objects.for_list().order_by("-created_at")  # defers normalized_text
    with CaptureQueriesContext(connection) as ctx:
        rows = stream.export_rows(listed, "jsonl")
    assert len(ctx.captured_queries) == 0
    with CaptureQueriesContext(connection) as ctx:
        text = "".join(rows)
    plain, _ = _queries("jsonl", 500)
    assert len(ctx.captured_queries) == plain  # no query per claim for deferred fields
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in records] == [c.pk for c in claims]
    assert [r["normalized_text"] for r in records] == [f"planted {n} trees" for n in range(3)]


@pytest.mark.parametrize("fmt", stream.FORMATS)
def test_nothing_is_read_before_the_first_chunk_is_asked_for(fmt: str) -> None:
    ClaimFactory()
    with CaptureQueriesContext(connection) as ctx:
        rows = stream.export_rows(Claim.objects.all(), fmt)
    assert len(ctx.captured_queries) == 0
    assert next(rows)


@pytest.mark.parametrize(
    ("fmt", "steps"), [("csv", [3, 6, 7]), ("jsonl", [3, 6, 7]), ("claimreview", [3, 5])]
)
def test_progress_counts_claims_written(
    reviewer: Any, editor: Any, fmt: str, steps: list[int]
) -> None:
    _desk(reviewer, editor, 5)  # published
    workflow.in_review(reviewer)
    ClaimFactory()
    assert stream.export_count(Claim.objects.all(), fmt) == steps[-1]
    seen: list[int] = []
    "".join(stream.export_rows(Claim.objects.all(), fmt, batch_size=3, progress=seen.append))
    assert seen == steps


def test_filtered_queryset_is_respected(reviewer: Any, editor: Any) -> None:
    published = publish(reviewer, editor, language="ru")
    publish(reviewer, editor, language="en")
    in_review = workflow.in_review(reviewer, language="ru")
    russian = Claim.objects.filter(language="ru")
    csv_text = "".join(stream.export_rows(russian, "csv"))
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == [
        str(published.claim_id),
        str(in_review.pk),
    ]
    feed = json.loads("".join(stream.export_rows(russian, "claimreview", site_url="https://x.org")))
    assert [item["url"] for item in feed["dataFeedElement"]] == [
        f"https://x.org/fact-checks/{published.claim_id}"
        "-tajikistan-runs-more-than-20-smart-city-projects/"
    ]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown export format 'xml'"):
        stream.export_rows(Claim.objects.all(), "xml")


def test_empty_desk_gives_valid_empty_exports() -> None:
    assert "".join(stream.export_rows(Claim.objects.all(), "jsonl")) == ""
    assert "".join(stream.export_rows(Claim.objects.all(), "csv")).startswith("id,status,")
    feed = json.loads("".join(stream.export_rows(Claim.objects.all(), "claimreview")))
    assert feed["dataFeedElement"] == []


def test_the_database_writes_times_and_dates_as_python_would() -> None:
    """Dates and datetimes come as text from the database (SQLite's and PostgreSQL's own
    formatting): the same text `isoformat` gives, microseconds nought included."""
    claim = ClaimFactory(appeared_on=date(2026, 3, 9))
    exact = datetime(2026, 3, 9, 7, 5, 4, tzinfo=UTC)
    later = datetime(2026, 3, 9, 7, 5, 4, 120, tzinfo=UTC)
    Claim.objects.filter(pk=claim.pk).update(created_at=exact, updated_at=later, analysed_at=None)
    (line,) = "".join(stream.export_rows(Claim.objects.all(), "jsonl")).splitlines()
    record = json.loads(line)
    assert record["created_at"] == exact.isoformat(timespec="microseconds")
    assert record["created_at"] == "2026-03-09T07:05:04.000000+00:00"
    assert record["updated_at"] == "2026-03-09T07:05:04.000120+00:00"
    assert record["analysed_at"] is None and record["appeared_on"] == "2026-03-09"
