"""Top-5 similar claims among 100,000 on PostgreSQL (pg_trgm through the GIN index), against
the exact-duplicate lookup by fingerprint measured in the same run."""

from __future__ import annotations

import random

from django.db import connection

from benchmarks import generate, harness
from claims import similarity, text
from claims.models import Claim


def main(*, claims: int = 100_000, rounds: int = 40) -> str:
    generate.build(claims=claims)
    rng = random.Random(7)
    ids = list(Claim.objects.values_list("pk", flat=True)[:5000])
    probes = list(Claim.objects.filter(pk__in=rng.sample(ids, rounds)).values_list("pk", "text"))
    # Reworded probes: what a second outlet's version of a claim looks like.
    reworded = [(pk, t.replace("more than", "over").replace(".", "!")) for pk, t in probes]
    state = {"i": 0}

    def next_probe(items: list[tuple[int, str]]) -> tuple[int, str]:
        state["i"] += 1
        return items[state["i"] % len(items)]

    def exact() -> object:
        pk, body = next_probe(probes)
        return list(
            Claim.objects.filter(fingerprint=text.fingerprint(text.normalize_claim(body)))
            .exclude(pk=pk)
            .values_list("pk", flat=True)[:5]
        )

    def near() -> object:
        pk, body = next_probe(reworded)
        return similarity.similar_claims(body, exclude_id=pk, limit=5)

    cases = [
        harness.Scenario("exact duplicates by fingerprint (baseline)", exact),
        harness.Scenario("top 5 similar (trigram index)", near),
    ]
    harness.measure(cases, rounds=rounds)
    found = sum(1 for pk, body in reworded[:10] if similarity.similar_claims(body, exclude_id=pk))
    lines = [
        "| scenario | p50 ms | p95 ms | p50 / baseline |",
        "|---|---:|---:|---:|",
        *(f"| {c.name} | {c.p50:.1f} | {c.p95:.1f} | {c.p50 / cases[0].p50:.1f}x |" for c in cases),
    ]
    total = Claim.objects.count()
    return (
        f"Similar claims, {total:,} claims, {connection.vendor}, {rounds} rounds\n\n"
        + "\n".join(lines)
        + f"\n\nReworded probes with at least one match: {found}/10."
    )
