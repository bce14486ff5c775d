"""The OpenAPI document of the public read API (served at /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

MAX_ID = 10**18 - 1
# The longest value each text parameter of the list may have; a longer one is a 400.
MAX_LENGTHS = {"q": 200, "language": 12, "rating": 60, "text": 2000}
MAX_MATCHES = 20


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "nullable": True, **extra}


ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}
CLAIMANT = {
    "type": "object",
    "nullable": True,
    "required": ["name", "kind", "same_as"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["person", "organisation"]},
        "same_as": _nullable("string", format="uri"),
    },
}
SUMMARY = {
    "type": "object",
    "required": [
        "id",
        "url",
        "api_url",
        "claim",
        "rating",
        "summary",
        "conclusion",
        "published_at",
        "corrected",
    ],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
        "claim": {
            "type": "object",
            "required": ["text", "language", "claimant", "appeared"],
            "properties": {
                "text": {"type": "string"},
                "language": {"type": "string"},
                "claimant": CLAIMANT,
                "appeared": {
                    "type": "object",
                    "required": ["url", "outlet", "date"],
                    "properties": {
                        "url": _nullable("string"),
                        "outlet": _nullable("string"),
                        "date": _nullable("string", format="date"),
                    },
                },
            },
        },
        "rating": {
            "type": "object",
            "required": ["label", "value", "best", "worst"],
            "properties": {
                "label": {"type": "string"},
                "value": _nullable("integer", minimum=1),
                "best": _nullable("integer", minimum=1),
                "worst": _nullable("integer", minimum=1),
            },
        },
        "summary": {"type": "string", "maxLength": 75},
        "conclusion": {"type": "string"},
        "published_at": _nullable("string", format="date-time"),
        "corrected": {"type": "boolean"},
    },
}
EVIDENCE = {
    "type": "object",
    "required": ["label", "url", "stance"],
    "properties": {
        "label": {"type": "string"},
        "url": {"type": "string"},
        "title": _nullable("string"),
        "publisher": _nullable("string"),
        "published_on": _nullable("string", format="date"),
        "stance": {"type": "string", "enum": ["supports", "refutes", "context"]},
        "quote": _nullable("string"),
        "archive_url": _nullable("string"),
        "snapshot_at": _nullable("string", format="date-time"),
        "content_sha256": _nullable("string"),
    },
}
MATCH = {
    "type": "object",
    "required": [
        "id",
        "text",
        "language",
        "status",
        "rating",
        "url",
        "score",
        "same_claim",
        "differences",
    ],
    "properties": {
        "id": {"type": "integer"},
        "text": {"type": "string"},
        "language": {"type": "string"},
        "status": {
            "type": "string",
            "enum": ["new", "in_review", "awaiting_approval", "published"],
            "description": "Always `published` for the public; desk members see open claims too.",
        },
        "rating": _nullable("string", description="The published rating, if published"),
        "url": _nullable("string", format="uri", description="The public fact-check"),
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "same_claim": {
            "type": "boolean",
            "description": "Very likely the same claim: a high score and no difference found.",
        },
        "differences": {
            "type": "array",
            "description": "What the two say differently (numbers, negation, opposites, "
            "places, speakers): a match with one is related, never the same claim.",
            "items": {
                "type": "object",
                "required": ["kind", "text", "claim", "description"],
                "properties": {
                    "kind": {
                        "type": "string",
                        "enum": ["number", "negation", "antonym", "place", "speaker"],
                    },
                    "text": _nullable("string", description="What the text says"),
                    "claim": _nullable("string", description="What the claim says"),
                    "description": {"type": "string"},
                },
            },
        },
    },
}
APPEARANCE = {
    "type": "object",
    "description": "Where else the claim was said, as the desk recorded it.",
    "required": ["text", "language", "claimant", "outlet", "url", "date"],
    "properties": {
        "text": {"type": "string"},
        "language": {"type": "string"},
        "claimant": _nullable("string"),
        "outlet": _nullable("string"),
        "url": _nullable("string"),
        "date": _nullable("string", format="date"),
    },
}
DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/FactCheck"},
        {
            "type": "object",
            "required": [
                "rationale",
                "evidence",
                "appearances",
                "earlier_versions",
                "claim_review",
            ],
            "properties": {
                "rationale": {"type": "string"},
                "appearances": {"type": "array", "items": APPEARANCE},
                "correction_note": _nullable("string"),
                "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}},
                "earlier_versions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["version", "rating", "summary", "conclusion", "published_at"],
                        "properties": {
                            "version": {"type": "integer"},
                            "rating": {"type": "string"},
                            "summary": {"type": "string"},
                            "conclusion": {"type": "string"},
                            "published_at": _nullable("string", format="date-time"),
                        },
                    },
                },
                "claim_review": {
                    "type": "object",
                    "description": "The schema.org ClaimReview embedded in the public page.",
                },
            },
        },
    ]
}


def _query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        # An empty value (`?q=`, as an HTML form sends an empty field) is no filter at all.
        "allowEmptyValue": True,
        "schema": {"type": "string", **schema},
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


BAD_PARAMETER = _json(_ref("Error"), "A parameter is not valid")
RATE_LIMITED = _json(_ref("Error"), "Too many requests; see the Retry-After header.")


def document(site_url: str) -> dict[str, Any]:
    listed = reverse("public:api-list")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Claims desk: published fact-checks",
            "version": "1.0",
            "description": "Read-only access to the desk's published fact-checks, and the "
            "fact-checks that say what a text says, in any wording or language. Public; "
            "rate-limited per client address.",
        },
        "servers": [{"url": site_url}],
        "paths": {
            listed: {
                "get": {
                    "operationId": "listFactChecks",
                    "summary": "Published fact-checks, newest first",
                    "parameters": [
                        _query("q", "Full-text search in the claim", maxLength=MAX_LENGTHS["q"]),
                        _query(
                            "language",
                            "ISO 639-1 code of the claim",
                            maxLength=MAX_LENGTHS["language"],
                        ),
                        _query(
                            "rating", "Rating label, e.g. False", maxLength=MAX_LENGTHS["rating"]
                        ),
                        _query("published_since", "YYYY-MM-DD", format="date"),
                        _query("published_until", "YYYY-MM-DD", format="date"),
                        {
                            "name": "page_size",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        },
                        _query("after", "Cursor from a `next` link"),
                        _query("before", "Cursor from a `previous` link"),
                    ],
                    "responses": {
                        "200": _json(_ref("FactCheckList"), "A page of fact-checks"),
                        "400": BAD_PARAMETER,
                        "429": RATE_LIMITED,
                    },
                }
            },
            reverse("public:api-matches"): {
                "get": {
                    "operationId": "matchClaims",
                    "summary": "The fact-checks that say what a text says, best first",
                    "description": "Matched across wording and language. The public is "
                    "matched against published fact-checks; a signed-in desk member against "
                    "open claims too. Text with nothing to match (empty, emoji) finds nothing.",
                    "parameters": [
                        {
                            "name": "text",
                            "in": "query",
                            "required": True,
                            "description": "The claim to look for",
                            "allowEmptyValue": True,
                            "schema": {"type": "string", "maxLength": MAX_LENGTHS["text"]},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_MATCHES,
                                "default": 5,
                            },
                        },
                        _query(
                            "language",
                            "Only claims in this language (ISO 639-1)",
                            maxLength=MAX_LENGTHS["language"],
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("MatchList"), "The matches, best first"),
                        "400": BAD_PARAMETER,
                        "429": RATE_LIMITED,
                    },
                }
            },
            f"{listed}{{id}}/": {
                "get": {
                    "operationId": "getFactCheck",
                    "summary": "One published fact-check with its evidence and history",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            # The URL takes at most 18 digits (foundation.converters.IdConverter):
                            # a longer id is not a fact-check's address at all.
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                    "responses": {
                        "200": _json(_ref("FactCheckDetail"), "The fact-check"),
                        "404": _json(_ref("Error"), "No published fact-check with this id"),
                        "429": RATE_LIMITED,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "FactCheck": SUMMARY,
                "Evidence": EVIDENCE,
                "FactCheckDetail": DETAIL,
                "Match": MATCH,
                "MatchList": {
                    "type": "object",
                    "required": ["results"],
                    "properties": {"results": {"type": "array", "items": _ref("Match")}},
                },
                "FactCheckList": {
                    "type": "object",
                    "required": ["results", "next", "previous"],
                    "properties": {
                        "results": {"type": "array", "items": _ref("FactCheck")},
                        "next": _nullable("string", format="uri"),
                        "previous": _nullable("string", format="uri"),
                    },
                },
            }
        },
    }
