"""manage.py export_claims and import_claims: options, files, and bad input."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Claim
from reviews.exports import csv_rows
from tests.factories import ClaimFactory
from tests.reviews.exports.desk import export, publish

pytestmark = pytest.mark.django_db


def run_export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out)
    return out.getvalue()


def test_export_to_stdout_matches_the_stream(reviewer: Any, editor: Any) -> None:
    publish(reviewer, editor)
    ClaimFactory()
    for fmt in ("csv", "jsonl", "claimreview"):
        assert run_export("--format", fmt) == export(fmt)


def test_export_to_a_file(reviewer: Any, editor: Any, tmp_path: Path) -> None:
    publish(reviewer, editor, text="Душанбе строит 20 мостов")
    target = tmp_path / "claims.csv"
    err = io.StringIO()
    call_command("export_claims", "--format", "csv", "--output", str(target), stderr=err)
    data = target.read_bytes()
    assert data.decode("utf-8") == export("csv")
    assert b"\r\n" in data and b"\r\r\n" not in data  # CSV line ends written as they are
    assert "Душанбе строит 20 мостов" in data.decode("utf-8")
    assert not list(tmp_path.glob("*.partial"))
    assert str(target) in err.getvalue()


def test_export_to_an_unwritable_place_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        run_export("--format", "csv", "--output", str(tmp_path / "missing" / "claims.csv"))


def test_status_and_since_filter(reviewer: Any, editor: Any) -> None:
    published = publish(reviewer, editor)
    old = ClaimFactory()
    recent = ClaimFactory()
    Claim.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=40))
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    def ids(*args: str) -> list[int]:
        return [
            json.loads(line)["id"] for line in run_export("--format", "jsonl", *args).splitlines()
        ]

    assert ids() == [published.claim_id, old.pk, recent.pk]
    assert ids("--status", "published") == [published.claim_id]
    assert ids("--since", since) == [published.claim_id, recent.pk]
    assert ids("--since", since, "--status", "new") == [recent.pk]
    header = run_export("--format", "csv", "--status", "dismissed")
    assert header == ",".join(csv_rows.COLUMNS) + "\r\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "invalid choice: 'xml'"),
        ([], "--format"),
        (["--format", "csv", "--since", "28/11/2026"], "--since '28/11/2026' is not a date"),
        (["--format", "csv", "--since", "2026-02-30"], "is not a date"),
        (["--format", "csv", "--status", "archived"], "invalid choice: 'archived'"),
    ],
)
def test_export_bad_options(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run_export(*args)


def _jsonl_file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_import_refuses_a_desk_with_claims(tmp_path: Path) -> None:
    ClaimFactory()
    path = _jsonl_file(tmp_path, [])
    with pytest.raises(CommandError, match="already has claims"):
        call_command("import_claims", str(path))


def test_import_of_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_claims", str(tmp_path / "nope.jsonl"))
