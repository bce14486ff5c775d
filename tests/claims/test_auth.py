from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def test_login_and_logout(anon_client, reviewer):
    page = anon_client.get(reverse("login"))
    assert page.status_code == 200
    response = anon_client.post(
        reverse("login"), {"username": "rita", "password": "a-long-test-password", "next": "/"}
    )
    assert response.status_code == 302
    assert anon_client.get(reverse("claims:list")).status_code == 200
    assert anon_client.get(reverse("logout")).status_code == 405  # logout is a POST
    anon_client.post(reverse("logout"))
    assert anon_client.get(reverse("claims:list")).status_code == 302


def test_wrong_password_shows_an_error(anon_client, reviewer):
    response = anon_client.post(reverse("login"), {"username": "rita", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_does_not_redirect_off_site(anon_client, reviewer):
    response = anon_client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "rita", "password": "a-long-test-password", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("claims:list")


def test_expired_session_during_htmx_request_sends_the_browser_to_login(anon_client):
    response = anon_client.get(
        reverse("claims:list"), {"q": "x"}, **HTMX, HTTP_HX_CURRENT_URL="http://testserver/?q=x"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/%3Fq%3Dx"
    assert b"<form" not in response.content


def test_groups_exist_with_their_permissions(db):
    reviewer = set(
        Group.objects.get(name="Reviewer").permissions.values_list("codename", flat=True)
    )
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    assert {"view_claim", "add_claim", "change_claim"} <= reviewer
    assert "assign_claim" not in reviewer and "dismiss_claim" not in reviewer
    assert reviewer < editor
    assert {"assign_claim", "dismiss_claim"} <= editor


def test_cached_permissions_follow_group_changes(settings, reviewer, reviewer_client):
    from django.core.cache import cache

    settings.SHARED_CACHE = True  # a process-local cache stands in for Redis in this test
    cache.clear()
    assert reviewer_client.get(reverse("claims:list")).status_code == 200
    assert cache.get(f"perms:{reviewer.pk}")

    reviewer.groups.clear()  # membership revoked: the next request must see it
    assert cache.get(f"perms:{reviewer.pk}") is None
    assert reviewer_client.get(reverse("claims:list")).status_code == 403

    reviewer.groups.add(Group.objects.get(name="Reviewer"))
    assert reviewer_client.get(reverse("claims:list")).status_code == 200
    Group.objects.get(name="Reviewer").permissions.clear()  # a group loses its permissions
    assert reviewer_client.get(reverse("claims:list")).status_code == 403
