"""Paragraphs and sentences as offsets into the original text, with quotes kept whole.

A sentence never ends inside a quote unless the quote itself ends there ("We will win." She
smiled.), so a quoted passage of several sentences stays one piece.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from claims.extraction import lexicon as lx
from claims.extraction import quotes as quotes_mod
from claims.extraction.quotes import Quote

_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_BLANK_LINE = re.compile(r"(?:\r?\n|[\r\u2028\u2029])[ \t\f\v]*+(?:\r?\n|[\r\u2028\u2029])")
_TERMINAL = re.compile(r"[.!?\u2026]+|[\u3002\uff01\uff1f]+")
_CJK_STOPS = frozenset("\u3002\uff01\uff1f")
_TRAILING = frozenset(")]\u2019\u00bb\u201d\u300d\u300f")
_ABBREVIATIONS = lx.words(
    "mr mrs ms dr prof st gen sen rep gov lt col capt sgt jr sr inc ltd co corp vs no nos vol "
    "approx est fig mt ft jan feb aug sept sep oct nov dec dept univ assn bros "
    "им ул проф акад св т.е т.д т.п"
)
_WORD_BEFORE = re.compile(r"[\w.]{1,12}$")
# '"We will win!" Ana Ruiz said.', '"Why now?" the mayor asked on Tuesday.': an attribution after
# a quote that ends in its own stop is part of the quote's sentence.
_SPEECH_AFTER = (
    r"(?:said|says|asked|asks|added|adds|wrote|writes|tweeted|posted|replied|shouted|exclaimed|"
    r"declared|explained|continued|insisted|argued|warned|noted|joked|quipped|told\s+[\w.]+)"
)
_ATTRIBUTION_AFTER = re.compile(
    r"(?:the\s+|The\s+)?(?:[A-Z][\w.'\u2019-]*\s+)(?:[\w.'\u2019-]+\s+){0,4}?"
    rf"{_SPEECH_AFTER}\b(?P<tail>[^.!?\"\u201c\u201d]{{0,40}}?)[.,]"
)
# A Chinese attribution right after a quote ending in a full stop belongs to that sentence.
_CJK_ATTRIBUTION = re.compile(
    r"[^\u3002\uff01\uff1f\u201c\u201d\u300c\u300d]{0,12}?"
    r"(?:\u8bf4|\u8868\u793a|\u6307\u51fa|\u79f0|\u5f3a\u8c03|\u8865\u5145|\u4ecb\u7ecd)"
    # ...and ends there, or leads into the rest of the quote; a comma and more words after it
    # start a sentence of reported speech ("He said, this is the largest ...").
    r"(?:[\u3002\uff01\uff1f]|[\uff0c,\uff1a:]\s*[\u201c\u300c]|\s*$)"
)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    quotes: list[Quote] = field(default_factory=list)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, trimmed. Blank lines separate paragraphs in hard-wrapped text; otherwise
    every line is one (wire copy puts a paragraph on a line)."""
    wrapped = _hard_wrapped(text)
    spans: list[tuple[int, int]] = []
    previous_end = -1
    for line in _LINE.finditer(text):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        # In hard-wrapped text a line joins the paragraph above unless a blank line separates them.
        if wrapped and spans and not _BLANK_LINE.search(text, previous_end, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous_end = end
    return spans


def _hard_wrapped(text: str) -> bool:
    if not _BLANK_LINE.search(text):
        return False
    lengths = [len(line) for line in _LINE.findall(text[:20000]) if line.strip()]
    return bool(lengths) and sum(lengths) / len(lengths) < 100


def split(text: str, start: int, end: int, paragraph: int, quotes: list[Quote]) -> list[Sentence]:
    """Sentences of the paragraph text[start:end], each with the quotes that lie inside it."""
    cuts = [start]
    index = 0  # quotes are ordered, so one pointer finds the quote around each full stop
    for match in _TERMINAL.finditer(text, start, end):
        at = match.start()
        while index < len(quotes) and quotes[index].close <= at:
            index += 1
        inside = index < len(quotes) and quotes[index].inner_start <= at < quotes[index].inner_end
        cut = match.end()
        if inside:
            quote = quotes[index]
            if cut != quote.inner_end or not quote.closed:
                continue
            cut = quote.close
            if text[at] in "!?" or text[at - 1 : at + 1] != "..":
                following = _ATTRIBUTION_AFTER.match(text, _skip_spaces(text, cut, end), end)
                if following is not None and (text[at] in "!?" or not following.group("tail")):
                    continue
        while cut < end and text[cut] in _TRAILING and text[cut] not in quotes_mod.OPENERS:
            cut += 1
        after = cut
        while after < end and text[after].isspace():
            after += 1
        if after >= end:
            break
        if match.group()[-1] in _CJK_STOPS:
            if inside and _CJK_ATTRIBUTION.match(text, after, end):
                continue
        elif not _starts_sentence(text, at, cut, after, start):
            continue
        cuts.append(cut)
    cuts.append(end)

    sentences = []
    index = 0
    for left, right in itertools.pairwise(cuts):
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left >= right:
            continue
        while index < len(quotes) and quotes[index].close <= left:
            index += 1
        inner = []
        scan = index
        while scan < len(quotes) and quotes[scan].open < right:
            inner.append(quotes[scan])
            scan += 1
        sentences.append(Sentence(left, right, paragraph, inner))
    return sentences


def _starts_sentence(text: str, at: int, cut: int, after: int, floor: int) -> bool:
    if after == cut:  # no space after the stop: 3.5, U.S., e.g.
        return False
    head = text[after]
    if not (head.isupper() or head.isdigit() or head in quotes_mod.OPENERS or head in "(["):
        return False
    if text[at] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(floor, at - 12), at)
    if word is None:
        return True
    token = word.group().lower().strip(".")
    if token in _ABBREVIATIONS or "." in token:
        return False
    # A single capital before the stop is an initial (J. Smith), not the end of a sentence.
    return not (len(token) == 1 and word.group()[-1].isupper())


def _skip_spaces(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at
