"""The signature a receiver checks: HMAC-SHA256, keyed by the endpoint's secret, over the
timestamp, a dot and the exact body bytes. The timestamp is inside what is signed so a captured
delivery cannot be replayed later with a fresh one; receivers refuse a timestamp too far from
their clock (five minutes is usual). README "Webhooks" shows the receiver's side."""

from __future__ import annotations

import hashlib
import hmac

VERSION = "v1"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def headers(*, event_key: str, secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Webhook-Id": event_key,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret=secret, timestamp=timestamp, body=body),
    }


def verify(*, secret: str, timestamp: str, body: bytes, signature_header: str) -> bool:
    """What a receiver does (and what the test receiver does): recompute and compare in
    constant time."""
    if not timestamp.isascii() or not timestamp.isdigit():
        return False
    expected = signature(secret=secret, timestamp=int(timestamp), body=body)
    return hmac.compare_digest(expected, signature_header.strip())
