"""Drive claims through the review workflow with the real services, for tests."""

from __future__ import annotations

from typing import Any

from claims.models import Claim
from reviews import services
from reviews.models import Evidence, Rating, Verdict
from tests.factories import ClaimFactory


def rating(label: str = "False") -> Rating:
    return Rating.objects.get(label=label)


def in_review(assignee: Any, **claim_fields: Any) -> Claim:
    claim = ClaimFactory(**claim_fields)
    services.claim_take(actor=assignee, claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def add_evidence(claim: Claim, user: Any, *, stance: str = "refutes", n: int = 1) -> list[Evidence]:
    return [
        services.evidence_add(
            actor=user,
            claim_id=claim.pk,
            fields=services.EvidenceFields(
                url=f"https://stats.example.org/report-{i}",
                stance=stance,
                title=f"Report {i}",
                quote="The official count was 12 projects.",
            ),
        )
        for i in range(n)
    ]


def complete_fields(**overrides: Any) -> services.VerdictFields:
    data: dict[str, Any] = {
        "rating": rating(),
        "summary": "Tajikistan runs more than 20 smart-city projects",
        "conclusion": "The official register lists 12 projects.",
        "rationale": "The ministry's register [E1] lists 12 projects.",
    }
    data.update(overrides)
    return services.VerdictFields(**data)


def draft(claim: Claim, user: Any, **overrides: Any) -> Verdict:
    working = claim.verdicts.working().first()
    return services.verdict_save_draft(
        actor=user,
        claim_id=claim.pk,
        expected_version=working.version if working else None,
        fields=complete_fields(**overrides),
    )


def submitted(reviewer: Any, **claim_fields: Any) -> Verdict:
    claim = in_review(reviewer, **claim_fields)
    add_evidence(claim, reviewer)
    verdict = draft(claim, reviewer)
    return services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )


def published(reviewer: Any, editor: Any, **claim_fields: Any) -> Verdict:
    verdict = submitted(reviewer, **claim_fields)
    return services.verdict_approve(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
    )


def reload(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj
