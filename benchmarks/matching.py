"""Claim matching: quality on our labelled pairs and on a public claim-matching set, against a
plain BM25 ranking in the same run, and speed at 100,000 and 1,000,000 claims.

`make bench BENCH=matching` (with `BENCH_DATABASE_URL` pointing at a database of its own if
other benchmarks share the default one). `MATCHING_DOORS=only` times only the doors (claim
form, proposals, CSV dry run, API) on a desk of `DOOR_CLAIMS` claims (3,000).
`CORPUS=/path/to/clef2020-task2` adds the public set (CLEF 2020 CheckThat! task 2, "verified
claim retrieval": tweets against 10,375 claims checked by Snopes), read from that folder and
never copied into the repository. `MATCHING_MILLION=0` leaves out the million-claim timing
(about two minutes and 2 GB while it runs).

Quality runs through the desk's own path: the labelled archive is saved as claims among the
100,000 generated ones, embedded like any claim, and every query goes through `match()` with
its database round trip. The baseline is BM25 (k1 1.2, b 0.75) over the same claims with plain
terms: casefolded words and, for Chinese, character pairs; no stemming, no filler words dropped.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.db import connection

from benchmarks import generate, harness
from claims import similarity
from claims import text as desk_text
from claims.matching import index, lexical, model, search, services
from claims.models import Claim, Claimant, ClaimEmbedding

DATA = Path(__file__).parent / "data" / "matching"
OUTLET = "matching benchmark"  # marks the labelled archive's claims in the desk
LANGUAGES = ("en", "ru", "zh")


# --- the labelled set -------------------------------------------------------------------------


@dataclass(frozen=True)
class Negative:
    key: str
    fact: str
    kind: str
    lang: str
    text: str
    claimant: str


@dataclass
class Fact:
    id: str
    lang: str
    text: str
    claimant: str
    queries: dict[str, str]
    negatives: list[Negative] = field(default_factory=list)


def load_facts(folder: Path = DATA) -> list[Fact]:
    facts: dict[str, Fact] = {}
    for path in sorted(folder.glob("facts-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            fact = Fact(row["id"], row["lang"], row["text"], row["claimant"], row["q"])
            for n, neg in enumerate(row.get("neg", [])):
                fact.negatives.append(
                    Negative(
                        f"{fact.id}-n{n}",
                        fact.id,
                        neg["kind"],
                        neg["lang"],
                        neg["text"],
                        neg.get("claimant", fact.claimant),
                    )
                )
            facts[fact.id] = fact
    speakers = folder / "speakers.jsonl"
    if speakers.exists():
        for n, line in enumerate(speakers.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                row = json.loads(line)
                fact = facts[row["fact"]]
                fact.negatives.append(
                    Negative(
                        f"{fact.id}-s{n}",
                        fact.id,
                        "speaker",
                        row["lang"],
                        fact.queries[row["lang"]],
                        row["claimant"],
                    )
                )
    return list(facts.values())


def ensure_archive(facts: list[Fact]) -> dict[str, int]:
    """The labelled archive as claims of the desk (originals and hard negatives alike, each
    with its claimant), created once; returns fact or negative key -> claim id."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-matching")
    existing = {
        (claim_text, name or ""): pk
        for pk, claim_text, name in Claim.objects.filter(appeared_outlet=OUTLET).values_list(
            "pk", "text", "claimant__name"
        )
    }
    wanted: list[tuple[str, str, str, str]] = []
    for fact in facts:
        wanted.append((fact.id, fact.text, fact.claimant, fact.lang))
        for neg in fact.negatives:
            wanted.append((neg.key, neg.text, neg.claimant, neg.lang))
    ids: dict[str, int] = {}
    for key, claim_text, name, lang in wanted:
        pk = existing.get((claim_text, name))
        if pk is None:
            claimant, _ = Claimant.objects.get_or_create(
                name_key=desk_text.name_key(name), defaults={"name": name}
            )
            normalized = desk_text.normalize_claim(claim_text)
            claim = Claim.objects.create(
                text=claim_text,
                language=lang,
                claimant=claimant,
                appeared_outlet=OUTLET,
                created_by=user,
                normalized_text=normalized,
                fingerprint=desk_text.fingerprint(normalized),
                analysed_at=datetime.now(UTC),
            )
            pk = existing[(claim_text, name)] = claim.pk
        ids[key] = pk
    return ids


def ensure_embedded(log: Callable[[str], None]) -> None:
    missing = list(
        Claim.objects.filter(embedding__isnull=True).order_by("id").values_list("id", flat=True)
    )
    if missing:
        started = time.perf_counter()
        log(f"embedding {len(missing):,} claims")
        for start in range(0, len(missing), 5000):
            services.claims_embed(claim_ids=missing[start : start + 5000])
        log(f"  done in {time.perf_counter() - started:.0f}s")


# --- the baseline -----------------------------------------------------------------------------

_PLAIN = re.compile(r"[^\W_]+")
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def plain_terms(claim_text: str) -> list[str]:
    """What a plain BM25 indexes: casefolded words; Chinese and Japanese runs as pairs."""
    found: list[str] = []
    for word in _PLAIN.findall(unicodedata.normalize("NFKC", claim_text).casefold()):
        pieces = _CJK_RUN.split(word)
        found.extend(p for p in pieces if p)
        for run in _CJK_RUN.findall(word):
            found.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return found


class Baseline:
    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.ids = [pk for pk, _ in rows]
        self.bm25 = lexical.SmallBm25([plain_terms(t) for _, t in rows])

    def rank(self, query: str, *, limit: int = 5, exclude: Iterable[int] = ()) -> list[int]:
        excluded = set(exclude)
        found = self.bm25.rank(plain_terms(query), limit=limit + len(excluded))
        return [self.ids[p] for p, _ in found if self.ids[p] not in excluded][:limit]


# --- quality ----------------------------------------------------------------------------------


@dataclass
class Stratum:
    name: str
    n: int = 0
    desk_at1: int = 0
    desk_at5: int = 0
    bm25_at1: int = 0
    bm25_at5: int = 0

    def add(self, desk: list[int], bm25: list[int], target: int) -> None:
        self.n += 1
        self.desk_at1 += desk[:1] == [target]
        self.desk_at5 += target in desk[:5]
        self.bm25_at1 += bm25[:1] == [target]
        self.bm25_at5 += target in bm25[:5]

    def row(self) -> str:
        n = max(self.n, 1)
        return (
            f"| {self.name} | {self.n} | {self.desk_at1 / n:.3f} | {self.desk_at5 / n:.3f} "
            f"| {self.bm25_at1 / n:.3f} | {self.bm25_at5 / n:.3f} |"
        )


def quality(facts: list[Fact], ids: dict[str, int], baseline: Baseline) -> tuple[str, dict]:
    strata: dict[str, Stratum] = {}
    mono, cross, overall = Stratum("monolingual"), Stratum("cross-lingual"), Stratum("all")
    misses: list[str] = []
    for fact in facts:
        target = ids[fact.id]
        for lang, query in fact.queries.items():
            name = f"{lang} → {fact.lang}" if lang != fact.lang else f"{lang} (same language)"
            desk = [s.claim_id for s in search.match(query, claimant=fact.claimant)]
            bm25 = baseline.rank(query)
            strata.setdefault(name, Stratum(name)).add(desk, bm25, target)
            (mono if lang == fact.lang else cross).add(desk, bm25, target)
            overall.add(desk, bm25, target)
            if desk[:1] != [target]:
                misses.append(f"{fact.id} {lang}: {query}")
    # Hard negatives: the original is in the archive, the negative's own twin is left out.
    negatives: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for fact in facts:
        target = ids[fact.id]
        for neg in fact.negatives:
            suggestions = search.match(neg.text, claimant=neg.claimant, exclude=[ids[neg.key]])
            bm25 = baseline.rank(neg.text, exclude=[ids[neg.key]])
            counts = negatives[neg.kind]
            counts[0] += 1
            top = suggestions[0] if suggestions else None
            original = next((s for s in suggestions if s.claim_id == target), None)
            # called the same claim: the original on top with nothing reported different
            counts[1] += bool(top and top.claim_id == target and not top.differences)
            counts[2] += bool(original and any(d.kind == neg.kind for d in original.differences))
            counts[3] += bool(original and original.differences)
            counts[4] += bm25[:1] == [target]
    lines = [
        "| stratum | pairs | desk S@1 | desk S@5 | BM25 S@1 | BM25 S@5 |",
        "|---|---:|---:|---:|---:|---:|",
        *(strata[k].row() for k in sorted(strata)),
        mono.row(),
        cross.row(),
        overall.row(),
        "",
        "| hard negatives | pairs | desk: called the same claim | desk: original shown with "
        "this difference | with any difference | BM25: original ranked first |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = [0, 0, 0, 0, 0]
    for kind in sorted(negatives):
        c = negatives[kind]
        total = [a + b for a, b in zip(total, c, strict=True)]
        lines.append(
            f"| {kind} | {c[0]} | {c[1] / c[0]:.3f} | {c[2] / c[0]:.3f} | {c[3] / c[0]:.3f} "
            f"| {c[4] / c[0]:.3f} |"
        )
    lines.append(
        f"| all | {total[0]} | {total[1] / total[0]:.3f} | {total[2] / total[0]:.3f} "
        f"| {total[3] / total[0]:.3f} | {total[4] / total[0]:.3f} |"
    )
    summary = {
        "mono_at5": mono.desk_at5 / mono.n,
        "cross_at5": cross.desk_at5 / cross.n,
        "all_at1": overall.desk_at1 / overall.n,
        "misses": misses,
    }
    return "\n".join(lines), summary


BAD_INPUT = {
    "empty": "",
    "spaces": "   \n\t ",
    "one word": "buses",
    "one letter": "a",
    "emoji only": "🙂🔥🙂🔥",
    "punctuation": "?!… — ...",
    "2,000 characters": ("The city cut bus fares by 20 percent last year. " * 50)[:2000],
    "Georgian script": "თბილისში ახალი მეტროს ხაზი გაიხსნა",
    "Amharic script": "አዲስ አበባ አዲስ የባቡር መስመር ከፈተች",
    "digits only": "2024 2025 2026",
}


def bad_input() -> str:
    lines = ["| input | suggestions | best score | time ms |", "|---|---:|---:|---:|"]
    for name, value in BAD_INPUT.items():
        started = time.perf_counter()
        found = search.match(value)
        elapsed = (time.perf_counter() - started) * 1000
        best = f"{found[0].score:.2f}" if found else "–"
        lines.append(f"| {name} | {len(found)} | {best} | {elapsed:.1f} |")
    return "\n".join(lines)


# --- the public set ---------------------------------------------------------------------------


def _tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            rows.append(line.split("\t"))
    return rows


def public_corpus(folder: Path) -> str:
    """CLEF 2020 CheckThat! task 2: every tweet of train, dev and test against all verified
    claims, nothing trained. The desk's path without its database: the same index and ranking,
    its candidates read from memory."""
    claims_file = next(folder.rglob("verified_claims.docs.tsv"))
    vclaims = {int(r[0]): r[1] for r in _tsv(claims_file) if len(r) >= 2 and r[0].isdigit()}
    queries: dict[str, str] = {}
    relevant: dict[str, set[int]] = defaultdict(set)
    for path in folder.rglob("tweets.queries.tsv"):
        for row in _tsv(path):
            if len(row) >= 2:
                queries[f"{path.parent}:{row[0]}"] = row[1]
        qrels = path.parent / "tweet-vclaim-pairs.qrels"
        for line in qrels.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and parts[3].strip() == "1":
                relevant[f"{path.parent}:{parts[0]}"].add(int(parts[2]))
    queries = {k: v for k, v in queries.items() if relevant.get(k)}
    ids = sorted(vclaims)
    started = time.perf_counter()
    vectors = model.embed([vclaims[i] for i in ids])
    embed_seconds = time.perf_counter() - started
    now = datetime.now(UTC)
    stored = {i: (model.to_bytes(v), vclaims[i]) for i, v in zip(ids, vectors, strict=True)}
    built = index.MatchIndex()
    built.load(
        index.Row(i, now, stored[i][0], lexical.pack_terms(lexical.term_counts(vclaims[i])))
        for i in ids
    )

    def read(claim_ids: list[int]) -> list[tuple[int, bytes, str, str | None]]:
        return [(i, stored[i][0], stored[i][1], None) for i in claim_ids if i in stored]

    baseline = Baseline([(i, vclaims[i]) for i in ids])
    results = {"desk": [0, 0, 0.0, 0], "desk, no threshold": [0, 0, 0.0, 0], "BM25": [0, 0, 0.0, 0]}
    for key, tweet in queries.items():
        targets = relevant[key]
        shown = [s.claim_id for s in search.rank(tweet, built, read, limit=5)]
        every = [s.claim_id for s in search.rank(tweet, built, read, limit=5, min_score=0.0)]
        for name, ranked in (
            ("desk", shown),
            ("desk, no threshold", every),
            ("BM25", baseline.rank(tweet)),
        ):
            r = results[name]
            r[0] += bool(ranked[:1] and ranked[0] in targets)
            r[1] += bool(set(ranked[:5]) & targets)
            hits, precision = 0, 0.0
            for rank_, claim_id in enumerate(ranked[:5], start=1):
                if claim_id in targets:
                    hits += 1
                    precision += hits / rank_
            r[2] += precision / min(len(targets), 5)
            r[3] += not ranked
    n = len(queries)
    lines = [
        f"{n} tweets with a known fact-check, {len(ids):,} verified claims "
        f"(embedded in {embed_seconds:.0f}s on this machine)",
        "",
        "| ranking | S@1 | S@5 | MAP@5 | tweets with no suggestion |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (at1, at5, map5, empty) in results.items():
        lines.append(
            f"| {name} | {at1 / n:.3f} | {at5 / n:.3f} | {map5 / n:.3f} | {empty / n:.3f} |"
        )
    return "\n".join(lines)


# --- speed ------------------------------------------------------------------------------------


def _probes(rng: random.Random, count: int) -> list[tuple[int, str]]:
    ids = list(Claim.objects.exclude(appeared_outlet=OUTLET).values_list("pk", flat=True)[:20000])
    chosen = rng.sample(ids, count)
    return list(Claim.objects.filter(pk__in=chosen).values_list("pk", "text"))


def speed(rounds: int, facts: list[Fact]) -> str:
    """Server time of web requests through Django's whole stack (middleware, session, login,
    view) with the test client, round-robin against a bare view, as the other benchmarks."""
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    rng = random.Random(15)
    probes = _probes(rng, rounds)
    reworded = [t.replace("more than", "over").replace(" has ", " now has ") for _, t in probes]
    cross = [q for f in facts for lang, q in f.queries.items() if lang != f.lang]
    rng.shuffle(cross)
    state = {"i": 0}

    def nxt(items: list[str]) -> str:
        state["i"] += 1
        return items[state["i"] % len(items)]

    user, _ = get_user_model().objects.get_or_create(username="bench-matching")
    client = Client()
    client.force_login(user)

    def get(url: str, **params: str) -> object:
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    cases = [
        harness.Scenario("bare view (baseline)", lambda: get("/__bare__/")),
        harness.Scenario("match: reworded claim", lambda: get("/__match__/", q=nxt(reworded))),
        harness.Scenario("match: other language", lambda: get("/__match__/", q=nxt(cross))),
        harness.Scenario(
            "today's similar claims (pg_trgm)"
            if connection.vendor == "postgresql"
            else "today's similar claims (word overlap)",
            lambda: similarity.similar_claims(nxt(reworded), limit=5),
        ),
        harness.Scenario("embed one text (model only)", lambda: model.embed_one(nxt(cross))),
    ]
    with override_settings(
        ROOT_URLCONF="benchmarks.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        index.current()  # built before timing: the cold build is reported on its own
        harness.measure(cases, rounds=rounds)
    # The worker step end to end: read the claim, embed, write the row.
    worker = []
    for pk, _ in probes[:rounds]:
        ClaimEmbedding.objects.filter(claim_id=pk).update(fingerprint="")
        started = time.perf_counter()
        services.claim_embed(claim_id=pk)
        worker.append((time.perf_counter() - started) * 1000)
    worker_p50 = statistics.median(worker)
    return "\n".join(
        [
            "| scenario | p50 ms | p95 ms | p50 / bare view |",
            "|---|---:|---:|---:|",
            *(
                f"| {c.name} | {c.p50:.1f} | {c.p95:.1f} | {c.p50 / cases[0].p50:.1f}x |"
                for c in cases
            ),
            f"| worker step: claim_embed (read, embed, write) | {worker_p50:.1f} "
            f"| {harness.percentile(worker, 95):.1f} | {worker_p50 / cases[0].p50:.1f}x |",
        ]
    )


def cold_build() -> str:
    index.reset()
    started = time.perf_counter()
    built = index.current()
    seconds = time.perf_counter() - started
    return (
        f"Index built from the table in {seconds:.1f}s: {built.live:,} claims, "
        f"{built.nbytes / 2**20:.0f} MB of arrays ({built.codes.nbytes / 2**20:.0f} MB codes, "
        f"{built.main.nbytes / 2**20:.0f} MB postings)."
    )


def million(rounds: int, facts: list[Fact]) -> str:
    """The index at 1,000,000 claims, in memory: the desk's 100,000 vectors and terms, each
    repeated ten times (copies get noise on their vectors so they are not ties), searched
    exactly as in a request; the candidates' read from the table is timed at 100,000 (primary
    key look-ups of the same few hundred rows) and added."""
    source = list(
        ClaimEmbedding.objects.filter(model=model.NAME)
        .order_by("claim_id")
        .values_list("claim_id", "vector", "terms")
        .iterator(chunk_size=5000)
    )
    rng = np.random.default_rng(15)
    now = datetime.now(UTC)

    def rows() -> Iterable[index.Row]:
        for copy in range(10):
            for start in range(0, len(source), 5000):
                part = source[start : start + 5000]
                matrix = model.many_from_bytes([bytes(v) for _, v, _ in part])
                if copy:
                    matrix += rng.normal(0, 0.02, matrix.shape).astype(np.float32)
                    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
                packed = matrix.astype("<f2")
                for (claim_id, _, terms), vector in zip(part, packed, strict=True):
                    yield index.Row(
                        claim_id + copy * 10_000_000, now, vector.tobytes(), bytes(terms)
                    )

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    built = index.MatchIndex()
    built._reserve(len(source) * 10)
    built.load(rows())
    build_seconds = time.perf_counter() - started
    vectors = {cid: bytes(v) for cid, v, _ in source}
    small = index.MatchIndex()
    small.load(index.Row(cid, now, bytes(v), bytes(t)) for cid, v, t in source)

    def read(claim_ids: list[int]) -> list[tuple[int, bytes, str, str | None]]:
        return [
            (i, vectors[i % 10_000_000], "", None) for i in claim_ids if i % 10_000_000 in vectors
        ]

    queries = [q for f in facts for q in f.queries.values()]
    state = {"i": 0}

    def one() -> object:
        state["i"] += 1
        return search.rank(queries[state["i"] % len(queries)], built, read)

    def one_small() -> object:
        state["i"] += 1
        return search.rank(queries[state["i"] % len(queries)], small, read)

    def read_100k() -> object:
        state["i"] += 1
        ids = [cid for cid, _, _ in source[state["i"] % 1000 :: 400]][:250]
        return search._read(ids, None)

    cases = [
        harness.Scenario("match among 100,000 (index, in memory; baseline)", one_small),
        harness.Scenario("match among 1,000,000 (index, in memory)", one),
        harness.Scenario("read 250 candidates from the table (at 100,000)", read_100k),
    ]
    harness.measure(cases, rounds=rounds)
    total = [a + b for a, b in zip(cases[1].samples, cases[2].samples, strict=True)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return "\n".join(
        [
            "| scenario | p50 ms | p95 ms | p50 / baseline |",
            "|---|---:|---:|---:|",
            *(
                f"| {c.name} | {c.p50:.1f} | {c.p95:.1f} | {c.p50 / cases[0].p50:.1f}x |"
                for c in cases
            ),
            f"| 1,000,000 and the read, as one request would | {statistics.median(total):.1f} "
            f"| {harness.percentile(total, 95):.1f} "
            f"| {statistics.median(total) / cases[0].p50:.1f}x |",
            "",
            f"Built in {build_seconds:.0f}s from rows; {built.nbytes / 2**20:.0f} MB of arrays "
            f"({built.codes.nbytes / 2**20:.0f} MB codes, {built.main.nbytes / 2**20:.0f} MB "
            f"postings); the process's peak resident memory rose from {before / 1024:.0f} to "
            f"{peak / 1024:.0f} MB while building.",
        ]
    )


def shortlist_recall(facts: list[Fact], ids: dict[str, int]) -> str:
    """What the 512-bit codes cost: how often the exact-cosine best claim among all 100,000
    is inside the Hamming shortlist, for the labelled queries."""
    built = index.current()
    n = built.size
    matrix = model.many_from_bytes(
        [
            bytes(v)
            for v in ClaimEmbedding.objects.filter(claim_id__in=built.ids[:n].tolist())
            .order_by("claim_id")
            .values_list("vector", flat=True)
        ]
    )
    order = np.argsort(built.ids[:n])
    lines = ["| shortlist | exact top-1 inside | exact top-5 all inside |", "|---:|---:|---:|"]
    queries = [q for f in facts for q in f.queries.values()]
    vectors = model.embed(queries)
    exact = matrix @ vectors.T  # claims (sorted by id) x queries
    for k in (50, 100, 200, 400):
        top1 = top5 = 0
        for j, vector in enumerate(vectors):
            slots = set(built.semantic(model.sign_codes(vector[None])[0], k).tolist())
            best = np.argsort(-exact[:, j])[:5]
            best_slots = [int(order[b]) for b in best]
            top1 += best_slots[0] in slots
            top5 += all(b in slots for b in best_slots)
        lines.append(f"| {k} | {top1 / len(queries):.3f} | {top5 / len(queries):.3f} |")
    del ids
    return "\n".join(lines)


# --- the doors --------------------------------------------------------------------------------


def doors(rounds: int, facts: list[Fact]) -> str:
    """Each door end to end through Django's whole stack (test client, a signed-in reviewer):
    the claim form's suggestions fragment as htmx asks for it while the claim is typed, the
    proposals page of a report (extraction included, every proposal matched in one batch),
    a CSV dry run of 20 rows, and the read API; round-robin against the bare view."""
    import csv
    import io

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings

    from claims import intake
    from claims.views import matches

    rng = random.Random(16)
    queries = [(f.lang, q) for f in facts for q in f.queries.values()]
    rng.shuffle(queries)
    state = {"i": 0}

    def nxt() -> str:
        state["i"] += 1
        return queries[state["i"] % len(queries)][1]

    user, _ = get_user_model().objects.get_or_create(username="bench-doors")
    user.groups.add(Group.objects.get(name="Reviewer"))
    client = Client()
    client.force_login(user)
    english = [f for f in facts if f.lang == "en"][:12]
    report = "\n\n".join(
        f"{f.claimant} said that {f.text[:1].lower()}{f.text[1:]}" for f in english
    )
    article = intake.article_store(actor=user, source=intake.from_paste(report))
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["text", "language", "claimant"])
    for lang, query in queries[:20]:
        writer.writerow([query, lang, ""])
    csv_bytes = rows.getvalue().encode()
    candidates, _ = intake.propose(article)
    texts = [
        matches.Incoming(text=c.text, door="proposal", key=str(i)) for i, c in enumerate(candidates)
    ]

    def get(url: str, headers: dict[str, str] | None = None, **params: str) -> object:
        response = client.get(url, params, headers=headers or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    def dry_run() -> object:
        upload = SimpleUploadedFile("rows.csv", csv_bytes)
        response = client.post("/claims/import/", {"file": upload, "dry_run": "on"})
        if response.status_code != 200 or b"Rows the desk may already have" not in response.content:
            raise RuntimeError(f"dry run answered {response.status_code}")
        return response

    htmx = {"HX-Request": "true"}
    cases = [
        harness.Scenario("bare view (baseline)", lambda: get("/__bare__/")),
        harness.Scenario(
            "door: claim form suggestions (htmx fragment)",
            lambda: get("/claims/suggestions/", htmx, text=nxt()),
        ),
        harness.Scenario(
            f"door: proposals page, {len(candidates)} proposals (extraction included)",
            lambda: get(f"/articles/{article.pk}/candidates/"),
        ),
        harness.Scenario(
            f"  of which matching the {len(candidates)} proposals (one batch)",
            lambda: matches.suggest(texts),
        ),
        harness.Scenario("door: CSV dry run, 20 rows", dry_run),
        harness.Scenario("door: API /api/v1/matches", lambda: get("/api/v1/matches", text=nxt())),
    ]
    with override_settings(
        ROOT_URLCONF="benchmarks.urls",
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        API_RATE_LIMIT=10**9,
    ):
        index.current()  # built before timing: the cold build is reported on its own
        harness.measure(cases, rounds=rounds)
    return "\n".join(
        [
            "| door | p50 ms | p95 ms | p50 / bare view |",
            "|---|---:|---:|---:|",
            *(
                f"| {c.name} | {c.p50:.1f} | {c.p95:.1f} | {c.p50 / cases[0].p50:.1f}x |"
                for c in cases
            ),
        ]
    )


def doors_only(*, claims: int, rounds: int) -> str:
    """`MATCHING_DOORS=only`: the doors on a desk of a few thousand claims, nothing else."""
    generate.build(claims=claims, log=print)
    facts = load_facts()
    ensure_archive(facts)
    ensure_embedded(print)
    index.reset()
    cold = cold_build()
    return "\n".join(
        [
            f"Claim matching at the doors, {Claim.objects.count():,} claims, {connection.vendor},"
            f" {rounds} rounds",
            "",
            cold,
            "",
            doors(rounds, facts),
        ]
    )


def main(*, claims: int = 100_000, rounds: int = 60) -> str:
    if os.environ.get("MATCHING_DOORS") == "only":
        return doors_only(claims=int(os.environ.get("DOOR_CLAIMS", "3000")), rounds=rounds)
    log = print
    generate.build(claims=claims, log=log)
    facts = load_facts()
    ids = ensure_archive(facts)
    ensure_embedded(log)
    index.reset()
    cold = cold_build()
    pairs = sum(len(f.queries) + len(f.negatives) for f in facts)
    rows = list(Claim.objects.values_list("pk", "text"))
    started = time.perf_counter()
    baseline = Baseline(rows)
    log(f"baseline built over {len(rows):,} claims in {time.perf_counter() - started:.0f}s")
    table, summary = quality(facts, ids, baseline)
    out = [
        f"Claim matching, {Claim.objects.count():,} claims, {connection.vendor}",
        "",
        f"Labelled set: {len(facts)} archive claims, {pairs} pairs, among the generated claims",
        "",
        table,
        "",
        f"Targets: S@5 ≥ 0.92 monolingual ({summary['mono_at5']:.3f}), ≥ 0.85 cross-lingual "
        f"({summary['cross_at5']:.3f}), S@1 ≥ 0.80 ({summary['all_at1']:.3f}).",
        "",
        "Bad input:",
        "",
        bad_input(),
        "",
        "Semantic shortlist recall (512-bit codes):",
        "",
        shortlist_recall(facts, ids),
        "",
        cold,
        "",
    ]
    out += [
        f"Speed at {Claim.objects.count():,} claims, {rounds} rounds:",
        "",
        speed(rounds, facts),
        "",
    ]
    out += [f"The doors at {Claim.objects.count():,} claims:", "", doors(rounds, facts), ""]
    if os.environ.get("MATCHING_MILLION", "1") != "0":
        out += ["Speed at 1,000,000 claims:", "", million(rounds, facts), ""]
    corpus = os.environ.get("CORPUS")
    if corpus:
        out += ["Public set (CLEF 2020 CheckThat! task 2):", "", public_corpus(Path(corpus)), ""]
    if summary["misses"]:
        out += ["Labelled queries whose claim was not first:", ""]
        out += [f"- {m}" for m in summary["misses"][:40]]
    return "\n".join(out)
