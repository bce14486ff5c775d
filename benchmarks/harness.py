"""Timing helpers: interleaved rounds, medians and p95, ratios to a baseline in the same run."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import django


def setup_django(default_db: str = "postgres://postgres@127.0.0.1:5432/claimdesk_bench") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", default_db)
    os.environ.setdefault("DEBUG", "true")
    ensure_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_database(url: str) -> None:
    """Create the benchmark database on the PostgreSQL server if it is not there yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Scenario:
    name: str
    run: Callable[[], Any]
    samples: list[float] = field(default_factory=list)
    queries: int | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def measure(scenarios: list[Scenario], *, rounds: int, warmup: int = 3) -> None:
    """Round-robin: every round runs each scenario once, so machine noise hits all alike."""
    for _ in range(warmup):
        for scenario in scenarios:
            scenario.run()
    for _ in range(rounds):
        for scenario in scenarios:
            started = time.perf_counter()
            scenario.run()
            scenario.samples.append((time.perf_counter() - started) * 1000)


def table(scenarios: list[Scenario], baseline: Scenario) -> str:
    lines = [
        "| scenario | p50 ms | p95 ms | p50 / bare view | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in scenarios:
        lines.append(
            f"| {s.name} | {s.p50:.1f} | {s.p95:.1f} | {s.p50 / baseline.p50:.1f}x | "
            f"{s.queries if s.queries is not None else ''} |"
        )
    return "\n".join(lines)
