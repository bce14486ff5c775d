"""Claim extraction throughput: `extract` over 2 MB of news text, against a trivial baseline
timed in the same run.

No Django and no database: `python -m benchmarks.extraction`, or `main()` from anywhere.

- Text: the annotated evaluation articles (tests/claims/extraction/articles), concatenated until
  the text passes 2 MB of UTF-8, paragraphs kept.
- Extraction: `extract(text)` on the whole text, language detection included; one warm-up run,
  then the median of five.
- Baseline: `text.split()` plus a regex sentence split over the same text, median of five,
  interleaved with the extraction runs so that machine noise falls on both. The ratio
  (extraction time / baseline time) moves less between machines than MB/s does.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claims.extraction import extract

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "claims" / "extraction" / "articles"
TARGET_BYTES = 2_000_000
ROUNDS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def build_text(target_bytes: int = TARGET_BYTES) -> str:
    articles = [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))]
    if not articles:
        raise RuntimeError(f"no articles in {ARTICLES}")
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        for article in articles:
            parts.append(article)
            size += len(article.encode("utf-8")) + 2
    return "\n\n".join(parts)


def _baseline(text: str) -> Any:
    return text.split(), _SENTENCE_END.split(text)


def _timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(*, rounds: int = ROUNDS) -> str:
    text = build_text()
    megabytes = len(text.encode("utf-8")) / 1_000_000
    candidates = extract(text)  # warm-up, and the counts for the report
    _baseline(text)
    extraction: list[float] = []
    baseline: list[float] = []
    for _ in range(rounds):
        extraction.append(_timed(lambda: extract(text)))
        baseline.append(_timed(lambda: _baseline(text)))
    extract_s = statistics.median(extraction)
    baseline_s = statistics.median(baseline)
    kinds = {kind: sum(c.kind == kind for c in candidates) for kind in ("quote", "indirect")}
    statements = len(candidates) - sum(kinds.values())
    return "\n".join(
        [
            "## Claim extraction",
            "",
            f"{megabytes:.2f} MB of article text ({len(text):,} characters), "
            f"median of {rounds} runs.",
            "",
            "| run | median s | MB/s | / baseline |",
            "|---|---:|---:|---:|",
            f"| `extract(text)` | {extract_s:.3f} | {megabytes / extract_s:.2f} | "
            f"{extract_s / baseline_s:.1f}x |",
            f"| baseline: `text.split()` + regex sentence split | {baseline_s:.3f} | "
            f"{megabytes / baseline_s:.2f} | 1.0x |",
            "",
            f"Candidates: {len(candidates):,} ({kinds['quote']:,} quotes, "
            f"{kinds['indirect']:,} reported, {statements:,} statements).",
        ]
    )


if __name__ == "__main__":
    print(main())
