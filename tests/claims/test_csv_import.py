"""Bulk import of claims from CSV: a dry run lists problems per row; a real import is
all-or-nothing."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import AuditEvent, Claim, Claimant

pytestmark = pytest.mark.django_db
URL = reverse("claims:import")
GOOD = (
    "text,language,claim_type,claimant,claimant_kind,appeared_url,appeared_on,tags\n"
    "Dushanbe has 20 smart-city projects.,en,quantity,Farrukh Saidov,person,"
    "https://news.example.org/a,2026-10-14,smart city;tajikistan\n"
    "В Бишкеке высадили миллион деревьев.,,quantity,Ольга Васильева,person,,2026-09-23,trees\n"
    "中国计划在2060年之前实现碳中和。,zh,prediction,,,,,\n"
)


def upload(client, content, *, dry_run: bool, name: str = "claims.csv"):
    data = {
        "file": SimpleUploadedFile(
            name, content if isinstance(content, bytes) else content.encode()
        )
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


def test_dry_run_checks_without_importing(reviewer_client):
    response = upload(reviewer_client, GOOD, dry_run=True)
    assert response.status_code == 200
    assert "3 rows read" in response.content.decode()
    assert "No problems found" in response.content.decode()
    assert not Claim.objects.exists()


def test_import_creates_every_row_with_audit_events(reviewer_client):
    response = upload(reviewer_client, GOOD, dry_run=False)
    assert response.status_code == 302
    assert Claim.objects.count() == 3
    assert AuditEvent.objects.filter(verb="created").count() == 3
    russian = Claim.objects.get(text__startswith="В Бишкеке")
    assert russian.language == "ru"  # detected
    assert sorted(t.name for t in Claim.objects.get(text__startswith="Dushanbe").tags.all()) == [
        "smart city",
        "tajikistan",
    ]
    assert Claimant.objects.count() == 2


def test_one_bad_row_imports_nothing_and_is_reported_by_line(reviewer_client):
    bad = GOOD + "Short,en,quantity,,,not-a-url,2999-01-01,\n,en,other,,,,,\n"
    response = upload(reviewer_client, bad, dry_run=False)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in body
    assert "<td>5</td><td>appeared_url</td>" in body
    assert "<td>5</td><td>appeared_on</td>" in body
    assert "<td>6</td><td>text</td>" in body
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("text\n".encode("utf-16"), "not UTF-8"),
        (b"claim,when\nsomething,today\n", "must be 'text'"),
        (b"text\n", "no rows"),
        (b'text\n"unclosed,en\n', "malformed"),
    ],
)
def test_unreadable_files_get_a_clear_message(reviewer_client, content, message):
    response = upload(reviewer_client, content, dry_run=False)
    assert message in html.unescape(response.content.decode())
    assert not Claim.objects.exists()


def test_oversized_files_are_refused_with_the_limit(reviewer_client):
    big = b"text\n" + b"A claim that repeats itself endlessly.\n" * 60_000
    response = upload(reviewer_client, big, dry_run=True)
    assert "the limit is 2,048 KB" in response.content.decode()


def test_formula_cells_are_stored_as_text(reviewer_client):
    upload(
        reviewer_client,
        'text,language\n"=HYPERLINK(""http://x"") claims 20 projects",en\n',
        dry_run=False,
    )
    assert Claim.objects.get().text.startswith("=HYPERLINK")


def test_permissions(anon_client, outsider_client):
    assert anon_client.get(URL).status_code == 302
    assert outsider_client.get(URL).status_code == 403
