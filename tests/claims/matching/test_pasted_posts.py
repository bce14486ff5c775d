"""A post pasted from social media: its links, signature line, hashtags and handles are not
words of the claim, and the digits in a link are not figures the guard compares."""

from __future__ import annotations

import pytest

from claims.matching import match, services
from claims.matching.search import readable
from tests.factories import ClaimFactory

POST = (
    "Good news for riders: bus fares in #Dushanbe fell by 20% this spring "
    "https://t.co/Xb41Kq7Zp2 pic.twitter.com/9fLm2Wq0 — Metro Watch (@MetroWatchTJ) April 2, 2026"
)


def test_links_signature_and_tags_are_left_out_or_split_into_words():
    assert readable(POST) == "Good news for riders: bus fares in Dushanbe fell by 20% this spring"
    assert readable("Ask @CityOfDushanbe about #CleanAirPlan") == (
        "Ask City Of Dushanbe about Clean Air Plan"
    )


def test_other_text_is_left_as_it_is():
    for text in (
        "Bus fares fell by 20% in 2025.",
        "Write to press@example.org for the #1 figure.",
        "Число автобусов выросло на 20% — сообщает мэрия.",
        "公交票价下降了20%。",
        "",
    ):
        assert readable(text) == text.replace("#1", "1")


@pytest.mark.django_db
def test_a_pasted_post_finds_its_claim_first_with_nothing_reported_different():
    claim = ClaimFactory(text="Bus fares in Dushanbe fell by 20% this spring.")
    other = ClaimFactory(text="Bus fares in Dushanbe rose by 20% this spring.")
    services.claims_embed(claim_ids=[claim.pk, other.pk])
    (top, *_) = match(POST)
    assert top.claim_id == claim.pk
    assert top.differences == ()
