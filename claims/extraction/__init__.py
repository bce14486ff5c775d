"""Proposing check-worthy claims, with their speakers, from the text of a news report.

    from claims.extraction import extract, detect_language, Candidate
    candidates = extract(text)              # language detected when not given

Pure Python and standard library only; no Django, so views, commands, workers and benchmarks can
all call it. English gets full attribution (quotes, reported speech, descriptions, titles,
pronouns); Russian and Chinese get sentence splitting with quotes kept whole, the commonest
attribution forms, and statements with numbers and the like; other languages get quotes and
statements with numbers.

Decisions worth knowing:
- A quote split mid-sentence by its attribution ("The bus network," she said, "will be electric
  by 2030.") is one candidate joining both parts; its span runs from the first quoted word to the
  last. A quote whose first part is a whole sentence ("First," said X. "Second.") gives two
  candidates, both attributed to X.
- Unnamed sources ("officials said", "a spokesperson for the ministry said") have speaker "" and
  the phrase as speaker_description.
- Reported speech (`kind="indirect"`) spans the reported clause, without "X said that".
  "according to X" is reported speech too, with X as the speaker.
- A quote with no attribution of its own continues the latest speaker, if that speaker spoke in
  the same or the previous paragraph (the wire convention for follow-up quote paragraphs), or
  belongs to the speaker of a previous paragraph ending in a colon. A pronoun ("he said")
  reaches back across a paragraph break only when the paragraph opens with a quote or with the
  pronoun, and only to the person who spoke last.
- A first line without a full stop is taken for a headline: it may be proposed as a statement,
  but nothing in it is attributed. A dateline ("DUSHANBE, Tajikistan (Wire) -") is skipped.
- Quotes and reported speech are proposed unless they are fragments (under three words) or pure
  opinion (an opinion word and nothing checkable); statements only when they hold a number, a
  record, a comparison, a cause or a firm forecast.

Modules: `sentences` and `quotes` (structure), `furniture` (datelines, bylines, captions and the
like, never proposed), `speakers`, `memory`, `attribution` (English) and `foreign` (Russian,
Chinese) for who said what, `cues` and `scoring` for check-worthiness, `proposal` for turning a
draft into a `Candidate` (role, kind, score), `language` for detection, `pipeline` for the pass
that ties them together.

A speaker is a name, a role and a kind (`speaker`, `speaker_role`, `speaker_kind`); when the
words point at someone the rules cannot name with confidence (a pronoun with two people in view,
"she" after a body), the name stays empty and `speaker_note` says why.
"""

from __future__ import annotations

from claims.extraction.candidate import Candidate
from claims.extraction.language import detect_language
from claims.extraction.pipeline import extract

__all__ = ["Candidate", "detect_language", "extract"]
