"""Check-worthiness: a score from 0 to 1, the claim's type and the reasons behind both.

Additive and explainable on purpose: every point a claim gains or loses has a reason a reviewer
can read. Numbers count most; records, forecasts, comparisons, causes, named places and bodies,
and a named speaker add to it; hedges and opinion take away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction import cues as cues_mod
from claims.extraction import lexicon as lx

_BASE = {"quote": 0.30, "indirect": 0.30, "statement": 0.20}
_WEIGHTS = {
    "has a number": 0.22,
    "mentions a year": 0.05,
    "superlative or first": 0.15,
    "prediction": 0.12,
    "comparison": 0.10,
    "causal claim": 0.10,
    "names a place or body": 0.06,
    "record or forecast about a named place or body": 0.06,
    "a rate, share or ratio": 0.06,
    "attributed to a named speaker": 0.10,
    "attributed to an official body": 0.08,
    "hedged": -0.15,
    "opinion": -0.25,
}
# "I think the line has not had a crash since 2002": the opinion frame costs little when what
# follows is checkable.
_FACTUAL_OPINION = -0.05
_WEAK_PREDICTION = 0.05

_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_ASCII_DIGIT = re.compile("[0-9]")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_MONTH_BEFORE = re.compile(_MONTH + r"\.?\s+$")
_MONTH_AFTER = re.compile(r"\s+(?:of\s+)?" + _MONTH + r"\b")
# Statistics a fact-checker can look up: "40 percent", "one in five", "twice as often", "25 times
# the limit", "a quarter higher", "по сравнению", "百分之", "倍".
_RATE = re.compile(
    r"%|\uff05|\bper ?cent\b|\bpercentage points?\b|\b(?:one|two|three|four) in (?:\w+)\b"
    r"|\btwice\b|\b\w+ times (?:the|as|more|higher|lower)\b|\ba (?:quarter|third|fifth) "
    r"(?:higher|lower|more|less|of)\b|\bhalf of\b|процент|\u767e\u5206\u4e4b|\u500d",
    re.IGNORECASE,
)
_RATE_WORDS = lx.words("percent cent percentage times twice quarter third fifth half")
_ONE_IN = lx.words("one two three four")


def _rate(claim: str, words: frozenset[str] | None) -> bool:
    if (
        words
        and "%" not in claim
        and words.isdisjoint(_RATE_WORDS)
        and ("in" not in words or words.isdisjoint(_ONE_IN))
    ):
        return False  # English, and none of the words a rate is written with
    return _RATE.search(claim) is not None


_SINCE_YEAR = re.compile(r"\bsince (?:19|20)\d\d\b")
_CJK_DATE = frozenset("\u5e74\u6708\u65e5\u53f7")
_SYMBOLS = re.compile("[%$\u20ac\u00a3\u00a5\u20bd\uff05]")


def _upper_class() -> str:
    """Regex class of the upper-case letters below U+2000 (Latin, Greek, Cyrillic, Armenian...)."""
    ranges: list[list[int]] = []
    for code in range(0x41, 0x2000):
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


_CAPITALISED = re.compile(f"[{_upper_class()}][\\w'\u2019-]*")
_SENTENCE_OPENERS = frozenset('.!?"\u201c\u00ab\u201e:;(\u2014\u2013')


@dataclass(frozen=True, slots=True)
class Assessment:
    score: float
    type: str
    reasons: tuple[str, ...]
    factual: bool  # a number, record, comparison, cause or firm forecast: something to check
    opinion: bool


def assess(
    claim: str,
    kind: str,
    named_speaker: bool,
    language: str,
    words: frozenset[str] | None = None,
    *,
    official: bool = False,
) -> Assessment:
    """Score, type and reasons for a claim. `words` may pass in `cues.words_of(claim)` when the
    caller already has it."""
    cues = cues_mod.for_language(language)
    if cues.uses_words and words is None:
        words = cues_mod.words_of(claim)
    seen = words or frozenset()
    number, year = _numbers(claim)
    number = number or bool(_SYMBOLS.search(claim)) or cues.number.found(claim, seen)
    superlative = cues.superlative.found(claim, seen)
    strong_prediction = cues.strong_prediction.found(claim, seen)
    prediction = strong_prediction or cues.weak_prediction.found(claim, seen)
    comparison = cues.comparison.found(claim, seen) or (
        # "has not suffered a crash since 2002": a record over time
        "since" in seen and _SINCE_YEAR.search(claim) is not None
    )
    causal = cues.causal.found(claim, seen)
    hedged = cues.hedge.found(claim, seen)
    opinion = cues.opinion.found(claim, seen)
    named = bool(cues.named.search(claim)) if cues.named else _names_something(claim)

    reasons = []
    score = _BASE.get(kind, 0.2)
    for reason, present in (
        ("has a number", number),
        ("mentions a year", year and not number),
        ("superlative or first", superlative),
        ("prediction", prediction),
        ("comparison", comparison),
        ("causal claim", causal),
        ("a rate, share or ratio", (number or comparison) and _rate(claim, words)),
        ("names a place or body", named),
        (
            "record or forecast about a named place or body",
            named and (superlative or strong_prediction),
        ),
        ("attributed to a named speaker", named_speaker),
        ("attributed to an official body", official and not named_speaker),
        ("hedged", hedged),
        ("opinion", opinion),
    ):
        if present:
            reasons.append(reason)
            weight = _WEIGHTS[reason]
            if reason == "prediction" and not strong_prediction:
                weight = _WEAK_PREDICTION
            if reason == "opinion" and (number or superlative or comparison or causal):
                weight = _FACTUAL_OPINION
            score += weight

    if number:
        claim_type = "quantity"
    elif causal:
        claim_type = "causal"
    elif superlative or comparison:
        claim_type = "comparison"
    elif prediction:
        claim_type = "prediction"
    else:
        claim_type = "quote" if kind == "quote" else "other"
    factual = number or superlative or comparison or causal or strong_prediction
    return Assessment(
        round(min(1.0, max(0.0, score)), 3), claim_type, tuple(reasons), factual, opinion
    )


def factual(claim: str, language: str, words: frozenset[str] | None = None) -> bool:
    """Whether a claim holds anything to check; a cheaper first look than assess()."""
    cues = cues_mod.for_language(language)
    if cues.uses_words and words is None:
        words = cues_mod.words_of(claim)
    seen = words or frozenset()
    return (
        _numbers(claim)[0]
        or _SYMBOLS.search(claim) is not None
        or cues.number.found(claim, seen)
        or cues.superlative.found(claim, seen)
        or cues.comparison.found(claim, seen)
        or cues.causal.found(claim, seen)
        or cues.strong_prediction.found(claim, seen)
    )


def _numbers(claim: str) -> tuple[bool, bool]:
    """(has a number that is not a date, has a year)."""
    year = False
    if _ASCII_DIGIT.search(claim) is None:  # a cheap look first: most sentences have no digits
        return False, False
    for match in _DIGITS.finditer(claim):
        digits = match.group()
        if len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2099:
            year = True
            continue
        if len(digits) <= 2 and digits.isdigit():
            after = claim[match.end() : match.end() + 1]
            if after in _CJK_DATE:
                continue
            lo = max(0, match.start() - 12)
            if _MONTH_BEFORE.search(claim, lo, match.start()) or _MONTH_AFTER.match(
                claim, match.end()
            ):
                continue
        return True, year
    return False, year


def _names_something(claim: str) -> bool:
    """A capitalised word that is not just the first word of a sentence."""
    for match in _CAPITALISED.finditer(claim):
        at = match.start() - 1
        while at >= 0 and claim[at] == " ":
            at -= 1
        word = match.group()
        if at < 0 or claim[at] in _SENTENCE_OPENERS:
            # A sentence may open with a name ("China is on track ..."): a single capitalised
            # word that is no common opener and no plural noun ("Cases rose") counts.
            following = claim[match.end() : match.end() + 1]
            if word in lx.CAPITAL_STOP or word.endswith("s") or following == "'":
                continue
            if not (
                len(word) > 2 and claim[match.end() : match.end() + 4] in (" is ", " has", " wil")
            ):
                continue
        word = match.group()
        if word in lx.CAPITAL_STOP or word == "I" or word.startswith(("I'", "I\u2019")):
            continue
        return True
    return False
