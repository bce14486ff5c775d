"""Public fact-check pages, their index, the Atom feed and the read API: no login needed."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews import services
from reviews.exports import claimreview
from tests.factories import ClaimantFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.blocks.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.blocks[-1]
            self.blocks[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def json_ld_blocks(html: str) -> list[dict]:
    parser = Scripts()
    parser.feed(html)
    return [json.loads(t) for a, t in parser.blocks if a.get("type") == "application/ld+json"]


@pytest.fixture
def published(reviewer, editor):
    verdict = wf.published(
        reviewer,
        editor,
        text="Tajikistan runs more than 20 smart-city projects.",
        claimant=ClaimantFactory(name="Farrukh Saidov", same_as="https://www.wikidata.org/wiki/Q1"),
        appeared_url="https://news.example.org/summit",
    )
    return verdict


def test_anyone_reads_a_published_fact_check_with_one_claimreview(anon_client, published):
    url = claimreview.public_path(published.claim_id, published.summary)
    response = anon_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tajikistan runs more than 20 smart-city projects." in body
    assert published.summary in body and "False" in body
    assert "Report 0" in body  # the evidence
    (review,) = json_ld_blocks(body)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == published.summary
    assert review["itemReviewed"]["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q1"
    assert review["url"].endswith(url)


def test_wrong_or_missing_slug_redirects_to_the_canonical_address(anon_client, published):
    canonical = claimreview.public_path(published.claim_id, published.summary)
    for wrong in (f"/fact-checks/{published.claim_id}/", f"/fact-checks/{published.claim_id}-x/"):
        response = anon_client.get(wrong)
        assert response.status_code == 301 and response["Location"] == canonical


def test_unpublished_claims_are_not_public(anon_client, reviewer):
    verdict = wf.submitted(reviewer)
    assert anon_client.get(f"/fact-checks/{verdict.claim_id}/").status_code == 404
    assert anon_client.get(f"/api/v1/fact-checks/{verdict.claim_id}/").status_code == 404
    assert anon_client.get("/api/v1/fact-checks/").json()["results"] == []


def test_corrections_show_a_dated_note_and_the_earlier_version(
    anon_client, published, reviewer2, editor
):
    claim = published.claim
    draft = services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    draft = wf.draft(
        claim,
        reviewer2,
        rating=wf.rating("Mostly false"),
        summary="Tajikistan runs 12 smart-city projects, not 20",
        correction_note="The register was updated in October.",
    )
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    current = services.verdict_approve(
        actor=editor, verdict_id=draft.pk, expected_version=draft.version
    )
    # The old address (the first summary's slug) still leads to the page.
    old = anon_client.get(claimreview.public_path(claim.pk, published.summary))
    assert old.status_code == 301
    page = anon_client.get(old["Location"]).content.decode()
    assert "The register was updated in October." in page
    assert "Version 1, published" in page and "Mostly false" in page
    (review,) = json_ld_blocks(page)
    assert review["dateModified"] >= review["datePublished"]
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert current.rating_label == "Mostly false"


def test_script_in_every_text_field_stays_data(anon_client, reviewer, editor):
    payload = "</script><script>alert(1)</script><!--"
    verdict = wf.published(
        reviewer,
        editor,
        text=f"{payload} claim text",
        claimant=ClaimantFactory(name=f"{payload} name", description=payload),
        appeared_outlet=payload,
    )
    page = anon_client.get(claimreview.public_path(verdict.claim_id, verdict.summary)).content
    html = page.decode()
    parser = Scripts()
    parser.feed(html)
    assert len(parser.blocks) == 1  # only the JSON-LD block: no script came from the data
    (review,) = json_ld_blocks(html)
    assert review["itemReviewed"]["author"]["name"] == f"{payload} name"


def test_index_searches_and_pages(anon_client, reviewer, editor):
    for n in range(3):
        wf.published(reviewer, editor, text=f"Bishkek planted {n} million trees in five years.")
    body = anon_client.get(reverse("public:index"), {"q": "bishkek"}).content.decode()
    assert body.count('class="fact-check-title"') == 3
    none = anon_client.get(reverse("public:index"), {"q": "nowhere-at-all"}).content.decode()
    assert "No published fact-checks match." in none
    assert anon_client.get(reverse("public:index"), {"after": "garbage"}).status_code == 400


def test_atom_feed_lists_new_and_corrected_verdicts(anon_client, published, reviewer2, editor):
    claim = published.claim
    draft = services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    draft = wf.draft(claim, reviewer2, correction_note="Updated figure.")
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor, verdict_id=draft.pk, expected_version=draft.version)
    response = anon_client.get(reverse("public:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = feed.findall("a:entry", ns)
    titles = [e.find("a:title", ns).text for e in entries]
    assert len(entries) == 2 and titles[0].startswith("Correction: ")
    ids = {e.find("a:id", ns).text for e in entries}
    assert len(ids) == 2


class TestApi:
    def test_list_detail_and_filters(self, anon_client, published, reviewer, editor):
        wf.published(
            reviewer,
            editor,
            text="Hydropower gives Tajikistan 90 percent of its power.",
            language="en",
        )
        listing = anon_client.get("/api/v1/fact-checks/").json()
        assert len(listing["results"]) == 2 and listing["next"] is None
        one = anon_client.get("/api/v1/fact-checks/", {"q": "hydropower"}).json()["results"]
        assert len(one) == 1 and one[0]["rating"]["label"] == "False"
        assert anon_client.get("/api/v1/fact-checks/", {"rating": "true"}).json()["results"] == []
        detail = anon_client.get(f"/api/v1/fact-checks/{published.claim_id}/").json()
        assert detail["evidence"][0]["label"] == "E1"
        assert detail["claim_review"]["@type"] == "ClaimReview"

    def test_cursor_pagination_walks_everything_once(self, anon_client, reviewer, editor):
        for n in range(5):
            wf.published(reviewer, editor, text=f"Claim number {n} about Dushanbe.")
        seen, url = [], "/api/v1/fact-checks/?page_size=2"
        while url:
            data = anon_client.get(url.replace("http://127.0.0.1:8000", "")).json()
            seen += [r["id"] for r in data["results"]]
            url = data["next"]
        assert len(seen) == 5 and len(set(seen)) == 5

    @pytest.mark.parametrize(
        "params",
        [
            {"page_size": "0"},
            {"page_size": "abc"},
            {"page_size": "101"},
            {"published_since": "yesterday"},
            {"after": "!!"},
        ],
    )
    def test_bad_parameters_are_a_json_400(self, anon_client, params):
        response = anon_client.get("/api/v1/fact-checks/", params)
        assert response.status_code == 400 and "detail" in response.json()

    def test_rate_limit(self, anon_client, settings):
        settings.API_RATE_LIMIT = 3
        cache.clear()
        codes = [anon_client.get("/api/v1/fact-checks/").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        limited = anon_client.get("/api/v1/fact-checks/")
        assert int(limited["Retry-After"]) <= 60

    def test_openapi_document_describes_the_endpoints(self, anon_client):
        doc = anon_client.get("/api/v1/openapi.json").json()
        assert doc["openapi"].startswith("3.")
        assert set(doc["paths"]) == {
            "/api/v1/fact-checks/",
            "/api/v1/fact-checks/{id}/",
            "/api/v1/matches",
            "/api/v1/submissions/",
            "/api/v1/claims/",
            "/api/v1/claims/{id}/evidence/",
        }


def test_the_page_reads_like_a_fact_check_and_shares_as_a_card(
    anon_client, published, reviewer2, editor
):
    claim = published.claim
    services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    draft = wf.draft(claim, reviewer2, correction_note="The register was updated in October.")
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor, verdict_id=draft.pk, expected_version=draft.version)
    page = anon_client.get(f"/fact-checks/{claim.pk}/", follow=True).content.decode()
    # The dated correction note comes before the conclusion, not only at the end.
    assert page.index("Corrected ") < page.index("Our conclusion")
    assert page.index("The register was updated in October.") < page.index("Our conclusion")
    for heading in ("Our conclusion", "How we checked", "Evidence", "Corrections"):
        assert f">{heading}</h2>" in page, heading
    for tag in (
        'property="og:title"',
        'property="og:description"',
        'property="og:url"',
        'name="twitter:card"',
        'name="description"',
        'rel="canonical"',
    ):
        assert tag in page, tag
    assert f'content="False: {published.summary}"' in page


def test_editors_preview_the_public_page_before_approving(
    reviewer, reviewer2_client, editor_client, anon_client
):
    verdict = wf.submitted(reviewer, text="A claim whose verdict waits for approval")
    preview = reverse("reviews:public-preview", args=[verdict.claim_id])
    page = editor_client.get(preview)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Preview of version 1" in body and verdict.summary in body
    assert "A claim whose verdict waits for approval" in body
    assert 'name="robots" content="noindex, nofollow"' in body
    assert "application/ld+json" not in body  # nothing for aggregators to pick up
    assert reviewer2_client.get(preview).status_code == 403
    assert anon_client.get(preview).status_code == 302  # to the login page
    assert anon_client.get(f"/fact-checks/{verdict.claim_id}/").status_code == 404
