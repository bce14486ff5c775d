"""Export as JSON Lines, empty the desk, import, export again: the same bytes.

The desk is emptied inside the test's transaction (desk.wipe_desk: TRUNCATE on PostgreSQL,
whose audit trigger refuses row deletes; DELETE on SQLite), so the rollback at the end of the
test restores nothing it should not, and both databases run the same test.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.models import AuditEvent, Claim, Claimant, SimilarClaim, SimilarityKey
from reviews.models import Comment, Evidence, Rating, Verdict
from tests.factories import ClaimFactory
from tests.reviews.exports.desk import build_varied_desk, export, wipe_desk

pytestmark = pytest.mark.django_db
FORMATS = ("jsonl", "csv", "claimreview")


def _import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_claims", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def exported(reviewer: Any, editor: Any, editor2: Any, tmp_path: Path) -> dict[str, Any]:
    desk = build_varied_desk(reviewer, editor, editor2)
    before = {fmt: export(fmt) for fmt in FORMATS}
    path = tmp_path / "claims.jsonl"
    path.write_text(before["jsonl"], encoding="utf-8")
    wipe_desk()
    get_user_model().objects.filter(username="former-intern").delete()
    assert not Claim.objects.exists() and not Claimant.objects.exists()
    return {"desk": desk, "before": before, "path": path}


def test_round_trip_reproduces_every_export_byte_for_byte(exported: dict[str, Any]) -> None:
    output = _import(exported["path"])
    assert "Imported 10 claims" in output
    for fmt in FORMATS:
        assert export(fmt) == exported["before"][fmt], fmt


def test_import_restores_the_desk_not_just_the_file(exported: dict[str, Any]) -> None:
    desk = exported["desk"]
    output = _import(exported["path"])

    User = get_user_model()
    former = User.objects.get(username="former-intern")
    assert not former.is_active and not former.has_usable_password()
    assert not former.groups.exists()
    assert "former-intern" in output and "inactive" in output
    # Namesakes stay different people; identical twins keep their own ids.
    petrovs = Claimant.objects.filter(name="Ivan Petrov").order_by("pk")
    assert [c.description for c in petrovs] == ["deputy mayor", "football coach", "football coach"]
    twin = Claim.objects.get(pk=desk["twin"].pk)
    assert twin.duplicate_of_id == desk["newer"].pk  # a reference to a later line
    assert twin.claimant_id != Claim.objects.get(pk=desk["in_review"].pk).claimant_id
    corrected = Verdict.objects.get(pk=desk["corrected"].pk)
    assert corrected.correction_of is not None
    assert corrected.correction_of.status == Verdict.Status.SUPERSEDED
    assert Claim.objects.search("bridges").filter(pk=desk["hostile"].claim_id).exists()
    # The article and its span, and the analysis results, as they were.
    extracted = Claim.objects.select_related("article").get(pk=desk["extracted"].pk)
    assert extracted.article is not None
    assert extracted.article.sha256 == desk["article"].sha256
    assert extracted.article.text[16:47] == "Dushanbe has 20 electric buses."
    assert (extracted.span_start, extracted.span_end) == (16, 47)
    near = desk["near"]
    assert SimilarityKey.objects.get(claim=near).words == desk["near_words"]
    assert SimilarClaim.objects.filter(claim_id=near.pk).count() == desk["near_similar"]
    # New rows continue after the imported numbers (sequences were moved on).
    fresh = ClaimFactory()
    assert fresh.pk > max(Claim.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))
    event = AuditEvent.objects.create(claim=fresh, verb="created")
    assert event.pk > desk["newer"].events.order_by("pk").last().pk  # type: ignore[union-attr]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, records: list[Any]) -> None:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )


def _breakers() -> list[tuple[Any, str]]:
    def field(name: str, value: Any) -> Any:
        return lambda r, first: r.update({name: value})

    return [
        (lambda r, first: "{not json", "Line 3: not JSON"),
        (lambda r, first: [1, 2], "Line 3: the record must be a JSON object"),
        (
            lambda r, first: {k: v for k, v in r.items() if k != "text"},
            "Line 3: the record lacks text",
        ),
        (field("colour", "red"), "Line 3: the record has unknown fields colour"),
        (field("created_at", "yesterday"), "Line 3: created_at"),
        (field("created_at", "2025-01-02T03:04:05"), "Line 3: created_at needs a UTC offset"),
        (field("status", "archived"), "Line 3: status: 'archived' is not one of"),
        (field("language", "x" * 20), "Line 3: language is longer than 12"),
        (field("created_by", None), "Line 3: created_by needs a username"),
        (lambda r, first: r.update(id=first["id"]), "Line 3: claim .* appears twice"),
        (field("tags", "a,b"), "Line 3: tags must be a list"),
        (
            lambda r, first: r["verdicts"][-1].update({"correction_of": 9}),
            "Line 3: verdict 2 corrects an unknown verdict",
        ),
    ]


@pytest.mark.parametrize(("breaker", "message"), _breakers())
def test_a_bad_line_stops_the_import_and_nothing_is_written(
    exported: dict[str, Any], breaker: Any, message: str
) -> None:
    path = exported["path"]
    records: list[Any] = _lines(path)
    third = records[2]  # the corrected claim: two verdicts
    changed = breaker(third, records[0])
    records[2] = third if changed is None else changed
    _write(path, records)
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError, match=message) as failure:
        call_command("import_claims", str(path))
    assert "Nothing was imported" in str(failure.value)
    assert not Claim.objects.exists()
    assert not Evidence.objects.exists() and not Comment.objects.exists()
    assert not AuditEvent.objects.exists()
    assert get_user_model().objects.count() == users_before


def test_not_utf8_names_its_line(exported: dict[str, Any]) -> None:
    path = exported["path"]
    lines = len(path.read_bytes().splitlines())
    path.write_bytes(path.read_bytes() + b'{"text": "\xff"}\n')
    with pytest.raises(CommandError, match=f"Line {lines + 1}: not UTF-8 text"):
        call_command("import_claims", str(path))
    assert not Claim.objects.exists()


def test_unknown_rating_is_created_but_not_offered(exported: dict[str, Any]) -> None:
    path = exported["path"]
    text = path.read_text(encoding="utf-8").replace('"rating":"Misleading"', '"rating":"Satire"')
    path.write_text(text, encoding="utf-8")
    output = _import(path)
    satire = Rating.objects.get(label="Satire")
    assert not satire.is_active and satire.value is None
    assert "Satire" in output
    assert Verdict.objects.filter(rating=satire).count() == 1
