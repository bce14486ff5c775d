"""What the extractor proposes: one claim, who made it, where it sits in the article, how
check-worthy it looks and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("quote", "indirect", "statement")
TYPES = ("quantity", "prediction", "comparison", "causal", "quote", "other")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim.

    `text[start:end]` of the input is the claim's span: the quoted words for a quote, the reported
    clause for indirect speech, the sentence for a statement. One exception: a quote split by its
    attribution mid-sentence is joined into one candidate whose `text` is both parts and whose span
    runs from the first quoted word to the last (attribution included).
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
        }
