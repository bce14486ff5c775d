"""Precision and recall of (speaker, claim) pairs over the annotated articles in `articles/`.

Matching rule (one-to-one, greedy by overlap):
- Only attributed candidates are scored: `kind` "quote" or "indirect". Unattributed statements
  are not in the gold set by design (see articles/README.md).
- Speakers match when equal after NFKC, casefolding, dropping punctuation and collapsing spaces;
  "" (an unnamed source) matches only "".
- Claim texts match when the Jaccard overlap of their word sets (same normalisation) is >= 0.8.
- Each gold pair matches at most one candidate and each candidate at most one gold pair, best
  overlaps first.

Run `python -m tests.claims.extraction.evaluation` for the figures and every miss.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction import Candidate, extract

ARTICLES = Path(__file__).parent / "articles"
THRESHOLD = 0.8
LAST_SUMMARY: list[str] = []  # filled by the evaluation test, printed at the end of the run
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def speaker_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", " ".join(_WORD.findall(text))).strip()


def overlap(a: str, b: str) -> float:
    left, right = words(a), words(b)
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


@dataclass
class Article:
    name: str
    text: str
    held_out: bool
    gold: list[tuple[str, str]]
    key: list[str] = field(default_factory=list)  # what a fact-checker would check first


@dataclass
class Result:
    name: str
    held_out: bool
    gold: list[tuple[str, str]]
    predicted: list[Candidate]
    matched: list[tuple[int, int]] = field(default_factory=list)  # (gold index, predicted index)

    @property
    def missed(self) -> list[tuple[str, str]]:
        found = {g for g, _ in self.matched}
        return [pair for i, pair in enumerate(self.gold) if i not in found]

    @property
    def spurious(self) -> list[Candidate]:
        found = {p for _, p in self.matched}
        return [c for i, c in enumerate(self.predicted) if i not in found]


def load() -> list[Article]:
    articles = []
    for path in sorted(ARTICLES.glob("*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        gold = [(claim["speaker"], claim["text"]) for claim in meta["claims"]]
        articles.append(
            Article(
                path.stem,
                path.read_text(encoding="utf-8"),
                meta["held_out"],
                gold,
                meta.get("key", []),
            )
        )
    return articles


def score(article: Article) -> Result:
    predicted = [c for c in extract(article.text) if c.kind in ("quote", "indirect")]
    result = Result(article.name, article.held_out, article.gold, predicted)
    options = []
    for g, (speaker, text) in enumerate(article.gold):
        for p, candidate in enumerate(predicted):
            if speaker_key(speaker) != speaker_key(candidate.speaker):
                continue
            similarity = overlap(text, candidate.text)
            if similarity >= THRESHOLD:
                options.append((similarity, g, p))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, g, p in sorted(options, key=lambda option: (-option[0], option[1], option[2])):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            result.matched.append((g, p))
    return result


def key_in_top_five(articles: list[Article]) -> tuple[int, int]:
    """(key claims among the first five candidates, key claims): a key claim is there when a
    candidate's words overlap it by half (Jaccard) or more, whatever its speaker."""
    found = total = 0
    for article in articles:
        top = extract(article.text)[:5]
        for claim in article.key:
            total += 1
            found += any(overlap(claim, c.text) >= 0.5 for c in top)
    return found, total


def figures(results: list[Result]) -> tuple[float, float, int, int, int]:
    """(precision, recall, true positives, predicted, gold)."""
    hits = sum(len(r.matched) for r in results)
    predicted = sum(len(r.predicted) for r in results)
    gold = sum(len(r.gold) for r in results)
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, hits, predicted, gold


def summary(results: list[Result]) -> str:
    lines = []
    for label, chosen in (
        ("overall", results),
        ("development", [r for r in results if not r.held_out]),
        ("held-out", [r for r in results if r.held_out]),
    ):
        if chosen:
            precision, recall, hits, predicted, gold = figures(chosen)
            lines.append(
                f"{label}: precision {precision:.3f} ({hits}/{predicted}), "
                f"recall {recall:.3f} ({hits}/{gold}) over {len(chosen)} articles"
            )
    return "\n".join(lines)


def report(results: list[Result]) -> str:
    lines = [summary(results)]
    for result in results:
        for speaker, text in result.missed:
            lines.append(f"MISSED   {result.name}: [{speaker}] {text}")
        for candidate in result.spurious:
            lines.append(
                f"SPURIOUS {result.name}: [{candidate.speaker}] {candidate.text} "
                f"({candidate.kind}, {candidate.score})"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report([score(article) for article in load()]))
