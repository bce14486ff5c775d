"""ClaimReview (schema.org) for published fact-checks: the object the public page embeds and the
items of the DataFeed export, built by the same function so both always agree.

Follows Google's fact-check structured-data rules: `claimReviewed`, `reviewRating` (always with
`alternateName`; `ratingValue`/`bestRating`/`worstRating` only for numeric ratings, worst at
least 1), `url` on our own site and `author` are always present; `itemReviewed` is the `Claim`
with who made it, when (the day it was said, not the day we checked it) and where it appeared:
`appearance` lists where it appeared as published and every appearance the desk recorded since
(claims.models.Appearance, shown as soon as it is added), `firstAppearance` the earliest of them.
Unknown values are left out rather than emitted empty.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from claims.models import Appearance, Claim, Claimant
from reviews.models import Verdict
from reviews.public_record import PublicClaim, PublicClaimant


class PublishedVerdict(Protocol):
    """What a ClaimReview reads of a verdict: a `Verdict`, or an export's row of its columns."""

    @property
    def pk(self) -> Any: ...
    @property
    def claim_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def published_at(self) -> datetime | None: ...
    @property
    def correction_of_id(self) -> int | None: ...
    @property
    def review_by(self) -> date | None: ...
    @property
    def rating_label(self) -> str: ...
    @property
    def rating_value(self) -> int | None: ...
    @property
    def rating_worst(self) -> int | None: ...
    @property
    def rating_best(self) -> int | None: ...


CONTEXT = "https://schema.org"
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[-\s]+")
_ASCII_NOT_SLUG = {
    code: None
    for code in range(128)
    if not (chr(code).isalnum() or chr(code) in "_- ") and not chr(code).isspace()
}


class _PercentEncoded(dict[int, str]):
    """A str.translate table giving iri_to_uri()'s encoding of a slug's characters (only the
    non-ASCII ones change), filled as characters turn up: urllib's quote() is pure Python
    and was a fifth of the CSV export's time."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        encoded = char if code < 128 else "".join(f"%{b:02X}" for b in char.encode("utf-8"))
        self[code] = encoded
        return encoded


_PERCENT_ENCODED = _PercentEncoded()
# What keeps a JSON string inside a <script> element: no "<" means no "</script>" and no
# "<!--"; ">" and "&" go too, as Django's json_script does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def public_slug(summary: str) -> str:
    """The slug of a fact-check's public address, from the verdict's summary: what
    `slugify(summary, allow_unicode=True)` gives (tested), without its lazy-text wrapper, which
    exports pay for on every row."""
    if summary.isascii():
        # The same steps for ASCII, without regular expressions: drop what is not a word
        # character, space or hyphen; runs of spaces and hyphens become one hyphen.
        words = summary.lower().translate(_ASCII_NOT_SLUG).replace("-", " ").split()
        return "-".join(words).strip("-_") or "claim"
    text = _NOT_SLUG.sub("", unicodedata.normalize("NFKC", summary).lower())
    return _SLUG_GAPS.sub("-", text).strip("-_") or "claim"


def public_path(claim_id: int, summary: str) -> str:
    """The path of a published claim's public page, `/fact-checks/<pk>-<slug>/`, URI-quoted as
    `reverse()` would give it (the slug may hold non-Latin letters): iri_to_uri(), tested."""
    path = f"{public_prefix()}{claim_id}-{public_slug(summary)}/"
    return path if path.isascii() else path.translate(_PERCENT_ENCODED)


@functools.cache
def public_prefix() -> str:
    """Where the public pages live in the URLconf ("/fact-checks/"), looked up once: exports
    build this path for every row."""
    return reverse("public:index")


def default_site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def public_url(
    claim: Claim | PublicClaim,
    verdict: PublishedVerdict | None = None,
    *,
    site_url: str | None = None,
) -> str:
    """The absolute public address of a published claim. Without a verdict, the claim's current
    (approved) one is looked up: one query."""
    if verdict is None:
        verdict = Verdict.objects.filter(claim_id=claim.pk, status=Verdict.Status.APPROVED).first()
        if verdict is None:
            raise ValueError(f"Claim {claim.pk} has no published verdict.")
    return public_address(claim.pk, verdict.summary, site_url=site_url)


def public_address(claim_id: int, summary: str, *, site_url: str | None = None) -> str:
    """The absolute public address of claim `claim_id` published with `summary`."""
    return (site_url or default_site_url()).rstrip("/") + public_path(claim_id, summary)


def organisation() -> dict[str, Any]:
    """The desk's organisation, author of every ClaimReview."""
    return {
        "@type": "Organization",
        "name": getattr(settings, "DESK_ORGANISATION_NAME", "Claims desk"),
        "url": getattr(settings, "DESK_ORGANISATION_URL", settings.SITE_URL),
    }


def iso_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def rating(verdict: PublishedVerdict) -> dict[str, Any]:
    """The published rating, from the verdict's snapshot: editing the scale later never changes
    what was published. Numeric only when the snapshot is a consistent scale starting at 1 or
    above; otherwise the rating is published by name alone."""
    result: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.rating_label}
    value, worst, best = verdict.rating_value, verdict.rating_worst, verdict.rating_best
    if value is not None and worst is not None and best is not None and 1 <= worst <= value <= best:
        result.update(ratingValue=value, bestRating=best, worstRating=worst)
    return result


def claimant(person: Claimant | PublicClaimant) -> dict[str, Any]:
    is_person = person.kind == Claimant.Kind.PERSON
    result: dict[str, Any] = {"@type": "Person" if is_person else "Organization"}
    result["name"] = person.name
    if person.description:
        result["jobTitle" if is_person else "description"] = person.description
    if person.same_as:
        result["sameAs"] = person.same_as
    return result


def appearance(claim: PublicClaim) -> dict[str, Any] | None:
    """Where the claim appeared, as far as the desk knows it."""
    if not claim.appeared_url and not claim.appeared_outlet:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if claim.appeared_url:
        work["url"] = claim.appeared_url
    if claim.appeared_outlet:
        work["publisher"] = {"@type": "Organization", "name": claim.appeared_outlet}
    if claim.appeared_on:
        work["datePublished"] = claim.appeared_on.isoformat()
    return work


def recorded_appearance(row: Appearance) -> dict[str, Any]:
    """An appearance the desk recorded, as a CreativeWork: where, by whom, when."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if row.url:
        work["url"] = row.url
    if row.claimant is not None:
        work["author"] = claimant(row.claimant)
    if row.outlet:
        work["publisher"] = {"@type": "Organization", "name": row.outlet}
    if row.appeared_on:
        work["datePublished"] = row.appeared_on.isoformat()
    if row.language:
        work["inLanguage"] = row.language
    return work


def appearances_of(
    claim_ids: list[int], *, within: dict[str, Any] | None = None
) -> dict[int, list[Appearance]]:
    """The recorded appearances of these claims, in the order they were added (one query).
    `within` is the filter to ask with instead of the ids (an export's batch asks for a range:
    a thousand ids cost more to send than the few rows outside the batch)."""
    grouped: dict[int, list[Appearance]] = {}
    found = Appearance.objects.filter(**(within or {"claim_id__in": claim_ids}))
    rows = found.select_related("claimant")
    for row in rows.order_by("claim_id", "created_at", "id"):
        grouped.setdefault(row.claim_id, []).append(row)
    return grouped


def item_reviewed(claim: PublicClaim, appearances: Iterable[Appearance] = ()) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant is not None:
        item["author"] = claimant(claim.claimant)
    if claim.appeared_on:
        item["datePublished"] = claim.appeared_on.isoformat()
    works = [work] if (work := appearance(claim)) else []
    works += [recorded_appearance(row) for row in appearances]
    if works:
        item["appearance"] = works
        # The earliest dated one; undated ones only when nothing is dated (then the first).
        dated = [w for w in works if "datePublished" in w]
        item["firstAppearance"] = (
            min(dated, key=lambda w: w["datePublished"]) if dated else works[0]
        )
    return item


def first_published(verdict: PublishedVerdict) -> datetime:
    """When the claim's first verdict was published (one query, and only after corrections)."""
    if verdict.correction_of_id is None and verdict.published_at is not None:
        return verdict.published_at
    earliest = (
        Verdict.objects.published()
        .filter(claim_id=verdict.claim_id)
        .aggregate(first=Min("published_at"))["first"]
    )
    result = earliest or verdict.published_at
    if result is None:
        raise ValueError(f"Verdict {verdict.pk} has not been published.")
    return result


def claim_review(
    claim: PublicClaim,
    verdict: PublishedVerdict,
    *,
    site_url: str | None = None,
    first_published_at: datetime | None = None,
    appearances: Iterable[Appearance] | None = None,
) -> dict[str, Any]:
    """The ClaimReview of a published claim's current (approved) verdict, about the claim as that
    verdict published it (`public_record.of(verdict)`). `first_published_at` (when the first
    verdict went out) and `appearances` (the claim's recorded ones) save a query each when the
    caller knows them."""
    if verdict.status != Verdict.Status.APPROVED or verdict.published_at is None:
        raise ValueError(f"Verdict {verdict.pk} is not the published verdict of its claim.")
    published = first_published_at or first_published(verdict)
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": public_url(claim, verdict, site_url=site_url),
        "claimReviewed": verdict.summary,
        "reviewRating": rating(verdict),
        "itemReviewed": item_reviewed(
            claim,
            appearances_of([claim.pk]).get(claim.pk, []) if appearances is None else appearances,
        ),
        "author": organisation(),
        "datePublished": iso_datetime(published),
    }
    if verdict.correction_of_id is not None:
        review["dateModified"] = iso_datetime(verdict.published_at)
    if claim.language:
        review["inLanguage"] = claim.language
    if verdict.review_by is not None:
        # When the desk means to look again: schema.org's `expires` (a Date) on the review.
        review["expires"] = verdict.review_by.isoformat()
    return review


def data_feed(
    items: Iterable[dict[str, Any]], *, date_modified: datetime | date | None = None
) -> Iterator[str]:
    """One schema.org DataFeed JSON document, in pieces: the head, each item, the tail. Items
    lose their own @context (the feed's applies to them)."""
    modified = date_modified or timezone.now()
    stamp = iso_datetime(modified) if isinstance(modified, datetime) else modified.isoformat()
    head = {"@context": CONTEXT, "@type": "DataFeed", "dateModified": stamp}
    yield _dumps(head)[:-1] + ',"dataFeedElement":['
    separator = ""
    for item in items:
        body = {key: value for key, value in item.items() if key != "@context"}
        yield separator + _dumps(body)
        separator = ","
    yield "]}\n"


def script_block(data: Any) -> SafeString:
    """`<script type="application/ld+json">` holding the data. No text inside can close the
    element or open an HTML comment: `<`, `>` and `&` are written as JSON escapes."""
    text = _dumps(data).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
