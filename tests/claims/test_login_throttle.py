"""Login brute force is throttled (django-axes): after the failure limit, a user name is locked
out from that address, even with the right password, until the cool-off has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

RIGHT = "a-long-test-password"


def _login(client: Client, password: str, username: str = "rita", **extra: str):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_account_until_the_cool_off(settings, reviewer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Too many attempts" in body and "Try again in 15 minutes" in body
    assert locked["Retry-After"] == "900"

    # The right password does not help while locked.
    assert _login(client, RIGHT).status_code == 429
    assert "_auth_user_id" not in client.session

    # Once the cool-off has passed the right password works, and resets the count.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, RIGHT).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_lock_is_per_user_name_and_address(settings, reviewer, reviewer2):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "wrong", REMOTE_ADDR="203.0.113.9")
    assert _login(attacker, RIGHT, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The same person from the newsroom's address, and a colleague, still get in.
    assert _login(Client(), RIGHT, REMOTE_ADDR="198.51.100.4").status_code == 302
    assert _login(Client(), RIGHT, username="rob", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_the_proxy_the_forwarded_address_counts(settings, reviewer):
    settings.BEHIND_HTTPS_PROXY = True
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A client cannot pick its address by sending its own X-Forwarded-For: the proxy's
        # last entry is what counts.
        _login(Client(), "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9")
    assert _login(Client(), RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert _login(Client(), RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 302
