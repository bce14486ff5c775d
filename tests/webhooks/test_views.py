"""The webhook pages: editors only; the form refuses an address the desk may not call, next to
the field; the secret is shown once at creation and on request, never in a plain GET."""

from __future__ import annotations

from typing import Any

import pytest

from foundation import events
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(editor: Any) -> Endpoint:
    return Endpoint.objects.create(
        url="https://hooks.partner.example/desk", events=[events.CLAIM_PUBLISHED], created_by=editor
    )


def test_editors_add_an_endpoint_and_see_its_secret_once(editor_client: Any) -> None:
    response = editor_client.post(
        "/webhooks/new/",
        {
            "url": "https://hooks.partner.example/in",
            "events": [events.CLAIM_PUBLISHED, events.CLAIM_SEEN_AGAIN],
        },
    )
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    assert endpoint.events == [events.CLAIM_PUBLISHED, events.CLAIM_SEEN_AGAIN]
    assert endpoint.secret in response.content.decode()
    page = editor_client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in page and "Show the secret" in page
    shown = editor_client.post(f"/webhooks/{endpoint.pk}/secret/").content.decode()
    assert endpoint.secret in shown


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8000/hook", "The address points inside our own network"),
        ("https://10.1.2.3/hook", "The address points inside our own network"),
        ("http://metadata.internal/latest", "The address points inside our own network"),
        ("https://user:pass@hooks.partner.example/", "user name or password"),
        ("ftp://hooks.partner.example/", "Enter a valid URL"),
    ],
)
def test_an_address_the_desk_may_not_call_is_refused_next_to_the_field(
    editor_client: Any, url: str, message: str
) -> None:
    response = editor_client.post(
        "/webhooks/new/", {"url": url, "events": [events.CLAIM_PUBLISHED]}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_an_endpoint_needs_an_event(editor_client: Any) -> None:
    response = editor_client.post("/webhooks/new/", {"url": "https://hooks.partner.example/"})
    assert response.status_code == 200 and not Endpoint.objects.exists()


def test_the_list_and_the_page_show_the_state_and_recent_deliveries(
    editor_client: Any, endpoint: Endpoint, django_assert_max_num_queries: Any
) -> None:
    Delivery.objects.create(
        endpoint=endpoint,
        event_key="claim.published:verdict:9",
        kind=events.CLAIM_PUBLISHED,
        body="{}",
        retry_until=endpoint.created_at,
        attempts=2,
        last_status=None,
        last_error="Timed out: no answer within 10 s.",
    )
    with django_assert_max_num_queries(12):
        listing = editor_client.get("/webhooks/").content.decode()
    assert "hooks.partner.example/desk" in listing and "Active" in listing
    page = editor_client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "claim.published:verdict:9" in page and "Timed out: no answer within 10 s." in page


def test_pause_and_resume(editor_client: Any, endpoint: Endpoint) -> None:
    editor_client.post(f"/webhooks/{endpoint.pk}/pause/")
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert "Paused by eddie." in editor_client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    editor_client.post(f"/webhooks/{endpoint.pk}/resume/")
    endpoint.refresh_from_db()
    assert endpoint.active and not endpoint.paused_reason


def test_editing_keeps_the_secret(editor_client: Any, endpoint: Endpoint) -> None:
    secret = endpoint.secret
    response = editor_client.post(
        f"/webhooks/{endpoint.pk}/edit/",
        {"url": "https://hooks.partner.example/v2", "events": [events.VERDICT_CORRECTED]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url.endswith("/v2") and endpoint.secret == secret


@pytest.mark.parametrize("who", ["reviewer_client", "outsider_client"])
def test_only_editors_see_webhooks(request: Any, who: str, endpoint: Endpoint) -> None:
    client = request.getfixturevalue(who)
    assert client.get("/webhooks/").status_code == 403
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 403
    assert client.post(f"/webhooks/{endpoint.pk}/secret/").status_code == 403
    assert client.post(f"/webhooks/{endpoint.pk}/pause/").status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.active


def test_an_unknown_endpoint_is_a_404(editor_client: Any) -> None:
    assert editor_client.get("/webhooks/999/").status_code == 404


def test_the_secret_is_never_logged(editor_client: Any, caplog: Any) -> None:
    with caplog.at_level("DEBUG"):
        editor_client.post(
            "/webhooks/new/",
            {"url": "https://hooks.partner.example/in", "events": [events.CLAIM_PUBLISHED]},
        )
        endpoint = Endpoint.objects.get()
        editor_client.post(f"/webhooks/{endpoint.pk}/rotate/")
    endpoint.refresh_from_db()
    assert "whsec_" not in caplog.text
