"""Wikidata: who the claimant is, and a `same_as` link for the claimant's record.

API: GET {WIKIDATA_API_URL}?action=wbsearchentities&search=<name>&language=…&format=json&limit=5
Answer: {"search": [{"id": "Q…", "label", "description", "match": {"type", "text"}}], …}.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from claims.lookups import conf
from claims.lookups.errors import UnexpectedResponse
from claims.lookups.providers import mediawiki
from claims.lookups.providers.base import ClaimInput, Provider, RequestSpec, ResultItem, clip
from claims.lookups.providers.wikipedia import wiki_language
from claims.lookups.responses import FetchResult, redact_url

ENTITY_URL = "https://www.wikidata.org/wiki/{id}"


def _same_name(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return bool(a.strip()) and key(a) == key(b)


class WikidataProvider(Provider):
    name = "wikidata"
    label = "Wikidata"

    def applies_to(self, claim: ClaimInput) -> bool:
        return bool(claim.claimant_name.strip())

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        lang = wiki_language(claim.language)
        params: dict[str, Any] = {
            "action": "wbsearchentities",
            "search": claim.claimant_name.strip()[:250],
            "language": lang,
            "uselang": lang,
            "type": "item",
            "limit": 5,
            "format": "json",
            "maxlag": 5,
        }
        return [
            RequestSpec(
                url=conf.wikidata_api_url(),
                params=params,
                kind="search",
                context={"name": claim.claimant_name.strip(), "lang": lang},
            )
        ]

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        mediawiki.check_status(result, service=self.label)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        data = mediawiki.api_json(result, service=self.label)
        found = data.get("search", [])
        if not isinstance(found, list):
            raise UnexpectedResponse(
                f"'search' is not a list in {redact_url(result.url)}",
                plain=f"{self.label} sent an answer in a shape we do not know.",
            )
        items: list[ResultItem] = []
        for hit in found:
            if not isinstance(hit, dict) or not str(hit.get("id", "")).startswith("Q"):
                continue
            match = hit.get("match") or {}
            items.append(
                ResultItem(
                    rank=len(items) + 1,
                    title=hit.get("label") or match.get("text") or hit["id"],
                    url=ENTITY_URL.format(id=hit["id"]),
                    snippet=clip(hit.get("description", ""), 300),
                    publisher="Wikidata",
                    extra={
                        "id": hit["id"],
                        "description": hit.get("description", ""),
                        "match_type": match.get("type", ""),
                        "match_text": match.get("text", ""),
                        "aliases": hit.get("aliases", []),
                    },
                )
            )
        return items

    def same_as(self, claim: ClaimInput, items: list[ResultItem]) -> str | None:
        if items and _same_name(items[0].title, claim.claimant_name):
            return items[0].url
        return None
