"""The editors' dashboard: figures about the desk, drawn server-side as SVG (no chart library,
no script). Each chart comes with its numbers as a table, for screen readers and for copying."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from claims.models import Claim, MatchDecision
from reviews.models import Verdict

WEEKS = 12
CACHE_SECONDS = 300
# Colours with at least 4.5:1 contrast against white, distinguishable without relying on hue
# alone (every chart also labels its values).
STATUS_COLOURS = {
    "new": "#1d3f8a",
    "in_review": "#8a5a00",
    "awaiting_approval": "#5a2a86",
    "published": "#155c2d",
    "dismissed": "#56606e",
}


@dataclass
class Chart:
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[Any]]


def _status_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Claim.Status.choices}


def claims_by_week() -> Chart:
    since = timezone.now() - timedelta(weeks=WEEKS)
    rows = (
        Claim.objects.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "status")
        .annotate(n=Count("pk"))
    )
    weeks: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        weeks[row["week"].date()][row["status"]] += row["n"]
    order = sorted(weeks)
    labels = _status_labels()
    svg = stacked_columns(
        [
            (
                week.strftime("%d %b"),
                [(labels[s], STATUS_COLOURS[s], weeks[week][s]) for s in STATUS_COLOURS],
            )
            for week in order
        ],
        title=_("Claims added each week, by their status now"),
    )
    table = [[week.isoformat(), *(weeks[week][s] for s in STATUS_COLOURS)] for week in order]
    return Chart(_("Claims by status over time"), svg, [_("Week"), *labels.values()], table)


def time_to_publication() -> tuple[Chart, float | None]:
    since = timezone.now() - timedelta(weeks=26)
    first = (
        Verdict.objects.published()
        .filter(published_at__gte=since)
        .values("claim_id", "claim__created_at")
        .annotate(first=Min("published_at"))
    )
    by_month: dict[str, list[float]] = defaultdict(list)
    every: list[float] = []
    for row in first:
        hours = (row["first"] - row["claim__created_at"]).total_seconds() / 3600
        by_month[row["first"].strftime("%Y-%m")].append(hours)
        every.append(hours)
    months = sorted(by_month)
    medians = [(m, statistics.median(by_month[m])) for m in months]
    svg = horizontal_bars(
        [(m, "#1f4f99", round(v, 1)) for m, v in medians],
        title=_("Median hours from intake to publication, by month"),
        unit=_("h"),
    )
    table = [[m, round(v, 1), len(by_month[m])] for m, v in medians]
    chart = Chart(
        _("Time from intake to publication"),
        svg,
        [_("Month"), _("Median hours"), _("Fact-checks")],
        table,
    )
    return chart, (statistics.median(every) if every else None)


def verdicts_by_rating() -> Chart:
    rows = (
        Verdict.objects.filter(status=Verdict.Status.APPROVED)
        .values("rating_label")
        .annotate(n=Count("pk"))
        .order_by("-n", "rating_label")
    )
    data = [(r["rating_label"], "#17212f", r["n"]) for r in rows]
    svg = horizontal_bars(data, title=_("Published fact-checks by rating"))
    return Chart(
        _("Verdicts by rating"),
        svg,
        [_("Rating"), _("Fact-checks")],
        [[label, n] for label, _c, n in data],
    )


def reviewer_workload() -> Chart:
    open_statuses = ["new", "in_review", "awaiting_approval"]
    rows = (
        Claim.objects.filter(status__in=open_statuses, assignee__isnull=False)
        .values("assignee__username", "status")
        .annotate(n=Count("pk"))
    )
    people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        people[row["assignee__username"]][row["status"]] += row["n"]
    labels = _status_labels()
    order = sorted(people, key=lambda name: -sum(people[name].values()))
    svg = stacked_columns(
        [
            (name, [(labels[s], STATUS_COLOURS[s], people[name][s]) for s in open_statuses])
            for name in order
        ],
        title=_("Open claims per reviewer"),
    )
    table = [[name, *(people[name][s] for s in open_statuses)] for name in order]
    return Chart(
        _("Reviewer workload"), svg, [_("Reviewer"), *(labels[s] for s in open_statuses)], table
    )


ACCEPTED = [MatchDecision.Decision.SAME, MatchDecision.Decision.DUPLICATE]
PREVIEW_DAYS = 30
# Doors whose stored score is the matching score (the claim page's is the older similarity).
SCORED_DOORS = [
    MatchDecision.Door.FORM,
    MatchDecision.Door.PROPOSAL,
    MatchDecision.Door.CSV,
    MatchDecision.Door.API,
]


def _pair(from_language: str, to_language: str) -> str:
    return f"{from_language or '?'} → {to_language or '?'}"


def top_suggestion_accepted() -> Chart:
    """Per language pair (the text's, the claim's): of the decisions on a top suggestion, how
    many said it was the same claim (or a duplicate)."""
    rows = (
        MatchDecision.objects.filter(rank=1)
        .values("from_language", "to_language")
        .annotate(n=Count("pk"), yes=Count("pk", filter=Q(decision__in=ACCEPTED)))
        .order_by("-n", "from_language", "to_language")
    )
    table = [
        [
            _pair(r["from_language"], r["to_language"]),
            r["n"],
            r["yes"],
            round(100 * r["yes"] / r["n"]),
        ]
        for r in rows
    ]
    svg = horizontal_bars(
        [(pair, "#155c2d", share) for pair, _n, _a, share in table],
        title=_("Top suggestions accepted, per cent, by language pair"),
        unit="%",
    )
    return Chart(
        _("Top suggestions accepted"),
        svg,
        [_("Language pair"), _("Top suggestions decided"), _("Accepted"), _("Per cent")],
        table,
    )


@dataclass(frozen=True)
class ThresholdPreview:
    threshold: float
    decided: int  # top suggestions decided in the period, with a score
    shown: int  # of those, at or above the threshold
    hidden: int
    accepted: int
    accepted_lost: int  # accepted ones the threshold would have hidden
    rejected_spared: int  # "not the same" ones it would have hidden
    since: Any


def threshold_preview(threshold: float) -> ThresholdPreview:
    """What the desk would have suggested in the last PREVIEW_DAYS with this threshold, from the
    stored scores of the top suggestions decided at the doors (computed, never cached)."""
    since = timezone.now() - timedelta(days=PREVIEW_DAYS)
    decided = MatchDecision.objects.filter(
        rank=1, decided_at__gte=since, door__in=SCORED_DOORS, score__isnull=False
    )
    below = Q(score__lt=threshold)
    accepted = Q(decision__in=ACCEPTED)
    counts = decided.aggregate(
        decided=Count("pk"),
        hidden=Count("pk", filter=below),
        accepted=Count("pk", filter=accepted),
        accepted_lost=Count("pk", filter=below & accepted),
        rejected_spared=Count("pk", filter=below & ~accepted),
    )
    return ThresholdPreview(
        threshold=threshold,
        shown=counts["decided"] - counts["hidden"],
        since=since,
        **counts,
    )


def figures() -> dict[str, Any]:
    cached: dict[str, Any] | None = cache.get("dashboard")
    if cached is not None:
        return cached
    publication, median = time_to_publication()
    counts = Claim.objects.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=["new", "in_review", "awaiting_approval"])),
        published=Count("pk", filter=Q(status="published")),
    )
    data = {
        "charts": [
            claims_by_week(),
            publication,
            verdicts_by_rating(),
            reviewer_workload(),
            top_suggestion_accepted(),
        ],
        "median_hours": median,
        "counts": counts,
        "as_of": timezone.now(),
    }
    cache.set("dashboard", data, CACHE_SECONDS)
    return data


# --- SVG --------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}"


def _svg(width: int, height: int, title: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,
        body,
    )


def horizontal_bars(
    data: list[tuple[str, str, float]], *, title: str, unit: str = ""
) -> SafeString:
    if not data:
        return format_html('<p class="muted">{}</p>', _("Nothing to show yet."))
    row, label_width, width = 26, 150, 640
    peak = max(value for _l, _c, value in data) or 1
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" fill="{}" rx="2"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}{}</text>',
        (
            (
                label_width - 8,
                i * row + 16,
                label[:24],
                label_width,
                i * row + 3,
                max(1, round((width - label_width - 60) * value / peak)),
                colour,
                label_width + max(1, round((width - label_width - 60) * value / peak)) + 6,
                i * row + 16,
                value,
                unit,
            )
            for i, (label, colour, value) in enumerate(data)
        ),
    )
    return _svg(width, len(data) * row + 8, title, bars)


def stacked_columns(
    data: list[tuple[str, list[tuple[str, str, int]]]], *, title: str
) -> SafeString:
    if not data:
        return format_html('<p class="muted">{}</p>', _("Nothing to show yet."))
    width, height, bottom, left = 640, 260, 40, 36
    slot = (width - left) / len(data)
    peak = max(sum(v for _l, _c, v in parts) for _n, parts in data) or 1
    scale = (height - bottom - 20) / peak
    pieces: list[SafeString] = []
    for i, (name, parts) in enumerate(data):
        x, y = left + i * slot + slot * 0.15, float(height - bottom)
        for label, colour, value in parts:
            if not value:
                continue
            h = value * scale
            y -= h
            pieces.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    _n(x),
                    _n(y),
                    _n(slot * 0.7),
                    _n(h),
                    colour,
                    label,
                    value,
                )
            )
        total = sum(v for _l, _c, v in parts)
        pieces.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                _n(x + slot * 0.35),
                _n(y - 4),
                total,
                _n(x + slot * 0.35),
                height - bottom + 16,
                name[:12],
            )
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>'
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        (
            (left + j * 120, height - 12, colour, left + j * 120 + 14, height - 3, label)
            for j, (label, colour, _v) in enumerate(data[0][1])
        ),
    )
    return _svg(width, height, title, mark_safe("".join(pieces)) + legend)  # noqa: S308
