"""Quotation marks paired within a paragraph, and which quotes are somebody speaking.

Quotes never cross a paragraph: an opening mark with no partner ends at the paragraph's end.
That is the news convention for a quote running over several paragraphs, and it keeps a stray
mark from swallowing the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb\u201e\u300c\u300d\u300e\u300f]')
# Opening mark -> the marks that close it. Low-9 quotes close with either high quote.
_CLOSERS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c\u201d",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
}
OPENERS = frozenset(_CLOSERS)
CLOSING_MARKS = frozenset('"\u201d\u00bb\u300d\u300f\u201c')
# Writers nest guillemets and corner brackets inside themselves; English double quotes never.
_NESTING = frozenset("\u00ab\u300c\u300e")

_SPEECH_BEFORE = frozenset(".!?\u2026:;,\u2014\u2013-(\u3002\uff01\uff1f\uff1a\uff1b\uff0c\u3001")
_TERMINAL_INSIDE = frozenset(".!?\u2026,\u3002\uff01\uff1f\uff0c")
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_VERB_BEFORE = re.compile(
    r"\b(?:said|says|say|added|adds|told|tells|wrote|writes|asked|declared|replied|warned)\s*$"
)


@dataclass(frozen=True, slots=True)
class Quote:
    open: int  # index of the opening mark
    close: int  # index just past the closing mark; the paragraph's end when unclosed
    inner_start: int
    inner_end: int
    closed: bool


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Paired quotes in text[start:end], in order; nested quotes are inside their outer quote."""
    quotes: list[Quote] = []
    opener = ""
    open_at = 0
    depth = 0
    for match in _MARKS.finditer(text, start, end):
        mark = match.group()
        at = match.start()
        if not opener:
            if mark in _CLOSERS:
                opener, open_at, depth = mark, at, 1
            continue
        if mark == '"' == opener and _looks_opening(text, at, start, end):
            depth += 1  # 'Речь идет не о "стрельбе по площадям", а ...': a quote inside a quote
            continue
        if mark in _CLOSERS[opener] or (
            mark == opener == "\u201c" and _looks_closing(text, at, start, end)
        ):
            depth -= 1
            if depth == 0:
                quotes.append(Quote(open_at, at + 1, open_at + 1, at, True))
                opener = ""
        elif mark == opener and opener in _NESTING:
            depth += 1
    if opener:
        inner_end = end
        while inner_end > open_at + 1 and text[inner_end - 1].isspace():
            inner_end -= 1
        quotes.append(Quote(open_at, end, open_at + 1, inner_end, False))
    return quotes


def _looks_opening(text: str, at: int, start: int, end: int) -> bool:
    """A straight double quote after a space and before a letter opens a quote."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    return before.isspace() and after.isalnum()


def _looks_closing(text: str, at: int, start: int, end: int) -> bool:
    """A second left double quote where a right one belongs, a common typing slip."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def is_speech(text: str, quote: Quote, floor: int) -> bool:
    """Whether a quote is reported speech rather than a title or a scare-quoted word.

    Speech opens a sentence or follows a colon, comma, dash or speech verb, and is more than a
    word or two (or ends in punctuation, as spoken sentences do).
    """
    at = quote.open - 1
    while at >= floor and text[at].isspace():
        at -= 1
    if at >= floor:
        before = text[at]
        if (
            before not in _SPEECH_BEFORE
            and before not in CLOSING_MARKS
            and not _VERB_BEFORE.search(text, max(floor, at - 12), at + 1)
        ):
            return False
    inner = text[quote.inner_start : quote.inner_end].strip()
    if not inner:
        return False
    if inner[-1] in _TERMINAL_INSIDE:
        return True
    words = len(_WORD.findall(inner)) + len(_CJK.findall(inner)) // 2
    return words >= 3
