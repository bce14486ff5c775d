"""A desk with a claim in every state, built through the real services, for the security and
fuzz tests. Personas: rita (reviewer, assignee and author), rob (reviewer), eddie (editor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from api import tokens as api_tokens
from claims import intake, services
from claims.models import (
    Article,
    Claim,
    FollowedItem,
    FollowedSource,
    LookupJob,
    ProposedClaim,
    SeenAgain,
    Submission,
)
from foundation import events
from reviews import models as review_models
from reviews import services as review_services
from reviews.models import Evidence, Verdict
from reviews.services import rechecks as review_rechecks
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf
from webhooks.models import Endpoint


@dataclass
class Desk:
    new: Claim  # unassigned
    working: Claim  # in review, rita's, with evidence E1 and a draft
    evidence: Evidence  # E1 on `working`, added by rita
    draft: Verdict  # rita's draft on `working`
    awaiting: Verdict  # submitted by rita, waiting for an editor
    published: Claim
    dismissed: Claim
    article: Article  # with one claim taken from it
    lookup: LookupJob  # a failed lookup on `working`, so it can be retried
    export: Any  # a finished export of rita's, with its file (None before exports existed)
    source: FollowedSource | None = None  # followed by eddie, with one article read
    proposal: ProposedClaim | None = None  # a claim proposed from that article
    alert: SeenAgain | None = None  # the published claim seen again in that article
    recheck: Any = None  # the published claim due for re-check (its review-by date came)
    submission: Any = None  # a reader's question about `new`, with an e-mail
    endpoint: Any = None  # a webhook endpoint eddie registered
    token: Any = None  # rita's API token (claims:write)

    def target(self, key: str) -> Any:
        return getattr(self, key)


ARTICLE_TEXT = (
    "The mayor said on Monday that the city had built 20 new bridges since 2019. "
    '"We will plant a million trees by 2030," she told reporters.'
)

ARTICLE_CLAIM = "the city had built 20 new bridges since 2019"


def article_text_offset() -> int:
    return ARTICLE_TEXT.index(ARTICLE_CLAIM)


def build_desk(*, reviewer: Any, editor: Any) -> Desk:
    working = wf.in_review(reviewer)
    (evidence,) = wf.add_evidence(working, reviewer)
    draft = wf.draft(working, reviewer)
    awaiting = wf.submitted(reviewer)
    published = wf.published(reviewer, editor).claim
    dismissed = ClaimFactory()
    review_services.claim_dismiss(
        actor=editor,
        claim_id=dismissed.pk,
        reason=review_services.NOT_CHECK_WORTHY,
        expected_version=dismissed.version,
    )
    start = article_text_offset()
    article = intake.article_store(actor=reviewer, source=intake.from_paste(ARTICLE_TEXT))
    intake.claims_create_from_article(
        actor=reviewer,
        article=article,
        picks=[intake.Pick(text=ARTICLE_CLAIM, start=start, end=start + len(ARTICLE_CLAIM))],
    )
    lookup = LookupJob.objects.create(
        claim=working,
        provider="wikipedia",
        input_hash="security-tests",
        status=LookupJob.Status.FAILED,
        error_message="The service did not answer.",
    )
    source, proposal, alert = _followed(editor, article, published)
    recheck = review_rechecks.recheck_open(
        claim_id=published.pk, reasons=[review_rechecks.review_by_reason(date(2026, 12, 1))]
    )
    new = ClaimFactory()
    submission = Submission.objects.create(
        claim=new,
        outcome="requested",
        text=new.text,
        language="en",
        text_hash="walk",
        email="reader@readers.example",
    )
    endpoint = Endpoint.objects.create(
        url="https://hooks.partner.example/desk", events=list(events.KINDS), created_by=editor
    )
    token, _ = api_tokens.token_create(actor=reviewer, name="walk", scopes=["claims:write"])
    return Desk(
        token=token,
        endpoint=endpoint,
        recheck=recheck,
        submission=submission,
        source=source,
        proposal=proposal,
        alert=alert,
        new=new,
        export=_finished_export(reviewer),
        working=wf.reload(working),
        evidence=evidence,
        draft=draft,
        awaiting=awaiting,
        published=published,
        dismissed=wf.reload(dismissed),
        article=article,
        lookup=lookup,
    )


def _followed(editor: Any, article: Article, published: Claim) -> tuple[Any, Any, Any]:
    source = FollowedSource.objects.create(
        name="Desk Wire", url="https://wire.example/feed.rss", created_by=editor
    )
    item = FollowedItem.objects.create(
        source=source, url="https://wire.example/a", state="read", article=article
    )

    def proposed(text: str, state: str) -> ProposedClaim:
        return ProposedClaim.objects.create(
            item=item,
            article=article,
            text=text,
            claim_type=Claim.Type.QUANTITY,
            language="en",
            score=0.8,
            span_start=0,
            span_end=len(text),
            state=state,
        )

    proposal = proposed(ARTICLE_CLAIM, ProposedClaim.State.NEW)
    repeat = proposed(published.text, ProposedClaim.State.SEEN_AGAIN)
    alert = SeenAgain.objects.create(claim=published, proposal=repeat, item=item, score=0.9)
    return source, proposal, alert


def _finished_export(owner: Any) -> Any:
    job_model = getattr(review_models, "ExportJob", None)
    if job_model is None:
        return None
    job = job_model.objects.create(
        created_by=owner, format="csv", status="done", total=1, written=1
    )
    job.file.save(f"export-{job.pk}.csv", ContentFile(b"id,text\n1,A claim\n"), save=True)
    return job


def create_claim(actor: Any, **fields: Any) -> Claim:
    """A claim made the way the claim form makes it."""
    data: dict[str, Any] = {"text": "The city planted 5,000 trees last year.", "language": "en"}
    data.update(fields)
    return services.claim_create(actor=actor, fields=services.ClaimFields(**data))
