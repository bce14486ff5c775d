"""Anything pasted into the article form or uploaded as a CSV file: never a server error, and a
refused paste or upload stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from claims.models import Article, Claim, Claimant, Tag
from tests.fuzz.helpers import attempt
from tests.fuzz.strategies import FEWER, any_text, form, maybe, odd_date, short_text
from tests.fuzz.test_cursor_and_csv import csv_ish
from tests.security.desk import Desk

pytestmark = pytest.mark.django_db

REPORT = (
    "The mayor said on Monday that the city had built 20 new bridges since 2019. "
    '"We will plant a million trees by 2030," she told reporters.'
)
pasted = st.one_of(
    any_text,
    st.builds(lambda a, b: f"{a} {REPORT} {b}", short_text, short_text),
    st.builds(
        lambda body: f"<html><body><p>{body}</p><script>x()</script></body></html>", any_text
    ),
    st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),
)


@FEWER
@given(
    data=form(
        {
            "text": maybe(REPORT, pasted),
            "url": st.one_of(st.just(""), any_text, st.just("https://example.org/news")),
            "language": maybe(st.sampled_from(["", "en", "ru", "zh"]), any_text),
            "title": any_text,
            "publisher": any_text,
            "published_on": odd_date,
        }
    )
)
@example(data={"text": "\x00" + REPORT})
@example(data={"text": REPORT * 700})
@example(data={"text": REPORT, "url": "https://example.org/news"})
def test_article_paste(data: dict[str, Any], reviewer_client: Client, desk: Desk) -> None:
    url = reverse("claims:article-new")
    tried = attempt(reviewer_client, "post", url, data, snapshot=Article.objects.count)
    if tried.status == 302:
        assert tried.after in {tried.before, tried.before + 1}  # the same text is kept once
    else:
        assert tried.status == 200
        assert tried.unchanged


def _counts() -> tuple[int, int, int]:
    return Claim.objects.count(), Claimant.objects.count(), Tag.objects.count()


@FEWER
@given(raw=csv_ish, dry_run=st.booleans(), name=st.sampled_from(["claims.csv", "x.exe", ""]))
@example(raw=b"text\nThe city planted 5,000 trees last year.\n", dry_run=False, name="a.csv")
@example(raw=b"\xff\xfe" + "text\n".encode("utf-16-le"), dry_run=True, name="a.csv")
@example(raw=b"text\n" + b"x" * (2 * 1024 * 1024), dry_run=True, name="a.csv")
def test_csv_upload(
    raw: bytes, dry_run: bool, name: str, reviewer_client: Client, desk: Desk
) -> None:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name or "upload", raw)}
    if dry_run:
        data["dry_run"] = "on"
    tried = attempt(reviewer_client, "post", reverse("claims:import"), data, snapshot=_counts)
    if tried.status == 302:
        assert not dry_run
        assert tried.after[0] > tried.before[0]
    else:
        assert tried.status == 200
        assert tried.unchanged


@pytest.mark.parametrize("raw", [b'"', b'text,"claimant\n', b'"text"x\nA claim'])
@pytest.mark.parametrize("dry_run", [True, False])
def test_csv_upload_with_a_malformed_header(
    raw: bytes, dry_run: bool, reviewer_client: Client, desk: Desk
) -> None:
    """Regression: a header row the csv module cannot read raised csv.Error out of the import
    view, a 500. Now the form shows why the file was refused, and nothing is stored."""
    data: dict[str, Any] = {"file": SimpleUploadedFile("claims.csv", raw)}
    if dry_run:
        data["dry_run"] = "on"
    tried = attempt(reviewer_client, "post", reverse("claims:import"), data, snapshot=_counts)
    assert tried.status == 200
    assert tried.unchanged
    assert "The first row (the column names) is malformed" in tried.response.content.decode()
