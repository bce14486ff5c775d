"""New claims from an article: paste, URL or both, proposals and their triage (ticking, the
count, the role and kind of speaker), picks, spans, the command."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims import intake
from claims.matching import index as matching_index
from claims.models import Article, Claim, Claimant, LookupJob
from claims.text import fingerprint, normalize_claim

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


# --- Pasted text with its address ----------------------------------------------------------


def test_pasted_text_with_its_address_keeps_the_text_and_records_the_address(
    reviewer_client, fixture_http, settings
):
    # No case is loaded: if the desk fetched the address, the fixture server would fail the test.
    settings.LOOKUPS_PROVIDERS = ["pagemeta", "wayback", "wikipedia"]
    url = fixture_http.url + "/en/news/dushanbe-smart-city-projects"
    response = post_article(reviewer_client, text=REPORT, url=url, publisher="Desk Wire")
    article = Article.objects.get()
    assert response["Location"] == reverse("claims:article-candidates", args=[article.pk])
    assert article.url == url and article.text == REPORT.strip()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "They will be recorded as having appeared at" in page and f'href="{url}"' in page

    response = reviewer_client.post(response["Location"], picks(reviewer_client, article, 0, 1))
    assert response.status_code == 302
    claims = list(Claim.objects.order_by("pk"))
    assert len(claims) == 2
    for claim in claims:
        assert claim.appeared_url == url and claim.appeared_outlet == "Desk Wire"
        # the page-metadata and archive lookups have an address to work on
        jobs = dict(LookupJob.objects.filter(claim=claim).values_list("provider", "status"))
        assert jobs["pagemeta"] == jobs["wayback"] == LookupJob.Status.QUEUED


def test_pasted_text_alone_has_no_address_to_look_up(reviewer_client, settings):
    settings.LOOKUPS_PROVIDERS = ["pagemeta", "wayback"]
    post_article(reviewer_client, text=REPORT)
    article = Article.objects.get()
    assert article.url == ""
    url = reverse("claims:article-candidates", args=[article.pk])
    reviewer_client.post(url, picks(reviewer_client, article, 0))
    statuses = set(LookupJob.objects.values_list("status", flat=True))
    assert statuses == {LookupJob.Status.SKIPPED}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Enter a valid URL."),
        ("ftp://example.org/report.txt", "Enter a valid URL."),
        ("https://news.example.org/" + "a" * 2000, "at most 2000 characters"),
        ("https://rita:secret@news.example.org/a", "contains a user name or password"),
        ("http://localhost:8000/a", "points inside our own network"),
        ("http://10.0.0.7/a", "points inside our own network"),
    ],
)
def test_a_bad_address_next_to_pasted_text_is_reported_under_it_and_the_text_kept(
    reviewer_client, url, message
):
    response = post_article(reviewer_client, text=REPORT, url=url, title="Solar plans")
    assert response.status_code == 200
    body = response.content.decode()
    errors = html.unescape(body.split('id="id_url_error"', 1)[1].split("</ul>", 1)[0])
    assert message in errors
    assert 'id="id_text_error"' not in body  # the text was fine
    assert html.escape(REPORT.split("\n", 1)[0]) in body  # and is still in its box
    assert 'value="Solar plans"' in body
    assert not Article.objects.exists()


def test_text_problems_are_still_reported_under_the_text_when_an_address_is_given(
    reviewer_client,
):
    response = post_article(reviewer_client, text="Too short.", url="https://news.example.org/a")
    body = html.unescape(response.content.decode())
    assert "too little text" in body.split('id="id_text_error"', 1)[1].split("</ul>", 1)[0]
    assert 'value="https://news.example.org/a"' in body
    assert not Article.objects.exists()


# --- The proposals page: triage --------------------------------------------------------------


def picks(client, article, *ticked: int, **changes: str) -> dict[str, str]:
    """What the proposals page sends with the given candidates ticked (by position) and some
    fields changed (`c-0-speaker_description="..."`)."""
    url = reverse("claims:article-candidates", args=[article.pk])
    formset = client.get(url).context["formset"]
    data = {
        "c-TOTAL_FORMS": str(formset.total_form_count()),
        "c-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if name != "keep":
                data[f"c-{i}-{name}"] = "" if value is None else str(value)
    data.update({f"c-{i}-keep": "on" for i in ticked})
    data.update({name.replace("__", "-"): value for name, value in changes.items()})
    return data


def positions(client, article) -> dict[str, int]:
    """Where each proposed claim sits on the page, by its first words."""
    url = reverse("claims:article-candidates", args=[article.pk])
    forms = client.get(url).context["formset"].forms
    return {form.initial["text"][:12]: i for i, form in enumerate(forms)}


def candidates_page(client) -> tuple[Article, str]:
    post_article(client, text=REPORT)
    article = Article.objects.get()
    return article, reverse("claims:article-candidates", args=[article.pk])


def count_phrases(body: str) -> dict[str, list[str]]:
    """The phrases desk.js shows for each count, from the form's data attributes."""
    return {
        name: json.loads(html.unescape(re.search(f'data-phrases-{name}="([^"]*)"', body)[1]))
        for name in ("kept", "known")
    }


def ticked_boxes(body: str) -> list[int]:
    return sorted(
        int(n)
        for n in re.findall(r'<input type="checkbox" name="c-(\d+)-keep"[^>]* checked>', body)
    )


def test_candidates_are_one_line_each_until_opened(reviewer_client):
    article, url = candidates_page(reviewer_client)
    response = reviewer_client.get(url)
    body = response.content.decode()
    candidates = intake.propose(article)[0]
    assert body.count('<details class="candidate-details">') == len(candidates) == 4  # collapsed
    summaries = [
        body.split(f'<summary id="c-{i}-summary">', 1)[1].split("</summary>", 1)[0]
        for i in range(len(candidates))
    ]
    first = summaries[0]
    assert f">{candidates[0].score:.2f}<" in first and ">Quantity<" in first
    assert "Farrukh Saidov, head of the digital services office" in first
    assert "We have more than 20 smart-city projects" in first
    # the unnamed officials: their description stands in for a speaker
    assert any("officials" in summary for summary in summaries)
    # the tick says which claim it keeps
    assert 'name="c-0-keep" id="id_c-0-keep" aria-describedby="c-0-summary"' in body
    assert "0 claims will be created." in body


def test_a_candidate_with_a_problem_is_opened_and_says_so(reviewer_client):
    article, url = candidates_page(reviewer_client)
    response = reviewer_client.post(url, picks(reviewer_client, article, 0, 1, c__1__text="Yes"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<details class="candidate-details" open>') == 1
    opened = body.split('<details class="candidate-details" open>', 1)[1]
    assert 'id="id_c-1-text_error"' in opened.split("</details>", 1)[0]
    assert "needs a correction" in opened
    # what was ticked stays ticked, and the count says so
    assert ticked_boxes(body) == [0, 1] and "2 claims will be created." in body
    assert not Claim.objects.exists()


def test_ticking_buttons_work_without_javascript_and_keep_what_was_typed(reviewer_client):
    article, url = candidates_page(reviewer_client)
    scores = [round(c.score, 2) for c in intake.propose(article)[0]]
    above = [i for i, score in enumerate(scores) if score >= 0.6]
    assert 0 < len(above) < len(scores), scores  # the report has claims on both sides
    below = max(set(range(len(scores))) - set(above))
    typed = picks(
        reviewer_client, article, below, c__0__text="We run 23 smart-city projects today."
    )

    everything = reviewer_client.post(url, {**typed, "tick": "all", "tick_from": "0.50"})
    body = everything.content.decode()
    assert everything.status_code == 200 and ticked_boxes(body) == [0, 1, 2, 3]
    assert "4 claims will be created." in body
    assert "We run 23 smart-city projects today." in body  # the edit is kept

    from_score = reviewer_client.post(url, {**typed, "tick": "from", "tick_from": "0.60"})
    body = from_score.content.decode()
    assert ticked_boxes(body) == above  # and the one below, ticked by hand, is unticked
    assert '<option value="0.60" selected>' in body
    assert f"{len(above)} claims will be created." in body

    nothing = reviewer_client.post(url, {**typed, "tick": "none"})
    assert ticked_boxes(nothing.content.decode()) == []

    tampered = reviewer_client.post(url, {**typed, "tick": "from", "tick_from": "0.33"})
    assert tampered.status_code == 200
    assert "Choose how to tick the claims from the buttons." in [
        str(m) for m in tampered.context["messages"]
    ]
    assert not Claim.objects.exists()  # ticking never creates


def test_the_count_mentions_claims_already_on_the_desk(reviewer_client):
    article, url = candidates_page(reviewer_client)
    reviewer_client.post(url, picks(reviewer_client, article, 0))
    claim = Claim.objects.get()  # as the worker's analysis leaves it
    claim.fingerprint = fingerprint(normalize_claim(claim.text))
    claim.save(update_fields=["fingerprint"])
    body = reviewer_client.post(url, {**picks(reviewer_client, article), "tick": "all"})
    page = body.content.decode()
    assert "4 claims will be created." in page and "1 of them is already on the desk." in page
    phrases = count_phrases(page)
    assert phrases["kept"][1] == "1 claim will be created."
    assert phrases["kept"][4] == "4 claims will be created." and len(phrases["kept"]) == 5
    assert phrases["known"] == ["", "1 of them is already on the desk."]


def test_the_role_is_shown_editable_and_carried_into_the_claimant(reviewer_client):
    article, url = candidates_page(reviewer_client)
    page = reviewer_client.get(url).content.decode()
    assert page.count(">Role or affiliation</label>") == 4
    assert 'value="head of the digital services office of the Dushanbe city administration"' in page
    at = positions(reviewer_client, article)
    data = picks(reviewer_client, article, at["We have more"], at["Hydropower g"])
    data[f"c-{at['We have more']}-speaker_description"] = "deputy head of digital services"
    assert reviewer_client.post(url, data).status_code == 302
    assert dict(Claimant.objects.values_list("name", "description")) == {
        "Farrukh Saidov": "deputy head of digital services",
        "Parvina Nematova": "expert with the National Academy of Sciences of Tajikistan",
    }


def test_a_corrected_role_wins_over_another_quote_of_the_same_speaker(reviewer_client):
    article, url = candidates_page(reviewer_client)
    at = positions(reviewer_client, article)
    first, later = sorted([at["Hydropower g"], at["The new term"]])  # both Parvina Nematova
    data = picks(reviewer_client, article, first, later)
    data[f"c-{later}-speaker_description"] = "a physicist at the Academy of Sciences"
    assert reviewer_client.post(url, data).status_code == 302
    assert Claimant.objects.get().description == "a physicist at the Academy of Sciences"
    assert Claim.objects.filter(claimant__name="Parvina Nematova").count() == 2


def test_a_speaker_already_on_the_desk_is_named_with_what_happens_to_the_role(reviewer_client):
    Claimant.objects.create(name="Farrukh  Saidov", description="deputy mayor")
    Claimant.objects.create(name="Parvina Nematova")
    article, url = candidates_page(reviewer_client)
    page = html.unescape(reviewer_client.get(url).content.decode())
    assert "The desk already has Farrukh  Saidov (deputy mayor): the claim goes to them" in page
    assert "The desk already has Parvina Nematova: the claim goes to them, and they get" in page
    at = positions(reviewer_client, article)
    reviewer_client.post(
        url, picks(reviewer_client, article, at["We have more"], at["Hydropower g"])
    )
    assert dict(Claimant.objects.values_list("name", "description")) == {
        "Farrukh  Saidov": "deputy mayor",  # not overwritten from an article
        "Parvina Nematova": "expert with the National Academy of Sciences of Tajikistan",
    }


def test_the_kind_of_speaker_decides_the_claimant(reviewer_client):
    article, url = candidates_page(reviewer_client)
    formset = reviewer_client.get(url).context["formset"]
    # the extractor does not say yet: a name is a person, a nameless "officials" unnamed
    kinds = {f.initial["speaker"] or "": f.initial["speaker_kind"] for f in formset.forms}
    assert kinds == {"Farrukh Saidov": "person", "Parvina Nematova": "person", "": "unnamed"}
    position = positions(reviewer_client, article)
    saidov, nematova = position["We have more"], position["Hydropower g"]
    officials = position["Tajikistan p"]
    data = picks(reviewer_client, article, saidov, nematova, officials)
    data[f"c-{saidov}-speaker"] = "Dushanbe city administration"
    data[f"c-{saidov}-speaker_kind"] = "organisation"
    data[f"c-{nematova}-speaker_kind"] = "unnamed"
    assert reviewer_client.post(url, data).status_code == 302
    claims = {c.text[:12]: c for c in Claim.objects.select_related("claimant")}
    assert claims["We have more"].claimant.kind == Claimant.Kind.ORGANISATION
    assert claims["We have more"].claimant.name == "Dushanbe city administration"
    assert claims["Hydropower g"].claimant is None  # an unnamed source is nobody's claim
    assert claims["Tajikistan p"].claimant is None
    bad = reviewer_client.post(url, {**data, f"c-{saidov}-speaker_kind": "robot"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_the_proposals_page_costs_a_fixed_number_of_queries(
    reviewer_client, django_assert_max_num_queries
):
    Claimant.objects.create(name="Farrukh Saidov")
    _article, url = candidates_page(reviewer_client)
    # the process's matching index is built as it starts (the WSGI module warms it), not in a
    # request: build it here whatever test ran before in this process
    matching_index.current(force=True)
    with django_assert_max_num_queries(9):  # 9: the appearances already recorded from it
        assert reviewer_client.get(url).status_code == 200


def test_every_proposal_ticked_fits_in_one_request(reviewer_client, settings):
    sentences = [
        f"The mayor of Town {n} said the city cut its emissions by {n % 60 + 5} percent in 2023."
        for n in range(260)
    ]
    post_article(reviewer_client, text=" ".join(sentences))
    url = reverse("claims:article-candidates", args=[Article.objects.get().pk])
    data = picks(reviewer_client, Article.objects.get(), *range(intake.MAX_PROPOSED))
    page = reviewer_client.post(url, {**data, "tick": "all"}).content.decode()
    form = page.split('<form method="post" action="' + url, 1)[1].split("</form>", 1)[0]
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form)
    # the token, 4 of the management form, the score to tick from; 10 a claim, ticked
    assert len(names) == 1 + 4 + 1 + intake.MAX_PROPOSED * 10
    assert len(names) <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
