"""Keyset pagination: every page costs what the first page costs, however deep.

A cursor names the last row seen (its sort value and id); the next page starts strictly after
it. Cursors are opaque to people but not secret: a tampered one is a 400, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

MAX_CURSOR_LENGTH = 200  # a real cursor is about 60 characters


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
    # A claim's last change is the step that put it where it is (a submission bumps it):
    # in the approval queue, the verdict that has waited longest comes first.
    "waiting": Sort(_("Waiting longest"), "updated_at", False),
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
    """The (moment, id) a page link holds, in UTC; anything a database could choke on (huge or
    nested values, moments at the ends of the calendar, odd offsets) is a damaged link."""
    damaged = InvalidCursor("This page link is damaged.")
    if len(token) > MAX_CURSOR_LENGTH:
        raise damaged
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, pk = json.loads(raw)
        moment = datetime.fromisoformat(value)
        utc = moment.astimezone(UTC) if moment.tzinfo is not None else None
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise damaged from exc
    except (RecursionError, OverflowError) as exc:
        raise damaged from exc
    if utc is None:
        raise damaged
    moment = utc
    if type(pk) is not int or not 0 < pk < 2**63 or not 1 < moment.year < 9999:
        raise damaged
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
    hydrate: Callable[[list[int]], dict[int, Any]] | None = None,
    columns: tuple[str, ...] = (),
    item: Callable[[tuple[Any, ...]], Any] | None = None,
) -> Page:
    """One page of the queryset in the sort's order, after or before a cursor.

    The page is found with a narrow query on the filtered table (ids and sort keys), then
    `hydrate` loads those rows with whatever joins and prefetches the page shows. Joining before
    the page is chosen would make the database join every match when it has to sort them.
    A page that needs only a few values per row names them in `columns` instead: they come
    with the ids in the same query (the database joins them for the page's rows alone, after
    the sort), and `item` makes each row's item from its (id, sort value, *columns) tuple.
    """
    field = sort.field
    desc_order = [f"-{field}", "-pk"]
    asc_order = [field, "pk"]
    forward_order, backward_order = (
        (desc_order, asc_order) if sort.descending else (asc_order, desc_order)
    )
    if before:
        value, pk = decode_cursor(before)
        keys = list(
            queryset.filter(_beyond(field, value, pk, forward=not sort.descending))
            .order_by(*backward_order)
            .values_list("pk", field, *columns)[: per_page + 1]
        )
        has_previous, has_next = len(keys) > per_page, True
        keys = list(reversed(keys[:per_page]))
    else:
        if after:
            value, pk = decode_cursor(after)
            queryset = queryset.filter(_beyond(field, value, pk, forward=sort.descending))
        keys = list(
            queryset.order_by(*forward_order).values_list("pk", field, *columns)[: per_page + 1]
        )
        has_previous, has_next = bool(after), len(keys) > per_page
        keys = keys[:per_page]

    if item is not None:
        items = [item(row) for row in keys]
    else:
        ids = [row[0] for row in keys]
        loaded = hydrate(ids) if hydrate else queryset.model._default_manager.in_bulk(ids)
        items = [loaded[pk] for pk in ids if pk in loaded]
    first, last = (keys[0], keys[-1]) if keys else (None, None)
    return Page(
        items=items,
        next_cursor=encode_cursor(last[1], last[0]) if has_next and last else None,
        previous_cursor=encode_cursor(first[1], first[0]) if has_previous and first else None,
        is_first=not has_previous,
    )
