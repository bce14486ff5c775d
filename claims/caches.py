"""What the claims list keeps in the shared cache, and what makes each entry go.

- A claim's row (`claim-row:<template>:<id>:<version>:<updated>:<claimant>:<language>:<a|r>`,
  the rendered `<tr>`, an hour): gone when the claim's version moves (every service write to a
  claim bumps it: text, claimant, outlet, tags, status, assignee, a verdict submitted, approved
  or sent back), when its claimant is renamed (the name is in the key), when a tag is renamed,
  a proposed rating relabelled or an appearance of the claim added (`forget_rows`: the row
  shows how many it has), and when the row template changes (its digest is in the key).
- The list's filter fields (`list-filters:<template>:<digest of the query, the members, the
  language>`, the rendered filters, ten minutes): what they depend on is in the key.
- Queue counts (`queue-counts:<version>[:<user>]`, the capped count of each queue, a minute):
  `queues_changed()` bumps `queue-version` once a status or assignee change commits.

Everything here can be recomputed: a Redis that fails is a miss (foundation.faults).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpRequest
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from claims.models import QUEUES, Appearance, Claim

if TYPE_CHECKING:  # the forms import the services, which invalidate these caches
    from claims.forms import ClaimFilterForm

# --- Rows -------------------------------------------------------------------------------------

ROW_TEMPLATE = "claims/claim_list.html#claim-row"
ROW_TTL = 60 * 60
# What other apps know about a claim, added to its row before it is rendered (reviews: the
# published rating, the verdict awaiting approval): each is called with the claims whose rows
# the cache lacks, by id. Whatever they add must change only with the claim's version, or drop
# the rows it changes (forget_rows).
ROW_ANNOTATORS: list[Callable[[dict[int, Claim]], None]] = []


def annotate_reviews(claims: dict[int, Claim]) -> None:
    """What reviews registered to show of each claim (its published rating as `claim.review`):
    claims never imports reviews."""
    for annotate in ROW_ANNOTATORS:
        annotate(claims)


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


def rows(
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
        count_appearances(loaded)
        annotate_reviews(loaded)
        for pk, claim in loaded.items():
            rendered[keys[pk]] = template.render({"claim": claim, "can_assign": can_assign})
        cache.set_many(rendered, ROW_TTL)
    rows = []
    for key in keys.values():
        html = cached.get(key) or rendered.get(key)
        if html is not None:  # a claim deleted since the page was chosen has no row
            rows.append(mark_safe(html))  # noqa: S308 - rendered by our own escaping template
    return rows, {key: cached[key] for key in also if key in cached}


def count_appearances(claims: dict[int, Claim]) -> None:
    """Sets `claim.appearance_count` on each claim, in one query. appearance_add drops the
    claim's cached rows, since it leaves the version as it is."""
    counts = dict(
        Appearance.objects.filter(claim_id__in=list(claims))
        .values("claim_id")
        .annotate(n=Count("pk"))
        .values_list("claim_id", "n")
    )
    for pk, claim in claims.items():
        claim.appearance_count = counts.get(pk, 0)  # type: ignore[attr-defined]


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


def forget_rows_after_commit(claim_ids: list[int]) -> None:
    """Now, and again once this commits: a page read in between may cache the old row."""
    forget_rows(claim_ids)
    transaction.on_commit(lambda: forget_rows(claim_ids), robust=True)


# --- Filter fields ----------------------------------------------------------------------------

FILTERS_TEMPLATE = "claims/claim_list.html#filter-fields"
FILTERS_TTL = 10 * 60
NOT_FILTERS = {"after", "before"}  # the page's cursor: the same filters on every page


def filter_fields(form: ClaimFilterForm) -> SafeString:
    return mark_safe(loader.render_to_string(FILTERS_TEMPLATE, {"form": form}))  # noqa: S308


def filters_key(request: HttpRequest, form: ClaimFilterForm) -> str:
    """The rendered fields of valid filters depend on what was asked for (the query string
    without the cursor), the assignee choices (the desk's members), the language and the
    template; whatever a query string holds, its key is a fixed-size digest."""
    asked = sorted(
        (k, v) for k, values in request.GET.lists() if k not in NOT_FILTERS for v in values
    )
    choices = form.fields["assignee"].choices  # type: ignore[attr-defined]
    signature = repr((asked, choices, get_language())).encode()
    return f"list-filters:{_row_template()[1]}:{hashlib.sha256(signature).hexdigest()[:24]}"


def cached_filter_fields(form: ClaimFilterForm, key: str, found: dict[str, Any]) -> SafeString:
    html = found.get(key)
    if html is None:
        html = filter_fields(form)
        cache.set(key, str(html), FILTERS_TTL)
    return mark_safe(html)  # noqa: S308 - rendered by our own escaping template


# --- Queue counts -----------------------------------------------------------------------------

VERSION_KEY = "queue-version"
TTL_SECONDS = 60
CAP = 1000
SHARED = [key for key in QUEUES if key != "mine"]


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def _capped_counts(user: Any, keys: list[str]) -> dict[str, int]:
    """min(size, CAP + 1) of each queue, all in one query."""
    parts, params = [], []
    for key in keys:
        sql, sub_params = (
            Claim.objects.queue(key, user)
            .order_by()
            .values("pk")[: CAP + 1]
            .query.sql_with_params()
        )
        # The SQL is Django's own compilation of the queue's queryset; values stay parameters.
        parts.append(f"SELECT %s, COUNT(*) FROM ({sql}) AS q")  # noqa: S608
        params += [key, *sub_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return dict(cursor.fetchall())


def queue_counts(user: Any) -> dict[str, int]:
    """Queue sizes; a size above CAP is reported as CAP + 1 (shown as "1000+")."""
    version = _version()
    shared_key, mine_key = f"queue-counts:{version}", f"queue-counts:{version}:{user.pk}"
    found = cache.get_many([shared_key, mine_key])
    shared, mine = found.get(shared_key), found.get(mine_key)
    if shared is None:
        shared = _capped_counts(user, SHARED)
        cache.set(shared_key, shared, TTL_SECONDS)
    if mine is None:
        mine = _capped_counts(user, ["mine"])
        cache.set(mine_key, mine, TTL_SECONDS)
    return {**mine, **shared}


def queues_changed() -> None:
    """Call inside the transaction that changes a claim's status or assignee."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(bump, robust=True)
