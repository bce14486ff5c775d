"""The claim page with what a worked claim carries (issue 18): five evidence items, a verdict,
twenty audit events, seven finished lookups with results and their raw responses, five similar
claims and three comments; published (read by an editor) and in draft (read by its assignee,
who gets the verdict form). Timed in-process through Django's whole stack beside the bare view,
on the benchmark desk (`BENCH_SIZE` claims, 100,000 by default), with the queries each costs.

The two claims are built through the desk's own services, so their events, versions and
notifications are the ones a reviewer's work leaves; they are built once and reused.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks import generate, harness
from claims import services as claim_services
from claims.models import Claim, LookupJob, LookupResult, SimilarClaim
from reviews import services
from reviews.models import Rating

MARK = "Bench claim page:"
PROVIDERS = ["factcheck", "wikipedia", "wikidata", "worldbank", "wayback", "archive", "pagemeta"]


def _raw_response(provider: str, n: int) -> list[dict[str, Any]]:
    """A recorded answer about the size a real one has (a search API's JSON, ~25 KB)."""
    items = [
        {
            "title": f"{provider} item {i} on the city's bus fleet",
            "url": f"https://{provider}.example.org/items/{n}/{i}",
            "snippet": "The council's transport report lists the fleet, its fuel and the "
            "routes each vehicle serves, with yearly totals since 2015. " * 3,
            "metadata": {"rank": i, "language": "en", "words": 1200 + i},
        }
        for i in range(40)
    ]
    return [{"url": f"https://{provider}.example.org/api?q=buses", "status": 200, "body": items}]


def _lookups(claim: Claim) -> None:
    now = timezone.now()
    for n, provider in enumerate(PROVIDERS):
        job = LookupJob.objects.create(
            claim=claim,
            provider=provider,
            input_hash=f"bench-{n}",
            status=LookupJob.Status.DONE,
            attempts=1,
            started_at=now - timedelta(seconds=3),
            finished_at=now,
            duration_ms=640,
            raw=_raw_response(provider, n),
        )
        LookupResult.objects.bulk_create(
            LookupResult(
                job=job,
                rank=rank,
                title=f"{provider.capitalize()}: electric buses in the city, report {rank}",
                url=f"https://{provider}.example.org/report/{rank}",
                snippet="The city bought 120 electric buses between 2021 and 2024, the "
                "transport department's yearly report says.",
                publisher=provider.capitalize(),
                published_at=date(2024, 5, rank),
            )
            for rank in range(1, 4)
        )


def _evidence(reviewer: Any, claim: Claim) -> None:
    for i in range(1, 6):
        services.evidence_add(
            actor=reviewer,
            claim_id=claim.pk,
            fields=services.EvidenceFields(
                url=f"https://transport.example.gov/reports/{2019 + i}",
                stance="supports" if i % 2 else "context",
                title=f"Annual transport report {2019 + i}",
                publisher="City transport department",
                published_on=date(2019 + i, 3, 1),
                quote="Ground stations on the avenue recorded a yearly mean of 38 micrograms "
                "of nitrogen dioxide per cubic metre.",
                note="Table 4 has the station's monthly means.",
            ),
        )


def _verdict(editor: Any, reviewer: Any, claim: Claim, *, sessions: int) -> Any:
    """A first draft, then `sessions` sittings of work on it, each after an editor tagged the
    claim (two events a sitting: one sitting's saves make one event)."""
    rating = Rating.objects.filter(is_active=True).order_by("pk").first()
    verdict = None
    for k in range(sessions + 1):
        if k:
            claim_services.claims_tag(
                actor=editor, claim_ids=[claim.pk], tag_name=f"bench-topic-{k}"
            )
        verdict = services.verdict_save_draft(
            actor=reviewer,
            claim_id=claim.pk,
            expected_version=verdict.version if verdict else None,
            fields=services.VerdictFields(
                rating=rating,
                summary="The fleet is electric; the halving is not measured",
                conclusion=f"Draft {k + 1}: the city's own stations show a fall of a fifth.",
                rationale=(
                    "The transport department's reports [E1] [E2] list 120 electric buses. "
                    "The avenue's station [E3] shows a yearly mean of 38 µg/m³ in 2020 and "
                    "31 µg/m³ in 2024 [E4], a fall of about a fifth, not a half [E5].\n\n"
                    "- **Fleet**: bought 2021–2024\n- **Station**: one, on the avenue\n"
                ),
            ),
        )
    return verdict


def build_claim(*, publish: bool) -> Claim:
    """A claim worked as a reviewer and an editor work one, with twenty events."""
    label = "published" if publish else "draft"
    found = Claim.objects.filter(text__startswith=f"{MARK} {label}").first()
    if found is not None:
        return found
    User = get_user_model()
    editor = User.objects.get(username="bench-user-0")
    reviewer = User.objects.get(username="bench-user-3")
    with transaction.atomic():
        claim = claim_services.claim_create(
            actor=editor,
            fields=claim_services.ClaimFields(
                text=f"{MARK} {label}. Since the city's buses went electric, nitrogen dioxide "
                "on the main avenue has fallen by half.",
                language="en",
                claim_type=Claim.Type.QUANTITY,
                new_claimant=claim_services.NewClaimant(
                    name="Farrukh Saidov", description="head of the city's transport office"
                ),
                appeared_outlet="Mayors' summit",
                appeared_on=date(2026, 10, 15),
                tags=("air quality", "transport"),
            ),
        )
    services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=reviewer)
    _evidence(reviewer, claim)
    # created, assigned, five evidence, started: 8 events; two a sitting; submitted, approved
    verdict = _verdict(editor, reviewer, claim, sessions=5 if publish else 6)
    if publish:
        submitted = services.verdict_submit(
            actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
        )
        services.verdict_approve(
            actor=editor, verdict_id=submitted.pk, expected_version=submitted.version
        )
    for body in (
        "Did the department say which station it used?",
        "The 2024 report's table 4 has it: the avenue's own station.",
        "Thanks, cited as E3.",
    ):
        services.comment_add(actor=reviewer, claim=claim, body=body)
    _lookups(claim)
    others = Claim.objects.exclude(pk=claim.pk).order_by("pk").values_list("pk", flat=True)[:5]
    SimilarClaim.objects.bulk_create(
        SimilarClaim(claim=claim, other_id=other, score=0.9 - i / 20, exact=False)
        for i, other in enumerate(others)
    )
    return claim


def main(*, claims: int | None = None, rounds: int = 60) -> str:
    claims = claims or int(os.environ.get("BENCH_SIZE", "100000"))
    generate.build(claims=claims)
    published = build_claim(publish=True)
    draft = build_claim(publish=False)
    User = get_user_model()
    editor, reviewer = Client(), Client()
    editor.force_login(User.objects.get(username="bench-user-0"))
    reviewer.force_login(User.objects.get(username="bench-user-3"))
    cases = [
        ("bare view (baseline)", editor, "/__bare__/", {}),
        ("claim page: published, editor", editor, published.get_absolute_url(), {}),
        ("claim page: draft, its assignee", reviewer, draft.get_absolute_url(), {}),
        (
            "htmx: sources panel",
            reviewer,
            f"/claims/{draft.pk}/sources/",
            {"HTTP_HX_REQUEST": "true"},
        ),
        (
            "htmx: analysis panel",
            reviewer,
            f"/claims/{draft.pk}/analysis/",
            {"HTTP_HX_REQUEST": "true"},
        ),
    ]
    scenarios = []
    with override_settings(
        ROOT_URLCONF="benchmarks.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        for name, client, url, headers in cases:

            def run(client: Client = client, url: str = url, headers: Any = headers) -> Any:
                response = client.get(url, **headers)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                return response

            run()
            scenario = harness.Scenario(name, run)
            with CaptureQueriesContext(connection) as ctx:
                run()
            scenario.queries = len(ctx.captured_queries)
            scenarios.append(scenario)
        harness.measure(scenarios, rounds=rounds)
    events = published.events.count(), draft.events.count()
    report = harness.table(scenarios, scenarios[0])
    return (
        f"Claim page, {Claim.objects.count():,} claims, {connection.vendor}, {rounds} rounds "
        f"(events: published {events[0]}, draft {events[1]})\n\n{report}"
    )
