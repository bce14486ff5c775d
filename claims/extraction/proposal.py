"""One proposal: a draft (span, text, speaker, kind) turned into a scored `Candidate` with the
speaker's role and kind, or dropped when there is nothing in it to check."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction import lexicon as lx
from claims.extraction import scoring, speakers
from claims.extraction.candidate import Candidate
from claims.extraction.memory import is_organisation
from claims.extraction.speakers import Speaker

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Draft:
    start: int
    end: int
    text: str
    speaker: Speaker
    kind: str
    words: frozenset[str] | None = None  # the text's words, when already known


def size(text: str) -> int:
    """Words, counting two Chinese characters as one."""
    size = len(text.split())
    if _CJK.search(text):
        size += len(_CJK.findall(text)) // 2
    return size


def candidate(draft: Draft, language: str) -> Candidate | None:
    length = size(draft.text)
    if draft.kind == "statement":
        # Most sentences are not proposed: rule them out before scoring them in full.
        if length < 5 or not scoring.factual(draft.text, language, draft.words):
            return None
    elif length < 3:
        return None
    assessment = scoring.assess(
        draft.text,
        draft.kind,
        bool(draft.speaker.name),
        language,
        draft.words,
        official=draft.kind != "statement"
        and not draft.speaker.name
        and _official(draft.speaker.description),
    )
    if draft.kind == "statement":
        if assessment.score < 0.35:
            return None
    elif assessment.opinion and not assessment.factual and not _argues(draft, length):
        return None
    speaker = draft.speaker
    return Candidate(
        text=draft.text,
        speaker=speaker.name,
        speaker_description=speaker.description,
        start=draft.start,
        end=draft.end,
        score=assessment.score,
        type=assessment.type,
        reasons=assessment.reasons,
        kind=draft.kind,
        language=language,
        speaker_role=_role(speaker.description),
        speaker_kind=_speaker_kind(speaker, draft.kind),
        speaker_note=speaker.note if not speaker.name else "",
    )


# Courtesies: words of thanks and welcome carry nothing to check however long they run.
_COURTESIES = lx.words(
    "thank thanks welcome grateful honoured honored privilege pleasure congratulate "
    "congratulations congratulated hospitality delighted glad happy proud beautiful wonderful "
    "lovely marvellous marvelous"
)
_ARGUMENT = 10  # words: an opinion this long argues a case ("I think NATO may be obsolete ...")


def _argues(draft: Draft, length: int) -> bool:
    """Whether an attributed opinion also asserts something about the world: long enough to
    hold more than the verdict, with no courtesy in it ("It is a great honour to be here")."""
    if length < _ARGUMENT:
        return False
    return not any(
        w.strip(".,!?;:\"'\u201c\u201d") in _COURTESIES for w in draft.text.lower().split()
    )


_ROLE_LEAD = re.compile(r"^(?:(?:a|an|the|who is|who was)\s+|,\s*)", re.IGNORECASE)


def _official(description: str) -> bool:
    """An unnamed source that is a body: "the municipal meteorological bureau", "the ministry"."""
    words = description.lower().replace(",", " ").split()
    return any(w in lx.ORGANISATIONS for w in words[:6]) or any(
        w in ("officials", "spokesperson", "spokesman", "spokeswoman") for w in words[:6]
    )


def _role(description: str) -> str:
    """The description as a role: "an expert with the Academy" is "expert with the Academy"."""
    return _ROLE_LEAD.sub("", description.strip(" ,")).strip()


def _speaker_kind(speaker: Speaker, kind: str) -> str:
    if kind == "statement":
        return ""
    if speaker.name:
        if is_organisation(speaker.name) and not speakers.has_title(speaker.description):
            return "organisation"
        return "person"
    if speaker.description and not speaker.pronoun:
        return "unnamed"
    return ""
