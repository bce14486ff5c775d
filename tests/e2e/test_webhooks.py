"""Webhooks in a real browser: an editor adds an endpoint (an address with a password is refused
next to the field), copies the secret shown once, sends a test ping and sees it delivered, then
a publication reaches the receiver, signed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tests import processes
from tests.reviews import workflow as wf
from webhooks.models import Endpoint

from .conftest import E2E

pytestmark = E2E


def test_an_editor_adds_an_endpoint_and_sees_a_delivery(desk: Any, webhook_receiver: Any) -> None:
    people = {user.username: user for user in get_user_model().objects.all()}
    editor = desk.page_as("editor")
    editor.click("nav >> text=Webhooks")
    editor.wait_for_selector("h1:has-text('Webhooks')")
    editor.click("text=Add an endpoint")

    address = webhook_receiver.url("/desk")
    editor.fill("#id_url", address.replace("http://", "http://partner:pw@"))
    editor.check("text=A claim is published")
    editor.click("main button:has-text('Save')")
    editor.wait_for_selector("text=user name or password")
    desk.shot(editor, "01-refused-address")

    editor.fill("#id_url", address)
    editor.click("main button:has-text('Save')")
    secret = editor.locator(".webhook-secret").inner_text().strip()
    assert secret.startswith("whsec_") and secret == Endpoint.objects.get().secret
    webhook_receiver.secrets["/desk"] = secret
    desk.shot(editor, "02-added-with-secret")

    editor.click("text=Send a test ping")
    processes.wait_until(lambda: webhook_receiver.received, timeout=30, what="the ping")
    endpoint = Endpoint.objects.get()
    editor.goto(desk.base + f"/webhooks/{endpoint.pk}/")
    assert ".webhook-secret" not in editor.content()  # shown once
    assert "Delivered (200)" in editor.locator(".webhook-deliveries").inner_text()

    verdict = wf.published(people["reviewer"], people["editor"])
    key = f"claim.published:verdict:{verdict.pk}"
    processes.wait_until(lambda: key in webhook_receiver.keys("/desk"), timeout=30, what="event")
    editor.reload()
    rows = editor.locator(".webhook-deliveries").inner_text()
    assert key in rows and rows.count("Delivered (200)") == 2
    desk.shot(editor, "03-deliveries")

    editor.click("main button:has-text('Pause')")
    editor.wait_for_selector(".webhook-paused")
    desk.shot(editor, "04-paused")
    editor.click("nav >> text=Webhooks")
    assert "Paused" in editor.locator("table").inner_text()
    desk.shot(editor, "05-list")
    assert all(r.signed for r in webhook_receiver.received)
