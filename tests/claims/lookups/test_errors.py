from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.lookups import errors


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("30", 30.0),
        ("  120 ", 120.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("Fri, 16 May 2025 09:42:07 GMT", 60.0),
        ("Fri, 16 May 2025 09:40:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header: str | None, expected: float) -> None:
    now = datetime(2025, 5, 16, 9, 41, 7, tzinfo=UTC)
    assert errors.parse_retry_after(header, now=now) == expected


def test_rate_limited_says_when_we_retry() -> None:
    error = errors.RateLimited("HTTP 429", retry_after=30, service="Wikipedia")
    assert error.plain == "Wikipedia asked us to slow down; retrying after 30 s."
    assert error.retryable
    assert errors.RateLimited().plain == "The service asked us to slow down; retrying later."
    assert "2 min" in errors.RateLimited(retry_after=120).plain


def test_every_failure_has_a_plain_sentence_and_a_record() -> None:
    for kind in (
        errors.Blocked,
        errors.NotConfigured,
        errors.Transient,
        errors.Permanent,
        errors.UnexpectedResponse,
        errors.BodyTooLarge,
    ):
        error = kind("technical detail")
        assert error.plain.endswith(".")
        assert str(error) == "technical detail"
        assert error.as_dict()["code"] == kind.code
    assert errors.Blocked().plain == (
        "The address points inside our own network, so it was not fetched."
    )


def test_hierarchy_lets_callers_catch_broadly() -> None:
    assert issubclass(errors.Blocked, errors.Permanent)
    assert issubclass(errors.BodyTooLarge, errors.Permanent)
    assert all(
        issubclass(kind, errors.LookupFailure)
        for kind in (errors.RateLimited, errors.Transient, errors.UnexpectedResponse)
    )
    assert not issubclass(errors.LookupFailure, LookupError)
    assert errors.Transient.retryable and not errors.Permanent.retryable


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.2, "1 s"), (30, "30 s"), (89, "89 s"), (600, "10 min"), (7200, "2 h")]
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert errors.format_seconds(seconds) == text
