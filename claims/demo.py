"""The demo desk: claims we wrote ourselves about city governance, climate commitments and
smart-city projects. The people are invented; places, bodies and the facts behind the claims
are real and checkable. Sentences are our own."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims import permissions, services
from claims.models import Claim, Claimant

SUMMIT = "Mayors' Summit on Urban Resilience, Dushanbe"
FORUM = "Central Asian Cities Forum, Almaty"

CLAIMANTS: dict[str, dict[str, str]] = {
    "rakhimova": {
        "name": "Amina Rakhimova",
        "kind": Claimant.Kind.PERSON,
        "description": "climate policy researcher, Institute for Sustainable Cities",
    },
    "saidov": {
        "name": "Farrukh Saidov",
        "kind": Claimant.Kind.PERSON,
        "description": "head of the digital services office, Dushanbe city administration",
    },
    "nematova": {
        "name": "Parvina Nematova",
        "kind": Claimant.Kind.PERSON,
        "description": "an expert with the National Academy of Sciences of Tajikistan",
    },
    "forum": {
        "name": "Urban Resilience Network",
        "kind": Claimant.Kind.ORGANISATION,
        "description": "association of city governments (summit organiser)",
    },
    "vasilyeva": {
        "name": "Ольга Васильева",
        "kind": Claimant.Kind.PERSON,
        "description": "депутат городского кенеша Бишкека",
    },
    "li": {
        "name": "李明宇",
        "kind": Claimant.Kind.PERSON,
        "description": "城市交通规划师",
    },
    "zhou": {
        "name": "周岚",
        "kind": Claimant.Kind.PERSON,
        "description": "智慧城市顾问",
    },
    "suwaidi": {
        "name": "مريم السويدي",
        "kind": Claimant.Kind.PERSON,
        "description": "energy planner, municipal sustainability office",
    },
}


@dataclass(frozen=True)
class DemoClaim:
    text: str
    claimant: str
    language: str
    claim_type: str
    outlet: str
    said_on: date
    tags: tuple[str, ...]
    url: str = ""


CLAIMS: list[DemoClaim] = [
    DemoClaim(
        "China is on track to be the first country to meet its climate and net-zero commitments.",
        "rakhimova",
        "en",
        Claim.Type.PREDICTION,
        SUMMIT,
        date(2026, 10, 14),
        ("climate", "net zero", "china"),
    ),
    DemoClaim(
        "More than 20 smart-city projects are now running in Tajikistan, most of them in "
        "Dushanbe and Khujand.",
        "saidov",
        "en",
        Claim.Type.QUANTITY,
        SUMMIT,
        date(2026, 10, 14),
        ("smart city", "tajikistan"),
    ),
    DemoClaim(
        "The new passenger terminal at Dushanbe airport takes all of its electricity from wind "
        "turbines and solar panels.",
        "nematova",
        "en",
        Claim.Type.OTHER,
        SUMMIT,
        date(2026, 10, 15),
        ("energy", "tajikistan"),
    ),
    DemoClaim(
        "Cities put out roughly seven of every ten tonnes of carbon dioxide that humanity emits.",
        "forum",
        "en",
        Claim.Type.QUANTITY,
        SUMMIT,
        date(2026, 10, 13),
        ("climate", "cities"),
    ),
    DemoClaim(
        "Since the city's buses switched to electric power, nitrogen dioxide levels on the main "
        "avenue have fallen by half.",
        "saidov",
        "en",
        Claim.Type.CAUSAL,
        SUMMIT,
        date(2026, 10, 15),
        ("air quality", "transport"),
    ),
    DemoClaim(
        "No other capital in Central Asia has installed as many public electric-car chargers "
        "per resident as Tashkent.",
        "rakhimova",
        "en",
        Claim.Type.COMPARISON,
        FORUM,
        date(2026, 9, 22),
        ("transport", "uzbekistan"),
    ),
    DemoClaim(
        "From 2030 every new apartment block in Dushanbe will have to meet a near-zero energy "
        "standard.",
        "nematova",
        "en",
        Claim.Type.PREDICTION,
        SUMMIT,
        date(2026, 10, 15),
        ("energy", "buildings"),
    ),
    DemoClaim(
        "За последние пять лет в Бишкеке высадили больше миллиона деревьев.",
        "vasilyeva",
        "ru",
        Claim.Type.QUANTITY,
        FORUM,
        date(2026, 9, 23),
        ("trees", "kyrgyzstan"),
    ),
    DemoClaim(
        "Гидроэлектростанции дают Таджикистану больше 90 процентов всей электроэнергии.",
        "nematova",
        "ru",
        Claim.Type.QUANTITY,
        SUMMIT,
        date(2026, 10, 15),
        ("energy", "hydropower", "tajikistan"),
    ),
    DemoClaim(
        "К 2030 году все муниципальные автобусы Бишкека станут электрическими.",
        "vasilyeva",
        "ru",
        Claim.Type.PREDICTION,
        FORUM,
        date(2026, 9, 23),
        ("transport", "kyrgyzstan"),
    ),
    DemoClaim(
        "深圳已经把全市的公交车全部换成了电动车。",
        "li",
        "zh",
        Claim.Type.OTHER,
        SUMMIT,
        date(2026, 10, 14),
        ("transport", "china"),
    ),
    DemoClaim(
        "中国计划在2060年之前实现碳中和。",
        "zhou",
        "zh",
        Claim.Type.PREDICTION,
        SUMMIT,
        date(2026, 10, 14),
        ("climate", "net zero", "china"),
    ),
    DemoClaim(
        "智慧交通系统让城市高峰时段的拥堵减少了三成。",
        "zhou",
        "zh",
        Claim.Type.CAUSAL,
        SUMMIT,
        date(2026, 10, 14),
        ("smart city", "transport"),
    ),
    DemoClaim(
        "تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة بحلول عام 2050.",
        "suwaidi",
        "ar",
        Claim.Type.PREDICTION,
        FORUM,
        date(2026, 9, 22),
        ("energy", "climate"),
    ),
]

DEMO_USERS = (
    ("reviewer", permissions.REVIEWER_GROUP, False),
    ("reviewer2", permissions.REVIEWER_GROUP, False),
    ("editor", permissions.EDITOR_GROUP, True),
)


@dataclass
class DemoResult:
    created_claims: int
    created_users: list[str]
    password: str | None


def ensure_users(password: str | None) -> tuple[list[str], str | None]:
    """Create the demo users if missing. With a password given, (re)set it on all of them;
    otherwise new users get a random one, which is returned so it can be shown once."""
    User = get_user_model()
    created: list[str] = []
    chosen = password
    for username, group_name, is_staff in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"is_staff": is_staff}
        )
        user.groups.add(Group.objects.get(name=group_name))
        if was_created:
            created.append(username)
            chosen = chosen or secrets.token_urlsafe(9)
        if was_created or password:
            user.set_password(chosen)
            user.save(update_fields=["password"])
    return created, (chosen if created or password else None)


def build_claims(author: Any) -> int:
    if Claim.objects.exists():
        return 0
    claimants = {}
    for key, data in CLAIMANTS.items():
        claimants[key] = services.claimant_get_or_create(data=services.NewClaimant(**data))[0]
    for item in CLAIMS:
        services.claim_create(
            actor=author,
            fields=services.ClaimFields(
                text=item.text,
                language=item.language,
                claim_type=item.claim_type,
                claimant=claimants[item.claimant],
                appeared_outlet=item.outlet,
                appeared_on=item.said_on,
                appeared_url=item.url,
                tags=item.tags,
            ),
        )
    return len(CLAIMS)


def build_demo_desk(*, password: str | None) -> DemoResult:
    with transaction.atomic():
        created_users, shown_password = ensure_users(password)
        author = get_user_model().objects.get(username="reviewer")
        count = build_claims(author)
    return DemoResult(count, created_users, shown_password)
