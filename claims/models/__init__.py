"""Models of the claims app: what was said (core), the audit trail, source lookups, and what
claim matching stores,
with the appearances of a claim and the desk's match decisions."""

from claims.models.appearances import Appearance, AppearanceEmbedding, MatchDecision
from claims.models.articles import Article, SimilarClaim, SimilarityKey
from claims.models.audit import AuditEvent, AuditEventQuerySet
from claims.models.core import (
    BULKY_FIELDS,
    QUEUES,
    SEARCH_CONFIG,
    Claim,
    Claimant,
    ClaimQuerySet,
    SearchDocument,
    Tag,
)
from claims.models.lookups import LookupJob, LookupResult
from claims.models.matching import ClaimEmbedding
from claims.models.monitoring import (
    FollowedItem,
    FollowedSource,
    HostSlot,
    MorningVisit,
    ProposedClaim,
    SeenAgain,
)
from claims.models.readers import Asked, Submission

__all__ = [
    "BULKY_FIELDS",
    "QUEUES",
    "SEARCH_CONFIG",
    "Appearance",
    "AppearanceEmbedding",
    "Article",
    "Asked",
    "AuditEvent",
    "AuditEventQuerySet",
    "Claim",
    "ClaimEmbedding",
    "ClaimQuerySet",
    "Claimant",
    "FollowedItem",
    "FollowedSource",
    "HostSlot",
    "LookupJob",
    "LookupResult",
    "MatchDecision",
    "MorningVisit",
    "ProposedClaim",
    "SearchDocument",
    "SeenAgain",
    "SimilarClaim",
    "SimilarityKey",
    "Submission",
    "Tag",
]
