"""Quirks shared by Wikipedia and Wikidata: MediaWiki reports errors inside HTTP 200 answers,
and Wikimedia's edge refuses clients without a descriptive User-Agent with a 403."""

from __future__ import annotations

from typing import Any

from claims.lookups import http
from claims.lookups.errors import Permanent, RateLimited, Transient, UnexpectedResponse
from claims.lookups.errors import parse_retry_after as _retry_after
from claims.lookups.responses import FetchResult, redact_url

_TRANSIENT_CODES = frozenset({"maxlag", "readonly", "internal_api_error_DBQueryError"})


def check_status(result: FetchResult, *, service: str) -> None:
    if result.status == 403 and _is_user_agent_block(result.text):
        raise Permanent(
            f"HTTP 403 (User-Agent policy) from {redact_url(result.url)}: {result.text[:200]!r}",
            plain=f"{service} blocked our request because it did not accept how the desk "
            "identifies itself (its User-Agent); an administrator needs to fix that setting.",
            status=403,
        )
    http.raise_for_status(result, service=service)


def _is_user_agent_block(body: str) -> bool:
    lowered = body.lower()
    return "user-agent" in lowered or "user agent" in lowered or "robot policy" in lowered


def api_json(result: FetchResult, *, service: str) -> Any:
    """The JSON of an Action API answer, raising the typed failure for an `error` object."""
    data = result.json(service=service)
    if not isinstance(data, dict):
        raise UnexpectedResponse(
            f"expected a JSON object from {redact_url(result.url)}, got {type(data).__name__}",
            plain=f"{service} sent an answer in a shape we do not know.",
            status=result.status,
        )
    error = data.get("error")
    if not error:
        return data
    code = str(error.get("code", "")) if isinstance(error, dict) else str(error)
    info = str(error.get("info", "")) if isinstance(error, dict) else ""
    detail = f"MediaWiki error {code!r} from {redact_url(result.url)}: {info}"
    retry_after = _retry_after(result.headers.get("retry-after"))
    if code == "ratelimited":
        raise RateLimited(detail, retry_after=retry_after, service=service, status=result.status)
    if code in _TRANSIENT_CODES or code.startswith("internal_api_error"):
        if retry_after is None and isinstance(error, dict) and "lag" in error:
            retry_after = max(float(error.get("lag") or 0), 5.0)
        raise Transient(
            detail,
            plain=f"{service} is busy catching up with its own updates; we will try again.",
            status=result.status,
            retry_after=retry_after,
        )
    raise UnexpectedResponse(
        detail,
        plain=f"{service} could not run the search (it said: {info or code}).",
        status=result.status,
    )
