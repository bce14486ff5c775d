"""Build a large desk for benchmarks: claimants, tags, users and N claims with realistic text
in several languages, spread over statuses, assignees and two years of dates.

Deterministic (seeded), and idempotent: a database that already holds N claims is reused.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from claims import text
from claims.models import Claim, Claimant, Tag

SEED = 20261128
BATCH = 5000

PLACES = [
    "Dushanbe",
    "Khujand",
    "Almaty",
    "Tashkent",
    "Bishkek",
    "Astana",
    "Samarkand",
    "Shenzhen",
    "Chengdu",
    "Urumqi",
    "Ashgabat",
    "Baku",
    "Tbilisi",
    "Yerevan",
    "Ulaanbaatar",
    "Kabul",
]
SUBJECTS = [
    "smart-city projects",
    "electric buses",
    "public chargers",
    "solar panels on schools",
    "district heating plants",
    "kilometres of new tram line",
    "street trees",
    "air-quality sensors",
    "recycling points",
    "affordable flats",
    "flood barriers",
    "wind turbines",
    "digital service centres",
    "bike lanes",
    "water meters",
]
EN_TEMPLATES = [
    "{place} has more than {n} {subject}, more than any other city in the region.",
    "By {year}, {place} will have {n} {subject} and cut its emissions by {pct} percent.",
    "Since the city added {n} {subject}, traffic deaths in {place} have fallen by {pct} percent.",
    "{place} is on track to be the first city in Central Asia to meet its net-zero target.",
    "The mayor's office says {pct} percent of {place}'s budget now goes to {subject}.",
    "Only {pct} percent of households in {place} are connected to {subject}, the lowest rate "
    "in the country.",
    "{place} spent {n} million dollars on {subject} last year, twice what it spent in {prev}.",
]
RU_TEMPLATES = [
    "В городе {place} уже работают более {n} объектов: {subject_ru}.",
    "К {year} году {place} сократит выбросы на {pct} процентов благодаря проекту «{subject_ru}».",
    "По словам мэрии, {pct} процентов бюджета {place} идёт на {subject_ru}.",
]
ZH_TEMPLATES = [
    "{place_zh}已经建成了{n}个智慧城市项目，数量居全国第一。",
    "到{year}年，{place_zh}将把碳排放减少{pct}%。",
    "自从推广电动公交车以来，{place_zh}的空气污染下降了{pct}%。",
]
AR_TEMPLATES = ["تخطط {place_ar} لخفض الانبعاثات بنسبة {pct} في المئة بحلول عام {year}."]
SUBJECTS_RU = ["электробусы", "солнечные панели", "умные светофоры", "парки", "велодорожки"]
PLACES_ZH = ["深圳", "成都", "乌鲁木齐", "上海", "杭州", "北京"]
PLACES_AR = ["دبي", "أبوظبي", "الدوحة", "عمّان"]
LANGUAGE_WEIGHTS = [("en", 60), ("ru", 25), ("zh", 10), ("ar", 5)]
STATUS_WEIGHTS = [
    (Claim.Status.NEW, 30),
    (Claim.Status.IN_REVIEW, 25),
    (Claim.Status.AWAITING_APPROVAL, 10),
    (Claim.Status.PUBLISHED, 25),
    (Claim.Status.DISMISSED, 10),
]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def claim_text(rng: random.Random, language: str) -> str:
    values = {
        "place": rng.choice(PLACES),
        "subject": rng.choice(SUBJECTS),
        "subject_ru": rng.choice(SUBJECTS_RU),
        "place_zh": rng.choice(PLACES_ZH),
        "place_ar": rng.choice(PLACES_AR),
        "n": rng.randint(2, 5000),
        "pct": rng.randint(3, 95),
        "year": rng.randint(2027, 2060),
        "prev": rng.randint(2015, 2024),
    }
    templates = {"en": EN_TEMPLATES, "ru": RU_TEMPLATES, "zh": ZH_TEMPLATES, "ar": AR_TEMPLATES}
    sentence = rng.choice(templates[language]).format(**values)
    if language == "en" and rng.random() < 0.3:  # some claims come with their context
        sentence += " " + rng.choice(EN_TEMPLATES).format(**values)
    return sentence


def ensure_people(rng: random.Random, *, claimants: int, tags: int) -> dict[str, list[Any]]:
    User = get_user_model()
    users = []
    for i in range(12):
        user, _ = User.objects.get_or_create(username=f"bench-user-{i}")
        user.groups.add(Group.objects.get(name="Editor" if i < 3 else "Reviewer"))
        users.append(user)
    if Claimant.objects.count() < claimants:
        Claimant.objects.bulk_create(
            [
                Claimant(
                    name=f"Speaker {i} {rng.choice(PLACES)}",
                    name_key=text.name_key(f"Speaker {i}"),
                    description="official",
                )
                for i in range(claimants)
            ],
            batch_size=BATCH,
        )
    if Tag.objects.count() < tags:
        Tag.objects.bulk_create(
            [Tag(name=f"topic-{i}") for i in range(tags)], ignore_conflicts=True
        )
    return {
        "users": users,
        "claimants": list(Claimant.objects.values_list("id", "name")),
        "tags": list(Tag.objects.values_list("id", "name")),
    }


def mark_sent_back() -> None:
    """One claim in ten of those in review was sent back by an editor."""
    sent_back = Claim.objects.filter(status=Claim.Status.IN_REVIEW, needs_changes=False).extra(
        where=["id %% 10 = 0"]
    )
    if sent_back.update(needs_changes=True) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_claim")


def build(*, claims: int, claimants: int = 2000, tags: int = 200, log: Any = print) -> None:
    existing = Claim.objects.count()
    if existing >= claims:
        log(f"reusing {existing:,} claims already in the database")
        mark_sent_back()
        return
    rng = random.Random(SEED + existing)
    people = ensure_people(rng, claimants=claimants, tags=tags)
    started = time.perf_counter()
    now = timezone.now()
    Through = Claim.tags.through
    for offset in range(existing, claims, BATCH):
        rows: list[Claim] = []
        tag_ids: list[list[int]] = []
        for _ in range(min(BATCH, claims - offset)):
            language = _pick(rng, LANGUAGE_WEIGHTS)
            body = claim_text(rng, language)
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 730))
            normalized = text.normalize_claim(body)
            claimant_id, claimant_name = rng.choice(people["claimants"])
            chosen_tags = rng.sample(people["tags"], rng.randint(0, 3))
            tag_ids.append([tag_id for tag_id, _ in chosen_tags])
            rows.append(
                Claim(
                    text=body,
                    search_text=text.search_document(
                        body, claimant_name, "City Summit", " ".join(n for _, n in chosen_tags)
                    ),
                    normalized_text=normalized,
                    fingerprint=text.fingerprint(normalized),
                    analysed_at=created,
                    claimant_id=claimant_id,
                    appeared_outlet="City Summit",
                    appeared_on=date(2024, 1, 1) + timedelta(days=rng.randint(0, 700)),
                    language=language,
                    claim_type=rng.choice(Claim.Type.values),
                    status=_pick(rng, STATUS_WEIGHTS),
                    assignee=rng.choice(people["users"]) if rng.random() < 0.6 else None,
                    created_by=rng.choice(people["users"]),
                    created_at=created,
                    updated_at=created + timedelta(minutes=rng.randint(0, 600)),
                )
            )
        with transaction.atomic():
            made = Claim.objects.bulk_create(rows, batch_size=BATCH)
            Through.objects.bulk_create(
                [
                    Through(claim_id=claim.pk, tag_id=tag)
                    for claim, tags_of_claim in zip(made, tag_ids, strict=True)
                    for tag in tags_of_claim
                ],
                batch_size=BATCH,
            )
        done = offset + len(rows)
        if done % 20000 == 0 or done == claims:
            log(f"  {done:,} claims ({time.perf_counter() - started:.0f}s)")
    mark_sent_back()
    if connection.vendor == "postgresql":
        # What autovacuum would have done by the time a real desk had this many claims.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
