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
from claims.models import Claim, Claimant, SimilarityKey, Tag

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
    "Osh",
    "Bukhara",
    "Namangan",
    "Shymkent",
    "Karaganda",
    "Aktobe",
    "Mary",
    "Turkmenabat",
    "Kulob",
    "Bokhtar",
    "Istaravshan",
    "Nukus",
    "Andijan",
    "Fergana",
    "Jalal-Abad",
    "Karakol",
    "Lanzhou",
    "Xi'an",
    "Kunming",
    "Wuhan",
    "Hangzhou",
    "Nanjing",
    "Harbin",
    "Lhasa",
    "Tehran",
    "Mashhad",
    "Islamabad",
    "Lahore",
    "Delhi",
    "Dhaka",
    "Istanbul",
    "Ankara",
    "Kazan",
    "Novosibirsk",
    "Omsk",
    "Yekaterinburg",
    "Irkutsk",
    "Tomsk",
    "Barnaul",
    "Chita",
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
    "metro stations",
    "kindergartens",
    "rooftop gardens",
    "traffic cameras",
    "public toilets",
    "sports halls",
    "LED street lights",
    "heat pumps",
    "rainwater tanks",
    "clinics with telemedicine",
    "free wifi hotspots",
    "electric taxis",
    "cable-car lines",
    "landfill gas plants",
    "schools with solar roofs",
    "bus rapid transit corridors",
    "cycling docks",
    "green roofs",
    "pedestrian streets",
    "housing retrofits",
    "drinking-water fountains",
    "snow-melting pipes",
    "noise barriers",
    "wastewater plants",
    "hydrogen buses",
    "park-and-ride sites",
]
OPENERS = [
    "{place} has",
    "{place} now has",
    "{place} already operates",
    "{place} has built",
    "The city of {place} runs",
    "Officials in {place} say it has",
    "{place} opened",
    "Residents of {place} can use",
    "{place} installed",
    "{place} finished",
]
EN_TEMPLATES = [
    "{opener} {n} {subject}, more than any other city in the region.",
    "{opener} {n} {subject}, {pct} percent more than a year earlier.",
    "By {year}, {place} will have {n} {subject} and cut its emissions by {pct} percent.",
    "Since the city added {n} {subject}, traffic deaths in {place} have fallen by {pct} percent.",
    "{place} is on track to be the first city in {region} to meet its net-zero target.",
    "The mayor's office says {pct} percent of {place}'s budget now goes to {subject}.",
    "Only {pct} percent of households in {place} are connected to {subject}, the lowest rate "
    "in the country.",
    "{place} spent {n} million dollars on {subject} last year, twice what it spent in {prev}.",
    "Thanks to {n} new {subject}, air pollution in {place} dropped by a third.",
    "{place} will double the number of {subject} before {year}, the council promised.",
    "No city in {region} has as many {subject} per resident as {place}.",
    "Every district of {place} will get {subject} by {year}.",
    "{opener} the largest network of {subject} in {region}.",
    "Since {prev}, the number of {subject} in {place} has grown {times} times.",
    "Half of all {subject} in {region} are in {place}.",
]
CLAUSES = [
    "",
    "",
    "",
    " according to the city budget",
    " despite a slow start",
    " officials said on Tuesday",
    " as of last spring",
    " a report by the council found",
    " the deputy mayor told reporters",
    " the environment department estimates",
]
REGIONS = ["Central Asia", "the region", "Asia", "the country", "the Caucasus", "Siberia"]
RU_TEMPLATES = [
    "В городе {place} уже работают более {n} объектов: {subject_ru}.",
    "К {year} году {place} сократит выбросы на {pct} процентов благодаря проекту «{subject_ru}».",
    "По словам мэрии, {pct} процентов бюджета {place} идёт на {subject_ru}.",
    "За последние {k} лет в {place} построили {n} объектов: {subject_ru}.",
    "Ни один город региона не тратит на {subject_ru} больше, чем {place}.",
    "К {year} году каждый район {place} получит {subject_ru}.",
]
SUBJECTS_RU = [
    "электробусы",
    "солнечные панели",
    "умные светофоры",
    "парки",
    "велодорожки",
    "станции зарядки",
    "тепловые насосы",
    "детские сады",
    "камеры на дорогах",
    "очистные сооружения",
    "новые трамвайные линии",
    "пункты переработки",
]
PLACES_ZH = [
    "深圳",
    "成都",
    "乌鲁木齐",
    "上海",
    "杭州",
    "北京",
    "武汉",
    "西安",
    "昆明",
    "兰州",
    "重庆",
    "南京",
    "哈尔滨",
    "拉萨",
    "厦门",
    "青岛",
]
ZH_TEMPLATES = [
    "{place_zh}已经建成了{n}个智慧城市项目，数量居全国第一。",
    "到{year}年，{place_zh}将把碳排放减少{pct}%。",
    "自从推广电动公交车以来，{place_zh}的空气污染下降了{pct}%。",
    "{place_zh}今年新建了{n}座充电站，比去年增加了{pct}%。",
    "{place_zh}的地铁线路长度已经超过{n}公里。",
    "到{year}年，{place_zh}所有的出租车都将是电动车。",
]
AR_TEMPLATES = [
    "تخطط {place_ar} لخفض الانبعاثات بنسبة {pct} في المئة بحلول عام {year}.",
    "ركّبت {place_ar} {n} لوحًا شمسيًا على أسطح المدارس هذا العام.",
]
PLACES_AR = ["دبي", "أبوظبي", "الدوحة", "عمّان", "الرياض", "مسقط"]
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
    place = rng.choice(PLACES)
    values = {
        "place": place,
        "subject": rng.choice(SUBJECTS),
        "subject_ru": rng.choice(SUBJECTS_RU),
        "place_zh": rng.choice(PLACES_ZH),
        "place_ar": rng.choice(PLACES_AR),
        "region": rng.choice(REGIONS),
        "n": rng.randint(2, 5000),
        "k": rng.randint(2, 12),
        "pct": rng.randint(3, 95),
        "times": rng.randint(2, 9),
        "year": rng.randint(2027, 2060),
        "prev": rng.randint(2010, 2024),
    }
    values["opener"] = rng.choice(OPENERS).format(place=place)
    templates = {"en": EN_TEMPLATES, "ru": RU_TEMPLATES, "zh": ZH_TEMPLATES, "ar": AR_TEMPLATES}
    sentence = rng.choice(templates[language]).format(**values)
    if language == "en":
        clause = rng.choice(CLAUSES)
        if clause:
            sentence = sentence[:-1] + "," + clause + "."
        if rng.random() < 0.3:  # some claims come with their context
            values["place"] = rng.choice(PLACES)
            values["subject"] = rng.choice(SUBJECTS)
            values["opener"] = rng.choice(OPENERS).format(place=values["place"])
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
            SimilarityKey.objects.bulk_create(
                [
                    SimilarityKey(
                        claim_id=claim.pk, words=text.content_words(claim.normalized_text)
                    )
                    for claim in made
                ],
                batch_size=BATCH,
            )
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
