"""The Russian test set of "Automatic Detection and Attribution of Quotes" (Zhukova, Charles
University master thesis, 2023; github.com/pixelmagenta/adaq, folder `data`): 208 sentences from
Russian newspaper and magazine texts, each token tagged source, cue, content or none.

Layout read: `<root>/ru_sentences.tsv` (sentence, sentence_id) and `<root>/ru_tokens.tsv`
(lemma, token, sentence_id, index, tag). A sentence's id names its source text
(`2015Donbass.xml_16`); the set is split by source text, alternately in name order, into `dev`
and `test`, so that no text has sentences on both sides. Each sentence is read as a document of
its own: the corpus gives no context around it.

A source is named when its first lemma is capitalised (a proper noun: "Песков", not "эксперты")
or it holds two capitalised lemmas in a row (a full name after a title).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

from benchmarks.corpora import Document, Statement


def read(root: Path, split: str) -> Iterator[Document]:
    if split not in ("dev", "test"):
        return  # the set has no train part: it was made for testing
    sentences: dict[str, str] = {}
    # Both files quote a field holding quotation marks the CSV way ("" for one mark).
    with (root / "ru_sentences.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            sentences[row["sentence_id"]] = row["sentences"]
    tokens: dict[str, list[tuple[str, str, str]]] = {}
    with (root / "ru_tokens.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            tokens.setdefault(row["sentence_num"], []).append(
                (row["lemmas"], row["text"], row["tags"])
            )
    sources = sorted({key.rsplit("_", 1)[0] for key in sentences})
    chosen = {name for i, name in enumerate(sources) if (i % 2 == 0) == (split == "dev")}
    for key, text in sentences.items():
        if key.rsplit("_", 1)[0] not in chosen:
            continue
        yield Document(key, "ru", split, text, _statements(text, tokens.get(key, [])))


def _statements(text: str, tokens: list[tuple[str, str, str]]) -> list[Statement]:
    at = 0
    placed = []
    for lemma, word, tag in tokens:
        found = text.find(word, at)
        if found < 0:
            continue
        placed.append((found, found + len(word), lemma, word, tag))
        at = found + len(word)
    source_words = [(lemma, word) for _, _, lemma, word, tag in placed if tag == "source"]
    source = " ".join(word for _, word in source_words)
    capitals = [lemma[:1].isupper() for lemma, _ in source_words]
    # A name opens the phrase ("Песков", "Владимир Путин") or follows a title as two capitalised
    # words ("министр Сергей Лавров"); "эксперты в Киеве" and "президент США" name nobody.
    named = bool(capitals) and (
        capitals[0] or any(a and b for a, b in itertools.pairwise(capitals))
    )
    names = frozenset(word.casefold() for _, word in source_words) if named else frozenset()
    statements = []
    run: list[tuple[int, int]] = []
    for start, end, _, _, tag in [*placed, (0, 0, "", "", "end")]:
        if tag == "content":
            run.append((start, end))
            continue
        if len(run) >= 3 and source_words:
            statements.append(Statement(run[0][0], run[-1][1], source, names))
        run = []
    return statements
