from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import AuditEvent, Claim

pytestmark = pytest.mark.django_db


def _password_works(username: str, password: str) -> bool:
    return get_user_model().objects.get(username=username).check_password(password)


def test_demo_desk_is_created_once_with_three_languages(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo")
    assert Claim.objects.count() >= 12
    assert {"en", "ru", "zh"} <= set(Claim.objects.values_list("language", flat=True))
    assert AuditEvent.objects.filter(verb="created").count() == Claim.objects.count()
    for username in ("reviewer", "reviewer2", "editor"):
        assert _password_works(username, "demo-password-for-tests")

    call_command("seed_demo")  # a second run keeps what is there
    assert Claim.objects.count() == AuditEvent.objects.filter(verb="created").count()


def test_random_password_is_printed_once(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    out = capsys.readouterr().out
    password = out.split("password ")[-1].strip().split()[0]
    assert _password_works("editor", password)
    call_command("seed_demo")
    assert "password " not in capsys.readouterr().out.replace("reset their password", "")


def test_demo_desk_covers_the_workflow(monkeypatch):
    from reviews.models import Verdict

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo")
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"new", "in_review", "awaiting_approval", "published", "dismissed"}
    assert Claim.objects.filter(needs_changes=True).exists()
    assert Verdict.objects.filter(status="approved").count() >= 4
    corrected = Verdict.objects.get(status="approved", correction_of__isnull=False)
    assert corrected.correction_note and corrected.correction_of.status == "superseded"
    assert Claim.objects.filter(dismissal_reason="duplicate", duplicate_of__isnull=False).exists()


def test_the_demo_desk_starts_with_only_the_work_that_waits_unread(monkeypatch):
    """Its history happened before anyone logs in: a member starts with the notices of work
    still waiting for them, not ten about finished business."""
    from reviews.models import Notification

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo")
    for username in ("reviewer", "reviewer2", "editor"):
        unread = Notification.objects.filter(recipient__username=username).unread()
        assert unread.count() <= 3, (username, list(unread.values_list("verb", "claim__status")))
        for note in unread.select_related("claim"):
            assert note.claim.status in {"in_review", "awaiting_approval"}, note
    assert Notification.objects.filter(read_at__isnull=False).exists()
