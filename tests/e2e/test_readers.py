"""A reader in a real browser (no account): asks about a claim the desk has already checked, in
other words, and sees the answer at once; asks about a new one and leaves an e-mail; the desk
checks and publishes it; the real worker sends the e-mail through a real SMTP server, and the
status link in it shows the reader the fact-check."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from claims.matching import services as matching
from claims.models import Claim, Submission
from reviews import services
from tests import processes
from tests.reviews import workflow as wf

from .conftest import ARTIFACTS, E2E, Desk, Watcher, _people

pytestmark = E2E
CHECKED = "The city cut bus fares by 20 percent last year."
ASKED_AGAIN = "Is it true that last year the city made bus fares 20% cheaper?"
NEW = "The new tram line in Almaty carried two million passengers in its first month."


@pytest.fixture
def desk(request: Any, browser: Any, settings: Any, db: Any, smtp_server: Any) -> Iterator[Desk]:
    _people(settings)
    people = {user.username: user for user in get_user_model().objects.all()}
    published = wf.published(people["reviewer"], people["editor"], text=CHECKED, language="en")
    matching.claims_embed(claim_ids=[published.claim_id])
    env = {
        "EMAIL_URL": smtp_server.url(),
        "SWEEP_INTERVAL_SECONDS": "2",
        "LOOKUPS_PROVIDERS": "archive",
    }
    settings.LOOKUPS_PROVIDERS = ["archive"]
    processes.purge_broker()
    with processes.worker_and_web(**env) as base:
        watcher = Watcher()
        desk = Desk(base, browser, watcher, ARTIFACTS / request.node.name)
        desk.smtp = smtp_server  # type: ignore[attr-defined]
        try:
            yield desk
        finally:
            for context in desk.contexts:
                context.close()
        assert not watcher.problems, "\n".join(watcher.problems)


def _arrived(smtp: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if smtp.inbox.messages:
            return smtp.inbox.messages[0]
        time.sleep(0.2)
    raise AssertionError("no e-mail arrived")


def test_a_reader_gets_an_answer_at_once_and_later_by_email(desk: Any) -> None:
    reader = desk.page_as(None)
    reader.goto(desk.base + "/fact-checks/")
    reader.click("nav >> text=Ask us to check")
    reader.wait_for_selector("h1:has-text('Ask us to check a claim')")
    trap = reader.locator("input[name=website]").bounding_box()
    assert trap is not None and trap["x"] + trap["width"] <= 0  # the trap is out of sight
    desk.shot(reader, "01-form")

    # 1. Already checked, in other words: the answer straight away.
    reader.fill("textarea[name=text]", ASKED_AGAIN)
    reader.click("main button:has-text('Ask')")
    reader.wait_for_selector("h1:has-text('Already checked')")
    answer = reader.locator("article.answer").first.inner_text()
    assert "False" in answer and CHECKED in answer
    desk.shot(reader, "02-already-checked")

    # 2. A new claim, with an e-mail: on the desk's list, with a status link.
    reader.click("text=Ask about another claim")
    reader.fill("textarea[name=text]", NEW)
    reader.fill("input[name=url]", "https://social.example/posts/81")
    reader.fill("input[name=email]", "ana@readers.example")
    reader.click("main button:has-text('Ask')")
    reader.wait_for_selector("h1:has-text('Thank you for asking')")
    assert "ana@readers.example" in reader.inner_text("main")
    desk.shot(reader, "03-asked")
    status_link = reader.locator("a.status-link").inner_text()
    submission = Submission.objects.get(text=NEW)
    assert status_link.endswith(f"/ask/{submission.key}/")

    # 3. The desk sees it in "From readers", checks it and publishes.
    editor = desk.page_as("editor")
    editor.click("nav >> text=From readers")
    editor.wait_for_selector("h1:has-text('From readers')")
    assert "ana@readers.example" in editor.inner_text("main")  # editors see who asked
    desk.shot(editor, "04-desk-queue")
    people = {user.username: user for user in get_user_model().objects.all()}
    claim = Claim.objects.get(pk=submission.claim_id)
    services.claim_take(actor=people["reviewer2"], claim_id=claim.pk)
    wf.add_evidence(claim, people["reviewer2"])
    draft = wf.draft(claim, people["reviewer2"], summary="The tram carried 1.2 million")
    draft = services.verdict_submit(
        actor=people["reviewer2"], verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(
        actor=people["editor"], verdict_id=draft.pk, expected_version=draft.version
    )

    # 4. The worker sends the e-mail; its link shows the reader the fact-check.
    message = _arrived(desk.smtp)
    assert message["To"] == "ana@readers.example"
    text = next(
        p.get_content() for p in message.iter_parts() if p.get_content_type() == "text/plain"
    )
    link = re.search(r"https?://\S+/ask/[\w-]+/(?=\s)", text)
    assert link and link.group(0).endswith(f"/ask/{submission.key}/")
    reader.goto(desk.base + f"/ask/{submission.key}/")
    reader.wait_for_selector("text=Checked.")
    assert "The tram carried 1.2 million" in reader.inner_text("main")
    desk.shot(reader, "05-status-checked")
