"""Personas and shared fixtures. Personas: anonymous, reviewer, second reviewer, editor,
outsider (logged in, not on the desk)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client

from tests import factories
from tests.fixture_server import fixture_http  # noqa: F401 - the fixture HTTP server, for all tests
from tests.smtp_server import smtp_server  # noqa: F401 - a real local SMTP server, for all tests
from tests.webhook_receiver import webhook_receiver  # noqa: F401 - a real local webhook receiver

pytest_plugins = ("tests.netguard",)  # fails a test that connects outside the safe client


_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `database` every test that reaches the database (a django_db mark, a database
    fixture, a Django TestCase). The PostgreSQL pass runs only those: a test that cannot touch
    the database behaves the same whichever one is configured, and has run in the SQLite pass."""
    from django.test import TransactionTestCase

    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        test_class = getattr(item, "cls", None)
        if (
            item.get_closest_marker("django_db")
            or fixtures & _DATABASE_FIXTURES
            or (test_class is not None and issubclass(test_class, TransactionTestCase))
            or item.get_closest_marker("postgres")
            or item.get_closest_marker("production")
        ):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: rows, counts and permission sets cached by one
    test (whose database rows are rolled back) must not show in the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the desk's default language: a request in Russian (the
    locale middleware activates it for the thread) must not translate the next test's text,
    whatever order pytest-randomly gives the tests."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_matching_index() -> Iterator[None]:
    """Each test starts with an empty matching index (built again from its own database on its
    first match): a claim indexed by a test whose rows were rolled back must not be found, or
    be missing, in the next, whatever order pytest-randomly gives the tests."""
    from claims.matching import index

    index.reset()
    yield
    index.reset()


def ensure_migration_data() -> None:
    """The rows data migrations write (the desk's groups and permissions, the rating scale).

    Tests in transactions of their own end with a flush, after which Django restores the
    database from the copy it serialised at set-up. Once Playwright's sync API has run (it
    switches greenlets, each with its own context), Django's connection objects are fresh
    ones without that copy, so the flush leaves these rows out for the transactional tests
    that follow. Re-running the migrations' own (idempotent) functions puts them back."""
    import importlib

    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    from reviews.models import Rating

    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    roles = importlib.import_module("claims.migrations.0003_desk_groups")
    review = importlib.import_module("reviews.migrations.0002_default_scale_and_roles")
    for position, (label, value, description) in enumerate(review.SCALE):
        Rating.objects.get_or_create(
            label=label, defaults={"value": value, "description": description, "position": position}
        )
    for name, claims_perms, reviews_perms in (
        ("Reviewer", roles.REVIEWER, review.REVIEWER),
        ("Editor", roles.EDITOR, review.EDITOR),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=claims_perms),
            *Permission.objects.filter(
                content_type__app_label="reviews", codename__in=reviews_perms
            ),
        )


def _member(username: str, group: str | None, **extra: Any) -> Any:
    if group and not Group.objects.filter(name=group).exists():
        ensure_migration_data()
    user = factories.UserFactory(username=username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reviewer(db: Any) -> Any:
    return _member("rita", "Reviewer")


@pytest.fixture
def reviewer2(db: Any) -> Any:
    return _member("rob", "Reviewer")


@pytest.fixture
def editor(db: Any) -> Any:
    return _member("eddie", "Editor", is_staff=True)


@pytest.fixture
def editor2(db: Any) -> Any:
    return _member("erin", "Editor", is_staff=True)


@pytest.fixture
def outsider(db: Any) -> Any:
    return _member("otto", None)


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(reviewer: Any) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def reviewer2_client(reviewer2: Any) -> Client:
    return _client_for(reviewer2)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return _client_for(editor)


@pytest.fixture
def editor2_client(editor2: Any) -> Client:
    return _client_for(editor2)


@pytest.fixture
def outsider_client(outsider: Any) -> Client:
    return _client_for(outsider)


@pytest.fixture
def anon_client() -> Client:
    return Client()


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On PostgreSQL each run gets its own test database (named after the process), so that two
    runs on one machine never drop each other's; it is dropped at the end of the run."""
    import os

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return
    test = db.setdefault("TEST", {})
    test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{os.getpid()}"
