"""Readers for public annotated corpora, each mapping its format to `Document`s.

The corpora themselves are never part of the project: a reader takes the path of a local copy
(see BENCHMARKS.md for where each comes from) and yields documents with the attributed statements
their annotators marked, as character spans into the document's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Statement:
    """An attributed statement as annotated: the content's span and who the source is.

    `names` holds the words that may name the source (the source phrase itself and, for a pronoun
    or a role, the named mentions the corpus's coreference links to it); empty when the source is
    unnamed ("officials"). `resolved` is False when the source is a pronoun or role that nothing
    links to a name: such statements count as found or not, but not for the speaker's name.
    """

    start: int
    end: int
    source: str
    names: frozenset[str] = frozenset()
    resolved: bool = True
    # Spans inside the content that are not what was said: a quote's own attribution, which
    # some annotators include ('"...," Trent Lott, who ..., said. "..."').
    attribution: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class Document:
    name: str
    language: str
    split: str
    text: str
    statements: list[Statement] = field(default_factory=list)
