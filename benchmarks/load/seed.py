"""The load test's desk: `python -m benchmarks.load.seed PLAN.json [--claims N]`, run with the
production environment of the stack under test.

Builds N claims with benchmarks/generate.py (languages, claimants, tags, statuses, assignees and
dates spread like a working desk), gives the published ones an approved verdict with evidence
(benchmarks/exports.py), and gives every generated claim finished source lookups with results,
so claim pages and the Sources panel render what a real desk shows. Then it opens one session
per simulated user (a login costs a deliberately slow password hash that would otherwise
dominate the first seconds of the run) and writes the plan the locustfile reads: the session
keys and the ids, tags and words to ask for.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

SEED = 20261128
SEARCHES = ["buses", "dushanbe chargers", "solar panels", "net zero", "выбросы", "智慧城市"]


def add_lookups(claim_ids: list[int]) -> int:
    """Finished lookups for claims that have none: what the Sources panel shows once the
    worker is done (results from Wikipedia, Wikidata and the Wayback Machine, Fact Check not
    configured, nothing in the archive)."""
    from django.db import transaction
    from django.utils import timezone

    from claims.models import LookupJob, LookupResult

    S = LookupJob.Status
    plan = [
        ("factcheck", S.NOT_CONFIGURED, 0),
        ("wikipedia", S.DONE, 3),
        ("wikidata", S.DONE, 1),
        ("wayback", S.DONE, 1),
        ("archive", S.DONE, 0),
    ]
    results_per_provider = {provider: n for provider, _, n in plan}
    have = set(LookupJob.objects.filter(claim_id__in=claim_ids).values_list("claim_id", flat=True))
    owed = [pk for pk in claim_ids if pk not in have]
    now = timezone.now()
    for start in range(0, len(owed), 1000):
        jobs = [
            LookupJob(
                claim_id=claim_id,
                provider=provider,
                input_hash="load-seed",
                status=status,
                attempts=1,
                started_at=now - timedelta(seconds=2),
                finished_at=now,
                duration_ms=420,
                error_message="Add FACTCHECK_API_KEY to use Google Fact Check Tools."
                if status == S.NOT_CONFIGURED
                else "",
            )
            for claim_id in owed[start : start + 1000]
            for provider, status, _ in plan
        ]
        with transaction.atomic():
            LookupJob.objects.bulk_create(jobs)
            results = [
                LookupResult(
                    job=job,
                    rank=rank,
                    title=f"{job.provider.capitalize()} result {rank} for claim {job.claim_id}",
                    url=f"https://{job.provider}.example.org/item/{job.claim_id}/{rank}",
                    snippet="The city council approved the programme in 2023; the first "
                    "stage was finished a year later, according to the annual report.",
                    publisher=job.provider.capitalize(),
                )
                for job in jobs
                for rank in range(1, results_per_provider[job.provider] + 1)
            ]
            LookupResult.objects.bulk_create(results)
    return len(owed)


def open_sessions(count: int) -> list[dict[str, str]]:
    """Sessions for the desk's generated members (three editors, nine reviewers), as their
    browsers would hold them after logging in."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = list(
        get_user_model().objects.filter(username__startswith="bench-user-").order_by("username")
    )
    sessions = []
    for i in range(count):
        user = users[i % len(users)]
        client = Client()
        client.force_login(user, backend="foundation.backends.CachedPermissionsBackend")
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        sessions.append({"user": user.username, "sessionid": key})
    return sessions


def _published_texts(rng: random.Random, count: int = 30) -> list[str]:
    """Texts of published claims for the readers' run (`--readers`), embedded now so that a
    reader asking one of them is answered at once."""
    from claims.matching import services as matching
    from claims.models import Claim

    published = list(
        Claim.objects.filter(status=Claim.Status.PUBLISHED).order_by("pk").values_list("pk", "text")
    )
    chosen = rng.sample(published, min(count, len(published)))
    matching.claims_embed(claim_ids=[pk for pk, _ in chosen])
    return [text for _, text in chosen]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--sessions", type=int, default=60)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from benchmarks import claim_page, exports, generate
    from claims.models import Claim, Tag

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    generate.build(claims=args.claims, claimants=300, tags=60, log=log)
    verdicts = exports.add_verdicts()
    claim_ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    lookups = add_lookups(claim_ids)
    # two claims with a reviewer's work on them (issue 18): published, and in draft
    worked = [claim_page.build_claim(publish=True).pk, claim_page.build_claim(publish=False).pk]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    rng = random.Random(SEED)
    claimants = list(
        Claim.objects.exclude(claimant=None).values_list("claimant_id", flat=True).distinct()
    )
    plan: dict[str, Any] = {
        "sessions": open_sessions(args.sessions),
        "claim_ids": rng.sample(claim_ids, min(500, len(claim_ids))),
        "claimant_ids": rng.sample(claimants, min(40, len(claimants))),
        "tags": list(Tag.objects.order_by("name").values_list("name", flat=True)[:40]),
        "searches": SEARCHES,
        "worked_claim_ids": worked,
        "published_texts": _published_texts(rng),
    }
    args.plan.write_text(json.dumps(plan))
    log(
        f"load desk: {len(claim_ids):,} claims, verdicts for {verdicts:,}, lookups for "
        f"{lookups:,}, {len(plan['sessions'])} sessions"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
