"""The Makefile's own promises, checked by running make with its commands replaced by printenv."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests import processes

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _site_url_seen_by_make_run(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    result = subprocess.run(
        ["make", "--no-print-directory", "run", "PORT=8123", "PY=printenv SITE_URL #"],
        cwd=processes.ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("http")]


def test_make_run_with_a_port_gives_the_desk_that_address() -> None:
    # migrate, seed_demo and rundesk all see it (JSON-LD, CSV public_url, the feed).
    assert _site_url_seen_by_make_run() == ["http://127.0.0.1:8123"] * 3


def test_a_site_url_that_is_set_wins() -> None:
    assert (
        _site_url_seen_by_make_run(SITE_URL="https://desk.example") == ["https://desk.example"] * 3
    )
