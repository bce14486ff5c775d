"""The review side of the demo desk: claims in every state of the workflow, several published
fact-checks and one corrected, all made through the same services people use, so the audit
trail reads as it would on a real desk. Sentences are our own; the evidence points at real,
public sources for the facts behind the claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims import demo as claims_demo
from claims import services as claim_services
from claims.models import Claim, MatchDecision
from reviews import services
from reviews.models import Notification, Rating


@dataclass(frozen=True)
class DemoEvidence:
    url: str
    stance: str
    title: str
    publisher: str
    quote: str
    published_on: date | None = None


@dataclass(frozen=True)
class DemoVerdict:
    rating: str
    summary: str
    conclusion: str
    rationale: str


@dataclass(frozen=True)
class DemoReview:
    claim_starts_with: str
    reviewer: str
    evidence: list[DemoEvidence] = field(default_factory=list)
    verdict: DemoVerdict | None = None
    # how far it goes: "draft", "submitted", "changes", "published"
    until: str = "published"


UNHABITAT = DemoEvidence(
    "https://unhabitat.org/topic/climate-change",
    "supports",
    "Climate change — UN-Habitat",
    "UN-Habitat",
    "UN-Habitat puts the share of global CO2 emissions from cities at about 70 percent, "
    "measured from energy use.",
)
REVIEWS: list[DemoReview] = [
    DemoReview(
        "Cities put out roughly",
        "reviewer",
        [UNHABITAT],
        DemoVerdict(
            "Mostly true",
            "Cities emit about 70% of the world's CO2",
            "The 70 percent figure is the one UN agencies use for energy-related CO2 from urban "
            "areas. It depends on how cities and emissions are counted, which the claim leaves "
            "out.",
            "UN-Habitat cites about 70 percent [E1]. Estimates that count emissions where goods "
            'are consumed rather than produced come out differently, so "roughly seven in ten" '
            "is fair as an order of magnitude, not as a precise share.",
        ),
    ),
    DemoReview(
        "Гидроэлектростанции дают",
        "reviewer2",
        [
            DemoEvidence(
                "https://data.worldbank.org/indicator/EG.ELC.HYRO.ZS?locations=TJ",
                "supports",
                "Electricity production from hydroelectric sources (% of total) — Tajikistan",
                "World Bank",
                "The World Bank series for Tajikistan stays above 90 percent in the years it "
                "covers.",
            )
        ],
        DemoVerdict(
            "True",
            "Hydropower gives Tajikistan over 90% of its electricity",
            "Tajikistan's electricity comes overwhelmingly from hydropower plants such as Nurek "
            "and Rogun.",
            "World Bank data [E1] put hydropower above 90 percent of generation.",
        ),
    ),
    DemoReview(
        "深圳已经把全市的公交车",
        "reviewer",
        [
            DemoEvidence(
                "https://www.wri.org/insights/how-shenzhen-china-electrified-its-entire-bus-fleet",
                "supports",
                "How Shenzhen electrified its entire bus fleet",
                "World Resources Institute",
                "Shenzhen finished converting its public bus fleet to battery-electric buses in "
                "2017.",
            )
        ],
        DemoVerdict(
            "True",
            "Shenzhen's whole bus fleet is electric",
            "Shenzhen completed the switch of its public buses to electric power in 2017.",
            "The conversion is well documented [E1].",
        ),
    ),
    DemoReview(
        "تخطط دبي",
        "reviewer2",
        [
            DemoEvidence(
                "https://www.dewa.gov.ae/en/about-us/strategic-initiatives/clean-energy-strategy",
                "supports",
                "Dubai Clean Energy Strategy 2050",
                "Dubai Electricity and Water Authority",
                "The strategy sets a goal of 75 percent of Dubai's energy from clean sources by "
                "2050.",
            )
        ],
        DemoVerdict(
            "True",
            "Dubai aims for 75% clean energy by 2050",
            "The target is in Dubai's published Clean Energy Strategy 2050.",
            "The strategy document states the 75 percent goal [E1].",
        ),
    ),
    DemoReview(
        "China is on track",
        "reviewer",
        [
            DemoEvidence(
                "https://climateactiontracker.org/countries/china/",
                "refutes",
                "China — Climate Action Tracker",
                "Climate Action Tracker",
                "The tracker rates China's overall climate targets and action as insufficient.",
            ),
            DemoEvidence(
                "https://unfccc.int/NDCREG",
                "context",
                "NDC Registry",
                "UNFCCC",
                "Countries' net-zero and emissions pledges are filed in the NDC registry.",
            ),
        ],
        DemoVerdict(
            "Misleading",
            "China is on track to meet net zero first",
            "China has pledged to reach carbon neutrality before 2060, later than several other "
            "countries' net-zero dates. No assessment we found says it is on track to be first.",
            "Independent trackers rate China's targets as insufficient [E1]. Pledges and their "
            "dates are public in the UN registry [E2]: other countries aim for earlier dates.",
        ),
    ),
    DemoReview(
        "The new passenger terminal",
        "reviewer",
        [
            DemoEvidence(
                "https://www.ebrd.com/news.html",
                "context",
                "EBRD news",
                "EBRD",
                "Airport projects financed in the region describe grid supply with some on-site "
                "solar generation.",
            )
        ],
        until="draft",
    ),
    DemoReview(
        "No other capital in Central Asia",
        "reviewer2",
        [
            DemoEvidence(
                "https://www.iea.org/reports/global-ev-outlook-2024",
                "context",
                "Global EV Outlook 2024",
                "International Energy Agency",
                "Charging data are reported by country, not by city, for most of Central Asia.",
            )
        ],
        DemoVerdict(
            "Unverifiable",
            "Tashkent has the most EV chargers per resident in Central Asia",
            "City-level counts of public chargers are not published for the region's capitals.",
            "The IEA reports chargers by country only [E1]; no comparable city figures exist.",
        ),
        until="submitted",
    ),
    DemoReview(
        "Since the city's buses switched",
        "reviewer",
        [
            DemoEvidence(
                "https://www.who.int/data/gho/data/themes/air-pollution",
                "context",
                "Air pollution data portal",
                "World Health Organization",
                "Ground measurements of nitrogen dioxide are sparse in the region's cities.",
            )
        ],
        DemoVerdict(
            "Unverifiable",
            "Electric buses halved NO2 on the main avenue",
            "We found no published before-and-after measurements for the avenue.",
            "No monitoring station data could be found [E1].",
        ),
        until="changes",
    ),
]
CORRECTION_NOTE = (
    "We added that China's pledge is to peak emissions before 2030; the first version did not "
    "say when China's emissions are due to peak."
)
CORRECTED_CONCLUSION = (
    "China has pledged to peak CO2 emissions before 2030 and to reach carbon neutrality before "
    "2060, later than several other countries' net-zero dates. No assessment we found says it "
    "is on track to be first."
)
DUPLICATE_TEXT = "Cities produce about 70 percent of the carbon dioxide emitted worldwide."


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def _review(item: DemoReview, editor: Any) -> None:
    claim = Claim.objects.get(text__startswith=item.claim_starts_with)
    reviewer = _user(item.reviewer)
    services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=reviewer)
    for ev in item.evidence:
        services.evidence_add(
            actor=reviewer,
            claim_id=claim.pk,
            fields=services.EvidenceFields(
                url=ev.url,
                stance=ev.stance,
                title=ev.title,
                publisher=ev.publisher,
                quote=ev.quote,
                published_on=ev.published_on,
            ),
        )
    if item.verdict is None:
        return
    v = item.verdict
    draft = services.verdict_save_draft(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=None,
        fields=services.VerdictFields(
            rating=Rating.objects.get(label=v.rating),
            summary=v.summary,
            conclusion=v.conclusion,
            rationale=v.rationale,
        ),
    )
    if item.until == "draft":
        return
    submitted = services.verdict_submit(
        actor=reviewer, verdict_id=draft.pk, expected_version=draft.version
    )
    if item.until == "submitted":
        return
    if item.until == "changes":
        services.verdict_request_changes(
            actor=editor,
            verdict_id=submitted.pk,
            expected_version=submitted.version,
            note="Did you ask the city's environment department for its monitoring data?",
        )
        return
    services.verdict_approve(
        actor=editor, verdict_id=submitted.pk, expected_version=submitted.version
    )


def _correct(editor: Any) -> None:
    claim = Claim.objects.get(text__startswith="China is on track")
    writer = _user("reviewer2")
    draft = services.correction_open(actor=editor, claim_id=claim.pk, assignee=writer)
    current = draft.correction_of
    assert current is not None
    draft = services.verdict_save_draft(
        actor=writer,
        claim_id=claim.pk,
        expected_version=draft.version,
        fields=services.VerdictFields(
            rating=current.rating,
            summary=current.summary,
            conclusion=CORRECTED_CONCLUSION,
            rationale=current.rationale,
            correction_note=CORRECTION_NOTE,
        ),
    )
    submitted = services.verdict_submit(
        actor=writer, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(
        actor=editor, verdict_id=submitted.pk, expected_version=submitted.version
    )


def _dismiss_duplicate(editor: Any) -> None:
    original = Claim.objects.get(text__startswith="Cities put out roughly")
    duplicate = claim_services.claim_create(
        actor=_user("reviewer2"),
        fields=claim_services.ClaimFields(
            text=DUPLICATE_TEXT,
            language="en",
            claim_type=Claim.Type.QUANTITY,
            claimant=original.claimant,
            appeared_outlet="Central Asian Cities Forum, Almaty",
            appeared_on=date(2026, 9, 22),
            tags=("climate", "cities"),
        ),
    )
    services.claim_dismiss(
        actor=editor,
        claim_id=duplicate.pk,
        reason=services.DUPLICATE,
        expected_version=duplicate.version,
        duplicate_of_id=original.pk,
        note="Same figure, said again at the Almaty forum.",
        as_appearance=True,
        rank=1,
    )


@dataclass(frozen=True)
class DemoDecision:
    """A suggestion a reviewer answered at one of the doors (our own words)."""

    claim_starts_with: str
    text: str
    language: str
    decision: str
    score: float
    door: str = MatchDecision.Door.FORM
    claimant: str = ""
    outlet: str = ""
    url: str = ""
    said_on: date | None = None


SAME, NOT_SAME = MatchDecision.Decision.SAME, MatchDecision.Decision.NOT_SAME
DECISIONS = [
    DemoDecision(
        "China is on track",
        "China will be the first nation to deliver on its climate pledges and reach net zero.",
        "en",
        SAME,
        0.88,
        claimant="Amina Rakhimova",
        outlet="Green Cities Podcast",
        url="https://podcast.example.org/episodes/41",
        said_on=date(2026, 10, 3),
    ),
    DemoDecision(
        "China is on track",
        "Китай первым в мире выполнит все свои климатические обязательства.",
        "ru",
        SAME,
        0.74,
        door=MatchDecision.Door.PROPOSAL,
        claimant="Тимур Алиев",
        outlet="Вечерний Бишкек",
        url="https://news.example.org/ru/climate-first",
        said_on=date(2026, 10, 9),
    ),
    DemoDecision(
        "China is on track",
        "中国将是第一个兑现气候和净零承诺的国家。",
        "zh",
        SAME,
        0.69,
        door=MatchDecision.Door.CSV,
        claimant="周岚",
        outlet="城市观察",
        said_on=date(2026, 10, 15),
    ),
    DemoDecision(
        "China is on track",
        "China was the first country to put a price on carbon in every province.",
        "en",
        NOT_SAME,
        0.56,
    ),
    DemoDecision(
        "Гидроэлектростанции дают",
        "Гидроэлектростанции дают Кыргызстану около 90 процентов электроэнергии.",
        "ru",
        NOT_SAME,
        0.83,
        door=MatchDecision.Door.API,
    ),
    DemoDecision(
        "More than 20 smart-city projects",
        "Tajikistan now runs over twenty smart-city projects, mostly in Dushanbe and Khujand.",
        "en",
        SAME,
        0.93,
        claimant="Farrukh Saidov",
        outlet="Digital Dushanbe newsletter",
        said_on=date(2026, 9, 30),
    ),
]


def _decide_suggestions() -> None:
    """Suggestions answered at the doors: appearances of the claims, and the labelled pairs
    the dashboard counts."""
    reviewer = _user("reviewer")
    for item in DECISIONS:
        claim = Claim.objects.get(text__startswith=item.claim_starts_with)
        claim_services.match_decide(
            actor=reviewer,
            claim_id=claim.pk,
            decision=item.decision,
            fields=claim_services.AppearanceFields(
                text=item.text,
                language=item.language,
                claimant_name=item.claimant,
                outlet=item.outlet,
                url=item.url,
                appeared_on=item.said_on,
            ),
            suggested=claim_services.Suggested(door=item.door, score=item.score, rank=1),
        )


def build_demo_desk(*, password: str | None) -> claims_demo.DemoResult:
    with transaction.atomic():
        result = claims_demo.build_demo_desk(password=password)
        if result.created_claims:
            editor = _user("editor")
            for item in REVIEWS:
                _review(item, editor)
            _correct(editor)
            _dismiss_duplicate(editor)
            _decide_suggestions()
            _read_old_news()
    return result


def _read_old_news() -> None:
    """The demo's history happened before anyone logs in: its notifications start read, except
    those about work still waiting for their reader (a verdict to decide on, a claim to work)."""
    V, S = Notification.Verb, Claim.Status
    waiting = Q(verb=V.SUBMITTED, claim__status=S.AWAITING_APPROVAL) | Q(
        verb__in=[V.ASSIGNED, V.CHANGES_REQUESTED, V.CORRECTION_ASSIGNED],
        claim__status=S.IN_REVIEW,
        claim__assignee=F("recipient"),
    )
    Notification.objects.exclude(waiting).update(read_at=timezone.now())
