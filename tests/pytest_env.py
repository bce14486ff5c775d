"""Loaded with `-p tests.pytest_env`, before pytest-django reads the settings.

Chooses the broker for the test run: a real Redis when one answers (always in CI, where a
missing Redis stops the run), otherwise Kombu's filesystem transport in a private folder, so
tests never share a queue with a desk running on this machine.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.services import in_ci, reachable

_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_index = int(_worker[2:]) if _worker[2:].isdigit() else 0
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _index}")

# The broker this process chose, marked with its pid. pytest-xdist starts its workers from the
# controller, after this module ran there: a worker inherits the controller's choice, and would
# share its queue (and its workers' tasks) with every other worker. Each chooses its own.
_CHOSEN_BY = "CLAIMDESK_TEST_BROKER_CHOSEN_BY"
if os.environ.get(_CHOSEN_BY, str(os.getpid())) != str(os.getpid()):
    for _name in ("CELERY_BROKER_URL", "BROKER_KEY_PREFIX", "BROKER_DIR"):
        os.environ.pop(_name, None)

if "CELERY_BROKER_URL" not in os.environ:
    os.environ[_CHOSEN_BY] = str(os.getpid())
    if reachable(REDIS_URL):
        os.environ["CELERY_BROKER_URL"] = REDIS_URL
        # Two runs on one machine share the Redis: each keeps to its own keys (and workers).
        os.environ.setdefault("BROKER_KEY_PREFIX", f"test-{os.getpid()}:")
    elif in_ci():
        raise pytest.UsageError(f"CI: Redis is required but not reachable at {REDIS_URL}.")
    else:
        os.environ["CELERY_BROKER_URL"] = "filesystem://localhost/"
        os.environ["BROKER_DIR"] = tempfile.mkdtemp(prefix="claimdesk-test-broker-")

os.environ.setdefault("SWEEP_GRACE_SECONDS", "2")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="claimdesk-test-media-"))
# Each run has its own SQLite files (the test database included), so two runs on one machine
# never delete each other's database; child processes inherit the folder through the environment.
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="claimdesk-test-var-"))
