"""Google Fact Check Tools: published fact-checks (ClaimReview) of similar claims.

API: GET {FACTCHECK_API_URL}/claims:search?query=…&languageCode=…&pageSize=10&key=…
Answer: {"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name",
"site"}, "url", "title", "reviewDate", "textualRating", "languageCode"}]}], "nextPageToken"}.
No matches is an empty object. Errors are Google's {"error": {"code", "message", "status"}}.
"""

from __future__ import annotations

from typing import Any

from claims.lookups import conf
from claims.lookups.errors import Permanent, RateLimited, UnexpectedResponse, parse_retry_after
from claims.lookups.providers.base import (
    ClaimInput,
    Provider,
    RequestSpec,
    ResultItem,
    clip,
    parse_date,
)
from claims.lookups.responses import FetchResult, redact_url

# Long queries match nothing: the search wants the gist of a claim, not a paragraph.
QUERY_LIMIT = 250


class FactCheckProvider(Provider):
    name = "factcheck"
    label = "Google Fact Check Tools"
    max_pages = 2
    page_size = 10

    def applies_to(self, claim: ClaimInput) -> bool:
        return bool(claim.text.strip())

    def is_configured(self) -> bool:
        return bool(conf.factcheck_api_key())

    def not_configured_message(self) -> str:
        return f"{self.label} is not configured: an administrator needs to add an API key."

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        params: dict[str, Any] = {
            "query": clip(claim.text, QUERY_LIMIT).rstrip("…"),
            "pageSize": self.page_size,
            "key": conf.factcheck_api_key(),
        }
        if claim.language:
            params["languageCode"] = claim.language
        return [
            RequestSpec(
                url=f"{conf.factcheck_api_url()}/claims:search",
                params=params,
                kind="search",
                context={"page": 1},
            )
        ]

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        if result.status in (400, 403, 429):
            message, reason = _google_error(result)
            detail = f"HTTP {result.status} from {redact_url(result.url)}: {message}"
            if result.status == 429:
                raise RateLimited(
                    detail,
                    retry_after=parse_retry_after(result.headers.get("retry-after")),
                    status=429,
                    service=self.label,
                )
            if "API key not valid" in message or reason == "API_KEY_INVALID":
                plain = (
                    f"{self.label} rejected our API key; an administrator needs to check "
                    "FACTCHECK_API_KEY."
                )
            elif result.status == 403:
                plain = (
                    f"{self.label} refused access: the API may not be enabled for our key, "
                    "or the key is restricted."
                )
            else:
                plain = f"{self.label} could not run this search (it said: {message})."
            raise Permanent(detail, plain=plain, status=result.status)
        super().check_response(spec, result)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        data = result.json(service=self.label)
        if not isinstance(data, dict) or not isinstance(data.get("claims", []), list):
            raise UnexpectedResponse(
                f"unexpected shape from {redact_url(result.url)}",
                plain=f"{self.label} sent an answer in a shape we do not know.",
            )
        items: list[ResultItem] = []
        for found in data.get("claims", []):
            for review in found.get("claimReview") or []:
                publisher = review.get("publisher") or {}
                items.append(
                    ResultItem(
                        rank=len(items) + 1,
                        title=review.get("title") or clip(found.get("text", ""), 200),
                        url=review.get("url", ""),
                        snippet=clip(found.get("text", ""), 500),
                        publisher=publisher.get("name") or publisher.get("site", ""),
                        published_at=parse_date(review.get("reviewDate")),
                        rating_text=review.get("textualRating", ""),
                        extra={
                            "claimant": found.get("claimant", ""),
                            "claim_date": found.get("claimDate", ""),
                            "publisher_site": publisher.get("site", ""),
                            "language": review.get("languageCode", ""),
                            "page": spec.context.get("page", 1),
                        },
                    )
                )
        return items

    def follow_up(
        self, spec: RequestSpec, result: FetchResult, items: list[ResultItem]
    ) -> list[RequestSpec]:
        page = int(spec.context.get("page", 1))
        token = result.json(service=self.label).get("nextPageToken")
        if not token or page >= self.max_pages:
            return []
        return [
            RequestSpec(
                url=spec.url,
                params={**spec.params, "pageToken": token},
                kind="search",
                context={"page": page + 1},
            )
        ]


def _google_error(result: FetchResult) -> tuple[str, str]:
    """The message and ErrorInfo reason of a Google API error body, if it has one."""
    try:
        error = result.json().get("error") or {}
    except (UnexpectedResponse, AttributeError):
        return clip(result.text, 200), ""
    reasons = [
        detail.get("reason", "")
        for detail in error.get("details") or []
        if isinstance(detail, dict)
    ]
    return str(error.get("message", "")), next((r for r in reasons if r), "")
