from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tests.conftest import HTMX
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db
URL = reverse("claims:list")


def texts(response: Any) -> list[str]:
    """The texts of the page's claims, in the page's order."""
    ids = [row.pk for row in response.context["page"].items]
    found = Claim.objects.in_bulk(ids)
    return [found[pk].text for pk in ids]


def test_anonymous_is_sent_to_login(anon_client):
    response = anon_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_outsider_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["reviewer_client", "editor_client"])
def test_desk_members_see_claims(request, persona):
    claim = ClaimFactory(text="Dushanbe has 20 smart-city projects.")
    response = request.getfixturevalue(persona).get(URL)
    assert response.status_code == 200
    assert claim.text in response.content.decode()
    assert "<html" in response.content.decode()


def test_htmx_request_gets_only_the_table(reviewer_client):
    ClaimFactory(text="Dushanbe has 20 smart-city projects.")
    response = reviewer_client.get(URL, {"q": "dushanbe"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="claim-table"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(reviewer_client):
    response = reviewer_client.get(URL, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_filters_combine(reviewer_client, reviewer):
    speaker = ClaimantFactory(name="Parvina Nematova")
    wanted = ClaimFactory(
        text="Hydropower gives Tajikistan over 90 percent of its electricity.",
        claimant=speaker,
        language="en",
        status=Claim.Status.IN_REVIEW,
        assignee=reviewer,
        appeared_on=date(2026, 10, 15),
        tags=["energy"],
    )
    ClaimFactory(text="Other language", language="ru", status=Claim.Status.IN_REVIEW)
    ClaimFactory(text="Other status", claimant=speaker, status=Claim.Status.NEW, tags=["energy"])
    ClaimFactory(text="Too early", claimant=speaker, appeared_on=date(2020, 1, 1))
    query = {
        "status": "in_review",
        "language": "en",
        "said_by": "nematova",
        "tag": "Energy",
        "assignee": "me",
        "said_from": "2026-10-01",
        "said_to": "2026-10-31",
    }
    response = reviewer_client.get(URL, query)
    assert texts(response) == [wanted.text]
    by_id = reviewer_client.get(URL, {"claimant": speaker.pk, "status": "in_review"})
    assert texts(by_id) == [wanted.text]
    by_user = reviewer_client.get(URL, {"assignee": str(reviewer.pk)})
    assert texts(by_user) == [wanted.text]


def test_unassigned_filter(reviewer_client, reviewer):
    ClaimFactory(text="Taken claim", assignee=reviewer)
    free = ClaimFactory(text="Free claim")
    assert texts(reviewer_client.get(URL, {"assignee": "none"})) == [free.text]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("net zero", "China is on track to meet its net-zero commitments."),
        ("COMMITMENTS china", "China is on track to meet its net-zero commitments."),
        ("commit", "China is on track to meet its net-zero commitments."),
        ("碳中和", "中国计划在2060年之前实现碳中和。"),
        ("2060", "中国计划在2060年之前实现碳中和。"),
        ("бишкеке", "За последние пять лет в Бишкеке высадили больше миллиона деревьев."),
        ("ДЕРЕВЬЕВ", "За последние пять лет в Бишкеке высадили больше миллиона деревьев."),
        ("دبي", "تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة"),
        ("nematova", "Hydropower gives most of the electricity."),
    ],
)
def test_full_text_search_in_several_scripts(reviewer_client, query, found):
    for text_ in [
        "China is on track to meet its net-zero commitments.",
        "中国计划在2060年之前实现碳中和。",
        "За последние пять лет в Бишкеке высадили больше миллиона деревьев.",
        "تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة",
    ]:
        ClaimFactory(text=text_)
    ClaimFactory(
        text="Hydropower gives most of the electricity.",
        claimant=ClaimantFactory(name="Parvina Nematova"),
    )
    ClaimFactory(text="Smart city projects cut traffic jams by a third.")
    assert texts(reviewer_client.get(URL, {"q": query})) == [found]


@pytest.mark.postgres
def test_postgres_search_uses_stems(reviewer_client, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's")
    ClaimFactory(text="За последние пять лет в Бишкеке высадили больше миллиона деревьев.")
    assert len(texts(reviewer_client.get(URL, {"q": "деревья"}))) == 1
    assert len(texts(reviewer_client.get(URL, {"q": "planting trees"}))) == 0


def test_search_with_only_punctuation_lists_everything(reviewer_client):
    ClaimFactory()
    assert len(texts(reviewer_client.get(URL, {"q": "&|!:*'"}))) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"language": "xx"},
        {"said_from": "not-a-date"},
        {"said_from": "2026-10-10", "said_to": "2026-01-01"},
        {"assignee": "99999999"},
        {"claimant": "abc"},
        {"sort": "random"},
        {"after": "%%%garbage"},
        {"before": "eyJub3QiOiJhIGN1cnNvciJ9"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_a_clean_400(reviewer_client, query):
    response = reviewer_client.get(URL, query)
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "damaged" in response.content.decode()
    htmx = reviewer_client.get(URL, query, **HTMX)
    assert htmx.status_code == 400
    assert "<html" not in htmx.content.decode()


def test_keyset_pages_walk_every_claim_once_both_ways(reviewer_client, settings):
    settings.CLAIMS_PER_PAGE = 5
    same_moment = timezone.now() - timedelta(hours=1)
    created = [ClaimFactory(text=f"Claim number {i}") for i in range(23)]
    # Ties on the sort key must not lose or repeat rows.
    Claim.objects.filter(pk__in=[c.pk for c in created[5:15]]).update(created_at=same_moment)
    expected = list(Claim.objects.order_by("-created_at", "-id").values_list("pk", flat=True))

    seen: list[int] = []
    pages = []
    params: dict[str, str] = {}
    while True:
        page = reviewer_client.get(URL, params).context["page"]
        pages.append(page)
        seen += [c.pk for c in page.items]
        if not page.next_cursor:
            break
        params = {"after": page.next_cursor}
    assert seen == expected
    assert len(pages) == 5

    back: list[int] = []
    page = pages[-1]
    back = [c.pk for c in page.items]
    while page.previous_cursor:
        page = reviewer_client.get(URL, {"before": page.previous_cursor}).context["page"]
        back = [c.pk for c in page.items] + back
    assert back == expected
    assert page.is_first


def test_oldest_first_sort(reviewer_client):
    first = ClaimFactory(text="The first claim")
    ClaimFactory(text="The second claim")
    Claim.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert texts(reviewer_client.get(URL, {"sort": "oldest"}))[0] == first.text


def test_query_count_does_not_grow_with_rows(reviewer_client, settings):
    settings.CLAIMS_PER_PAGE = 5

    def measure(**params: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert reviewer_client.get(URL, params).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(6):
        ClaimFactory(tags=["a", "b"])
    cold = measure()  # nothing cached yet: the rows are loaded whole and rendered
    few = measure()
    few_filtered = (measure(tag="a", status="new"), measure(tag="a", status="new"))[1]
    for _ in range(40):
        ClaimFactory(tags=["a"], assignee=ClaimFactory().created_by)
    assert measure() <= cold  # new rows on the page: loaded and rendered, in the same queries
    assert measure() == few
    assert (measure(tag="a", status="new"), measure(tag="a", status="new"))[1] == few_filtered
    assert few <= 9 and cold <= 14


def test_count_is_exact_and_only_on_the_first_page(reviewer_client, settings):
    settings.CLAIMS_PER_PAGE = 5
    for _ in range(3):
        ClaimFactory()
    assert reviewer_client.get(URL).context["total"] == 3
    for _ in range(4):
        ClaimFactory()
    first = reviewer_client.get(URL).context
    assert first["total"] == 7
    second = reviewer_client.get(URL, {"after": first["page"].next_cursor})
    assert second.context["total"] is None
    assert "7 claims" not in second.content.decode()


def test_html_in_claims_is_escaped(reviewer_client):
    ClaimFactory(
        text='<script>alert("x")</script> said the mayor',
        claimant=ClaimantFactory(name="<b>Mayor</b>"),
        appeared_outlet="<img src=x onerror=alert(1)>",
        tags=["<i>tag</i>"],
    )
    body = reviewer_client.get(URL).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<b>Mayor</b>" not in body
    assert "<img src=x" not in body
    assert "<i>tag</i>" not in body


def test_count_is_capped_for_huge_results(reviewer_client, monkeypatch, settings):
    from claims.views import lists

    monkeypatch.setattr(lists, "LIST_COUNT_CAP", 3)
    settings.CLAIMS_PER_PAGE = 2
    for _ in range(5):
        ClaimFactory()
    response = reviewer_client.get(URL)
    assert response.context["total"] == 3
    assert response.context["total_capped"] is True


def test_cached_rows_follow_every_change(reviewer, reviewer_client, editor_client):
    """Rows are rendered once per version, claimant and language, then read from the cache."""
    from claims import services
    from reviews import services as review_services

    claimant = ClaimantFactory(name="Ana Ruiz")
    claim = ClaimFactory(text="Bogotá planted 400,000 trees in 2023.", claimant=claimant)
    assert "Bogotá planted 400,000 trees" in reviewer_client.get(URL).content.decode()

    services.claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=claim.version,
        fields=services.ClaimFields(
            text="Bogotá planted 500,000 trees in 2023.", language="en", claimant=claimant
        ),
    )
    body = reviewer_client.get(URL).content.decode()
    assert "500,000" in body and "400,000" not in body

    review_services.claim_take(actor=reviewer, claim_id=claim.pk)
    assert "<td>rita</td>" in reviewer_client.get(URL).content.decode()

    claimant.name = "Ana María Ruiz"
    claimant.save()
    assert "Ana María Ruiz" in reviewer_client.get(URL).content.decode()

    # The same claim for an editor (with the bulk-assign checkbox) and in another language.
    assert 'name="claims"' in editor_client.get(URL).content.decode()
    assert 'name="claims"' not in reviewer_client.get(URL).content.decode()
    english = reviewer_client.get(URL).content.decode()
    russian = reviewer_client.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "In review" in english and "In review" not in russian


def test_cached_filter_fields_follow_the_query_members_and_language(reviewer_client):
    """Valid filters' fields are rendered once per query string, member list and language,
    then read from the cache with the rows: each page still shows what it was asked for."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    def selected(body: str, name: str) -> str:
        select = body.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
        return select.split(" selected>", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]

    ClaimFactory(status=Claim.Status.NEW, language="en")
    for _ in range(2):  # the second time from the cache
        published = reviewer_client.get(URL, {"status": "published"}).content.decode()
        new = reviewer_client.get(URL, {"status": "new", "language": "fr"}).content.decode()
        assert selected(published, "status") == "published"
        assert selected(new, "status") == "new" and selected(new, "language") == "fr"
        # Another page of the same filters shows the same fields.
        after = reviewer_client.get(URL, {"status": "published", "after": "x"})
        assert after.status_code == 400  # a damaged cursor: still the filters, not cached
        assert selected(after.content.decode(), "status") == "published"

    # A new desk member is offered as an assignee at once.
    assert ">nadia</option>" not in reviewer_client.get(URL).content.decode()
    member = UserFactory(username="nadia")
    member.groups.add(Group.objects.get(name="Reviewer"))
    assert ">nadia</option>" in reviewer_client.get(URL).content.decode()

    english = reviewer_client.get(URL).content.decode()
    russian = reviewer_client.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Any status" in english and "Any status" not in russian
