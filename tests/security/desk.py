"""A desk with a claim in every state, built through the real services, for the security and
fuzz tests. Personas: rita (reviewer, assignee and author), rob (reviewer), eddie (editor)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from claims import intake, services
from claims.models import Article, Claim, LookupJob
from reviews import models as review_models
from reviews import services as review_services
from reviews.models import Evidence, Verdict
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf


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
    return Desk(
        new=ClaimFactory(),
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
