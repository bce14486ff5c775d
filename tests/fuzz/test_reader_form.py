"""Anything a reader (or a robot) types into the public "is this true?" form: never a server
error; a refused question stores nothing; an accepted one stores one question and at most one
claim; the honeypot stores nothing at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from claims.models import Claim, Submission
from tests.fuzz.helpers import attempt
from tests.fuzz.strategies import FEWER, any_text, form, maybe, odd_date
from tests.security.desk import Desk

pytestmark = pytest.mark.django_db

CLAIM = "The city had built 20 new bridges since 2019, the mayor said."


def _counts() -> tuple[int, int]:
    return Submission.objects.count(), Claim.objects.count()


@FEWER
@given(
    data=form(
        {
            "text": maybe(CLAIM, any_text),
            "url": st.one_of(st.just(""), any_text, st.just("https://social.example/p/1")),
            "outlet": any_text,
            "seen_on": odd_date,
            "screenshot_text": any_text,
            "email": st.one_of(st.just(""), any_text, st.just("reader@readers.example")),
            "website": st.one_of(st.just(""), st.just(""), any_text),
        }
    )
)
@example(data={"text": "\x00" + CLAIM})
@example(data={"text": CLAIM * 100})
@example(data={"text": CLAIM, "email": "a@b.example", "website": ""})
def test_the_reader_form(data: dict[str, Any], client: Client, desk: Desk) -> None:
    tried = attempt(client, "post", reverse("public:ask"), data, snapshot=_counts)
    if data.get("website"):
        assert tried.status == 200 and tried.unchanged
    elif tried.status == 200:
        assert tried.after[0] == tried.before[0] + 1
        assert tried.after[1] - tried.before[1] in {0, 1}
    else:
        assert tried.status in {400, 429}
        assert tried.unchanged
