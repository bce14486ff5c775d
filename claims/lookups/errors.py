"""Typed lookup failures. Each carries `.plain`: one sentence a fact-checker understands.

`str(error)` is the technical detail for logs; `.plain` is what the lookup panel shows.
`retryable` tells the task layer whether trying again later can help.
"""

from __future__ import annotations

import email.utils
import math
from datetime import UTC, datetime
from typing import Any, ClassVar


class LookupFailure(Exception):
    code: ClassVar[str] = "failed"
    retryable: ClassVar[bool] = False
    default_plain: ClassVar[str] = "The lookup failed."

    def __init__(
        self,
        detail: str = "",
        *,
        plain: str | None = None,
        status: int | None = None,
        url: str = "",
    ) -> None:
        self.plain = plain or self.default_plain
        self.detail = detail or self.plain
        self.status = status
        self.url = url
        super().__init__(self.detail)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record for storing on a lookup job."""
        return {
            "code": self.code,
            "plain": self.plain,
            "detail": self.detail,
            "status": self.status,
            "retry_after": getattr(self, "retry_after", None),
        }


class NotConfigured(LookupFailure):
    code = "not_configured"
    default_plain = "This source is not configured yet: an administrator needs to set it up."


class RateLimited(LookupFailure):
    code = "rate_limited"
    retryable = True

    def __init__(
        self,
        detail: str = "",
        *,
        retry_after: float | None = None,
        plain: str | None = None,
        status: int | None = None,
        url: str = "",
        service: str = "The service",
    ) -> None:
        self.retry_after = retry_after
        if plain is None:
            when = f"after {format_seconds(retry_after)}" if retry_after is not None else "later"
            plain = f"{service} asked us to slow down; retrying {when}."
        super().__init__(detail, plain=plain, status=status, url=url)


class Transient(LookupFailure):
    """Timeouts, dropped connections, 5xx: worth trying again."""

    code = "transient"
    retryable = True
    default_plain = "The service did not answer properly this time; we will try again."

    def __init__(
        self,
        detail: str = "",
        *,
        plain: str | None = None,
        status: int | None = None,
        url: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(detail, plain=plain, status=status, url=url)


class Permanent(LookupFailure):
    """4xx other than 429, bad input: trying again will give the same answer."""

    code = "permanent"
    default_plain = "The service refused the request; trying again will not help."


class Blocked(Permanent):
    """A URL we will not fetch: wrong scheme, credentials in it, or an address inside a network
    that is not the public internet."""

    code = "blocked"
    default_plain = "The address points inside our own network, so it was not fetched."


class BodyTooLarge(Permanent):
    code = "too_large"
    default_plain = "The page is too large to fetch safely, so it was not read."


class UnexpectedResponse(LookupFailure):
    """The service answered, but not with what it documents: HTML instead of JSON, cut-off
    JSON, or an error object inside an HTTP 200."""

    code = "unexpected_response"
    default_plain = "The service sent an answer we could not read."


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max((when - now).total_seconds(), 0.0)


def format_seconds(seconds: float | None) -> str:
    """A short human duration: '30 s', '2 min', '1 h'."""
    if seconds is None:
        return "a while"
    seconds = max(seconds, 0.0)
    if seconds < 90:
        return f"{math.ceil(seconds)} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"
