"""Same and similar claims: found in the background, stored, shown on the claim page, and one
click away from being marked as a duplicate."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from claims import services, similarity
from claims.models import Claim, SimilarClaim
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def claim(user, text, language="en"):
    made = services.claim_create(
        actor=user, fields=services.ClaimFields(text=text, language=language)
    )
    services.claim_analyse(claim_id=made.pk)
    made.refresh_from_db()
    return made


@pytest.fixture
def desk(reviewer):
    return {
        "a": claim(reviewer, "Tajikistan runs more than 20 smart-city projects in its cities."),
        "b": claim(
            reviewer, "More than 20 smart city projects are running in Tajikistan's cities."
        ),
        "exact": claim(reviewer, "tajikistan runs MORE than 20 smart-city projects in its cities!"),
        "other": claim(reviewer, "Hydropower gives the country almost all of its electricity."),
        "ru1": claim(reviewer, "В Бишкеке за пять лет высадили больше миллиона деревьев.", "ru"),
        "ru2": claim(reviewer, "За пять лет в Бишкеке высадили более миллиона деревьев.", "ru"),
        "zh1": claim(reviewer, "中国计划在2060年之前实现碳中和。", "zh"),
        "zh2": claim(reviewer, "中国计划2060年前实现碳中和", "zh"),
    }


def test_near_and_exact_matches_are_found_best_first(desk):
    matches = similarity.similar_claims(desk["a"].text, exclude_id=desk["a"].pk)
    found = [m.claim for m in matches]
    assert found[0] == desk["exact"] and matches[0].exact and matches[0].score == 1.0
    assert desk["b"] in found
    assert desk["other"] not in found
    assert all(m.score >= similarity.MIN_SCORE for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.parametrize(("left", "right"), [("ru1", "ru2"), ("zh1", "zh2")])
def test_cyrillic_and_chinese_near_duplicates(desk, left, right):
    found = [m.claim for m in similarity.similar_claims(desk[left].text, exclude_id=desk[left].pk)]
    assert desk[right] in found


def test_analysis_stores_the_matches_both_ways(desk):
    a, b = desk["a"], desk["b"]
    assert SimilarClaim.objects.filter(claim=a, other=b).exists()
    assert SimilarClaim.objects.filter(claim=b, other=a).exists()
    exact = SimilarClaim.objects.get(claim=desk["exact"], other=a)
    assert exact.exact and exact.score == 1.0
    # Analysing again replaces rather than duplicates.
    services.claim_analyse(claim_id=a.pk)
    assert SimilarClaim.objects.filter(claim=a, other=b).count() == 1


def test_a_second_message_for_an_analysed_claim_costs_one_query(
    desk, reviewer, django_assert_num_queries
):
    # The sweeper may send a claim again while a busy queue drains: the worker skips it.
    a = desk["a"]
    with django_assert_num_queries(1):
        assert services.claim_analyse(claim_id=a.pk, owed_only=True) is False
    services.claim_update(
        actor=reviewer,
        claim_id=a.pk,
        expected_version=a.version,
        fields=services.ClaimFields(text="Tajikistan runs 25 smart-city projects.", language="en"),
    )
    assert services.claim_analyse(claim_id=a.pk, owed_only=True) is True
    assert not Claim.objects.analysis_owed().filter(pk=a.pk).exists()


def test_claim_page_lists_them_and_editors_can_mark_a_duplicate(
    desk, reviewer_client, editor_client
):
    a, exact = desk["a"], desk["exact"]
    page = reviewer_client.get(exact.get_absolute_url()).content.decode()
    assert "Same text" in page and f"#{a.pk}" in page
    assert "make this an appearance of" not in page  # reviewers do not dismiss
    assert "Not the same" in page  # but they say when a suggestion is wrong
    panel = editor_client.get(reverse("reviews:analysis", args=[exact.pk]), **HTMX).content.decode()
    assert f"Same claim — make this an appearance of #{a.pk}" in panel
    editor_client.post(
        reverse("reviews:dismiss", args=[exact.pk]),
        {"reason": "duplicate", "duplicate_of": a.pk, "version": exact.version},
    )
    exact.refresh_from_db()
    assert (exact.status, exact.duplicate_of) == (Claim.Status.DISMISSED, a)


def test_postgres_answers_through_the_trigram_index(desk):
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    from django.contrib.postgres.search import TrigramSimilarity

    from claims.models import SimilarityKey

    query = (
        SimilarityKey.objects.filter(words__trigram_similar="smart city projects")
        .annotate(s=TrigramSimilarity("words", "smart city projects"))
        .order_by("-s")[:5]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = query.explain()
    assert "similarity_key_trgm" in plan
