"""The admin shows the desk's record but cannot rewrite it: claims and audit events are read-only
there (changes go through the services, with their audit events and versions); the rating scale
stays configurable."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from claims.models import AuditEvent, Claim
from reviews.models import Rating
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db: Any) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["editor_client", "superuser_client"])
def test_a_published_claim_cannot_be_changed_in_the_admin(
    who: str, request: pytest.FixtureRequest, reviewer: Any, editor2: Any, reviewer2: Any
) -> None:
    client: Client = request.getfixturevalue(who)
    claim = wf.published(reviewer, editor2).claim
    before = Claim.objects.get(pk=claim.pk)
    events = AuditEvent.objects.filter(claim=claim).count()
    change = reverse("admin:claims_claim_change", args=[claim.pk])

    page = client.get(change)
    assert page.status_code == 200  # shown, read-only
    body = page.content.decode()
    assert 'name="text"' not in body and 'name="assignee"' not in body
    assert 'name="_save"' not in body  # no Save button

    posted = client.post(
        change,
        {
            "text": "Rewritten behind the desk's back",
            "language": before.language,
            "claim_type": before.claim_type,
            "assignee": reviewer2.pk,
            "created_by": reviewer2.pk,
            "duplicate_of": "",
        },
    )
    assert posted.status_code == 403
    after = Claim.objects.get(pk=claim.pk)
    assert (after.text, after.assignee_id, after.created_by_id, after.version) == (
        before.text,
        before.assignee_id,
        before.created_by_id,
        before.version,
    )
    assert AuditEvent.objects.filter(claim=claim).count() == events
    assert client.get(reverse("admin:claims_claim_add")).status_code == 403
    assert client.post(reverse("admin:claims_claim_delete", args=[claim.pk])).status_code == 403


def test_audit_events_cannot_be_changed_or_deleted_in_the_admin(
    superuser_client: Client, reviewer: Any, editor: Any
) -> None:
    event = AuditEvent.objects.filter(claim=wf.published(reviewer, editor).claim).first()
    assert event is not None
    change = reverse("admin:claims_auditevent_change", args=[event.pk])
    assert superuser_client.post(change, {"verb": "edited"}).status_code == 403
    delete = reverse("admin:claims_auditevent_delete", args=[event.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, verb=event.verb).exists()


def test_verdicts_and_evidence_are_not_in_the_admin(superuser_client: Client) -> None:
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "/admin/reviews/verdict/" not in index
    assert "/admin/reviews/evidence/" not in index
    assert "/admin/reviews/rating/" in index


def test_the_rating_scale_is_configured_in_the_admin(superuser_client: Client) -> None:
    rating = Rating.objects.get(label="Misleading")
    change = reverse("admin:reviews_rating_change", args=[rating.pk])
    response = superuser_client.post(
        change,
        {
            "label": "Misleading",
            "description": "Accurate words arranged to mislead.",
            "value": "",
            "position": rating.position,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Rating.objects.get(pk=rating.pk).description == "Accurate words arranged to mislead."


def test_a_tag_renamed_in_the_admin_shows_on_every_list_row_at_once(
    superuser_client: Client,
    reviewer: Any,
    reviewer_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from claims.models import Tag
    from tests.security.desk import create_claim

    claim = create_claim(reviewer, tags=("smart city",))
    create_claim(reviewer, text="The metro carried 2 million riders a day.", tags=("smart city",))
    before = reviewer_client.get(reverse("claims:list")).content.decode()
    assert before.count(">smart city</a>") == 2  # the rows are now cached
    tag = Tag.objects.get(name="smart city")
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:claims_tag_change", args=[tag.pk]), {"name": "smart cities"}
        )
    assert response.status_code == 302
    after = reviewer_client.get(reverse("claims:list")).content.decode()
    assert after.count(">smart cities</a>") == 2 and ">smart city</a>" not in after
    # Found by its new name, too.
    found = reviewer_client.get(reverse("claims:list"), {"q": "cities"}).content.decode()
    assert claim.text in found
