"""`make load` / `python -m benchmarks.load`: the desk under load in production mode.

Starts production mode exactly as `make prod-smoke` does (scripts/prodstack.py: gunicorn, a
Celery worker and beat on PostgreSQL and a private Redis, DEBUG off, behind the proxy), with the
benchmarks' bare view added to the URLs (benchmarks/load/settings.py). Seeds a desk of a few
thousand claims (benchmarks/load/seed.py), warms up, waits until the worker has done the seeded
desk's background work (`settle`: embeddings, evidence snapshots), then for each run:

1. **Mixed**: 50 desk members for 60 s (locust, headless, over loopback), each waiting 0.5-1.5 s
   between actions: the claims list with filters and search, claim pages, htmx fragments
   (list table, Sources and analysis panels), submits (comments, new claims through the form),
   and the bare view. p50/p95 per endpoint and requests a second.
2. **Throughput at saturation**: each endpoint alone, 50 users with no think time, for a few
   seconds each; requests a second relative to the bare view, measured first and last.

Any failed request fails the run. Results are printed as Markdown and kept in
var/prodstack/load/results.json. See BENCHMARKS.md "Load (production mode)".
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from scripts.prodstack import PYTHON, ROOT, ProdStack, StackError, stop_on_sigterm, tail

LOCUSTFILE = ROOT / "benchmarks" / "load" / "locustfile.py"
# Endpoints measured alone at saturation: (locust tag, request name in the stats).
CAPACITY = [
    ("bare", "bare view"),
    ("list", "list: first page"),
    ("filtered", "list: filtered"),
    ("search", "list: search"),
    ("table", "htmx: list table"),
    ("claim", "claim page"),
    ("worked", "claim page: worked"),
    ("sources", "htmx: sources panel"),
    ("analysis", "htmx: analysis panel"),
    ("comment", "submit: comment (htmx)"),
    ("bare", "bare view"),  # again at the end: the machine's drift shows
]
MIXED_ORDER = [
    "list: first page",
    "list: filtered",
    "list: search",
    "htmx: list table",
    "claim page",
    "claim page: worked",
    "htmx: sources panel",
    "htmx: analysis panel",
    "submit: comment (htmx)",
    "submit: new claim form",
    "submit: new claim",
    "bare view",
]


class LoadFailure(RuntimeError):
    pass


def locust(stack: ProdStack, prefix: str, **options: Any) -> dict[str, dict[str, Any]]:
    """One headless locust run (`locust_start`'s options); its per-request stats by name (and
    "Aggregated")."""
    return locust_stats(locust_start(stack, prefix, **options))


class LocustRun:
    def __init__(self, prefix: str, out: Path, proc: subprocess.Popen[str], seconds: int) -> None:
        self.prefix, self.out, self.proc, self.seconds = prefix, out, proc, seconds


def locust_start(
    stack: ProdStack,
    prefix: str,
    *,
    users: int,
    seconds: int,
    wait: str,
    tags: list[str] | None = None,
    classes: tuple[str, ...] = ("DeskMember",),
    port: int = 0,
    nice: int = 0,
) -> LocustRun:
    """Start a headless locust run against `port` (the desk's gunicorn unless given), at `nice`
    (a load generator that stands for people on other machines)."""
    out = stack.run_dir / prefix
    args = ["nice", "-n", str(nice)] if nice else []
    args += [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", *classes]
    args += ["--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s"]
    args += ["--host", f"http://127.0.0.1:{port or stack.port}", "--csv", str(out)]
    args += ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
    if tags:
        args += ["--tags", *tags]
    env = {
        **stack.env(),
        "LOAD_PLAN": str(stack.run_dir / "plan.json"),
        "LOAD_WAIT": wait,
    }
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return LocustRun(prefix, out, proc, seconds)


def locust_stats(run: LocustRun) -> dict[str, dict[str, Any]]:
    """Wait for the run to end; its per-request stats by name. Any failed request fails it."""
    try:
        _stdout, stderr = run.proc.communicate(timeout=run.seconds + 120)
    except subprocess.TimeoutExpired:
        run.proc.kill()
        _stdout, stderr = run.proc.communicate()
    stats_file = Path(f"{run.out}_stats.csv")
    if not stats_file.is_file():
        raise LoadFailure(f"locust wrote no stats ({run.proc.returncode}):\n{tail(stderr)}")
    with stats_file.open() as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    failures = int(stats.get("Aggregated", {}).get("Failure Count", "0") or 0)
    if failures or run.proc.returncode != 0:
        with Path(f"{run.out}_failures.csv").open() as handle:
            detail = "\n".join(
                f"  {row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error'][:300]}"
                for row in csv.DictReader(handle)
            )
        raise LoadFailure(
            f"{run.prefix}: {failures} failed requests (locust exit {run.proc.returncode})\n"
            f"{detail}\n{tail(stderr, 15)}"
        )
    return {
        name: {
            "requests": int(row["Request Count"]),
            "rps": float(row["Requests/s"]),
            "p50": float(row["50%"] or 0),
            "p95": float(row["95%"] or 0),
            "mean": float(row["Average Response Time"] or 0),
        }
        for name, row in stats.items()
    }


def run_once(stack: ProdStack, number: int, args: argparse.Namespace) -> dict[str, Any]:
    say = stack.say
    mixed: dict[str, dict[str, Any]] = {}
    if args.run_time:
        say(f"run {number}: mixed, {args.users} users for {args.run_time}s")
        mixed = locust(
            stack, f"run{number}-mixed", users=args.users, seconds=args.run_time, wait="0.5-1.5"
        )
    capacity: list[dict[str, Any]] = []
    chosen = [(tag, name) for tag, name in CAPACITY if not args.only or tag in args.only]
    for position, (tag, name) in enumerate(chosen):
        stats = locust(
            stack,
            f"run{number}-alone-{position}-{tag}",
            users=args.users,
            seconds=args.capacity_time,
            wait="0",
            tags=[tag],
        )
        row = {"tag": tag, "name": name, **stats[name]}
        capacity.append(row)
        say(f"  {name}: {row['rps']:.1f} req/s, p50 {row['p50']:.0f} ms")
    return {"mixed": mixed, "capacity": capacity}


READERS = 10  # users of benchmarks/load/locustfile.py's Reader, each at READER_RATE a second
READER_RATE = 200 / 60 / READERS


def readers_run(stack: ProdStack, args: argparse.Namespace, public_port: int = 0) -> str:
    """Readers asking 200 questions a minute for `args.readers` seconds beside the desk's
    members, against the desk's members alone for a minute before and a minute after (the
    machine drifts: the idle p95 is the lower of the two): p95 of each desk page idle and under
    the readers, and how the questions folded into claims."""
    say = stack.say
    say(f"readers: the desk alone, {args.users} users for 60 s")
    before = locust(stack, "readers-idle", users=args.users, seconds=60, wait="0.5-1.5")
    say(f"readers: {READERS} readers at 200 a minute for {args.readers} s, beside the desk")
    if public_port:
        # The readers go to the public site's own gunicorn, from a load generator of their
        # own (they are people elsewhere): the desk members' run is the same as alone.
        readers = locust_start(
            stack,
            "readers-public",
            users=READERS,
            seconds=args.readers,
            wait="0",
            classes=("Reader",),
            port=public_port,
            nice=args.public_nice,
        )
        desk = locust_start(
            stack, "readers-busy", users=args.users, seconds=args.readers, wait="0.5-1.5"
        )
        busy = {
            **locust_stats(desk),
            **{k: v for k, v in locust_stats(readers).items() if k != "Aggregated"},
        }
    else:
        busy = locust(
            stack,
            "readers-busy",
            users=args.users + READERS,
            seconds=args.readers,
            wait="0.5-1.5",
            classes=("DeskMember", "Reader"),
        )
    say(f"readers: the desk alone again, {args.users} users for 60 s")
    after = locust(stack, "readers-idle-after", users=args.users, seconds=60, wait="0.5-1.5")
    idle = {
        name: min(before[name], after[name], key=lambda row: row["p95"])
        for name in before
        if name in after
    }
    folded = desk_shell(stack, FOLD_COUNT)
    asked = busy.get("readers: ask", {"requests": 0, "p50": 0, "p95": 0})
    lines = [
        f"Readers: {asked['requests']:,} questions in {args.readers} s "
        f"({asked['requests'] * 60 / args.readers:.0f} a minute), p50 {asked['p50']:.0f} ms, "
        f"p95 {asked['p95']:.0f} ms, zero failed requests; {folded}.",
        "",
        f"The worker at nice {stack.worker_nice}; "
        + (
            f"readers served by the public site's own gunicorn ({args.public_workers} workers "
            f"at nice {args.public_nice})."
            if public_port
            else "readers served by the desk's gunicorn."
        ),
        "",
        "| desk endpoint | p95 alone ms (before, after) | p95 with readers ms | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name in [*MIXED_ORDER, "Aggregated"]:
        if name in idle and name in busy and idle[name]["p95"]:
            lowest, loaded = idle[name]["p95"], busy[name]["p95"]
            pair = f"{before[name]['p95']:.0f}, {after[name]['p95']:.0f}"
            lines.append(f"| {name} | {pair} | {loaded:.0f} | {loaded / lowest:.2f} |")
    return "\n".join(lines)


def desk_shell(stack: ProdStack, code: str) -> str:
    """What `code` prints, run by `manage.py shell` against the stack's database."""
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=stack.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


OWED_COUNT = (
    "from claims.models import Claim;from reviews.models import Evidence as E;"
    "print(Claim.objects.filter(embedding__isnull=True).count(),"
    'E.objects.filter(snapshot_status="pending").count())'
)


def settle(stack: ProdStack, *, timeout: float = 900) -> None:
    """Wait until the worker has done the seeded desk's background work (every claim embedded,
    every evidence snapshot taken or failed): measured before that, "idle" would be the worker
    embedding 2,000 claims, and every web process reading the new vectors into its index."""
    started = time.monotonic()
    while True:
        owed = desk_shell(stack, OWED_COUNT).split()
        waited = time.monotonic() - started
        if owed == ["0", "0"]:
            stack.say(f"  ok  the desk at rest: background work done ({waited:.0f}s)")
            return
        if waited > timeout:
            raise LoadFailure(f"background work still owed after {timeout:.0f}s: {owed}")
        stack.say(f"  ..  owed: {owed[0]} embeddings, {owed[1]} snapshots ({waited:.0f}s)")
        time.sleep(15)


FOLD_COUNT = (
    "from claims.models import Submission as S;"
    'print(f\'{S.objects.count():,} kept as {S.objects.values("claim_id").distinct().count():,}'
    ' claims ({S.objects.filter(outcome="answered").count():,} answered at once)\')'
)


def bare_rps(capacity: list[dict[str, Any]]) -> float:
    return statistics.mean(row["rps"] for row in capacity if row["tag"] == "bare")


def report(results: list[dict[str, Any]], args: argparse.Namespace, seconds: float) -> str:
    runs = len(results)
    lines = [
        f"Load, production mode: gunicorn {args.workers} workers x {args.threads} threads, "
        f"{args.users} users, {runs} run(s); medians over the runs",
    ]
    if args.run_time:
        lines += [
            "",
            f"Mixed ({args.run_time} s, think time 0.5-1.5 s):",
            "",
            "| endpoint | requests | req/s | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|",
        ]
    for name in [*MIXED_ORDER, "Aggregated"]:
        rows = [r["mixed"][name] for r in results if name in r["mixed"]]
        if not rows:
            continue
        lines.append(
            f"| {name} | {statistics.median(r['requests'] for r in rows):,.0f} "
            f"| {statistics.median(r['rps'] for r in rows):.1f} "
            f"| {statistics.median(r['p50'] for r in rows):.0f} "
            f"| {statistics.median(r['p95'] for r in rows):.0f} |"
        )
    lines += [
        "",
        f"Each endpoint alone ({args.capacity_time} s, no think time):",
        "",
        "| endpoint | req/s | x bare view | p50 ms | p95 ms | runs: req/s |",
        "|---|---:|---:|---:|---:|---|",
    ]
    names = list(dict.fromkeys(row["name"] for row in results[0]["capacity"]))
    for name in names:
        per_run = []
        for result in results:
            rows = [row for row in result["capacity"] if row["name"] == name]
            base = bare_rps(result["capacity"])
            rps = statistics.mean(row["rps"] for row in rows)
            per_run.append(
                {
                    "rps": rps,
                    "ratio": rps / base,
                    "p50": statistics.mean(r["p50"] for r in rows),
                    "p95": statistics.mean(r["p95"] for r in rows),
                }
            )
        lines.append(
            f"| {name} | {statistics.median(r['rps'] for r in per_run):.1f} "
            f"| {statistics.median(r['ratio'] for r in per_run):.2f}x "
            f"| {statistics.median(r['p50'] for r in per_run):.0f} "
            f"| {statistics.median(r['p95'] for r in per_run):.0f} "
            f"| {', '.join(format(r['rps'], '.0f') for r in per_run)} |"
        )
    lines += ["", f"Zero failed requests. Took {seconds / 60:.1f} min."]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of the mixed run")
    parser.add_argument("--capacity-time", type=int, default=12, help="seconds per endpoint")
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--database", default="claimdesk_load")
    parser.add_argument(
        "--readers",
        type=int,
        default=0,
        help="seconds of readers asking 200 questions a minute beside the desk (then only that)",
    )
    parser.add_argument(
        "--only", nargs="*", help="measure only these endpoints alone (tags; bare is kept)"
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="run the Celery worker at this nice level (on one machine: background work "
        "yields the CPU to the pages)",
    )
    parser.add_argument(
        "--public-workers",
        type=int,
        default=0,
        help="with --readers: serve the readers from a second gunicorn of this many workers "
        "(the public site's own web processes; 0: the desk's)",
    )
    parser.add_argument(
        "--public-nice",
        type=int,
        default=10,
        help="nice level of the public site's gunicorn and of the readers' load generator",
    )
    args = parser.parse_args(argv)
    if args.only:
        args.only = {"bare", *args.only}
    started = time.perf_counter()

    def say(line: str) -> None:
        print(line, flush=True)

    results: list[dict[str, Any]] = []
    try:
        with (
            stop_on_sigterm(),
            ProdStack(
                name="load",
                database=args.database,
                web_workers=args.workers,
                web_threads=args.threads,
                worker_nice=args.worker_nice,
                settings_module="benchmarks.load.settings",
                access_log=False,
                log_level="WARNING",
                say=say,
            ) as stack,
        ):
            try:
                stack.prepare(seed_demo=False)
                seeded = time.perf_counter()
                seed = [PYTHON, "-m", "benchmarks.load.seed", str(stack.run_dir / "plan.json")]
                done = subprocess.run(
                    [*seed, "--claims", str(args.claims), "--sessions", str(args.users + 10)],
                    cwd=ROOT,
                    env=stack.env(),
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    raise LoadFailure(f"seeding failed:\n{tail(done.stderr)}")
                say(
                    f"  ok  {done.stderr.strip().splitlines()[-1]} "
                    f"({time.perf_counter() - seeded:.0f}s)"
                )
                stack.start()
                say("warm-up: 10 users for 10 s")
                locust(stack, "warmup", users=10, seconds=10, wait="0")
                settle(stack)
                if args.readers:
                    public_port = 0
                    if args.public_workers:
                        public_port = stack.start_public_web(
                            workers=args.public_workers, nice=args.public_nice
                        )
                    say("")
                    say(readers_run(stack, args, public_port))
                    return 0
                for number in range(1, args.runs + 1):
                    results.append(run_once(stack, number, args))
                    (stack.run_dir / "results.json").write_text(json.dumps(results, indent=1))
            except (LoadFailure, StackError):
                print("\nLogs (tails):\n" + stack.logs(20), file=sys.stderr, flush=True)
                raise
    except (LoadFailure, StackError) as failure:
        print(f"\nload FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    say("")
    say(report(results, args, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
