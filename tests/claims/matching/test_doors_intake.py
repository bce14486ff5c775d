"""The proposals page and the CSV dry run as doors: each proposed claim and each row shows what
the desk already has that says the same, matched in one batch. Real model, small desk."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.matching import index, match, match_many, search
from claims.matching.search import Query
from claims.models import Article, Claim

from . import doors

pytestmark = pytest.mark.django_db
REPORT = "\n\n".join(
    [
        "DUSHANBE, Oct 14 (Desk Wire) - Officials said the city cut bus fares by 20 percent "
        "last year.",
        '"China will reach net zero emissions before any other major economy," said Li Wen, '
        "an adviser to the summit.",
        "Parvina Nematova, an expert with the National Academy of Sciences, said that "
        "hydropower gives Tajikistan more than 90 percent of its electricity.",
    ]
)


@pytest.fixture
def claims(reviewer, editor):
    return doors.desk(reviewer, editor)


def proposals(client, text=REPORT):
    client.post(reverse("claims:article-new"), {"text": text, "url": "", "language": ""})
    article = Article.objects.get()
    return article, client.get(reverse("claims:article-candidates", args=[article.pk]))


def candidate_items(html: str) -> list[str]:
    return re.findall(
        r'<li class="candidate card.*?data-key="\d+">.*?'
        r"(?=<li class=\"candidate card|</ol>\s*</form>)",
        html,
        re.S,
    )


def test_each_proposal_shows_the_claim_already_checked(reviewer_client, claims):
    _, response = proposals(reviewer_client)
    assert response.status_code == 200
    html = response.content.decode()
    fares = next(item for item in candidate_items(html) if "bus fares by 20 percent" in item)
    summary = re.search(
        r'<details class="candidate-matches">\s*<summary>(.*?)</summary>', fares, re.S
    )
    line = " ".join(summary.group(1).split())
    assert line.startswith(
        '<strong>Already checked:</strong> <span class="badge rating">False</span> —'
    )
    assert f'{doors.FARES}</span> <span class="score"' in line
    assert f'href="/claims/{claims["fares"].pk}/"' in fares
    net_zero = next(item for item in candidate_items(html) if "net zero" in item)
    # an open claim, by another speaker: related, not the same
    assert "Related claim on the desk:" in net_zero and "status-new" in net_zero
    assert "differs (speaker): Li Wen vs" in net_zero
    hydro = next(item for item in candidate_items(html) if "ydropower" in item)
    assert "candidate-matches" not in hydro


def test_all_proposals_are_matched_in_one_batch(
    reviewer_client, claims, django_assert_max_num_queries
):
    """However many proposals: one query for the candidates, one for the claims shown and one
    for their ratings, besides the page's own."""
    article, _ = proposals(reviewer_client)
    url = reverse("claims:article-candidates", args=[article.pk])
    reviewer_client.get(url)
    with django_assert_max_num_queries(16) as captured:
        reviewer_client.get(url)
    embedding_reads = [
        q
        for q in captured.captured_queries
        if "claims_claimembedding" in q["sql"] and '"vector"' in q["sql"]
    ]
    assert len(embedding_reads) == 1


def test_match_many_ranks_each_text_as_one_read_of_every_candidate_does(claims):
    """A batch reads every candidate's vector, then the texts of only those the guard reads:
    the same suggestions as reading each text's candidates whole (`rank`, one text at a time)."""
    texts = [doors.FARES, "Beijing will hit net zero first.", "", "🙂", doors.BAIKAL]
    batch = match_many([Query(t, claimant="Hal Brenner") for t in texts])
    current = index.current()
    one_by_one = [
        search.rank(t, current, lambda ids: search._read(ids, None), claimant="Hal Brenner")
        for t in texts
    ]
    assert batch == one_by_one
    assert batch[0] == match(doors.FARES, claimant="Hal Brenner")
    excluded = match_many([Query(doors.FARES, exclude=(claims["fares"].pk,))])[0]
    assert claims["fares"].pk not in [s.claim_id for s in excluded]
    assert excluded and all(s.claim_id != claims["fares"].pk for s in excluded)


def test_the_decision_forms_are_outside_the_page_form(reviewer_client, claims):
    _, response = proposals(reviewer_client)
    html = response.content.decode()
    page_form = html.split('class="candidates" data-triage')[1].split("</form>")[0]
    assert "<form" not in page_form  # forms never nest
    assert 'data-phrase-appearance="appearance of #{n}"' in html


def test_proposal_text_is_escaped(reviewer_client, claims):
    _, response = proposals(reviewer_client, text=doors.ESCAPED + "\n\n" + REPORT)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the budget" in html


@pytest.mark.parametrize("text", [t for t in doors.BAD_TEXTS if len(t.strip()) > 20])
def test_proposals_from_odd_text_never_fail(reviewer_client, claims, text):
    refused = reviewer_client.post(
        reverse("claims:article-new"), {"text": text, "url": "", "language": ""}
    )
    article = Article.objects.first()
    if article is None:  # the intake's own refusal, next to the field
        assert refused.status_code == 200 and "errorlist" in refused.content.decode()
        return
    response = reviewer_client.get(reverse("claims:article-candidates", args=[article.pk]))
    assert response.status_code == 200


# --- CSV dry run -------------------------------------------------------------------------------

HEADER = "text,language,claimant,appeared_url,appeared_on\n"


def dry_run(client, body: str):
    upload = SimpleUploadedFile("claims.csv", (HEADER + body).encode())
    return client.post(reverse("claims:import"), {"file": upload, "dry_run": "on"})


def test_dry_run_rows_show_what_the_desk_already_has(reviewer_client, claims):
    body = (
        "Last year the city made bus fares 20% cheaper.,en,Hal Brenner,https://a.example/x,2026-01-02\n"
        "Hydropower gives Tajikistan more than 90 percent of its electricity.,en,,,\n"
        "Lake Baikal is the deepest lake on Earth.,,,,not-a-date\n"
    )
    response = dry_run(reviewer_client, body)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rows the desk may already have" in html
    rows = dict(re.findall(r'<tr data-key="(\d+)">(.*?)</tr>', html, re.S))
    assert set(rows) == {"2", "4"}  # the hydropower row matches nothing
    assert "Already checked:" in rows["2"] and "False" in rows["2"]
    assert f'href="/claims/{claims["fares"].pk}/"' in rows["2"]
    assert f'href="/claims/{claims["baikal"].pk}/"' in rows["4"]  # across languages
    assert "Nothing was imported" in html  # the bad date is still a problem of its own
    assert Claim.objects.count() == len(claims)


def test_csv_text_is_escaped(reviewer_client, claims):
    html = dry_run(reviewer_client, '"' + doors.ESCAPED.replace('"', '""') + '",en,,,\n').content
    html = html.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the budget" in html


@pytest.mark.parametrize("text", doors.BAD_TEXTS)
def test_dry_run_of_odd_text_never_fails(reviewer_client, claims, text):
    response = dry_run(reviewer_client, '"' + text.replace('"', '""') + '",,,,\n')
    assert response.status_code == 200
    if text.startswith("The city cut bus fares") and len(text) <= 2000:
        assert "Rows the desk may already have" in response.content.decode()


def test_without_javascript_a_recorded_proposal_says_so_after_the_redirect(reviewer_client, claims):
    article, response = proposals(reviewer_client)
    html = response.content.decode()
    same = re.search(r'<form id="[^"]+-same" method="post" action="([^"]+)".*?</form>', html, re.S)
    assert same is not None
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', same.group(0)))
    assert fields["door"] == "proposal" and fields["next"]
    page = reviewer_client.post(same.group(1), fields, follow=True)  # a plain form post
    appearance = Claim.objects.get(pk=fields["claim"]).appearances.get()
    assert appearance.article == article
    assert page.redirect_chain[-1][0] == fields["next"]
    assert f"Added as an appearance of claim #{fields['claim']}" in page.content.decode()
