"""`match()` end to end on the database with the real model: across wording and language, the
guard's differences, narrowing, and bad input that finds nothing and never fails."""

from __future__ import annotations

import random

import pytest

from benchmarks import generate
from claims.matching import index, match, services
from claims.models import Claim
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

ARCHIVE = {
    "net_zero": ("China will reach net zero emissions before any other major economy.", "en"),
    "net_zero_india": ("India will reach net zero emissions before any other major economy.", "en"),
    "fares": ("The city cut bus fares by 20 percent last year.", "en"),
    "fares_200": ("The city cut bus fares by 200 percent last year.", "en"),
    "moscow": ("Москва — самый зелёный мегаполис мира.", "ru"),
    "carbon": ("中国承诺在2060年前实现碳中和。", "zh"),
    "vaccines": ("Vaccines against measles do not cause autism.", "en"),
    "baikal": ("Байкал — самое глубокое озеро на планете.", "ru"),
}


@pytest.fixture
def archive():
    speaker = ClaimantFactory(name="Hal Brenner")
    claims = {
        key: ClaimFactory(text=body, language=lang, claimant=speaker)
        for key, (body, lang) in ARCHIVE.items()
    }
    services.claims_embed(claim_ids=[c.pk for c in claims.values()])
    return claims


def best(text: str, **kwargs) -> list[int]:
    return [s.claim_id for s in match(text, **kwargs)]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Beijing is going to hit carbon neutrality ahead of every other big economy.", "net_zero"),
        ("Китай первым среди крупных экономик достигнет нулевых выбросов.", "net_zero"),
        ("中国将比其他任何主要经济体都更早实现净零排放。", "net_zero"),
        ("Moscow is the greenest megacity in the world.", "moscow"),
        ("China has pledged to become carbon neutral before 2060.", "carbon"),
        ("Lake Baikal is the deepest lake on Earth.", "baikal"),
        ("There is no link between the measles jab and autism.", "vaccines"),
    ],
)
def test_reworded_and_translated_claims_are_found_first(archive, query, key):
    assert best(query)[:1] == [archive[key].pk]


def test_a_changed_number_is_related_but_not_the_same_claim(archive):
    suggestions = match("Last year bus tickets in the city got 20% cheaper.")
    assert suggestions[0].claim_id == archive["fares"].pk
    twin = next(s for s in suggestions if s.claim_id == archive["fares_200"].pk)
    assert [d.kind for d in twin.differences] == ["number"]
    assert not twin.same_claim
    exact = match(ARCHIVE["fares"][0])[0]
    assert exact.claim_id == archive["fares"].pk
    assert exact.same_claim and exact.legs == ("lexical", "semantic")
    assert exact.score == pytest.approx(1.0, abs=0.01)


def test_another_country_and_another_speaker_are_reported(archive):
    india = match("India will be the first big economy to reach net zero.")
    assert india[0].claim_id == archive["net_zero_india"].pk
    china = next(s for s in india if s.claim_id == archive["net_zero"].pk)
    assert "place" in {d.kind for d in china.differences}
    other = match(ARCHIVE["moscow"][0], claimant="Rob Kinsella")[0]
    assert other.claim_id == archive["moscow"].pk
    assert [(d.kind, d.query, d.candidate) for d in other.differences] == [
        ("speaker", "Rob Kinsella", "Hal Brenner")
    ]


def test_exclude_and_within_narrow_the_suggestions(archive):
    text = ARCHIVE["fares"][0]
    assert archive["fares"].pk not in best(text, exclude=[archive["fares"].pk])
    only_russian = Claim.objects.filter(language="ru")
    assert set(best("Moscow is the greenest city", within=only_russian)) <= {
        archive["moscow"].pk,
        archive["baikal"].pk,
    }
    assert best(text, limit=1) == [archive["fares"].pk]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a",
        "buses",
        "🙂🔥🙂",
        "?!… —",
        ("The city cut bus fares by 20 percent last year. " * 60)[:2000],
        "x" * 20_000,
        "თბილისში ახალი მეტროს ხაზი გაიხსნა",
        "2024 2025",
        "\x00\x01 control",
    ],
)
def test_bad_input_finds_nothing_or_something_sensible_and_never_fails(archive, text):
    suggestions = match(text)
    assert len(suggestions) <= 5
    if text.startswith("The city cut bus fares"):
        assert suggestions[0].claim_id == archive["fares"].pk
    if text.strip() in {"", "a", "🙂🔥🙂", "?!… —"}:
        assert suggestions == []


def test_nothing_stored_yet_means_no_suggestions():
    assert match("The city cut bus fares by 20 percent last year.") == []


def test_a_claim_is_found_by_its_own_text_among_two_thousand():
    rng = random.Random(11)
    author = ClaimFactory().created_by
    claims = Claim.objects.bulk_create(
        Claim(text=generate.claim_text(rng, lang), language=lang, created_by=author)
        for lang in rng.choices(["en", "ru", "zh"], k=2000)
    )
    services.claims_embed(claim_ids=[c.pk for c in claims])
    for claim in rng.sample(claims, 25):
        found = match(claim.text)
        # generated texts repeat each other: an identical twin may come first
        assert found[0].claim_id == claim.pk or Claim.objects.get(pk=found[0].claim_id).text == (
            claim.text
        )


def test_the_index_follows_the_table(archive, reviewer):
    from claims import services as claim_services

    before = index.current()
    added = ClaimFactory(text="Wind turbines kill more birds than cats do.")
    services.claim_embed(claim_id=added.pk)
    assert best("More birds die from wind farms than from cats.")[:1] == [added.pk]
    assert index.current() is before  # refreshed in place, not rebuilt
    claim = archive["vaccines"]
    claim_services.claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=claim.version,
        fields=claim_services.ClaimFields(
            text="Hot water freezes faster than cold.", language="en"
        ),
    )
    services.claim_embed(claim_id=claim.pk)
    assert claim.pk not in best("Measles vaccines do not cause autism.")
    assert best("Warm water turns to ice quicker than cold water.")[:1] == [claim.pk]
    gone = archive["baikal"].pk
    Claim.objects.filter(pk=gone).delete()
    assert gone not in best("Lake Baikal is the deepest lake on Earth.")
