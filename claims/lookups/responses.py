"""What came back from a fetch: the result object, body decoding, and status mapping.

Kept apart from the client so providers and stored raw responses can use them without I/O.
"""

from __future__ import annotations

import codecs
import hashlib
import json as jsonlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from claims.lookups.errors import (
    Permanent,
    RateLimited,
    Transient,
    UnexpectedResponse,
    parse_retry_after,
)

SENSITIVE_PARAMS = frozenset(
    {"key", "api_key", "apikey", "access_key", "access_token", "secret", "password", "signature"}
)


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    text: str
    elapsed: float
    redirects: tuple[str, ...] = ()
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    sha256: str = ""

    @classmethod
    def from_text(
        cls, url: str, status: int, text: str, *, content_type: str = "", headers: Any = None
    ) -> FetchResult:
        """A result rebuilt from a stored body, for re-parsing without the network."""
        merged = httpx.Headers(headers or {})
        if content_type:
            merged["content-type"] = content_type
        content = text.encode("utf-8")
        return cls(
            url, status, merged, content, text, 0.0, sha256=hashlib.sha256(content).hexdigest()
        )

    @property
    def content_type(self) -> str:
        """The media type, lower-cased, without parameters ('application/json')."""
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    def json(self, *, service: str = "The service") -> Any:
        """The body as JSON, or UnexpectedResponse saying in plain words what came instead."""
        body = self.text.lstrip("\ufeff \t\r\n")
        if not body:
            raise UnexpectedResponse(
                f"empty body from {redact_url(self.url)}",
                plain=f"{service} sent an empty answer.",
                status=self.status,
            )
        if "html" in self.content_type or body.startswith("<"):
            raise UnexpectedResponse(
                f"HTML instead of JSON from {redact_url(self.url)}: {body[:120]!r}",
                plain=f"{service} sent a web page (perhaps a captcha or an error page) "
                "instead of data.",
                status=self.status,
            )
        try:
            return jsonlib.loads(body)
        except ValueError as exc:
            raise UnexpectedResponse(
                f"invalid JSON from {redact_url(self.url)}: {exc}",
                plain=f"{service} sent an answer that was cut off or garbled.",
                status=self.status,
            ) from exc


def redact_url(url: str | httpx.URL) -> str:
    """The URL with API keys and secrets in its query replaced, fit for logs and storage."""
    try:
        parsed = httpx.URL(str(url))
    except httpx.InvalidURL:
        return "<invalid url>"
    if not any(name.lower() in SENSITIVE_PARAMS for name in parsed.params):
        return str(parsed)
    params = [
        (name, "REDACTED" if name.lower() in SENSITIVE_PARAMS else value)
        for name, value in parsed.params.multi_items()
    ]
    return str(parsed.copy_with(params=params))


def raise_for_status(result: FetchResult, *, service: str = "The service") -> None:
    """Map an HTTP error status to the typed failure, with a sentence naming the service."""
    status = result.status
    if 200 <= status < 300:
        return
    where = redact_url(result.url)
    retry_after = parse_retry_after(result.headers.get("retry-after"))
    if status == 429:
        raise RateLimited(
            f"HTTP 429 from {where}", retry_after=retry_after, status=status, service=service
        )
    if status >= 500:
        raise Transient(
            f"HTTP {status} from {where}",
            plain=f"{service} had a temporary problem (HTTP {status}); we will try again.",
            status=status,
            retry_after=retry_after,
        )
    if status in (401, 403):
        plain = f"{service} refused access (HTTP {status})."
    elif status in (404, 410):
        plain = f"{service} has nothing at this address (HTTP {status})."
    elif 400 <= status < 500:
        plain = f"{service} rejected the request (HTTP {status})."
    else:
        raise UnexpectedResponse(
            f"HTTP {status} from {where}",
            plain=f"{service} sent an answer we could not use (HTTP {status}).",
            status=status,
        )
    raise Permanent(f"HTTP {status} from {where}", plain=plain, status=status)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"})


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).lower()
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(content: bytes, content_type: str = "") -> str:
    """Text from bytes: a byte-order mark, else the Content-Type charset, else an HTML meta
    charset, else UTF-8 with replacement characters."""
    for bom, bom_codec in _BOMS:
        if content.startswith(bom):
            return content.decode(bom_codec, errors="replace")
    match = _CHARSET_PARAM.search(content_type or "")
    codec = _codec(match.group(1)) if match else None
    if codec is None and ("html" in content_type.lower() or not content_type):
        meta = _META_CHARSET.search(content[:4096])
        codec = _codec(meta.group(1)) if meta else None
    return content.decode(codec or "utf-8", errors="replace")
