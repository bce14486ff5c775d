"""Exports of 100,000 published claims in each format: rows per second and peak memory, against
a raw PostgreSQL `COPY (SELECT ...) TO STDOUT` of the same rows and columns in the same run.

The exports need published claims with verdicts and evidence, and the claims-list benchmarks need
their mix of statuses, so this benchmark keeps its own database next to the benchmark one (its
name plus `_exports`): generate.py's 100,000 claims, all published, each with an approved verdict
(one in twenty corrected), two evidence items and its audit events. Building it is idempotent.

Every export runs in a child process of its own writing to /dev/null, and the child reports its
peak resident memory (VmHWM): the figure includes Python and Django themselves, shown apart as
"idle", and the CPU time it used (COPY's work happens in the server, so its client CPU is
near nothing). Formats run round-robin for several rounds; we report the median and the best
time (on a shared machine other work only ever slows a run down) and the worst peak. A smaller
export (the first 10,000 claims) shows whether memory grows with the export's size.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

SMALL = 10_000
BATCH = 5000
FORMATS = ("csv", "jsonl", "claimreview")


def exports_database_url(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=parts.path.rstrip("/") + "_exports").geturl()


def _child_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",  # production settings: no query log in memory
        SECRET_KEY=env.get("SECRET_KEY") or "benchmark-only-secret-key-not-used-for-anything",
    )
    return env


def _child(url: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.exports", *args],
        env=_child_env(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.exports {' '.join(args)} failed:\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# --- In the child processes --------------------------------------------------------------------


def peak_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def prepare(claims: int) -> dict[str, Any]:
    from benchmarks import harness

    harness.setup_django(os.environ["DATABASE_URL"])
    from django.db import connection

    from benchmarks import generate
    from claims.models import Claim

    generate.build(claims=claims, log=lambda message: print(message, file=sys.stderr))
    Claim.objects.exclude(status=Claim.Status.PUBLISHED).update(
        status=Claim.Status.PUBLISHED, needs_changes=False
    )
    added = add_verdicts()
    if added:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"claims": Claim.objects.count(), "verdicts_added": added}


def add_verdicts() -> int:
    """An approved verdict, two evidence items and audit events for each published claim that
    has no verdict yet; every twentieth is a correction of an earlier, superseded verdict."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import Exists, OuterRef

    from claims.models import AuditEvent, Claim
    from reviews.models import Evidence, Rating, Verdict

    ratings = list(Rating.objects.filter(is_active=True).order_by("position"))
    worst, best = Rating.scale_bounds()
    users = list(
        get_user_model()
        .objects.filter(username__startswith="bench-user-")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    # What approval sets on a claim: published once, so readers' questions find it.
    Claim.objects.filter(status=Claim.Status.PUBLISHED, was_published=False).update(
        was_published=True
    )
    owed = Claim.objects.filter(status=Claim.Status.PUBLISHED).exclude(
        Exists(Verdict.objects.filter(claim=OuterRef("pk")))
    )
    added = 0
    while rows := list(owed.order_by("pk").values_list("pk", "text", "created_at")[:BATCH]):
        verdicts: list[Verdict] = []
        evidence: list[Evidence] = []
        events: list[AuditEvent] = []
        for claim_id, text, created in rows:
            rating = ratings[claim_id % len(ratings)]
            author, editor = users[3 + claim_id % 9], users[claim_id % 3]
            published = created + timedelta(days=2)
            numeric = rating.value is not None
            common = {
                "claim_id": claim_id,
                "rating": rating,
                "summary": text[:75],
                "conclusion": "The official register lists fewer projects than claimed.",
                "rationale": "The ministry's register [E1] and the city budget [E2] disagree.",
                "author_id": author,
                "submitted_by_id": author,
                "decided_by_id": editor,
                "rating_label": rating.label,
                "rating_value": rating.value,
                "rating_worst": worst if numeric else None,
                "rating_best": best if numeric else None,
                "created_at": created + timedelta(days=1),
            }
            verdicts.append(
                Verdict(
                    number=1,
                    status=Verdict.Status.APPROVED,
                    submitted_at=published,
                    decided_at=published,
                    published_at=published,
                    updated_at=published,
                    version=3,
                    **common,
                )
            )
            for number in (1, 2):
                evidence.append(
                    Evidence(
                        claim_id=claim_id,
                        number=number,
                        url=f"https://stats.example.org/register/{claim_id}/{number}",
                        title=f"Register of city projects, part {number}",
                        publisher="Ministry of Economy",
                        quote="The register lists 12 projects in the city.",
                        stance="refutes" if number == 1 else "context",
                        added_by_id=author,
                        added_at=created,
                        updated_at=created,
                        frozen=True,
                        snapshot_status="done" if number == 1 else "pending",
                        snapshot_at=created if number == 1 else None,
                    )
                )
            for verb, state in (("taken", "in_review"), ("verdict_approved", "published")):
                events.append(
                    AuditEvent(
                        claim_id=claim_id,
                        actor_id=editor if state == "published" else author,
                        verb=verb,
                        to_state=state,
                        at=published,
                        details={"claim": claim_id},
                    )
                )
        with transaction.atomic():
            Verdict.objects.bulk_create(verdicts)
            corrections = [
                _correction(verdict, published_at=verdict.published_at + timedelta(days=5))  # type: ignore[operator]
                for verdict in verdicts
                if verdict.claim_id % 20 == 0
            ]
            Verdict.objects.filter(pk__in=[c.correction_of_id for c in corrections]).update(
                status=Verdict.Status.SUPERSEDED
            )
            Verdict.objects.bulk_create(corrections)
            Evidence.objects.bulk_create(evidence)
            AuditEvent.objects.bulk_create(events)
        added += len(rows)
        print(f"  verdicts for {added:,} claims", file=sys.stderr)
    return added


def _correction(verdict: Any, *, published_at: Any) -> Any:
    from reviews.models import Verdict

    return Verdict(
        claim_id=verdict.claim_id,
        number=2,
        status=Verdict.Status.APPROVED,
        rating=verdict.rating,
        summary=verdict.summary,
        conclusion=verdict.conclusion + " Corrected: 8 more projects are planned.",
        rationale=verdict.rationale,
        correction_of_id=verdict.pk,
        correction_note="We first missed the planned projects.",
        author_id=verdict.author_id,
        submitted_by_id=verdict.author_id,
        decided_by_id=verdict.decided_by_id,
        submitted_at=published_at,
        decided_at=published_at,
        published_at=published_at,
        rating_label=verdict.rating_label,
        rating_value=verdict.rating_value,
        rating_worst=verdict.rating_worst,
        rating_best=verdict.rating_best,
        created_at=published_at,
        updated_at=published_at,
        version=3,
    )


def _published(limit: int) -> Any:
    from claims.models import Claim

    claims = Claim.objects.filter(status=Claim.Status.PUBLISHED)
    if limit:
        last = claims.order_by("pk").values_list("pk", flat=True)[limit - 1]
        claims = claims.filter(pk__lte=last)
    return claims


def _measure(rows: int, write: Any) -> dict[str, Any]:
    """Time one export and read this process's peak memory; idle is the peak before it."""
    idle = peak_kb()
    cpu = os.times()
    started = time.perf_counter()
    write()
    seconds = time.perf_counter() - started
    after = os.times()
    used = after.user + after.system - cpu.user - cpu.system
    return {"rows": rows, "seconds": seconds, "cpu": used, "peak_kb": peak_kb(), "idle_kb": idle}


def run_export(fmt: str, limit: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from reviews.exports import stream

    claims = _published(limit)
    rows = claims.count()
    connection.ensure_connection()

    def write() -> None:
        with open(os.devnull, "w", encoding="utf-8") as out:
            for chunk in stream.export_rows(claims, fmt):
                out.write(chunk)

    return _measure(rows, write)


def copy_sql(limit: int) -> str:
    """The CSV export's columns, straight from PostgreSQL (public_url is derived in Python)."""
    from django.contrib.auth import get_user_model

    from claims.models import Claim, Claimant, Tag
    from reviews.models import Evidence, Verdict

    users = get_user_model()._meta.db_table
    where = "c.status = 'published'"
    if limit:
        last = _published(limit).order_by("pk").values_list("pk", flat=True).last()
        where += f" AND c.id <= {int(last or 0)}"
    return f"""
        SELECT c.id, c.status, c.text, c.language, c.claim_type,
               cl.name, cl.kind, cl.description, cl.same_as,
               c.appeared_url, c.appeared_outlet, c.appeared_on,
               (SELECT string_agg(t.name, ';' ORDER BY t.name)
                  FROM {Claim.tags.through._meta.db_table} ct
                  JOIN {Tag._meta.db_table} t ON t.id = ct.tag_id
                 WHERE ct.claim_id = c.id) AS tags,
               a.username, cb.username, c.created_at, c.updated_at,
               v.rating_label, v.rating_value, v.rating_best, v.rating_worst,
               v.summary, v.conclusion, v.published_at,
               CASE WHEN v.id IS NULL THEN '' WHEN v.correction_of_id IS NULL THEN 'no'
                    ELSE 'yes' END AS corrected,
               (SELECT count(*) FROM {Evidence._meta.db_table} e WHERE e.claim_id = c.id)
          FROM {Claim._meta.db_table} c
          LEFT JOIN {Claimant._meta.db_table} cl ON cl.id = c.claimant_id
          LEFT JOIN {users} a ON a.id = c.assignee_id
          JOIN {users} cb ON cb.id = c.created_by_id
          LEFT JOIN {Verdict._meta.db_table} v ON v.claim_id = c.id AND v.status = 'approved'
         WHERE {where}
         ORDER BY c.id
    """


def run_copy(limit: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    rows = _published(limit).count()
    sql = f"COPY ({copy_sql(limit)}) TO STDOUT (FORMAT csv, HEADER)"
    connection.ensure_connection()

    def write() -> None:
        # psycopg's own cursor under Django's wrapper: COPY streams the server's CSV.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(sql) as copy,
            open(os.devnull, "wb") as out,
        ):
            for data in copy:
                out.write(data)

    return _measure(rows, write)


# --- In the benchmark process -------------------------------------------------------------------


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f}"


def main(*, claims: int = 100_000, rounds: int = 5) -> str:
    url = exports_database_url(os.environ["DATABASE_URL"])
    if not urlsplit(url).scheme.startswith("postgres"):
        return "Exports benchmark: needs PostgreSQL (COPY is the baseline); skipped."
    built = _child(url, "prepare", str(claims))
    cases = [("COPY (baseline)", "copy", 0)] + [(fmt, fmt, 0) for fmt in FORMATS]
    cases += [(f"{name}, first {SMALL:,}", kind, SMALL) for name, kind, _ in cases]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in cases}
    for _ in range(rounds):
        for name, kind, limit in cases:
            args = ("copy", str(limit)) if kind == "copy" else ("export", kind, str(limit))
            results[name].append(_child(url, *args))
    lines = [
        "| export | rows | median s | best s | rows/s | vs COPY | vs COPY, best | "
        "client CPU s | peak MB | idle MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratio: dict[str, tuple[float, float]] = {}
    peaks: dict[str, float] = {}
    for name, _kind, limit in cases:
        runs = results[name]
        copy = results["COPY (baseline)" + (f", first {SMALL:,}" if limit else "")]
        median = statistics.median(run["seconds"] for run in runs)
        best = min(run["seconds"] for run in runs)
        ratio[name] = (
            statistics.median(run["seconds"] for run in copy) / median,
            min(run["seconds"] for run in copy) / best,
        )
        peaks[name] = max(run["peak_kb"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        lines.append(
            f"| {name} | {runs[0]['rows']:,} | {median:.2f} | {best:.2f} | "
            f"{runs[0]['rows'] / median:,.0f} | {ratio[name][0]:.0%} | {ratio[name][1]:.0%} | "
            f"{cpu:.2f} | {_mb(peaks[name])} | {_mb(max(r['idle_kb'] for r in runs))} |"
        )
    worst_peak = max(peaks[name] for name in FORMATS)
    summary = (
        f"CSV at {ratio['csv'][0]:.0%} of the COPY rate by medians, {ratio['csv'][1]:.0%} by "
        f"best runs (target at least 50%). Highest peak of a full export: {_mb(worst_peak)} MB "
        f"(target under 200 MB): {'met' if worst_peak < 200 * 1024 else 'NOT met'}."
    )
    head = (
        f"Exports, {built['claims']:,} published claims (database "
        f"{urlsplit(url).path.lstrip('/')}), PostgreSQL, {rounds} rounds, one process per run"
    )
    return f"{head}\n\n" + "\n".join(lines) + f"\n\n{summary}"


def _entry(argv: list[str]) -> dict[str, Any]:
    step, *rest = argv
    if step == "prepare":
        return prepare(int(rest[0]))
    if step == "copy":
        return run_copy(int(rest[0]))
    if step == "export":
        return run_export(rest[0], int(rest[1]))
    raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    print(json.dumps(_entry(sys.argv[1:])), flush=True)
