from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from claims.models import AuditEvent, Claim

pytestmark = pytest.mark.django_db


def test_demo_desk_is_created_once_with_three_languages(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo")
    assert Claim.objects.count() >= 12
    assert {"en", "ru", "zh"} <= set(Claim.objects.values_list("language", flat=True))
    assert AuditEvent.objects.filter(verb="created").count() == Claim.objects.count()
    for username in ("reviewer", "reviewer2", "editor"):
        assert authenticate(username=username, password="demo-password-for-tests")

    call_command("seed_demo")  # a second run keeps what is there
    assert Claim.objects.count() == AuditEvent.objects.filter(verb="created").count()


def test_random_password_is_printed_once(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    out = capsys.readouterr().out
    password = out.split("password ")[-1].strip().split()[0]
    assert authenticate(username="editor", password=password)
    call_command("seed_demo")
    assert "password " not in capsys.readouterr().out.replace("reset their password", "")
