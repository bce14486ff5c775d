"""Desk pages for claims. Each view: one access check, one model or service call, a response."""

from claims.views.decisions import match_not_same, match_same
from claims.views.editing import claim_create, claim_edit, claimant_options
from claims.views.help import desk_help
from claims.views.intake import article_candidates, article_detail, article_new, claims_import
from claims.views.lists import claim_list

__all__ = [
    "article_candidates",
    "article_detail",
    "article_new",
    "claim_create",
    "claim_edit",
    "claim_list",
    "claimant_options",
    "claims_import",
    "desk_help",
    "match_not_same",
    "match_same",
]
