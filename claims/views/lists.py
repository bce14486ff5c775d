"""The claims list: the desk's home, with its queues, filters, search and pages."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import forms, pagination, permissions, queues
from claims.models import QUEUES, Claim
from foundation.htmx import htmx_fragment, render_page

LIST_COUNT_CAP = 1_000


@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    form = forms.ClaimFilterForm(request.GET)
    can_assign = request.user.has_perm("claims.assign_claim")
    context: dict[str, Any] = {
        "form": form,
        "can_create": permissions.can_create_claim(request.user),
        "can_assign": can_assign,
        "assignable": forms.desk_members() if can_assign else [],
        # Called only by the full page: table fragments show neither the tabs nor the filters.
        "queue_tabs": lambda: _queue_tabs(request.user),
        "filter_fields": lambda: _filter_fields(form),
    }
    if not form.is_valid():
        context.update(page=None, total=0, error=_("Some filters are not valid; see below."))
        return render_page(request, "claims/claim_list.html", "claim-table", context, status=400)
    queryset = form.filter(Claim.objects.visible_to(request.user), request.user)
    try:
        page = pagination.paginate(
            queryset,
            pagination.SORTS[form.sort_key],
            per_page=settings.CLAIMS_PER_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            columns=ROW_KEY_COLUMNS,
            item=RowKey.from_page_row,
        )
    except pagination.InvalidCursor as exc:
        context.update(page=None, total=0, error=str(exc))
        return render_page(request, "claims/claim_list.html", "claim-table", context, status=400)
    # A whole page also looks for its filters' fields in the same cache round trip as its rows.
    filters_key = None if htmx_fragment(request) else _filters_key(request, form)
    rows, found = _rows(page.items, can_assign, also=[filters_key] if filters_key else [])
    if filters_key:
        context["filter_fields"] = _cached_filter_fields(form, filters_key, found)
    context.update(page=page, rows=rows, **_count(queryset, page))
    return render_page(request, "claims/claim_list.html", "claim-table", context)


ROW_TEMPLATE = "claims/claim_list.html#claim-row"
ROW_TTL = 60 * 60
# What other apps know about a claim, added to its row before it is rendered (reviews: the
# published rating, the verdict awaiting approval): each is called with the claims whose rows
# the cache lacks, by id. Whatever they add must change only with the claim's version.
ROW_ANNOTATORS: list[Callable[[dict[int, Claim]], None]] = []


@functools.cache
def _row_template() -> tuple[Any, str]:
    """The row partial, and a digest of its file: a changed template never meets rows the
    old one rendered."""
    template = loader.get_template(ROW_TEMPLATE)
    source = Path(template.template.origin.name).read_bytes()  # type: ignore[attr-defined]
    return template, hashlib.sha256(source).hexdigest()[:12]


# Fetched with the page's ids (pagination.paginate's columns): plain values, not model
# instances. Loading whole claims with their claimant, assignee and tags is left to the rows
# the cache does not have.
ROW_KEY_COLUMNS = ("version", "updated_at", "claimant_id", "claimant__name")


class RowKey(NamedTuple):
    """What a page needs to find a claim's row in the cache: a row changes only with the
    claim's version (every change through the services bumps it), its claimant (renamed or
    merged) and the reader's language."""

    pk: int
    version: int
    updated_at: datetime
    claimant_id: int | None
    claimant_name: str | None

    @classmethod
    def from_page_row(cls, row: tuple[Any, ...]) -> RowKey:
        pk, _sort_value, *columns = row
        return cls(pk, *columns)

    def cache_key(self, can_assign: bool, digest: str, language: str | None = None) -> str:
        name = self.claimant_name
        named = hashlib.sha256(name.encode()).hexdigest()[:8] if name is not None else "-"
        return ":".join(
            [
                "claim-row",
                digest,
                str(self.pk),
                str(self.version),
                self.updated_at.isoformat(),
                f"{self.claimant_id}-{named}",
                (get_language() or "") if language is None else language,
                "a" if can_assign else "r",
            ]
        )


def _rows(
    claims: list[RowKey], can_assign: bool, *, also: list[str]
) -> tuple[list[SafeString], dict[str, Any]]:
    """The table's rows, each rendered once per version and language and then read from the
    cache in one round trip: rendering 25 rows is most of a list page's cost. Only the rows
    the cache lacks are loaded whole (claimant, assignee, tags) and rendered. The keys in
    `also` are fetched in the same round trip; what was found of them is returned too."""
    template, digest = _row_template()
    keys = {claim.pk: claim.cache_key(can_assign, digest) for claim in claims}
    cached = cache.get_many([*keys.values(), *also])
    missing = [pk for pk, key in keys.items() if key not in cached]
    rendered = {}
    if missing:
        loaded = Claim.objects.for_list().in_bulk(missing)
        for annotate in ROW_ANNOTATORS:
            annotate(loaded)
        for pk, claim in loaded.items():
            rendered[keys[pk]] = template.render({"claim": claim, "can_assign": can_assign})
        cache.set_many(rendered, ROW_TTL)
    rows = []
    for key in keys.values():
        html = cached.get(key) or rendered.get(key)
        if html is not None:  # a claim deleted since the page was chosen has no row
            rows.append(mark_safe(html))  # noqa: S308 - rendered by our own escaping template
    return rows, {key: cached[key] for key in also if key in cached}


def forget_rows(claim_ids: list[int]) -> None:
    """Drop the cached rows of these claims, in every language and for both kinds of reader:
    for a change a row shows that does not bump the claim's version (a tag renamed)."""
    digest = _row_template()[1]
    keys = [
        RowKey(pk, *columns).cache_key(can_assign, digest, language)
        for pk, *columns in Claim.objects.filter(pk__in=claim_ids).values_list(
            "pk", *ROW_KEY_COLUMNS
        )
        for language, _name in settings.LANGUAGES
        for can_assign in (True, False)
    ]
    cache.delete_many(keys)


FILTERS_TEMPLATE = "claims/claim_list.html#filter-fields"
FILTERS_TTL = 10 * 60
NOT_FILTERS = {"after", "before"}  # the page's cursor: the same filters on every page


def _filter_fields(form: forms.ClaimFilterForm) -> SafeString:
    return mark_safe(loader.render_to_string(FILTERS_TEMPLATE, {"form": form}))  # noqa: S308


def _filters_key(request: HttpRequest, form: forms.ClaimFilterForm) -> str:
    """The rendered fields of valid filters depend on what was asked for (the query string
    without the cursor), the assignee choices (the desk's members), the language and the
    template; whatever a query string holds, its key is a fixed-size digest."""
    asked = sorted(
        (k, v) for k, values in request.GET.lists() if k not in NOT_FILTERS for v in values
    )
    choices = form.fields["assignee"].choices  # type: ignore[attr-defined]
    signature = repr((asked, choices, get_language())).encode()
    return f"list-filters:{_row_template()[1]}:{hashlib.sha256(signature).hexdigest()[:24]}"


def _cached_filter_fields(
    form: forms.ClaimFilterForm, key: str, found: dict[str, Any]
) -> SafeString:
    html = found.get(key)
    if html is None:
        html = _filter_fields(form)
        cache.set(key, str(html), FILTERS_TTL)
    return mark_safe(html)  # noqa: S308 - rendered by our own escaping template


def _queue_tabs(user: Any) -> list[tuple[str, Any, str]]:
    counts = queues.queue_counts(user)
    shown = {k: f"{queues.CAP:,}+" if n > queues.CAP else str(n) for k, n in counts.items()}
    return [(key, label, shown[key]) for key, label in QUEUES.items()]


def _count(queryset: Any, page: pagination.Page) -> dict[str, Any]:
    """How many claims match, counted up to a cap: exact counts of large sets cost a scan.
    Only the first page shows it, and a first page that is not full has counted itself."""
    if not page.is_first:
        return {"total": None, "total_capped": False}
    if not page.next_cursor:
        return {"total": len(page.items), "total_capped": False}
    total = queryset.order_by()[: LIST_COUNT_CAP + 1].count()
    return {"total": min(total, LIST_COUNT_CAP), "total_capped": total > LIST_COUNT_CAP}
