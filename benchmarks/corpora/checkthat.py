"""CheckThat! lab check-worthiness sentences (CLEF 2024 Task 1, English: sentences from US
presidential debates and speeches, labelled Yes or No by annotators).

Layout read: `<root>/CT24_checkworthy_english_<split>.tsv` with columns Sentence_id, Text,
class_label, for the splits `train`, `dev` and `dev-test` (the labelled test of CheckThat! 2023
Task 1B English, which the 2024 lab reissued as its dev-test). The 2024 test labels are not read:
the copy this was built against has none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    worthy: bool


def splits(root: Path) -> list[str]:
    prefix = "CT24_checkworthy_english_"
    return sorted(p.stem[len(prefix) :] for p in root.glob(f"{prefix}*.tsv"))


def read(root: Path, split: str) -> Iterator[Sentence]:
    path = root / f"CT24_checkworthy_english_{split}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            label = (row.get("class_label") or "").strip()
            if label in ("Yes", "No"):
                yield Sentence(row["Sentence_id"], row["Text"], label == "Yes")
