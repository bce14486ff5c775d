"""What the desk refuses and what the person sees, for the lines of the README's "Limits and bad
input" table that no other test pins down. One test per line; tests/test_readme_table.py checks
that every test the table names exists."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims import intake
from claims.lookups import http
from claims.lookups.errors import Permanent
from claims.models import Article, Claim, Claimant
from reviews import exporting, services
from reviews.models import Comment, Evidence, ExportJob
from tests.conftest import HTMX
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

CLAIM_TEXT = "More than 20 smart-city projects are running in Tajikistan."
KEPT = "Mayors&#x27; Summit"  # the outlet as the re-rendered form shows it
REPORT = (
    '"We have more than 20 smart-city projects running in Tajikistan today," said Farrukh '
    "Saidov, head of the digital services office of the Dushanbe city administration.\n\n"
    "Parvina Nematova, an expert with the National Academy of Sciences of Tajikistan, said "
    "that hydropower gives the country more than 90 percent of its electricity.\n"
)


def claim_data(**overrides: str) -> dict[str, str]:
    return {
        "text": CLAIM_TEXT,
        "language": "en",
        "claim_type": "quantity",
        "appeared_outlet": "Mayors' Summit",
        **overrides,
    }


def errors_of(body: str, field: str) -> str:
    """The text of the error list Django renders under one field (`id_<field>_error`)."""
    marker = f'id="id_{field}_error"'
    assert marker in body, f"no error shown under {field}"
    return html.unescape(body.split(marker, 1)[1].split("</ul>", 1)[0])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- Claim form -------------------------------------------------------------------------------


def test_typed_addresses_are_at_most_2000_characters(reviewer_client):
    url = "https://news.example.org/" + "a" * (2000 - len("https://news.example.org/"))
    response = reviewer_client.post(
        reverse("claims:create"), claim_data(appeared_url=url + "a"), **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 2000 characters (it has 2001)" in errors_of(body, "appeared_url")
    assert KEPT in body
    assert not Claim.objects.exists()

    created = reviewer_client.post(reverse("claims:create"), claim_data(appeared_url=url))
    assert created.status_code == 302
    assert Claim.objects.get().appeared_url == url


def test_short_claim_fields_have_length_limits(reviewer_client):
    data = claim_data(
        new_claimant_name="N" * 201,
        new_claimant_description="D" * 301,
        new_claimant_same_as="https://en.wikipedia.org/wiki/" + "W" * 471,
        appeared_outlet="O" * 201,
        tags="t," * 300 + "t",
    )
    body = reviewer_client.post(reverse("claims:create"), data, **HTMX).content.decode()
    assert "at most 200 characters" in errors_of(body, "new_claimant_name")
    assert "at most 300 characters" in errors_of(body, "new_claimant_description")
    assert "at most 500 characters" in errors_of(body, "new_claimant_same_as")
    assert "at most 200 characters" in errors_of(body, "appeared_outlet")
    assert "at most 600 characters" in errors_of(body, "tags")
    assert CLAIM_TEXT in body  # the claim itself is kept
    assert not Claim.objects.exists() and not Claimant.objects.exists()


def test_dates_must_fall_between_1900_and_today(reviewer, reviewer_client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for value, message in [
        ("1899-12-31", "Dates before 1900 are not accepted."),
        (tomorrow, "This date is in the future."),
        ("2026-02-30", "Enter a valid date."),
    ]:
        response = reviewer_client.post(
            reverse("claims:create"), claim_data(appeared_on=value), **HTMX
        )
        body = response.content.decode()
        assert message in errors_of(body, "appeared_on"), value
        assert KEPT in body
    assert not Claim.objects.exists()

    # The same rule for an evidence item's date.
    claim = wf.in_review(reviewer)
    response = reviewer_client.post(
        reverse("reviews:evidence-add", args=[claim.pk]),
        {"url": "https://stats.example.org/r", "stance": "refutes", "published_on": "1899-12-31"},
        **HTMX,
    )
    assert "Dates before 1900" in errors_of(response.content.decode(), "published_on")
    assert not Evidence.objects.exists()
    # ... and for an article's.
    response = reviewer_client.post(
        reverse("claims:article-new"), {"text": REPORT, "published_on": "1899-12-31"}
    )
    assert "Dates before 1900" in errors_of(response.content.decode(), "published_on")
    assert not Article.objects.exists()

    reviewer_client.post(reverse("claims:create"), claim_data(appeared_on="1900-01-01"))
    assert Claim.objects.get(text=CLAIM_TEXT).appeared_on.isoformat() == "1900-01-01"


def test_a_nul_character_in_a_form_field_is_refused(reviewer_client):
    response = reviewer_client.post(
        reverse("claims:create"), claim_data(text="More than 20\x00 projects run."), **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Null characters are not allowed." in errors_of(body, "text")
    assert KEPT in body
    assert not Claim.objects.exists()


def test_damaged_page_links_are_a_400_everywhere(reviewer_client, anon_client):
    overlong = "A" * 201  # decodes, but no cursor the desk makes is this long
    for token in ("%%%garbage", overlong):
        desk = reviewer_client.get(reverse("claims:list"), {"after": token})
        assert desk.status_code == 400
        assert "This page link is damaged." in desk.content.decode()
        public = anon_client.get(reverse("public:index"), {"before": token})
        assert public.status_code == 400
        assert "This page link is damaged." in public.content.decode()
        api = anon_client.get(reverse("public:api-list"), {"after": token})
        assert api.status_code == 400
        assert api.json() == {"detail": "This page link is damaged."}


# --- Intake -----------------------------------------------------------------------------------


def test_an_article_address_must_give_an_html_page(reviewer_client, fixture_http):
    fixture_http.use("pagemeta", "pdf")
    response = reviewer_client.post(
        reverse("claims:article-new"),
        {"url": f"{fixture_http.url}/reports/smart-cities-2025.pdf", "title": "The register"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "That address is not a web page (it is not HTML); paste the text." in errors_of(
        body, "url"
    )
    assert 'value="The register"' in body
    assert not Article.objects.exists()


def _picks_page(client):
    client.post(reverse("claims:article-new"), {"text": REPORT})
    url = reverse("claims:article-candidates", args=[Article.objects.get().pk])
    formset = client.get(url).context["formset"]
    data = {"c-TOTAL_FORMS": str(len(formset.forms)), "c-INITIAL_FORMS": str(len(formset.forms))}
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if name != "keep":
                data[f"c-{i}-{name}"] = "" if value is None else value
    return url, data


def test_proposed_claims_need_a_tick_and_a_written_out_claim(reviewer_client):
    url, data = _picks_page(reviewer_client)
    none_kept = reviewer_client.post(url, data)
    assert none_kept.status_code == 200
    assert "Tick at least one claim to keep." in messages_of(none_kept)

    short = reviewer_client.post(url, {**data, "c-0-keep": "on", "c-0-text": "Yes"})
    assert short.status_code == 200
    assert "Write the claim out: at least 5 characters." in errors_of(
        short.content.decode(), "c-0-text"
    )
    long = reviewer_client.post(url, {**data, "c-0-keep": "on", "c-0-text": "x" * 2001})
    assert "at most 2000 characters" in errors_of(long.content.decode(), "c-0-text")
    assert not Claim.objects.exists()


def test_a_long_article_proposes_its_200_most_check_worthy_claims(reviewer_client):
    sentences = [
        f"The mayor of Town {n} said the city cut its emissions by {n % 60 + 5} percent in 2023."
        for n in range(260)
    ]
    reviewer_client.post(reverse("claims:article-new"), {"text": " ".join(sentences)})
    url = reverse("claims:article-candidates", args=[Article.objects.get().pk])
    page = reviewer_client.get(url)
    formset = page.context["formset"]
    assert len(formset.forms) == intake.MAX_PROPOSED == 200
    assert "here are the 200 most check-worthy" in messages_of(page)
    # The whole page of picks goes back in one request, inside the field limit.
    data = {"c-TOTAL_FORMS": "200", "c-INITIAL_FORMS": "200", "c-0-keep": "on"}
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if name != "keep":
                data[f"c-{i}-{name}"] = "" if value is None else value
    assert reviewer_client.post(url, data).status_code == 302
    assert Claim.objects.count() == 1


def test_csv_files_of_more_than_5000_rows_are_refused(reviewer_client):
    rows = "".join(f"Claim number {n} was made on the radio.,en\n" for n in range(5001))
    upload = SimpleUploadedFile("claims.csv", ("text,language\n" + rows).encode())
    response = reviewer_client.post(reverse("claims:import"), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The file has more than 5,000 rows; split it." in errors_of(body, "file")
    assert not Claim.objects.exists()


# --- Review workflow --------------------------------------------------------------------------


def evidence_data(**overrides: str) -> dict[str, str]:
    return {
        "url": "https://stats.example.org/smart-cities",
        "stance": "refutes",
        "title": "Register of smart-city projects",
        "publisher": "Ministry of Digital Development",
        "quote": "Twelve projects were registered.",
        "note": "Official register.",
        **overrides,
    }


def test_evidence_text_fields_have_length_limits(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    url = reverse("reviews:evidence-add", args=[claim.pk])
    too_long = evidence_data(
        quote="q" * 5001, note="n" * 2001, title="t" * 301, publisher="p" * 201
    )
    response = reviewer_client.post(url, too_long, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 5000 characters" in errors_of(body, "quote")
    assert "at most 2000 characters" in errors_of(body, "note")
    assert "at most 300 characters" in errors_of(body, "title")
    assert "at most 200 characters" in errors_of(body, "publisher")
    assert "https://stats.example.org/smart-cities" in body  # what was typed stays
    assert not Evidence.objects.exists()

    at_limit = evidence_data(
        quote="q" * 5000, note="n" * 2000, title="t" * 300, publisher="p" * 200
    )
    reviewer_client.post(url, at_limit, **HTMX)
    assert len(Evidence.objects.get().quote) == 5000


def test_only_who_added_evidence_changes_it_until_submission(reviewer, editor_client):
    claim = wf.in_review(reviewer)
    (item,) = wf.add_evidence(claim, reviewer)
    someone_else = editor_client.post(
        reverse("reviews:evidence-edit", args=[item.pk]), evidence_data(title="Changed")
    )
    assert someone_else.status_code == 403
    assert "Only who added this evidence can change it" in someone_else.content.decode()

    verdict = wf.submitted(reviewer)
    (submitted,) = verdict.claim.evidence.all()
    author = Client()
    author.force_login(reviewer)
    for name, data in [("reviews:evidence-edit", evidence_data()), ("reviews:evidence-remove", {})]:
        response = author.post(reverse(name, args=[submitted.pk]), data)
        assert response.status_code == 403
        assert "until submission" in response.content.decode()
    assert wf.reload(item).title == "Report 0" and wf.reload(submitted).title == "Report 0"


def verdict_data(claim, **overrides):
    working = claim.verdicts.working().first()
    return {
        "rating": wf.rating("Mostly false").pk,
        "summary": "Tajikistan runs more than 20 smart-city projects",
        "conclusion": "The register lists 12.",
        "rationale": "The register [E1] lists 12 projects.",
        "version": working.version if working else "",
        **overrides,
    }


def test_verdict_fields_have_length_limits(reviewer, editor):
    client = Client()
    client.force_login(reviewer)
    claim = wf.in_review(reviewer)
    data = verdict_data(
        claim, summary="s" * 76, conclusion="c" * 1501, rationale="Long [E1] " + "r" * 20_000
    )
    response = client.post(reverse("reviews:verdict-save", args=[claim.pk]), data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 75 characters" in errors_of(body, "summary")
    assert "at most 1500 characters" in errors_of(body, "conclusion")
    assert "at most 20000 characters" in errors_of(body, "rationale")
    assert "c" * 1501 in body  # what was typed stays in the form
    assert not claim.verdicts.exists()

    # A correction's public note: at most 2,000 characters.
    published = wf.published(reviewer, editor).claim
    services.correction_open(actor=editor, claim_id=published.pk, assignee=reviewer)
    data = verdict_data(published, correction_note="n" * 2001)
    response = client.post(reverse("reviews:verdict-save", args=[published.pk]), data, **HTMX)
    assert "at most 2000 characters" in errors_of(response.content.decode(), "correction_note")
    assert published.verdicts.working().get().correction_note == ""


def test_an_autosave_from_a_stale_page_saves_nothing_and_says_why(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    wf.draft(claim, reviewer)
    stale = verdict_data(claim)
    wf.draft(claim, reviewer, conclusion="Saved from another tab.")
    response = reviewer_client.post(
        reverse("reviews:verdict-autosave", args=[claim.pk]),
        {**stale, "conclusion": "My newer wording."},
        **HTMX,
    )
    body = response.content.decode()
    assert "This verdict was changed after you opened it. Nothing was saved" in body
    assert 'id="autosave-status"' in body and "<form" not in body  # the typed text stays put
    assert claim.verdicts.get().conclusion == "Saved from another tab."


def test_a_correction_needs_a_public_note_to_be_submitted(reviewer, editor):
    claim = wf.published(reviewer, editor).claim
    services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer)
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:verdict-submit", args=[claim.pk]),
        verdict_data(claim, correction_note="  "),
        **HTMX,
    )
    body = response.content.decode()
    assert "The verdict is not ready to submit." in body
    assert "Explain publicly what this correction changes." in body
    assert claim.verdicts.working().get().status == "draft"


def test_request_changes_needs_a_note_of_at_most_2000_characters(reviewer, editor_client):
    verdict = wf.submitted(reviewer)
    url = reverse("reviews:verdict-request-changes", args=[verdict.pk])
    for note, message in [("", "This field is required."), ("n" * 2001, "at most 2000 characters")]:
        response = editor_client.post(url, {"version": verdict.version, "note": note}, **HTMX)
        assert response.status_code == 200
        assert message in errors_of(response.content.decode(), "note")
    assert wf.reload(verdict).status == "submitted"


def test_a_duplicate_must_point_at_another_claim_that_exists(editor_client):
    claim = ClaimFactory()
    url = reverse("reviews:dismiss", args=[claim.pk])
    for duplicate_of, message in [
        ("", "Give the number of the original claim."),
        (987654, "No such claim."),
        (claim.pk, "Choose another claim."),
    ]:
        data = {"reason": "duplicate", "duplicate_of": duplicate_of, "version": claim.version}
        response = editor_client.post(url, data, **HTMX)
        assert response.status_code == 200
        assert message in errors_of(response.content.decode(), "duplicate_of")
    assert wf.reload(claim).status == Claim.Status.NEW


def test_dismissing_from_a_stale_page_is_a_conflict(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("reviews:dismiss", args=[claim.pk]),
        {"reason": "not_check_worthy", "version": claim.version + 1, "note": "Opinion."},
        **HTMX,
    )
    assert response.status_code == 409
    body = html.unescape(response.content.decode())
    assert "The claim changed after you opened it; nothing was dismissed." in body
    assert "Opinion." in body
    assert wf.reload(claim).status == Claim.Status.NEW


def test_comments_are_required_and_at_most_5000_characters(reviewer_client):
    claim = ClaimFactory()
    url = reverse("reviews:comment-add", args=[claim.pk])
    blank = reviewer_client.post(url, {"body": "   "}, **HTMX)
    assert "This field is required." in errors_of(blank.content.decode(), "body")
    response = reviewer_client.post(url, {"body": "Call the ministry. " + "x" * 4982}, **HTMX)
    assert "at most 5000 characters (it has 5001)" in errors_of(response.content.decode(), "body")
    assert "Call the ministry. " in response.content.decode()
    assert not Comment.objects.exists()
    reviewer_client.post(url, {"body": "x" * 5000}, **HTMX)
    assert Comment.objects.count() == 1


def test_a_claim_someone_has_taken_cannot_be_taken(reviewer, reviewer2_client):
    claim = wf.in_review(reviewer)
    response = reviewer2_client.post(reverse("reviews:take", args=[claim.pk]), follow=True)
    assert "rita has already taken this claim." in messages_of(response)
    assert wf.reload(claim).assignee == reviewer


def test_bulk_assignment_says_what_is_wrong(editor_client, outsider):
    claim = ClaimFactory()
    url = reverse("reviews:assign")
    nothing = editor_client.post(url, {"claims": [], "assignee": outsider.pk}, follow=True)
    assert "Select at least one claim." in messages_of(nothing)
    stranger = editor_client.post(url, {"claims": [claim.pk], "assignee": outsider.pk}, follow=True)
    assert "Select a valid choice." in messages_of(stranger)
    assert wf.reload(claim).assignee is None


def test_a_correction_is_drafted_by_a_desk_member(reviewer, editor, editor_client, outsider):
    claim = wf.published(reviewer, editor).claim
    response = editor_client.post(
        reverse("reviews:correction-open", args=[claim.pk]), {"assignee": outsider.pk}, follow=True
    )
    assert "Choose a reviewer or editor of the desk to draft the correction." in messages_of(
        response
    )
    assert not claim.verdicts.working().exists()


def test_rationale_markdown_is_sanitised(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    wf.add_evidence(claim, reviewer)
    rationale = (
        "# Heading\n\nThe register [E1] <b>says</b> so. <script>alert(1)</script>\n\n"
        "[bad](javascript:alert(1)) [ok](https://example.org/ok)"
    )
    verdict = wf.draft(claim, reviewer, rationale=rationale)
    services.verdict_submit(actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version)
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "<h3>Heading</h3>" in body and "<h1>Heading" not in body
    assert "&lt;b&gt;says&lt;/b&gt;" in body and "<b>says</b>" not in body
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body.replace(" ", "")
    assert '<a href="https://example.org/ok" rel="noopener noreferrer nofollow">ok</a>' in body
    assert '<a href="#evidence-1"' in body


# --- Exports and the public API ---------------------------------------------------------------


def test_exports_past_2000_claims_go_to_a_worker(reviewer_client, monkeypatch):
    ClaimFactory()
    url = reverse("reviews:export-start")
    monkeypatch.setattr(exporting, "counted", lambda queryset, fmt: 2000)
    at_limit = reviewer_client.post(url, {"format": "csv"})
    assert at_limit.status_code == 200 and at_limit.streaming
    assert not ExportJob.objects.exists()
    monkeypatch.setattr(exporting, "counted", lambda queryset, fmt: 2001)
    past = reviewer_client.post(url, {"format": "csv"})
    job = ExportJob.objects.get()
    assert past.status_code == 302 and past["Location"] == reverse("reviews:export", args=[job.pk])


def test_exports_with_invalid_filters_are_refused(reviewer_client):
    ClaimFactory()
    response = reviewer_client.post(
        reverse("reviews:export-start"), {"format": "jsonl", "said_from": "yesterday"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The list&#x27;s filters cannot be exported" in body and "valid date" in body
    assert not ExportJob.objects.exists()


def test_an_unknown_fact_check_is_a_json_404(anon_client):
    unpublished = ClaimFactory()
    for pk in (987654, unpublished.pk):
        response = anon_client.get(reverse("public:api-detail", args=[pk]))
        assert response.status_code == 404
        assert response.json() == {"detail": "No published fact-check with this id."}


# --- Requests ---------------------------------------------------------------------------------


def test_a_nul_in_the_query_string_is_a_400(reviewer_client, anon_client):
    for client, name in [(reviewer_client, "claims:list"), (anon_client, "public:index")]:
        response = client.get(reverse(name), {"q": "trees\x00"})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == "A query parameter holds a NUL character."


def test_a_request_body_over_5_mb_is_a_400(reviewer_client, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    response = reviewer_client.post(
        reverse("claims:create"), claim_data(text="x" * (5 * 1024 * 1024))
    )
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "Bad request" in body and "larger than 5 MB" in body
    assert "your text is still in the form" in body
    assert not Claim.objects.exists()

    # Uploaded files do not count: a large CSV gets its own limit's message.
    upload = SimpleUploadedFile("claims.csv", b"text\n" + b"x" * (6 * 1024 * 1024))
    response = reviewer_client.post(reverse("claims:import"), {"file": upload})
    assert response.status_code == 200
    assert "The file is 6,144 KB; the limit is 2,048 KB." in errors_of(
        response.content.decode(), "file"
    )


def test_more_than_2500_form_fields_is_a_400(reviewer_client):
    data = claim_data(**{f"extra{n}": "1" for n in range(2500)})
    response = reviewer_client.post(reverse("claims:create"), data)
    assert response.status_code == 400
    assert "The form sent more than 2,500 fields" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_post_without_a_csrf_token_gets_the_desks_page(reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("claims:create"), claim_data())
    assert response.status_code == 403
    body = html.unescape(response.content.decode())
    assert "This form has expired or did not come from the desk" in body
    assert "<style" not in body  # our page, not Django's (its inline style breaks our CSP)
    assert not Claim.objects.exists()


def test_an_unknown_host_is_a_400(reviewer_client):
    response = reviewer_client.get(reverse("claims:list"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "The request could not be understood." in response.content.decode()


def test_fetches_give_up_after_5_redirects(fixture_http):
    fixture_http.use("redirects", "loop")
    with pytest.raises(Permanent) as failure:
        http.fetch(f"{fixture_http.url}/loop")
    assert failure.value.plain == "The address sends us round too many redirects, so we gave up."
    assert len(fixture_http.requests) == 1 + 5
