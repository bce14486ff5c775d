"""The Wayback Machine: an archived copy of the page where a claim appeared.

1. CDX: GET {WAYBACK_CDX_URL}?url=…&output=json&limit=-1&fl=timestamp,original,statuscode
   &filter=statuscode:200 → [["timestamp","original","statuscode"], [row]] (latest capture).
2. If CDX has nothing or fails with 5xx: GET {WAYBACK_AVAILABILITY_URL}?url=… →
   {"archived_snapshots": {"closest": {"url", "timestamp", "status", "available"}}}.
3. If still nothing and credentials are set: Save Page Now, POST {WAYBACK_SAVE_URL}/ with
   `Authorization: LOW access:secret`, answered by {"url", "job_id"} or, with HTTP 200,
   {"status": "error", "status_ext": "error:…", "message": …}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from claims.lookups import conf
from claims.lookups.errors import (
    LookupFailure,
    NotConfigured,
    Permanent,
    RateLimited,
    Transient,
    UnexpectedResponse,
)
from claims.lookups.providers.base import ClaimInput, Provider, RequestSpec, ResultItem
from claims.lookups.responses import FetchResult, redact_url

LABEL = "The Internet Archive"
ARCHIVE_URL = "https://web.archive.org/web/{timestamp}/{original}"

_SAVE_RATE_LIMITED = frozenset(
    {
        "too-many-daily-captures",
        "too-many-requests",
        "user-session-limit",
        "bandwidth-limit-exceeded",
    }
)
_SAVE_TRANSIENT = frozenset(
    {
        "bad-gateway",
        "browsing-timeout",
        "capture-location-error",
        "celery",
        "gateway-timeout",
        "internal-server-error",
        "no-browsers-available",
        "proxy-error",
        "read-timeout",
        "service-unavailable",
        "soft-time-limit-exceeded",
    }
)


@dataclass(frozen=True)
class SaveRequested:
    """Save Page Now accepted a capture; it finishes later (poll with `save_status`)."""

    url: str
    job_id: str
    message: str = ""


def snapshot_date(timestamp: str) -> date | None:
    try:
        return datetime.strptime(timestamp[:8], "%Y%m%d").date()
    except ValueError:
        return None


def _snapshot_item(timestamp: str, original: str, source: str) -> ResultItem:
    archived = ARCHIVE_URL.format(timestamp=timestamp, original=original)
    when = snapshot_date(timestamp)
    return ResultItem(
        rank=1,
        title=f"Archived copy from {when.day} {when:%B %Y}" if when else "Archived copy",
        url=archived,
        snippet=f"Internet Archive snapshot of {original}",
        publisher="Internet Archive",
        published_at=when,
        archive_url=archived,
        extra={"timestamp": timestamp, "original": original, "source": source},
    )


def _save_spec(url: str) -> RequestSpec:
    credentials = conf.wayback_credentials()
    if credentials is None:
        raise NotConfigured(
            "wayback save credentials missing",
            plain="Saving pages to the Internet Archive is not configured: an administrator "
            "needs to add archive.org keys.",
        )
    return RequestSpec(
        url=f"{conf.wayback_save_url()}/",
        method="POST",
        headers={"Authorization": f"LOW {credentials[0]}:{credentials[1]}"},
        data={"url": url},
        kind="save",
        context={"url": url},
    )


def _save_answer(result: FetchResult) -> dict[str, Any]:
    """The Save Page Now answer, with its HTTP-200 error objects raised as typed failures."""
    data = result.json(service=LABEL)
    if not isinstance(data, dict):
        raise UnexpectedResponse(
            f"Save Page Now sent {type(data).__name__}", plain=f"{LABEL} sent an odd answer."
        )
    if data.get("status") != "error":
        return data
    ext = str(data.get("status_ext", "")).removeprefix("error:")
    message = str(data.get("message", "")) or ext
    detail = f"Save Page Now error {ext!r} from {redact_url(result.url)}: {message}"
    if ext in _SAVE_RATE_LIMITED:
        raise RateLimited(detail, service=LABEL, plain=f"{LABEL} asked us to slow down: {message}")
    if ext in _SAVE_TRANSIENT:
        raise Transient(detail, plain=f"{LABEL} could not save the page just now: {message}")
    if ext:
        raise Permanent(detail, plain=f"{LABEL} will not save this page: {message}")
    raise UnexpectedResponse(detail, plain=f"{LABEL} reported a problem: {message}")


class WaybackProvider(Provider):
    name = "wayback"
    label = LABEL

    def applies_to(self, claim: ClaimInput) -> bool:
        return claim.appeared_url.startswith(("http://", "https://"))

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        return self.requests_for(claim.appeared_url)

    def requests_for(self, url: str) -> list[RequestSpec]:
        """The archive's copies of an address: CDX first, the availability API if it fails."""
        params = {
            "url": url,
            "output": "json",
            "limit": "-1",
            "fl": "timestamp,original,statuscode",
            "filter": "statuscode:200",
        }
        return [
            RequestSpec(
                url=conf.wayback_cdx_url(),
                params=params,
                kind="cdx",
                context={"url": url},
            )
        ]

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        if spec.kind == "cdx" and result.status == 403 and "AccessControl" in result.text:
            raise Permanent(
                f"CDX refused {spec.context.get('url')}: {result.text[:200]!r}",
                plain=f"{LABEL} does not show archived copies of this site.",
                status=403,
            )
        super().check_response(spec, result)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        if spec.kind == "save":
            data = _save_answer(result)
            return [
                ResultItem(
                    rank=1,
                    title="Snapshot requested from the Internet Archive",
                    url=str(data.get("url") or spec.context.get("url", "")),
                    snippet=str(data.get("message", "")),
                    publisher="Internet Archive",
                    extra={"job_id": data.get("job_id"), "source": "save"},
                )
            ]
        data = result.json(service=self.label)
        if spec.kind == "cdx":
            rows = (
                [row for row in data if isinstance(row, list)] if isinstance(data, list) else None
            )
            if rows is None:
                raise UnexpectedResponse(
                    f"CDX answer is not a list: {result.text[:120]!r}",
                    plain=f"{LABEL} sent an answer in a shape we do not know.",
                )
            if len(rows) < 2:
                return []
            header, latest = rows[0], rows[-1]
            row = dict(zip(header, latest, strict=False))
            return [_snapshot_item(row["timestamp"], row["original"], "cdx")]
        closest = ((data or {}).get("archived_snapshots") or {}).get("closest") or {}
        if not closest.get("available") or not closest.get("timestamp"):
            return []
        original = str(closest.get("url", "")).split(f"/{closest['timestamp']}/", 1)[-1]
        return [_snapshot_item(closest["timestamp"], original, "availability")]

    def follow_up(
        self, spec: RequestSpec, result: FetchResult, items: list[ResultItem]
    ) -> list[RequestSpec]:
        if items or spec.kind == "save":
            return []
        if spec.kind == "cdx":
            return [self._availability(spec)]
        if conf.wayback_credentials() is not None:
            return [_save_spec(spec.context["url"])]
        return []

    def on_error(self, spec: RequestSpec, error: LookupFailure) -> list[RequestSpec]:
        if spec.kind == "cdx" and isinstance(error, Transient):
            return [self._availability(spec)]
        raise error

    def _availability(self, spec: RequestSpec) -> RequestSpec:
        return RequestSpec(
            url=conf.wayback_availability_url(),
            params={"url": spec.context["url"]},
            kind="availability",
            context=spec.context,
        )


def newest_copy(url: str) -> str:
    """The address of the newest archived copy of a page, or ""."""
    provider = WaybackProvider()
    items, _raw = provider.run_requests(provider.requests_for(url))
    return (items[0].archive_url or items[0].url) if items else ""


def save_page(url: str) -> SaveRequested:
    """Ask Save Page Now to capture a URL (for evidence snapshots). Needs credentials."""
    provider = WaybackProvider()
    spec = _save_spec(url)
    result = provider.fetch(spec)
    provider.check_response(spec, result)
    data = _save_answer(result)
    if not data.get("job_id"):
        raise UnexpectedResponse(
            f"Save Page Now answer without job_id: {result.text[:200]!r}",
            plain=f"{LABEL} did not confirm the capture: {data.get('message', 'no reason given')}",
        )
    return SaveRequested(
        str(data.get("url") or url), str(data["job_id"]), str(data.get("message", ""))
    )


def save_status(job_id: str) -> str | None:
    """The archive URL of a finished capture, None while it is pending; failures raise."""
    credentials = conf.wayback_credentials()
    headers = {"Authorization": f"LOW {credentials[0]}:{credentials[1]}"} if credentials else {}
    spec = RequestSpec(url=f"{conf.wayback_save_url()}/status/{job_id}", headers=headers)
    provider = WaybackProvider()
    result = provider.fetch(spec)
    provider.check_response(spec, result)
    data = _save_answer(result)
    if data.get("status") == "success" and data.get("timestamp"):
        original = str(data.get("original_url", ""))
        return ARCHIVE_URL.format(timestamp=data["timestamp"], original=original)
    if data.get("status") == "pending":
        return None
    raise UnexpectedResponse(
        f"Save Page Now status {data.get('status')!r} for {job_id}",
        plain=f"{LABEL} sent a capture status we do not know.",
    )
