"""The page-details lookup: the details of the page a claim appeared on (claims.lookups.pages
reads them)."""

from __future__ import annotations

from claims.lookups import pages
from claims.lookups.providers.base import ClaimInput, Provider, RequestSpec, ResultItem
from claims.lookups.responses import FetchResult


class PageMetaProvider(Provider):
    name = "pagemeta"
    label = "Page details"

    def applies_to(self, claim: ClaimInput) -> bool:
        return claim.appeared_url.startswith(("http://", "https://"))

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        return [RequestSpec(url=claim.appeared_url, accept=pages.ACCEPT_HTML, kind="page")]

    def fetch(self, spec: RequestSpec) -> FetchResult:
        return pages.fetch_html(spec.url, timeout=self.timeout())

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        pages.check_page(result)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        pages.require_html(result)
        meta = pages.page_metadata(result.text, result.url)
        return [
            ResultItem(
                rank=1,
                title=meta["title"] or result.url,
                url=meta["canonical_url"] or result.url,
                snippet=meta["excerpt"],
                publisher=meta["publisher"],
                published_at=meta["published"],
                extra={
                    "author": meta["author"],
                    "modified": meta["modified"].isoformat() if meta["modified"] else None,
                    "canonical_url": meta["canonical_url"],
                    "language": meta["language"],
                    "description": meta["description"],
                    "final_url": result.url,
                    "redirects": list(result.redirects),
                },
            )
        ]
