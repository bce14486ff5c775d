"""Personal API tokens and the write API: a token is shown once and stored hashed, has scopes,
notes its last use, can be revoked, never reaches a log; POST /api/v1/claims/ and evidence
create what the desk's forms create, as the token's owner, with the forms' messages."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from api import tokens
from api.models import ApiToken
from claims.models import AuditEvent, Claim, Claimant
from reviews.models import Evidence
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
CLAIMS = reverse("public:api-claim-create")
TEXT = "Almaty opened 14 new bus lanes in 2025, the mayor said."


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, url, body, secret):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(secret))


def test_a_member_creates_a_token_sees_it_once_and_revokes_it(reviewer_client, reviewer):
    page = reviewer_client.post(
        reverse("api:tokens"), {"name": "newsroom CMS", "scopes": ["claims:write"]}
    )
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    token = ApiToken.objects.get()
    secret = page.context["secret"]
    assert secret.startswith(f"cdt_{token.prefix}_") and secret in page.content.decode()
    assert secret.split("_", 2)[2] not in token.digest  # only a hash is kept
    again = reviewer_client.get(reverse("api:tokens")).content.decode()
    assert "newsroom CMS" in again and secret not in again and "never" in again
    reviewer_client.post(reverse("api:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert tokens.token_find(secret) is None


def test_a_token_without_a_scope_is_refused(reviewer_client, reviewer):
    response = reviewer_client.post(reverse("api:tokens"), {"name": "x"})
    assert response.status_code == 400
    assert "scopes" in response.context["form"].errors


def test_post_claim_creates_the_claim_as_the_owner_like_the_form(client, reviewer):
    _, secret = tokens.token_create(actor=reviewer, name="cms", scopes=["claims:write"])
    body = {
        "text": TEXT,
        "claimant": {"name": "Erbol Sultanov", "role": "mayor of Almaty"},
        "appeared_url": "https://news.example/almaty-lanes",
        "appeared_on": "2025-11-02",
        "tags": ["transport", "Almaty"],
    }
    response = post(client, CLAIMS, body, secret)
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.created_by == reviewer and claim.text == TEXT and claim.language == "en"
    assert claim.claimant == Claimant.objects.get(name="Erbol Sultanov")
    assert claim.claimant.description == "mayor of Almaty"
    assert sorted(claim.tags.values_list("name", flat=True)) == ["almaty", "transport"]
    assert AuditEvent.objects.filter(claim=claim, verb="created", actor=reviewer).exists()
    assert ApiToken.objects.get().last_used_at is not None


def test_bad_input_gets_the_forms_messages(client, reviewer):
    _, secret = tokens.token_create(actor=reviewer, name="cms", scopes=["claims:write"])
    response = post(client, CLAIMS, {"text": "no", "appeared_on": "2999-01-01"}, secret)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "text" in errors and "appeared_on" in errors
    assert not Claim.objects.exists()


def test_no_unknown_or_revoked_tokens_are_401_and_a_wrong_scope_403(client, reviewer):
    assert client.post(CLAIMS, "{}", content_type="application/json").status_code == 401
    assert post(client, CLAIMS, {"text": TEXT}, "cdt_nope_nope").status_code == 401
    token, secret = tokens.token_create(actor=reviewer, name="r", scopes=["read"])
    assert post(client, CLAIMS, {"text": TEXT}, secret).status_code == 403
    tokens.token_revoke(actor=reviewer, token_id=token.pk)
    assert post(client, CLAIMS, {"text": TEXT}, secret).status_code == 401


def test_evidence_is_added_through_the_claims_rules(client, reviewer, reviewer2):
    claim = wf.in_review(reviewer)
    _, secret = tokens.token_create(actor=reviewer, name="e", scopes=["evidence:write"])
    url = reverse("public:api-evidence-add", args=[claim.pk])
    body = {"url": "https://stats.example.org/lanes", "stance": "refutes", "title": "Register"}
    response = post(client, url, body, secret)
    assert response.status_code == 201, response.content
    assert Evidence.objects.get(claim=claim).url == "https://stats.example.org/lanes"
    _, other = tokens.token_create(actor=reviewer2, name="e", scopes=["evidence:write"])
    assert post(client, url, body, other).status_code == 403  # not rob's claim to work on
    bad = post(client, url, {"url": "ftp://x", "stance": "maybe"}, secret)
    assert bad.status_code == 400 and {"url", "stance"} <= set(bad.json()["errors"])


def test_each_token_is_rate_limited(client, reviewer, settings):
    settings.API_TOKEN_RATE_LIMIT = 1
    _, secret = tokens.token_create(actor=reviewer, name="cms", scopes=["claims:write"])
    assert post(client, CLAIMS, {"text": TEXT}, secret).status_code == 201
    assert post(client, CLAIMS, {"text": TEXT + " Again."}, secret).status_code == 429


def test_a_token_never_reaches_the_logs(client, reviewer, caplog):
    _, secret = tokens.token_create(actor=reviewer, name="cms", scopes=["read"])
    caplog.set_level(logging.DEBUG)
    post(client, CLAIMS, {"text": TEXT}, secret)  # refused: 403
    post(client, CLAIMS, {"text": TEXT}, secret + "x")  # refused: 401
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert secret.split("_", 2)[2] not in logged


def test_the_document_has_the_writes_and_their_security(client):
    document = client.get(reverse("public:openapi")).json()
    assert "post" in document["paths"]["/api/v1/claims/"]
    assert "post" in document["paths"]["/api/v1/claims/{id}/evidence/"]
    assert "TokenAuth" in json.dumps(document["components"].get("securitySchemes", {}))
