"""The desk's queues on the claims list, their counts, and assignment from the list."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import AuditEvent, Claim
from reviews import services
from tests.conftest import HTMX
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
URL = reverse("claims:list")


@pytest.fixture
def desk(reviewer, reviewer2, editor):
    cache.clear()
    claims = {
        "new": ClaimFactory(text="A new claim nobody took"),
        "mine": wf.in_review(reviewer, text="A claim rita is checking"),
        "theirs": wf.in_review(reviewer2, text="A claim rob is checking"),
        "awaiting": wf.submitted(reviewer, text="A claim awaiting approval").claim,
        "published": wf.published(reviewer2, editor, text="A published claim").claim,
    }
    sent_back = wf.submitted(reviewer, text="A claim sent back")
    services.verdict_request_changes(
        actor=editor, verdict_id=sent_back.pk, expected_version=sent_back.version, note="More."
    )
    claims["changes"] = sent_back.claim
    dismissed = ClaimFactory(text="A dismissed claim")
    services.claim_dismiss(
        actor=editor,
        claim_id=dismissed.pk,
        reason="not_check_worthy",
        expected_version=dismissed.version,
    )
    claims["dismissed"] = dismissed
    return claims


def texts(response):
    ids = [row.pk for row in response.context["page"].items]
    return sorted(Claim.objects.filter(pk__in=ids).values_list("text", flat=True))


@pytest.mark.parametrize(
    ("queue", "expected"),
    [
        ("mine", ["A claim awaiting approval", "A claim rita is checking", "A claim sent back"]),
        ("unassigned", ["A new claim nobody took"]),
        ("in_review", ["A claim rita is checking", "A claim rob is checking", "A claim sent back"]),
        ("awaiting_approval", ["A claim awaiting approval"]),
        ("changes_requested", ["A claim sent back"]),
        ("published", ["A published claim"]),
        ("dismissed", ["A dismissed claim"]),
    ],
)
def test_queues_list_the_right_claims(desk, reviewer_client, queue, expected):
    assert texts(reviewer_client.get(URL, {"queue": queue})) == expected


def test_queue_tabs_show_counts(desk, reviewer_client):
    body = reviewer_client.get(URL).content.decode()
    for label, count in [
        ("My claims", 3),
        ("Unassigned", 1),
        ("In review", 3),
        ("Awaiting approval", 1),
        ("Changes requested", 1),
        ("Published", 1),
        ("Dismissed", 1),
    ]:
        assert f'{label} <span class="count">{count}</span>' in body


def test_counts_follow_changes(desk, editor, reviewer_client, django_capture_on_commit_callbacks):
    reviewer_client.get(URL)  # fills the count cache
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_take(actor=editor, claim_id=desk["new"].pk)
    body = reviewer_client.get(URL).content.decode()
    assert 'Unassigned <span class="count">0</span>' in body


def test_an_unknown_queue_is_a_400(reviewer_client):
    assert reviewer_client.get(URL, {"queue": "everything"}).status_code == 400


def test_queue_counts_cost_the_same_whatever_the_queue_sizes(reviewer, reviewer_client, settings):
    settings.CLAIMS_PER_PAGE = 5
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            reviewer_client.get(URL, {"queue": "mine"})
        return len(ctx.captured_queries)

    for _ in range(6):
        wf.in_review(reviewer)
    few = measure()
    for _ in range(30):
        wf.in_review(reviewer)
    assert measure() == few


def test_editor_assigns_several_claims_from_the_list(editor_client, reviewer):
    claims = [ClaimFactory() for _ in range(3)]
    page = editor_client.get(URL).content.decode()
    assert 'form="bulk-assign"' in page and 'id="bulk-assign"' in page
    response = editor_client.post(
        reverse("reviews:assign"),
        {
            "claims": [c.pk for c in claims[:2]],
            "assignee": reviewer.pk,
            "next": "/?queue=unassigned",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/?queue=unassigned"
    assert Claim.objects.filter(assignee=reviewer).count() == 2
    follow = editor_client.get(response["Location"])
    assert "Assigned 2 to rita." in follow.content.decode()


def test_bulk_assign_refuses_bad_input_with_a_message(editor_client, outsider):
    claim = ClaimFactory()
    for data in (
        {"claims": [], "assignee": outsider.pk},
        {"claims": ["abc"], "assignee": outsider.pk},
        {"claims": [claim.pk], "assignee": 999999},
        {"claims": [claim.pk], "assignee": outsider.pk},
    ):
        response = editor_client.post(reverse("reviews:assign"), data, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain
    assert wf.reload(claim).assignee is None


def test_next_cannot_send_the_editor_off_site(editor_client, reviewer):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("reviews:assign"),
        {"claims": [claim.pk], "assignee": reviewer.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_reviewers_do_not_get_the_bulk_controls(reviewer_client):
    ClaimFactory()
    page = reviewer_client.get(URL).content.decode()
    assert "bulk-assign" not in page
    fragment = reviewer_client.get(URL, {"q": "claim"}, **HTMX).content.decode()
    assert "bulk-assign" not in fragment


def test_the_approval_queue_shows_the_proposal_and_waits_oldest_first(
    editor_client, reviewer, reviewer2
):
    first = wf.submitted(reviewer, text="The first claim to wait for approval")
    second = wf.submitted(reviewer2, text="The second claim to wait for approval")
    page = editor_client.get(URL, {"queue": "awaiting_approval"}).content.decode()
    assert page.index("The first claim to wait") < page.index("The second claim to wait")
    assert "Proposed:" in page and ">False</span>" in page  # the proposed rating
    assert "by rita" in page and "by rob" in page
    assert f'datetime="{first.submitted_at.isoformat()}"' in page
    # Asked for, the newest first still works.
    page = editor_client.get(URL, {"queue": "awaiting_approval", "sort": "newest"}).content
    assert page.decode().index("The second claim") < page.decode().index("The first claim")
    assert second.claim_id


def test_lists_show_the_rating_of_published_claims(editor_client, reviewer, editor2):
    wf.published(reviewer, editor2, text="A claim the desk has published")
    page = editor_client.get(URL, {"queue": "published"}).content.decode()
    row = page[page.index("A claim the desk has published") :]
    assert '<span class="badge rating">False</span>' in row[:3000]


def test_the_bulk_picker_names_nobody_until_chosen(editor_client, reviewer):
    ClaimFactory()
    page = editor_client.get(URL).content.decode()
    picker = page[page.index('id="bulk-assignee"') :].split("</select>")[0]
    assert '<option value="" selected>' in picker
    response = editor_client.post(
        reverse("reviews:assign"), {"claims": [Claim.objects.get().pk]}, follow=True
    )
    assert "Choose who gets the claims." in response.content.decode()
    assert Claim.objects.get().assignee is None


def test_editors_tag_and_dismiss_several_claims_from_the_list(editor_client, editor, reviewer):
    claims = [ClaimFactory() for _ in range(3)]
    published = wf.published(reviewer, editor).claim
    ids = [c.pk for c in claims[:2]] + [published.pk]
    response = editor_client.post(
        reverse("reviews:bulk-tag"), {"claims": ids, "tag": " Net Zero ", "next": "/"}, follow=True
    )
    assert "Tagged 2 with “net zero”. 1 left as they were." in response.content.decode()
    assert (
        sorted(Claim.objects.filter(tags__name="net zero").values_list("pk", flat=True)) == ids[:2]
    )
    events = AuditEvent.objects.filter(verb="tagged", claim_id__in=ids)
    assert events.count() == 2

    response = editor_client.post(
        reverse("reviews:bulk-dismiss"),
        {"claims": ids, "note": "Opinion pieces", "next": "/?queue=unassigned"},
        follow=True,
    )
    body = response.content.decode()
    assert "Dismissed 2 as not check-worthy. 1 left as they were." in body
    for claim in claims[:2]:
        claim = wf.reload(claim)
        assert claim.status == Claim.Status.DISMISSED
        assert claim.events.get(verb="dismissed").details["note"] == "Opinion pieces"
    assert wf.reload(published).status == Claim.Status.PUBLISHED
    assert wf.reload(claims[2]).status == Claim.Status.NEW


def test_reviewers_cannot_tag_or_dismiss_from_the_list(reviewer_client):
    claim = ClaimFactory()
    for name, data in (("reviews:bulk-tag", {"tag": "x"}), ("reviews:bulk-dismiss", {})):
        response = reviewer_client.post(reverse(name), {"claims": [claim.pk], **data})
        assert response.status_code == 403
    assert wf.reload(claim).status == Claim.Status.NEW and not claim.tags.exists()
