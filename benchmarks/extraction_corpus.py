"""The extractor on public annotated corpora of published reporting: who said what, and which
sentences are worth checking.

    make bench BENCH=extraction_corpus CORPUS=/work/corpora/polnear:/work/corpora/adaq-ru/data
    CORPUS=... SPLIT=test .venv/bin/python -m benchmarks.extraction_corpus

`CORPUS` is one or more local directories (joined with ":"), each holding one corpus in the layout
its reader documents (`benchmarks/corpora/`); the kind is recognised from the files. `SPLIT`
chooses the splits (default `train,dev`; `test` is kept for the final figures). No database and
no network: the corpora are read from disk and never copied into the project.

Attribution (PolNeAR, the Russian ADAQ set): for every annotated statement, the candidate whose
span overlaps it best (overlap at least half of the longer of the two spans) is the one that
"found" it. Its speaker is
- right when the statement's source is named and every word of the proposed name is a word of
  the source phrase or, for a pronoun, of the named mentions the corpus's coreference links to it
  ("Trump" for "Republican nominee Donald Trump");
- unknown when the proposed name is empty (the desk says who it could not name);
- wrong when a name is proposed that is not the source's (for an unnamed source such as
  "officials", any name).
Figures: right = right / named statements (not found counts as not right), wrong = wrong / found,
found = found / statements. Statements whose pronoun source nothing links to a name count only
for found.

Check-worthiness (CheckThat!): each sentence's score is the best candidate's score (0 when
nothing is proposed); the threshold is the one with the best F1 on `train`, then applied
unchanged to `dev` and `dev-test`. F1 over the positive class is the lab's official measure.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpora import Document, Statement, adaq, checkthat, polnear
from claims.extraction import Candidate, extract

_WORD = re.compile(r"[^\W_]+")
_PRONOUN = re.compile(r"(?i)he|she|they|it|him|her|them|он|она|они|他|她|他们")
_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass
class Tally:
    statements: int = 0
    found: int = 0
    named: int = 0
    right: int = 0
    unknown: int = 0
    wrong: int = 0
    resolved_found: int = 0
    seconds: float = 0.0
    characters: int = 0
    misses: list[str] = field(default_factory=list)
    wrongs: list[str] = field(default_factory=list)
    unknowns: list[str] = field(default_factory=list)
    pronoun: list[int] = field(default_factory=lambda: [0, 0, 0])  # right, wrong, unnamed

    def add(self, other: Tally) -> None:
        for name in ("statements", "found", "named", "right", "unknown", "wrong"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.resolved_found += other.resolved_found
        self.seconds += other.seconds
        self.characters += other.characters
        self.misses += other.misses
        self.wrongs += other.wrongs
        self.unknowns += other.unknowns
        self.pronoun = [a + b for a, b in zip(self.pronoun, other.pronoun, strict=True)]


# Honorifics and titles a name may carry ("Mr. Clarke", "Rep. Cummings"): not the name, not wrong.
_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "rep",
        "sen",
        "gov",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "jr",
        "sr",
        "st",
        "господин",
        "госпожа",
    ]
)


def name_words(name: str) -> frozenset[str]:
    words = (_POSSESSIVE.sub("", w) for w in _WORD.findall(name.casefold()))
    return frozenset(w for w in words if w not in _HONORIFICS)


def _overlap(lo: int, hi: int, candidate: Candidate) -> float:
    shared = min(hi, candidate.end) - max(lo, candidate.start)
    if shared <= 0:
        return 0.0
    return shared / max(hi - lo, candidate.end - candidate.start)


def _inside(candidate: Candidate, lo: int, hi: int) -> float:
    shared = min(hi, candidate.end) - max(lo, candidate.start)
    return max(0, shared) / max(1, candidate.end - candidate.start)


def _covered(
    pieces: list[Candidate], lo: int, hi: int, attribution: tuple[tuple[int, int], ...] = ()
) -> float:
    """Share of the statement's words (its attribution left out) that the pieces cover."""
    marks = bytearray(hi - lo)
    for piece in pieces:
        for at in range(max(lo, piece.start), min(hi, piece.end)):
            marks[at - lo] = 1
    said = hi - lo
    for a_lo, a_hi in attribution:
        said -= a_hi - a_lo
        for at in range(a_lo, a_hi):
            marks[at - lo] = 0
    return sum(marks) / max(1, said)


def score_document(document: Document) -> Tally:
    tally = Tally(characters=len(document.text))
    started = time.perf_counter()
    candidates = extract(document.text, document.language)
    tally.seconds = time.perf_counter() - started
    for statement in document.statements:
        tally.statements += 1
        named = statement.resolved and bool(statement.names)
        tally.named += named
        # A statement may be found in pieces (a quote split by its attribution): the candidates
        # lying mostly inside it together must cover half of it.
        pieces = [c for c in candidates if _inside(c, statement.start, statement.end) >= 0.5]
        covered = _covered(pieces, statement.start, statement.end, statement.attribution)
        best = max(
            candidates, key=lambda c: _overlap(statement.start, statement.end, c), default=None
        )
        if best is not None and _overlap(statement.start, statement.end, best) < 0.5:
            best = max(
                pieces, key=lambda c: _inside(c, statement.start, statement.end), default=None
            )
            best = best if covered >= 0.5 else None
        if best is None:
            if named:
                tally.misses.append(
                    f"{document.name}: [{statement.source}] "
                    f"{document.text[statement.start : statement.end][:160]}"
                )
            continue
        tally.found += 1
        if not statement.resolved:
            continue
        tally.resolved_found += 1
        proposed = name_words(best.speaker)
        by_pronoun = _PRONOUN.fullmatch(statement.source.strip()) is not None
        if not proposed:
            tally.unknown += named
            tally.pronoun[2] += named and by_pronoun
            if named:
                # getattr: the benchmark also runs against extractors older than the field
                why = getattr(best, "speaker_note", "") or best.kind
                tally.unknowns.append(
                    f"{document.name}: [{statement.source}] ({why}) {best.text[:120]}"
                )
        elif named and (
            proposed <= statement.names | name_words(statement.source)
            or _fuller(proposed, statement)
        ):
            tally.right += 1
            tally.pronoun[0] += by_pronoun
        else:
            tally.wrong += 1
            tally.pronoun[1] += by_pronoun
            tally.wrongs.append(
                f"{document.name}: proposed [{best.speaker}] for [{statement.source}]: "
                f"{best.text[:120]}"
            )
    return tally


def _fuller(proposed: frozenset[str], statement: Statement) -> bool:
    """A fuller form of the source's name, as the article introduced it: "Tom Clarke" for
    "Mr. Clarke, the lawyer" (the coreference that would link them is missing for a few
    articles). The source's name is its capitalised words before any comma or bracket."""
    head = re.split(r"[,(]", statement.source, maxsplit=1)[0]
    source = name_words(" ".join(w for w in head.split() if w[:1].isupper()))
    return bool(source) and source <= proposed and len(proposed - source) <= 2


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


def attribution_rows(label: str, documents: Iterable[Document]) -> tuple[list[str], Tally]:
    total = Tally()
    count = 0
    for document in documents:
        total.add(score_document(document))
        count += 1
    row = (
        f"| {label} | {count} | {total.statements} | {_percent(total.found, total.statements)} | "
        f"{_percent(total.right, total.named)} | {_percent(total.wrong, total.resolved_found)} | "
        f"{_percent(total.unknown, total.named)} |"
    )
    return [row], total


def checkworthiness(root: Path, chosen: list[str]) -> list[str]:
    scored: dict[str, list[tuple[float, bool]]] = {}
    for split in checkthat.splits(root):
        if (
            split != "train"
            and split not in chosen
            and not (split == "dev-test" and "test" in chosen)
        ):
            continue
        rows = []
        for sentence in checkthat.read(root, split):
            candidates = extract(sentence.text, "en")
            rows.append((max((c.score for c in candidates), default=0.0), sentence.worthy))
        scored[split] = rows
    if "train" not in scored:
        return ["CheckThat!: no train split to set the threshold on."]
    threshold = max((t / 100 for t in range(101)), key=lambda t: _f1(scored["train"], t)[0])
    lines = [
        f"Threshold {threshold:.2f} (best F1 on train).",
        "",
        "| split | sentences | check-worthy | proposed (any candidate) | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for split, rows in scored.items():
        f1, precision, recall = _f1(rows, threshold)
        worthy = [s for s, w in rows if w]
        proposed = sum(s > 0 for s in worthy)
        lines.append(
            f"| {split} | {len(rows)} | {len(worthy)} | {_percent(proposed, len(worthy))} | "
            f"{precision:.3f} | {recall:.3f} | {f1:.3f} |"
        )
    return lines


def _f1(rows: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    hits = sum(1 for s, w in rows if w and s >= threshold and s > 0)
    predicted = sum(1 for s, _ in rows if s >= threshold and s > 0)
    actual = sum(1 for _, w in rows if w)
    precision = hits / predicted if predicted else 0.0
    recall = hits / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def _kind(root: Path) -> str:
    if (root / "data" / "train" / "attributions").is_dir():
        return "polnear"
    if (root / "ru_tokens.tsv").exists():
        return "adaq"
    if checkthat.splits(root):
        return "checkthat"
    return ""


def main(corpus: str | None = None, split: str | None = None, *, details: int = 0) -> str:
    corpus = corpus if corpus is not None else os.environ.get("CORPUS", "")
    chosen = (split if split is not None else os.environ.get("SPLIT", "train,dev")).split(",")
    lines = ["## Claim extraction on public corpora", ""]
    if not corpus:
        return "\n".join(
            [*lines, "Skipped: set CORPUS to the local path of a corpus (see BENCHMARKS.md)."]
        )
    table = [
        "| corpus / split | documents | statements | found | right named speaker | "
        "wrong name (of found) | left unnamed (of named) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    notes: list[str] = []
    speeds: list[float] = []
    for root in (Path(p) for p in corpus.split(":") if p):
        kind = _kind(root)
        if kind == "checkthat":
            notes += [
                "",
                f"### CheckThat! 2024 Task 1 English ({root})",
                "",
                *checkworthiness(root, chosen),
            ]
            continue
        reader = {"polnear": polnear.read, "adaq": adaq.read}.get(kind)
        if reader is None:
            notes.append(f"{root}: not a corpus this benchmark can read.")
            continue
        for name in chosen:
            rows, tally = attribution_rows(f"{kind} {name}", reader(root, name))
            table += rows
            if tally.seconds:
                speeds.append(tally.characters / tally.seconds / 1_000_000)
            right, wrong, unnamed = tally.pronoun
            if not tally.statements:
                table.pop()
                continue
            if right + wrong + unnamed:
                notes.append(
                    f"{kind} {name}: of the found statements whose source is a pronoun linked to "
                    f"a name, {right} got the right name, {wrong} a wrong one, {unnamed} none."
                )
            if details:
                notes += ["", f"{kind} {name}: misses (named sources)"]
                notes += [f"- {m}" for m in tally.misses[:details]]
                notes += ["", f"{kind} {name}: wrong names"]
                notes += [f"- {w}" for w in tally.wrongs[:details]]
                notes += ["", f"{kind} {name}: left unnamed"]
                notes += [f"- {w}" for w in tally.unknowns[:details]]
    lines += table
    if speeds:
        # Throughput proper is benchmarks/extraction.py's (timed against a baseline); this is
        # only a sign that the corpus run was not unusually slow.
        lines += [
            "",
            f"Extraction ran at a median {statistics.median(speeds):.2f} million characters a "
            "second per document here (documents are short, so fixed costs weigh more).",
        ]
    return "\n".join(lines + notes)


if __name__ == "__main__":
    print(main(details=int(os.environ.get("DETAILS", "0"))))
