"""New claims from an article: paste or URL, proposals, picks, spans, the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import Article, Claim, Claimant

pytestmark = pytest.mark.django_db
NEW = reverse("claims:article-new")
REPORT = (
    "DUSHANBE, Oct 14 (Desk Wire) - Tajikistan plans to more than double its solar capacity "
    "by 2030, officials said on Tuesday.\n\n"
    '"We have more than 20 smart-city projects running in Tajikistan today," said Farrukh '
    "Saidov, head of the digital services office of the Dushanbe city administration.\n\n"
    "Parvina Nematova, an expert with the National Academy of Sciences of Tajikistan, said "
    "that hydropower gives the country more than 90 percent of its electricity.\n\n"
    '"The new terminal runs entirely on wind and solar power," she added.\n'
)


def post_article(client, **data):
    return client.post(NEW, {"text": "", "url": "", "language": "", **data})


def test_outsiders_and_anonymous_cannot_use_intake(anon_client, outsider_client):
    assert anon_client.get(NEW).status_code == 302
    assert outsider_client.get(NEW).status_code == 403
    assert outsider_client.post(NEW, {"text": REPORT}).status_code == 403


def test_paste_proposes_ranked_claims_with_speakers(reviewer_client):
    response = post_article(reviewer_client, text=REPORT)
    article = Article.objects.get()
    assert response["Location"] == reverse("claims:article-candidates", args=[article.pk])
    assert article.language == "en"  # detected
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Farrukh Saidov" in page and "Parvina Nematova" in page
    assert "head of the digital services office" in page
    assert "has a number" in page
    # the pronoun resolves to the last named speaker
    assert page.count('value="Parvina Nematova"') >= 2


def test_keeping_candidates_creates_claims_linked_to_their_spans(reviewer, reviewer_client):
    post_article(reviewer_client, text=REPORT)
    article = Article.objects.get()
    page = reviewer_client.get(reverse("claims:article-candidates", args=[article.pk]))
    formset = page.context["formset"]
    data = {
        "c-TOTAL_FORMS": str(formset.total_form_count()),
        "c-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    kept = 0
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            data[f"c-{i}-{name}"] = "" if value is None else value
        if "smart-city" in form.initial["text"] or "terminal" in form.initial["text"]:
            data[f"c-{i}-keep"] = "on"
            kept += 1
        else:
            data.pop(f"c-{i}-keep", None)
    assert kept == 2
    response = reviewer_client.post(reverse("claims:article-candidates", args=[article.pk]), data)
    assert response.status_code == 302
    claims = list(Claim.objects.order_by("pk"))
    assert len(claims) == 2
    for claim in claims:
        assert claim.article == article
        assert article.text[claim.span_start : claim.span_end] == claim.text
        assert claim.checkworthiness is not None
    assert {c.claimant.name for c in claims} == {"Farrukh Saidov", "Parvina Nematova"}
    detail = reviewer_client.get(claims[0].get_absolute_url()).content.decode()
    assert "In the article" in detail and "<mark>" in detail


def test_same_speaker_twice_is_one_claimant(reviewer_client):
    Claimant.objects.create(name="Farrukh Saidov")
    post_article(reviewer_client, text=REPORT)
    article = Article.objects.get()
    formset = reviewer_client.get(reverse("claims:article-candidates", args=[article.pk])).context[
        "formset"
    ]
    data = {"c-TOTAL_FORMS": str(len(formset.forms)), "c-INITIAL_FORMS": str(len(formset.forms))}
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            data[f"c-{i}-{name}"] = "" if value is None else value
        data[f"c-{i}-keep"] = "on"
    reviewer_client.post(reverse("claims:article-candidates", args=[article.pk]), data)
    assert Claimant.objects.filter(name="Farrukh Saidov").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the article"),
        ({"text": "Too short."}, "too little text"),
        ({"text": "x" * 200_001}, "the limit is 200,000"),
        ({"text": "PK\x03\x04\x00\x00binary\x00junk" * 20}, "binary data"),
        ({"text": REPORT, "url": "https://example.org/a"}, "not both"),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"url": "http://127.0.0.1:1/article"}, "could not be fetched"),
        ({"text": REPORT, "language": "xx"}, "Select a valid choice"),
    ],
)
def test_bad_articles_get_a_clear_message_and_nothing_is_created(reviewer_client, data, message):
    response = post_article(reviewer_client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_pasted_html_is_reduced_to_text(reviewer_client):
    html = "<html><body><article><p>" + REPORT.replace("\n\n", "</p><p>") + "</p></article>"
    html += "<script>alert(1)</script></body></html>"
    post_article(reviewer_client, text=html)
    article = Article.objects.get()
    assert "<p>" not in article.text and "alert(1)" not in article.text
    assert "Farrukh Saidov" in article.text


def test_unbalanced_quotes_do_not_swallow_the_article(reviewer_client):
    text = (
        REPORT
        + '\n\n"This quote never closes, said nobody.\n\nThe city has 40 buses, officials said.'
    )
    post_article(reviewer_client, text=text)
    page = reviewer_client.get(
        reverse("claims:article-candidates", args=[Article.objects.get().pk])
    ).content.decode()
    assert "Farrukh Saidov" in page


def test_fetch_by_url_through_the_safe_client(reviewer_client, fixture_http):
    fixture_http.use("pagemeta", "article")
    url = (
        fixture_http.url
        + "/en/news/tajikistan/economic/20250512/dushanbe-to-launch-20-smart-city-projects"
    )
    response = post_article(reviewer_client, url=url)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.url == url and article.title and len(article.text) > 200


def test_the_command_prints_json_lines_and_creates(tmp_path, reviewer, capsys):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    call_command("import_article", str(path))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and {
        "text",
        "speaker",
        "speaker_description",
        "start",
        "end",
        "score",
        "type",
        "reasons",
    } <= set(lines[0])
    assert any(line["speaker"] == "Farrukh Saidov" for line in lines)
    assert not Claim.objects.exists()
    call_command("import_article", str(path), "--create", "--user", "rita", stdout=io.StringIO())
    assert Claim.objects.count() == len(lines)
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("import_article", str(path), "--language", "xx")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_article", str(tmp_path / "missing.txt"))
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CommandError):
        call_command("import_article", str(tmp_path / "bin"))
