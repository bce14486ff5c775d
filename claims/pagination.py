"""Keyset pagination: every page costs what the first page costs, however deep.

A cursor names the last row seen (its sort value and id); the next page starts strictly after
it. Cursors are opaque to people but not secret: a tampered one is a 400, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Sort:
    label: Any
    field: str
    descending: bool


SORTS: dict[str, Sort] = {
    "newest": Sort(_("Newest first"), "created_at", True),
    "oldest": Sort(_("Oldest first"), "created_at", False),
    "updated": Sort(_("Recently updated"), "updated_at", True),
}


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool


def encode_cursor(value: datetime, pk: int) -> str:
    raw = json.dumps([value.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, pk = json.loads(raw)
        moment = datetime.fromisoformat(value)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidCursor("This page link is damaged.") from exc
    if not isinstance(pk, int) or moment.tzinfo is None:
        raise InvalidCursor("This page link is damaged.")
    return moment, pk


def _beyond(field: str, value: datetime, pk: int, *, forward: bool) -> Q:
    # "field <= value" alone lets the database range-scan the (field, id) index; the rest
    # breaks ties on id.
    if forward:
        return Q(**{f"{field}__lte": value}) & (Q(**{f"{field}__lt": value}) | Q(pk__lt=pk))
    return Q(**{f"{field}__gte": value}) & (Q(**{f"{field}__gt": value}) | Q(pk__gt=pk))


def paginate(
    queryset: QuerySet[Any],
    sort: Sort,
    *,
    per_page: int,
    after: str = "",
    before: str = "",
) -> Page:
    field = sort.field
    desc_order = [f"-{field}", "-pk"]
    asc_order = [field, "pk"]
    forward_order, backward_order = (
        (desc_order, asc_order) if sort.descending else (asc_order, desc_order)
    )
    if before:
        value, pk = decode_cursor(before)
        rows = list(
            queryset.filter(_beyond(field, value, pk, forward=not sort.descending)).order_by(
                *backward_order
            )[: per_page + 1]
        )
        has_previous = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        return _page(items, field, has_previous=has_previous, has_next=True)

    if after:
        value, pk = decode_cursor(after)
        queryset = queryset.filter(_beyond(field, value, pk, forward=sort.descending))
    rows = list(queryset.order_by(*forward_order)[: per_page + 1])
    return _page(rows[:per_page], field, has_previous=bool(after), has_next=len(rows) > per_page)


def _page(items: list[Model], field: str, *, has_previous: bool, has_next: bool) -> Page:
    first, last = (items[0], items[-1]) if items else (None, None)
    return Page(
        items=items,
        next_cursor=encode_cursor(getattr(last, field), last.pk) if has_next and last else None,
        previous_cursor=(
            encode_cursor(getattr(first, field), first.pk) if has_previous and first else None
        ),
        is_first=not has_previous,
    )
