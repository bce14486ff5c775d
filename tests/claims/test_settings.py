"""Settings come from the environment; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.processes import ROOT

SETUP = "import django; django.setup(); print('started')"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-used-only-by-this-test-0123456789",
    "DATABASE_URL": "postgres://desk@db.internal:5432/desk",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "desk.example.org",
    "SITE_URL": "https://desk.example.org",
}


def run(code_or_args: str | list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests allow the ORM beside Playwright's event loop; production never does.
    leave_out = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in leave_out}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_defaults_start_without_any_configuration():
    result = run(SETUP)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DEBUG": "false"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DATABASE_URL": "mysql://root@localhost/desk"}, "DATABASE_URL must start with"),
        ({"CELERY_BROKER_URL": "amqp://guest@localhost//"}, "CELERY_BROKER_URL must start with"),
        ({"CELERY_TASK_TIME_LIMIT": "soon"}, "CELERY_TASK_TIME_LIMIT must be a whole number"),
        ({"CELERY_TASK_TIME_LIMIT": "1"}, "CELERY_TASK_TIME_LIMIT must be at least 5"),
        ({"BROKER_SOCKET_TIMEOUT": "-1"}, "BROKER_SOCKET_TIMEOUT must be at least"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
        ({"SITE_URL": "desk.example.org"}, "SITE_URL must start with"),
    ],
)
def test_bad_values_stop_startup_naming_the_variable(env, message):
    result = run(SETUP, **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "started" not in result.stdout


def test_check_deploy_passes_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("filesystem://localhost/", "config.filesystem_broker:Transport None None"),
        ("redis://127.0.0.1:6379/0", "config.broker:Transport None None"),
        ("rediss://redis.internal:6380/0", "config.broker:Transport 2 redis.internal"),
    ],
)
def test_broker_transport_follows_the_url(url, expected):
    # Each broker goes through its mended transport (config/broker.py for Redis,
    # config/filesystem_broker.py for the folder); TLS stays on, certificate checked.
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from config.celery import app; "
        "ssl = getattr(s, 'CELERY_BROKER_USE_SSL', None); "
        "host = app.connection_for_write().hostname if ssl else None; "
        "print(getattr(s, 'CELERY_BROKER_TRANSPORT', 'filesystem'), "
        "ssl and ssl['ssl_cert_reqs'], host)"
    )
    result = run(code, CELERY_BROKER_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == expected
