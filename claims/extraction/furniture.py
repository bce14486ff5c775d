"""Page furniture: the lines of a published page that are not the report. Datelines, bylines,
timestamps, photo captions and credits, subheads, print lines, share and subscribe prompts and
reader comments are never proposed as claims, and nothing in them is attributed.

Judged a paragraph at a time, from its own words (the reader passes the paragraph's text); a
dateline that opens the first sentence of a paragraph ("DUSHANBE, Tajikistan (AP) —",
"МОСКВА, 10 июл — РИА Новости.", "新华社北京7月10日电（记者 王磊）") is cut off by `dateline_end`.
"""

from __future__ import annotations

import re

_TERMINAL = frozenset(".!?…。！？")
_CLOSING = frozenset("\"'”’»」』)")
_BULLET = re.compile(r"^(?:[-*•▪●◦–—]|\d{1,2}[.)])\s")

_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
_LINE = re.compile(
    r"""^(?:
        by\s+NAME(?:\s*(?:,|and|&)\s*NAME)*\s*(?:[,|]\s*[\w .,'-]{0,60})?$
        | (?:photo|image|picture|video|caption|credit|photograph|file\s+photo|pictured
           |illustration|graphic)s?\b\s*(?:by\b|:|\u2014|-|\|)
        | (?:published|updated|posted|last\s+updated|first\s+published)\b[\s:]
        | \(?(?:reporting|editing|writing|additional\s+reporting|compiled|produced|edited
           |translated)\s+by\b
        | (?:read\s+more|related|see\s+also|more\s+on\s+this|recommended|advertisement
           |sponsored|share\s+this|share|tweet|email|print|subscribe|sign\s+up|follow\s+us
           |click\s+here|watch|listen)\b\s*[:|]?
        | (?:comments?|reply|replies|reader\s+comments|log\s+in\s+to\s+comment
           |\d+\s+comments?|report\s+abuse|like|upvote)\b\s*[:|(]?
        | a\s+version\s+of\s+this\s+article\s+appears
        | (?:copyright|©|\(c\)\s|all\s+rights\s+reserved)
        | this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:originally\s+)?
           (?:published|updated|corrected)
        | (?:фото|источник|читайте\s+также|подписывайтесь|реклама|автор|комментари[йи]
           |поделиться|смотрите\s+также)\b\s*[:|]?
        | (?:责任编辑|编辑|来源|图片来源|图源|摄影|原标题|本文来源|评论|网友评论|相关阅读
           |延伸阅读|更多|点击|分享)[：:\s]
        | (?:图为|▲|△)
    )""".replace("NAME", _NAME),
    re.IGNORECASE | re.VERBOSE,
)
_ANYWHERE = re.compile(
    r"(?:getty\s+images|ap\s+photo|reuters/|afp\s+via|afp/|xinhua/|epa-efe|\(photo:|/shutterstock"
    r"|photo\s+credit|all\s+rights\s+reserved|©|摄\s*[）)]|（记者[^）]{0,20}）$|\(reporting\s+by)"
    # matched against the lowercased line, which is cheaper than a case-blind pattern
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b|\d{4}年\d{1,2}月\d{1,2}日",
    re.IGNORECASE,
)
_AGENCY = re.compile(r"\((?:[A-Z][\w .&-]{1,30})\)|\b(?:xinhua|reuters|afp|ap|tass|ria|interfax)\b")

# "DUSHANBE, Tajikistan (AP) — ", "WASHINGTON (Reuters) - ", "TIANJIN, July 10 (Xinhua) -- ".
_DATELINE_EN = re.compile(
    r"(?:[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w.' -]{1,40}?)?(?:\s*\([^)]{1,40}\))?"
    # "Washington (AFP) -": in title case only with the agency in brackets.
    r"|[A-Z][a-z]+(?:[ .][A-Z][a-z]+){0,2}(?:,\s*[A-Z][\w.' -]{1,40}?)?\s*\([A-Z][\w. ]{1,20}\))"
    r"\s*[\u2014\u2013-]+\s+"
)
_DATELINE_RU = re.compile(
    r"[А-ЯЁ][А-ЯЁ.\- ]{2,30},\s*\d{1,2}\s+[а-яё]{3,9}\.?(?:\s+\d{4})?\s*[\u2014\u2013-]+\s*"
    r"(?:[А-ЯЁA-Z][\w .\-]{1,30}?\.\s+)?"
)
_DATELINE_ZH = re.compile(
    r"(?:[\u4e00-\u9fff]{2,12})?\d{1,2}月\d{1,2}日电(?:\s*[（(][^）)]{0,30}[）)])?\s*"
    r"|[（(]记者[^）)]{0,30}[）)]\s*"
)


def paragraph(text: str, *, first: bool = False) -> bool:
    """Whether the paragraph `text` is page furniture. `first`: it opens the article, where a
    line without a full stop is the headline (proposed as a statement), not a subhead."""
    line = text.strip()
    if not line:
        return True
    if _LINE.match(line) or (len(line) < 200 and _ANYWHERE.search(line.lower())):
        return True
    words = line.split()
    if (
        ":" in line
        and len(words) <= 25
        and _CLOCK.search(line)
        and (_DATE.search(line) or _AGENCY.search(line))
    ):
        return True  # "Xinhua) 09:42, July 10, 2025", "Updated 10:42 ET, 3 March"
    if first or _BULLET.match(line) or len(line) > 160:
        return False  # subheads and labels are short; long paragraphs are the report
    head = line[:60]
    if len(words) >= 2 and head.upper() == head and head.lower() != head:
        return True  # a subhead or a label in capitals (upper() is the cheap test)
    last = line.rstrip("".join(_CLOSING))[-1:]
    # A subhead: a short line that does not end as sentences do (nor leads into a quote).
    return (
        last not in _TERMINAL
        and last not in ":;,：；，"
        and len(words) <= 10
        and not (_cjk(line) and len(line) > 20)
    )


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text[:20])


def dateline_end(text: str, start: int, end: int, language: str) -> int:
    """Where the text of a paragraph's first sentence starts once its dateline is cut off."""
    pattern = {"ru": _DATELINE_RU, "zh": _DATELINE_ZH}.get(language, _DATELINE_EN)
    found = pattern.match(text, start, end)
    if found is None and language not in ("ru", "zh"):
        return start
    if found is None:
        found = _DATELINE_EN.match(text, start, end)
    return found.end() if found and found.end() < end else start
