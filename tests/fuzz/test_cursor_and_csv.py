"""Page cursors and CSV files from anywhere: they fail only in the ways the desk reports."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from claims import csv_import, pagination
from claims.models import Claim, Claimant, Tag
from tests.fuzz.helpers import NESTED_CURSOR, make_cursor
from tests.fuzz.strategies import CHARS, EXTREME_MOMENTS, FUZZ, NASTY, cursor_like, odd_date

pytestmark = pytest.mark.django_db


@FUZZ
@given(cursor_like)
@example("")
@example("=")
@example(base64.urlsafe_b64encode(b'{"a": 1, "b": 2}').decode())
@example(base64.urlsafe_b64encode(b'["2024-01-01T00:00:00", 1]').decode())
@example(base64.urlsafe_b64encode(b"\xff\xfe").decode())
@example(make_cursor("2024-01-01T00:00:00+23:59", 2**63 - 1))
@example(make_cursor("2024-01-01T00:00:00+00:00", 2**63))
@example(make_cursor("2024-01-01T00:00:00+00:00", True))  # a bool is no id
def test_decode_cursor_fails_only_with_invalid_cursor(token: str) -> None:
    """Whatever a cursor holds, decoding it either refuses it (InvalidCursor, a 400) or gives a
    moment and an id any database takes as query values: a UTC moment inside the calendar and a
    bigint id. Regression: odd offsets, moments at the ends of time and huge ids used to reach
    the database and fail there (OverflowError on SQLite, DataError on PostgreSQL)."""
    try:
        moment, pk = pagination.decode_cursor(token)
    except pagination.InvalidCursor:
        return
    assert isinstance(moment, datetime)
    assert moment.utcoffset() == timedelta(0), moment
    assert 1 < moment.year < 9999, moment
    assert type(pk) is int and 0 < pk < 2**63, pk


def test_decode_cursor_refuses_deeply_nested_json() -> None:
    """Regression: a cursor of deeply nested JSON made json.loads raise RecursionError, which
    escaped decode_cursor() as a 500."""
    with pytest.raises(pagination.InvalidCursor):
        pagination.decode_cursor(NESTED_CURSOR)


def test_decode_cursor_refuses_deeply_nested_json_even_without_the_length_limit(
    monkeypatch: Any,
) -> None:
    """The length limit stops the nested cursor first; the RecursionError must still be caught
    should the limit ever be raised."""
    monkeypatch.setattr(pagination, "MAX_CURSOR_LENGTH", 10 * len(NESTED_CURSOR))
    with pytest.raises(pagination.InvalidCursor) as caught:
        pagination.decode_cursor(NESTED_CURSOR)
    assert isinstance(caught.value.__cause__, RecursionError)  # the path this test is about


def test_decode_cursor_refuses_an_overlong_cursor() -> None:
    """A cursor longer than any the desk writes is refused before it is decoded, even when it
    holds a valid moment and id (padded with JSON whitespace)."""
    padded = base64.urlsafe_b64encode(b'["2024-01-01T00:00:00+00:00",' + b" " * 200 + b"1]")
    token = padded.decode()
    assert len(token) > pagination.MAX_CURSOR_LENGTH
    assert json.loads(base64.urlsafe_b64decode(token)) == ["2024-01-01T00:00:00+00:00", 1]
    with pytest.raises(pagination.InvalidCursor):
        pagination.decode_cursor(token)


@pytest.mark.parametrize("moment", EXTREME_MOMENTS)
def test_decode_cursor_at_the_edges_of_time(moment: str) -> None:
    """Regression: moments near year 1 or 9999 with an offset overflowed on SQLite, and offsets
    of 16 hours or more were refused by PostgreSQL (a 500). Now a naive moment or one at the ends
    of the calendar is a damaged cursor, and any other is converted to UTC."""
    token = make_cursor(moment, 1)
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None or parsed.year in {1, 9999}:
        with pytest.raises(pagination.InvalidCursor):
            pagination.decode_cursor(token)
        return
    decoded, pk = pagination.decode_cursor(token)
    assert pk == 1
    assert decoded == parsed  # the same instant ...
    assert decoded.utcoffset() == timedelta(0)  # ... in UTC


# Cursors are made from database values: aware datetimes with a fixed offset (UTC in practice).
fixed_offsets = st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(
    lambda delta: timezone(timedelta(minutes=delta // timedelta(minutes=1)))
)


@FUZZ
@given(
    # A day away from the ends of the calendar: a moment there is refused (the test above).
    st.datetimes(
        min_value=datetime(2, 1, 2),
        max_value=datetime(9998, 12, 30),
        timezones=st.one_of(st.just(UTC), fixed_offsets),
    ),
    st.integers(min_value=1, max_value=2**63 - 1),
)
def test_cursors_round_trip(moment: datetime, pk: int) -> None:
    """A cursor the desk writes comes back as the same instant (in UTC) and the same id."""
    decoded, decoded_pk = pagination.decode_cursor(pagination.encode_cursor(moment, pk))
    assert (decoded, decoded_pk) == (moment, pk)  # aware datetimes compare as instants
    assert decoded.utcoffset() == timedelta(0)


# --- CSV --------------------------------------------------------------------------------------

cells = st.one_of(st.text(CHARS, max_size=40), st.sampled_from(NASTY), odd_date)
header = st.lists(
    st.one_of(st.sampled_from(csv_import.COLUMNS), st.text(CHARS, max_size=12)),
    min_size=1,
    max_size=8,
)


def _csv_text(rows: list[list[str]], delimiter: str, quote_all: bool) -> str:
    def cell(value: str) -> str:
        if quote_all or any(c in value for c in f'"{delimiter}\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows)


csv_ish = st.one_of(
    st.binary(max_size=400),
    st.text(CHARS, max_size=400).map(lambda t: t.encode("utf-8")),
    st.builds(
        lambda head, rows, delimiter, quote_all, bom: (
            ("\ufeff" if bom else "") + _csv_text([head, *rows], delimiter, quote_all)
        ).encode("utf-8"),
        header,
        st.lists(st.lists(cells, max_size=9), max_size=6),
        st.sampled_from([",", ";", "\t"]),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(
        lambda rows: _csv_text([["text", "appeared_on", "tags"], *rows], ",", False).encode(),
        st.lists(st.tuples(cells, odd_date, cells).map(list), min_size=1, max_size=5),
    ),
)


@pytest.mark.parametrize("raw", [b'"', b'text,"claimant\n', b'"text"x\nA claim'])
def test_a_malformed_header_is_a_csv_error(raw: bytes, reviewer: Any) -> None:
    """Regression: a header row the csv module cannot read (a lone quote) raised csv.Error
    instead of CsvError, and POST /claims/import/ answered 500."""
    with pytest.raises(csv_import.CsvError) as caught:
        csv_import.check_and_import(raw, actor=reviewer, dry_run=True)
    assert "first row" in str(caught.value).lower(), caught.value


def _counts() -> tuple[int, int, int]:
    return Claim.objects.count(), Claimant.objects.count(), Tag.objects.count()


@FUZZ
@given(raw=csv_ish)
@example(raw=b"text\n" + b"x" * 5000 + b"\x00")
@example(raw=b'text\n"unterminated')
@example(raw=b"\xef\xbb\xbftext,text\n" + "a\u2028b,c\n".encode())
@example(raw=b"text\n" + b"A claim about 20 percent of roads\n" * 3)
@example(raw=b'text,claimant_same_as\n"A long claim, 20 percent",javascript:alert(1)\n')
def test_a_dry_run_fails_only_with_csv_error_and_writes_nothing(raw: bytes, reviewer: Any) -> None:
    before = _counts()
    try:
        report = csv_import.check_and_import(raw, actor=reviewer, dry_run=True)
    except csv_import.CsvError as error:
        assert str(error)
    else:
        assert report.rows >= 1
        assert report.created == []
        for problem in report.problems:
            assert problem.row >= 1 and problem.message
    assert _counts() == before


def test_nested_cursor_is_json_that_nests_past_the_recursion_limit() -> None:
    # Guards the nested-cursor regression tests: the token must stay a well-formed attack (valid
    # base64 of JSON too deep for json.loads), not a mere decoding error.
    raw = base64.urlsafe_b64decode(NESTED_CURSOR)
    assert raw == b"[" * 3000
    with pytest.raises(RecursionError):
        json.loads(raw)
