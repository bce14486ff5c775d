"""POST /api/v1/submissions/: a reader's question as JSON, through the same checks and limits as
the public form; answered at once with the fact-checks when the desk has checked it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from claims.models import Asked, Claim, Submission
from tests.claims.matching import doors

pytestmark = pytest.mark.django_db
URL = reverse("public:api-submissions")
NEW = "The new tram line in Almaty carried two million passengers in its first month."


def post(client, body, address="203.0.113.9"):
    return client.post(URL, json.dumps(body), content_type="application/json", REMOTE_ADDR=address)


@pytest.fixture
def desk(reviewer, editor):
    return doors.desk(reviewer, editor)


def test_a_checked_claim_is_answered_with_its_fact_check(client, desk, settings):
    response = post(client, {"text": "Город снизил плату за проезд в автобусах на 20 процентов."})
    assert response.status_code == 201
    body = response.json()
    assert body["answered"] is True and body["asked"] == 1
    (answer,) = body["answers"]
    assert answer["id"] == desk["fares"].pk and answer["rating"]["label"] == "False"
    submission = Submission.objects.get()
    assert body["status_url"] == f"{settings.SITE_URL}/ask/{submission.key}/"


def test_a_new_claim_is_a_request_and_readers_are_counted(client, desk):
    first = post(client, {"text": NEW, "url": "https://social.example/p/2", "email": "a@r.example"})
    assert first.status_code == 201 and first.json()["answered"] is False
    second = post(client, {"text": NEW, "language": "ru"}, address="198.51.100.30").json()
    assert second["asked"] == 2
    claim = Claim.objects.get(text=NEW)
    assert Asked.objects.get(claim=claim).count == 2
    assert Submission.objects.get(pk=second["id"]).reader_language == "ru"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "short"}, "text"),
        ({"text": NEW, "url": "ftp://x.example/a"}, "url"),
        ({"text": NEW, "seen_on": "2999-12-31"}, "seen_on"),
        ({"text": NEW, "email": "nobody"}, "email"),
    ],
)
def test_bad_input_names_the_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Submission.objects.exists()


def test_not_json_or_wrong_types_are_a_400_with_a_message(client):
    assert client.post(URL, "not json", content_type="application/json").status_code == 400
    response = post(client, {"text": 42})
    assert response.status_code == 400 and response.json()["detail"]


def test_the_limits_are_the_forms(client, desk, settings):
    settings.READERS_RATE_PER_ADDRESS = 1
    assert post(client, {"text": NEW}).status_code == 201
    refused = post(client, {"text": NEW})
    assert refused.status_code == 429 and refused["Retry-After"]


def test_the_document_describes_it(client):
    document = client.get(reverse("public:openapi")).json()
    operation = document["paths"]["/api/v1/submissions/"]["post"]
    assert operation["operationId"] == "askAboutClaim"
    assert set(operation["responses"]) >= {"201", "400", "429"}
