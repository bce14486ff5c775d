"""Whether a claim is a prediction or a promise, and when to look at it again. Pure functions:
no database, no settings (the caller passes the default interval and today's date)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# Words that make a statement about the future: "will", "on track to", "pledged", and their
# Russian and Chinese counterparts. A heuristic for a suggestion a person confirms, not a verdict.
_FUTURE = re.compile(
    r"\bwill\b|\bwon['’]t\b|\bshall\b|\bon track to\b|\b(?:is|are|was|were) expected to\b"
    r"|\bexpects? to\b|\bpledg(?:e|es|ed|ing)\b|\bpromis(?:e|es|ed|ing)\b|\bvow(?:s|ed)?\b"
    r"|\baims? to\b|\bplans? to\b|\b(?:is|are) set to\b|\b(?:is|are) going to\b"
    r"|\bcommit(?:s|ted)? to\b|\bby (?:the end of )?(?:[a-z]+ )?\d{4}\b"
    r"|\bбуд(?:ет|ут|у|ем|ешь|ете)\b|\bстан(?:ет|ут)\b|\bпланиру\w*|\bобеща\w*|\bнамер\w*"
    r"|\bсобира\w*ся\b|\bожида\w*ся\b|\bк\s+\d{4}\s+год\w*|\bдо\s+\d{4}\s+года\b"
    r"|将|有望|计划|承诺|预计|争取|到\s*\d{4}\s*年",
    re.IGNORECASE,
)

_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Russian months by stem: "к марту", "до 15 марта", "в мае".
_RU_MONTHS = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
_YEAR = r"(?P<year>(?:19|20|21)\d{2})"
_EN_MONTH = r"(?P<month>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?"
_RU_MONTH = (
    r"(?P<month>январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяюе]|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)"
)
_DATES = (
    # 2028年3月15日, 2028年3月, 2030年
    re.compile(
        _YEAR + r"\s*年(?:\s*(?P<month>1[0-2]|0?[1-9])\s*月(?:\s*(?P<day>[0-3]?\d)\s*日)?)?"
    ),
    # 15 March 2028, March 15, 2028, March 2028
    re.compile(r"\b(?P<day>[0-3]?\d)\s+" + _EN_MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(
        r"\b" + _EN_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.I
    ),
    re.compile(r"\b" + _EN_MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b", re.I),
    # 15 марта 2028 года, марта 2028 года
    re.compile(r"(?:\b(?P<day>[0-3]?\d)\s+)?" + _RU_MONTH + r"\s+" + _YEAR, re.I),
    # ISO dates: 2028-03-15
    re.compile(r"\b" + _YEAR + r"-(?P<month>1[0-2]|0[1-9])-(?P<day>[0-3]\d)\b"),
    # A year on its own, where words make it one: "by 2030", "in fiscal 2027", "к 2030 году"
    re.compile(
        r"(?:\b(?:by|in|until|till|before|through|since|from|after|around|of)\s+(?:the\s+)?"
        r"(?:end\s+of\s+|fiscal\s+|mid-?)?|(?:\bк|\bдо|\bв|\bпосле|\bконц\w*)\s+)" + _YEAR + r"\b",
        re.I,
    ),
    re.compile(r"\b" + _YEAR + r"\s+год\w*", re.I),
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested re-check date and why: `named` is the date the claim names (None when the
    default interval gave it); `passed` says that date is already behind us."""

    on: date
    named: date | None = None
    passed: bool = False


def is_prediction(text: str) -> bool:
    """Whether the claim speaks of the future: a prediction, a plan or a promise."""
    return bool(_FUTURE.search(text))


def _month_number(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    if word in _EN_MONTHS:
        return _EN_MONTHS[word]
    for stem, number in _RU_MONTHS:
        if word.startswith(stem):
            return number
    if word.isdigit():
        return int(word)
    return None


def _end_of(year: int, month: int | None, day: int | None) -> date | None:
    """The last day of what a mention names: the day, the end of the month, the end of the
    year. None for a day that does not exist (31 February)."""
    if month is None:
        return date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, day) if 1 <= day <= last else None


def dates_named(text: str) -> list[date]:
    """Every date the text names, as the last day of what it names, in order of mention. A
    year inside a longer date ("March 2028") counts once, as that date."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            groups = match.groupdict()
            month = _month_number(groups["month"]) if groups.get("month") else None
            day = int(groups["day"]) if groups.get("day") else None
            named = _end_of(int(groups["year"]), month, day)
            if named is not None:
                found.append((start, named))
                taken.append((start, end))
    return [named for _start, named in sorted(found, key=lambda item: item[0])]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def suggest_recheck(
    text: str,
    *,
    is_prediction_type: bool = False,
    said_on: date,
    today: date,
    default_months: int,
) -> Suggestion | None:
    """When to re-check a prediction or promise: the first date it names in a later year than
    it was said (else later that year; the end of the year, month or day it names), else
    `default_months` after it was said; never before today (a date already past means:
    re-check now). None for other claims."""
    if not (is_prediction_type or is_prediction(text)):
        return None
    named_dates = dates_named(text)
    # A later year is what a forecast looks to ("grew in 2024 and will reach 5% by 2027");
    # the rest of the year it was said in only when nothing later is named.
    ahead = [named for named in named_dates if named.year > said_on.year] or [
        named for named in named_dates if named > said_on
    ]
    if ahead:
        named = ahead[0]
        return Suggestion(max(named, today), named=named, passed=named < today)
    return Suggestion(max(add_months(said_on, default_months), today))
