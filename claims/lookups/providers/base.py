"""What every provider shares: plain data in and out, and the build → fetch → parse loop.

Providers never import models: the lead's task code turns a Claim into a `ClaimInput` and the
`ResultItem`s of a `ProviderOutcome` into LookupResult rows. Everything but `fetch` is pure, so
stored raw responses can be parsed again after a parser fix (`parse_raw`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar

from claims.lookups import conf, http
from claims.lookups.errors import LookupFailure, NotConfigured
from claims.lookups.responses import FetchResult, redact_url

RAW_BODY_LIMIT = 200_000  # characters of each response body kept for re-parsing
MAX_REQUESTS = 12  # per run, whatever follow-ups a provider asks for


@dataclass(frozen=True)
class ClaimInput:
    id: int | None
    text: str
    language: str = "en"
    claimant_name: str = ""
    claimant_same_as: str = ""
    appeared_url: str = ""
    claim_type: str = "other"
    country: str = ""  # optional ISO 3166-1 alpha-3 hint, e.g. "TJK"


@dataclass(frozen=True)
class ResultItem:
    rank: int
    title: str
    url: str = ""
    snippet: str = ""
    publisher: str = ""
    published_at: date | None = None
    rating_text: str = ""
    value: float | None = None
    unit: str = ""
    year: int | None = None
    archive_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data


@dataclass(frozen=True)
class RequestSpec:
    """One request, fully described; `kind` and `context` tell `parse` what it is reading."""

    url: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    data: dict[str, Any] | None = None
    accept: str = "application/json"
    kind: str = ""
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderOutcome:
    items: list[ResultItem]
    raw: list[dict[str, Any]]
    claimant_same_as: str | None = None


class Provider:
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    needs_network: ClassVar[bool] = True

    def applies_to(self, claim: ClaimInput) -> bool:
        return True

    def is_configured(self) -> bool:
        return True

    def timeout(self) -> float:
        """Seconds one fetch may take (LOOKUPS_TIMEOUTS, else LOOKUPS_TIMEOUT)."""
        return conf.timeout(self.name)

    def rate_limit(self) -> str | None:
        """The Celery rate-limit string for this provider's tasks (LOOKUPS_RATE_LIMITS)."""
        return conf.rate_limit(self.name)

    def not_configured_message(self) -> str:
        return f"{self.label} is not configured: an administrator needs to set it up."

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        raise NotImplementedError

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        """Raise the typed failure for an error response; providers add service quirks."""
        http.raise_for_status(result, service=self.label)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        raise NotImplementedError

    def follow_up(
        self, spec: RequestSpec, result: FetchResult, items: list[ResultItem]
    ) -> list[RequestSpec]:
        """Requests that depend on an answer: the next page, page summaries, a fallback."""
        return []

    def on_error(self, spec: RequestSpec, error: LookupFailure) -> list[RequestSpec]:
        """Requests to try instead of a failed one; the default gives up with the error."""
        raise error

    def finish(self, items: list[ResultItem]) -> list[ResultItem]:
        """Merge and rank everything parsed in one run (also used by parse_raw)."""
        return rerank(items)

    def same_as(self, claim: ClaimInput, items: list[ResultItem]) -> str | None:
        return None

    def fetch(self, spec: RequestSpec) -> FetchResult:
        return http.fetch(
            spec.url,
            method=spec.method,
            params=spec.params,
            headers=spec.headers,
            data=spec.data,
            timeout=self.timeout(),
            accept=spec.accept,
        )

    def run(self, claim: ClaimInput) -> ProviderOutcome:
        if not self.is_configured():
            raise NotConfigured(f"{self.name} not configured", plain=self.not_configured_message())
        items, raw = self.run_requests(self.build_requests(claim))
        return ProviderOutcome(items, raw, self.same_as(claim, items))

    def run_requests(
        self, requests: list[RequestSpec]
    ) -> tuple[list[ResultItem], list[dict[str, Any]]]:
        """Send the requests and their follow-ups; the ranked items and the raw responses."""
        queue = list(requests)
        items: list[ResultItem] = []
        raw: list[dict[str, Any]] = []
        sent = 0
        while queue and sent < MAX_REQUESTS:
            spec = queue.pop(0)
            sent += 1
            try:
                result = self.fetch(spec)
                self.check_response(spec, result)
                parsed = self.parse(spec, result)
            except LookupFailure as error:
                queue.extend(self.on_error(spec, error))
                continue
            raw.append(raw_record(spec, result))
            items.extend(parsed)
            queue.extend(self.follow_up(spec, result, parsed))
        return self.finish(items), raw

    def parse_raw(self, raw: list[dict[str, Any]]) -> list[ResultItem]:
        """Parse stored raw responses again, without the network."""
        items: list[ResultItem] = []
        for record in raw:
            spec = RequestSpec(
                url=record["url"], kind=record.get("kind", ""), context=record.get("context", {})
            )
            result = FetchResult.from_text(
                record["url"],
                int(record["status"]),
                record["body"],
                content_type=record.get("content_type", ""),
            )
            items.extend(self.parse(spec, result))
        return self.finish(items)


def raw_record(spec: RequestSpec, result: FetchResult) -> dict[str, Any]:
    body = result.text
    return {
        "url": redact_url(result.url),
        "status": result.status,
        "content_type": result.headers.get("content-type", ""),
        "kind": spec.kind,
        "context": spec.context,
        "fetched_at": result.fetched_at.isoformat(),
        "sha256": result.sha256,
        "truncated": len(body) > RAW_BODY_LIMIT,
        "body": body[:RAW_BODY_LIMIT],
    }


def rerank(items: list[ResultItem]) -> list[ResultItem]:
    return [replace(item, rank=rank) for rank, item in enumerate(items, start=1)]


def parse_date(value: Any) -> date | None:
    """A date from the ISO-ish strings services send ('2024-03-01T12:00:00Z', '2024-03-01')."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def clip(text: str, limit: int) -> str:
    """Shorten on a word boundary, with an ellipsis when anything was cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"
