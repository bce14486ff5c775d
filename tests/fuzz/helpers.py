"""Sending fuzzed requests: each Hypothesis example sends one request inside a savepoint that is
rolled back, so every example starts from the same desk; and the hostile page cursors the
regression tests send."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from claims import pagination


@dataclass
class Attempt:
    response: HttpResponse
    before: Any
    after: Any

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def unchanged(self) -> bool:
        return bool(self.before == self.after)


def attempt(
    client: Client,
    method: str,
    path: str,
    data: Any = None,
    *,
    snapshot: Callable[[], Any] = lambda: None,
    **extra: Any,
) -> Attempt:
    """Send one request and look at the database before and after it, then roll it all back
    (cookies too: a fuzzed request must not log the client out for the next example)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            before = snapshot()
            send = client.get if method == "get" else client.post
            response = send(path, data, **extra)
            after = snapshot()
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    assert response.status_code < 500, f"{method.upper()} {path}: {response.status_code}"
    return Attempt(response, before, after)


def make_cursor(moment: str, pk: int) -> str:
    """A cursor as the desk writes them, for any moment text."""
    return base64.urlsafe_b64encode(json.dumps([moment, pk]).encode()).decode().rstrip("=")


def cursor_is_valid(token: str) -> bool:
    """Whether the desk accepts this page cursor; a refused one must be a 400, never a 500."""
    try:
        pagination.decode_cursor(token)
    except pagination.InvalidCursor:
        return False
    return True


def cursor_in_use(params: dict[str, Any]) -> str:
    """The cursor a list page reads: `before` when it is given, otherwise `after`."""
    return str(params.get("before") or params.get("after") or "")


def holds_nul(params: dict[str, Any]) -> bool:
    """Whether a query string made of these parameters holds a NUL character (a 400 from
    foundation.middleware.RequestSanityMiddleware before any view runs)."""
    return any("\x00" in str(value) for value in params.values())


# A page cursor of deeply nested JSON (base64 of 3,000 '['): json.loads raises RecursionError
# on it. Regression: it was a 500 on /, /fact-checks/ and /api/v1/fact-checks/.
NESTED_CURSOR = base64.urlsafe_b64encode(b"[" * 3000).decode()
