"""Every review action against every persona: allowed, 403 (may see, may not do), 404 (may not
see), or sent to the login page. Each case starts from a fresh desk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from reviews import services
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, NOT_FOUND, LOGIN = "ok", 403, 404, "login"
PERSONAS = ["anonymous", "outsider", "reviewer", "reviewer2", "editor"]


@dataclass
class Scene:
    working: Claim  # in review, assigned to the reviewer, with evidence E1 and a draft
    unassigned: Claim
    awaiting: Claim
    published: Claim
    dismissed: Claim
    evidence_id: int
    awaiting_verdict_id: int
    awaiting_version: int


@pytest.fixture
def scene(reviewer, reviewer2, editor, outsider) -> Scene:
    working = wf.in_review(reviewer)
    (evidence,) = wf.add_evidence(working, reviewer)
    wf.draft(working, reviewer)
    awaiting = wf.submitted(reviewer)
    published = wf.published(reviewer, editor).claim
    dismissed = ClaimFactory()
    services.claim_dismiss(
        actor=editor,
        claim_id=dismissed.pk,
        reason=services.NOT_CHECK_WORTHY,
        expected_version=dismissed.version,
    )
    return Scene(
        working=working,
        unassigned=ClaimFactory(),
        awaiting=awaiting.claim,
        published=published,
        dismissed=dismissed,
        evidence_id=evidence.pk,
        awaiting_verdict_id=awaiting.pk,
        awaiting_version=awaiting.version,
    )


def verdict_data(s: Scene) -> dict[str, Any]:
    verdict = s.working.verdicts.working().get()
    return {
        "rating": wf.rating().pk,
        "summary": "A summary",
        "conclusion": "A conclusion.",
        "rationale": "See [E1].",
        "version": verdict.version,
    }


def evidence_data(s: Scene) -> dict[str, Any]:
    return {"url": "https://example.org/source", "stance": "context"}


# action: (method, url, data, expected per persona)
ACTIONS: dict[str, tuple[str, Any, Any, dict[str, Any]]] = {
    "claim page": (
        "get",
        lambda s: reverse("reviews:claim", args=[s.working.pk]),
        None,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": OK, "editor": OK},
    ),
    "take": (
        "post",
        lambda s: reverse("reviews:take", args=[s.unassigned.pk]),
        {},
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": OK, "editor": OK},
    ),
    "assign": (
        "post",
        lambda s: reverse("reviews:assign"),
        lambda s: {"claims": [s.unassigned.pk], "assignee": s.working.assignee_id},
        {"outsider": FORBIDDEN, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "add evidence": (
        "post",
        lambda s: reverse("reviews:evidence-add", args=[s.working.pk]),
        evidence_data,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "edit evidence": (
        "post",
        lambda s: reverse("reviews:evidence-edit", args=[s.evidence_id]),
        evidence_data,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": FORBIDDEN},
    ),
    "remove evidence": (
        "post",
        lambda s: reverse("reviews:evidence-remove", args=[s.evidence_id]),
        {},
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": FORBIDDEN},
    ),
    "save draft": (
        "post",
        lambda s: reverse("reviews:verdict-save", args=[s.working.pk]),
        verdict_data,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": FORBIDDEN},
    ),
    "autosave draft": (
        "post",
        lambda s: reverse("reviews:verdict-autosave", args=[s.working.pk]),
        verdict_data,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": FORBIDDEN},
    ),
    "submit": (
        "post",
        lambda s: reverse("reviews:verdict-submit", args=[s.working.pk]),
        verdict_data,
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": FORBIDDEN, "editor": FORBIDDEN},
    ),
    "approve": (
        "post",
        lambda s: reverse("reviews:verdict-approve", args=[s.awaiting_verdict_id]),
        lambda s: {"version": s.awaiting_version},
        {"outsider": NOT_FOUND, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "request changes": (
        "post",
        lambda s: reverse("reviews:verdict-request-changes", args=[s.awaiting_verdict_id]),
        lambda s: {"version": s.awaiting_version, "note": "Please add a source."},
        {"outsider": NOT_FOUND, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "open correction": (
        "post",
        lambda s: reverse("reviews:correction-open", args=[s.published.pk]),
        {},
        {"outsider": NOT_FOUND, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "dismiss": (
        "post",
        lambda s: reverse("reviews:dismiss", args=[s.unassigned.pk]),
        lambda s: {"reason": "not_check_worthy", "version": s.unassigned.version},
        {"outsider": NOT_FOUND, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "reopen": (
        "post",
        lambda s: reverse("reviews:reopen", args=[s.dismissed.pk]),
        {},
        {"outsider": NOT_FOUND, "reviewer": FORBIDDEN, "reviewer2": FORBIDDEN, "editor": OK},
    ),
    "comment": (
        "post",
        lambda s: reverse("reviews:comment-add", args=[s.working.pk]),
        {"body": "Shall we call the ministry?"},
        {"outsider": NOT_FOUND, "reviewer": OK, "reviewer2": OK, "editor": OK},
    ),
    "notifications": (
        "get",
        lambda s: reverse("reviews:notifications"),
        None,
        {"outsider": FORBIDDEN, "reviewer": OK, "reviewer2": OK, "editor": OK},
    ),
    "mark notifications read": (
        "post",
        lambda s: reverse("reviews:notifications-read"),
        {},
        {"outsider": FORBIDDEN, "reviewer": OK, "reviewer2": OK, "editor": OK},
    ),
}

CASES = [(action, persona) for action in ACTIONS for persona in PERSONAS]


def client_for(request: Any, persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("action", "persona"), CASES)
def test_permission_matrix(request, scene, action, persona):
    method, url, data, expected = ACTIONS[action]
    expected = {"anonymous": LOGIN, **expected}[persona]
    payload = data(scene) if callable(data) else data
    client = client_for(request, persona)
    response = (
        getattr(client, method)(url(scene), payload)
        if payload is not None
        else getattr(client, method)(url(scene))
    )
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == OK:
        assert response.status_code in (200, 302), response.content[:300]
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
        assert b"Not allowed" not in response.content
    else:
        assert response.status_code == expected


def test_the_editor_who_wrote_a_verdict_cannot_decide_on_it(editor, editor2):
    verdict = wf.submitted(editor2)  # editor2 worked this claim and submitted its verdict
    client = Client()
    client.force_login(editor2)
    for name in ("reviews:verdict-approve", "reviews:verdict-request-changes"):
        response = client.post(
            reverse(name, args=[verdict.pk]), {"version": verdict.version, "note": "x"}
        )
        assert response.status_code == 403
        assert b"another editor" in response.content
    assert wf.reload(verdict).status == "submitted"
    page = client.get(verdict.claim.get_absolute_url()).content.decode()
    assert "Approve and publish" not in page
    assert "another editor must approve it" in page
