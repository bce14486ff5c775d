"""What the extractor proposes: one claim, who made it, where it sits in the article, how
check-worthy it looks and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("quote", "indirect", "statement")
SPEAKER_KINDS = ("person", "organisation", "unnamed", "")
TYPES = ("quantity", "prediction", "comparison", "causal", "quote", "other")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim.

    `text[start:end]` of the input is the claim's span: the quoted words for a quote, the reported
    clause for indirect speech, the sentence for a statement. One exception: a quote split by its
    attribution mid-sentence is joined into one candidate whose `text` is both parts and whose span
    runs from the first quoted word to the last (attribution included).

    Who: `speaker` is the name ("" when nobody is named), `speaker_role` the role or affiliation
    in plain form ("former secretary-general of SCO", "with the European University at St.
    Petersburg"), `speaker_kind` one of "person", "organisation", "unnamed" (a source such as
    "officials") or "" (no attribution), and `speaker_note` says why the name is empty when the
    words point at someone ("“he”: nobody it clearly means"). `speaker_description` is the
    description as written, kept for callers that read it.
    """

    text: str
    speaker: str
    speaker_description: str
    start: int
    end: int
    score: float
    type: str
    reasons: tuple[str, ...]
    kind: str
    language: str
    speaker_role: str = ""
    speaker_kind: str = ""
    speaker_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_description": self.speaker_description,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "type": self.type,
            "reasons": list(self.reasons),
            "kind": self.kind,
            "language": self.language,
            "speaker_role": self.speaker_role,
            "speaker_kind": self.speaker_kind,
            "speaker_note": self.speaker_note,
        }
