"""Desks to export, built with the real review services, and what the round trip needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from claims import services as claim_services
from claims.models import (
    Appearance,
    AppearanceEmbedding,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    ClaimEmbedding,
    LookupJob,
    LookupResult,
    MatchDecision,
    SimilarClaim,
    SimilarityKey,
    Tag,
)
from reviews import services
from reviews.exports import stream
from reviews.models import Comment, Evidence, Notification, Verdict
from tests.factories import ClaimantFactory, ClaimFactory, UserFactory
from tests.reviews import workflow

# Closes a script element, opens an HTML comment, starts a new script, and more.
HOSTILE = '</script><!--<script>alert("x")</script>--> & <b>'
SHORT_HOSTILE = "</script><!--"  # for short fields (tags are at most 50 characters)
SAID_ON = date(2024, 5, 17)


def export(fmt: str, queryset: Any = None, **options: Any) -> str:
    return "".join(stream.export_rows(queryset or Claim.objects.all(), fmt, **options))


def publish(
    reviewer: Any,
    editor: Any,
    *,
    rating: str = "False",
    verdict: dict[str, Any] | None = None,
    **claim_fields: Any,
) -> Verdict:
    """A claim taken, evidenced, drafted, submitted and approved through the services."""
    claim_fields.setdefault("appeared_on", SAID_ON)
    claim = workflow.in_review(reviewer, **claim_fields)
    workflow.add_evidence(claim, reviewer)
    draft = workflow.draft(claim, reviewer, rating=workflow.rating(rating), **(verdict or {}))
    submitted = services.verdict_submit(
        actor=reviewer, verdict_id=draft.pk, expected_version=draft.version
    )
    return services.verdict_approve(
        actor=editor, verdict_id=submitted.pk, expected_version=submitted.version
    )


def correct(
    published: Verdict, *, drafter: Any, approver: Any, opener: Any, rating: str = "Mostly false"
) -> Verdict:
    """A correction of a published verdict, opened, drafted, submitted and approved."""
    draft = services.correction_open(actor=opener, claim_id=published.claim_id, assignee=drafter)
    draft = services.verdict_save_draft(
        actor=drafter,
        claim_id=published.claim_id,
        expected_version=draft.version,
        fields=workflow.complete_fields(
            rating=workflow.rating(rating),
            conclusion="The register lists 12 projects; 8 more are planned.",
            correction_note="We first missed the planned projects.",
        ),
    )
    submitted = services.verdict_submit(
        actor=drafter, verdict_id=draft.pk, expected_version=draft.version
    )
    return services.verdict_approve(
        actor=approver, verdict_id=submitted.pk, expected_version=submitted.version
    )


def hostile_claimant(**fields: Any) -> Claimant:
    return ClaimantFactory(
        name=f"Speaker {HOSTILE}",
        description=f"mayor {HOSTILE}",
        same_as=f"https://www.wikidata.org/wiki/Q1?{HOSTILE}",
        **fields,
    )


def hostile_claim_fields() -> dict[str, Any]:
    return {
        "text": f"The city built 20 bridges {HOSTILE}",
        "appeared_url": f"https://news.example.org/a?{HOSTILE}",
        "appeared_outlet": f"City Summit {HOSTILE}",
        "claimant": hostile_claimant(),
        "tags": [f"tag {SHORT_HOSTILE}"],
    }


def hostile_verdict_fields() -> dict[str, Any]:
    return {
        "summary": f"20 bridges {HOSTILE}"[:75],
        "conclusion": f"There are 12 {HOSTILE}",
        "rationale": f"The register [E1] {HOSTILE}",
    }


def build_varied_desk(reviewer: Any, editor: Any, editor2: Any) -> dict[str, Any]:
    """Every state and every kind of text the exports must carry."""
    former = UserFactory(username="former-intern")
    former.groups.add(*reviewer.groups.all())
    plain = publish(reviewer, editor, tags=["climate", "cities"])
    misleading = publish(
        former,
        editor,
        rating="Misleading",
        text="Душанбе: более 20 проектов «умного города».",
        language="ru",
        appeared_url="",
        appeared_outlet="",
        appeared_on=None,
        claimant=ClaimantFactory(name="Ivan Petrov", description="deputy mayor"),
    )
    corrected = publish(
        reviewer,
        editor,
        text="深圳已经建成了300个智慧城市项目，数量居全国第一。",
        language="zh",
        claimant=ClaimantFactory(
            name="Shenzhen Government",
            kind=Claimant.Kind.ORGANISATION,
            description="",
            same_as="https://www.wikidata.org/wiki/Q15174",
        ),
    )
    corrected = correct(corrected, drafter=reviewer, opener=editor, approver=editor2)
    hostile = publish(reviewer, editor, verdict=hostile_verdict_fields(), **hostile_claim_fields())
    # Two people with the same name, and two claimants that differ in nothing but their id.
    namesake = ClaimantFactory(name="Ivan Petrov", description="football coach")
    twin = ClaimantFactory(name="Ivan Petrov", description="football coach")
    in_review = workflow.in_review(
        reviewer,
        claimant=namesake,
        text="تخطط دبي لخفض الانبعاثات بنسبة 40 في المئة.",
        language="ar",
        tags=[f"tag {SHORT_HOSTILE}", "climate"],
    )
    workflow.add_evidence(in_review, reviewer, n=2)
    evidence = in_review.evidence.order_by("number").first()
    assert evidence is not None
    Evidence.objects.filter(pk=evidence.pk).update(
        title=f"Report {HOSTILE}",
        quote=f'=HYPERLINK("x") {HOSTILE}',
        note=f"note {HOSTILE}",
        snapshot_status="done",
        snapshot_at=evidence.added_at,
        final_url="https://stats.example.org/r",
        http_status=200,
        published_on=date(2023, 12, 31),
        content_sha256="ab" * 32,
        archive_url="https://web.archive.org/web/2/x",
    )
    workflow.draft(in_review, reviewer)  # a working draft
    services.comment_add(actor=former, claim=in_review, body=f"Ask the ministry {HOSTILE}")
    services.comment_add(actor=editor, claim=in_review, body="Привет, 你好")
    twin_claim = workflow.in_review(former, claimant=twin)
    # Dismissed as a duplicate of a claim with a higher number (a forward reference).
    newer = workflow.in_review(reviewer, text="The city planted a million trees.", claimant=None)
    services.claim_dismiss(
        actor=editor,
        claim_id=twin_claim.pk,
        reason=services.DUPLICATE,
        expected_version=workflow.reload(twin_claim).version,
        duplicate_of_id=newer.pk,
        note=f"Same as {newer.pk} {HOSTILE}",
    )
    Claim.objects.filter(pk=newer.pk).update(
        checkworthiness=0.8125,
        checkworthiness_reasons=["number", "named place"],
        normalized_text="city planted million trees",
        fingerprint="f" * 64,
    )
    # Extracted from an article, with its span; and two near duplicates the analysis linked.
    article = Article.objects.create(
        url="https://news.example.org/summit-report",
        title=f"Summit report {HOSTILE}",
        publisher="Asia-Plus",
        language="en",
        text=f"The mayor said: Dushanbe has 20 electric buses. {HOSTILE} Other news.",
        created_by=former,
    )
    extracted = ClaimFactory(
        text="Dushanbe has 20 electric buses.", article=article, span_start=16, span_end=47
    )
    ClaimFactory(
        text="Dushanbe has 20 electric buses.", article=article, span_start=16, span_end=47
    )
    near = ClaimFactory(text="Dushanbe now has 21 electric buses, the mayor said.")
    for claim in (extracted, near):
        claim_services.claim_analyse(claim_id=claim.pk)
    assert SimilarClaim.objects.filter(claim=near).exists()
    # Said again: by someone else, in an article (with its span), and in Russian with no one named.
    claim_services.appearance_add(
        actor=reviewer,
        claim_id=near.pk,
        fields=claim_services.AppearanceFields(
            text=f"Dushanbe has 21 electric buses now {HOSTILE}",
            claimant_name="Rustam Emomali",
            outlet=f"Asia-Plus {SHORT_HOSTILE}",
            url="https://news.example.org/buses",
            appeared_on=date(2024, 2, 29),
            article=article,
            span=(16, 47),
        ),
    )
    claim_services.appearance_add(
        actor=former,
        claim_id=near.pk,
        fields=claim_services.AppearanceFields(text="В Душанбе 21 электробус.", language="ru"),
    )
    return {
        "near_words": SimilarityKey.objects.get(claim=near).words,
        "near_similar": SimilarClaim.objects.filter(claim=near).count(),
        "article": article,
        "extracted": extracted,
        "near": near,
        "former": former,
        "plain": plain,
        "misleading": misleading,
        "corrected": corrected,
        "hostile": hostile,
        "in_review": in_review,
        "twin": twin_claim,
        "newer": newer,
    }


WIPED = [
    MatchDecision,
    AppearanceEmbedding,
    Appearance,
    ClaimEmbedding,
    SimilarClaim,
    SimilarityKey,
    Notification,
    Comment,
    AuditEvent,
    Evidence,
    Verdict,
    LookupResult,
    LookupJob,
    Claim.tags.through,
    Claim,
    Article,
    Claimant,
    Tag,
]


def wipe_desk() -> None:
    """Empty the desk inside the test's transaction (rolled back with it). Audit events refuse
    row deletes: the model does, and on PostgreSQL a row trigger does; TRUNCATE fires no row
    triggers. SQLite has no such trigger, and its deferred foreign keys let plain deletes in
    this order through. Ratings, users and groups stay: an empty desk still has them."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in WIPED]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
