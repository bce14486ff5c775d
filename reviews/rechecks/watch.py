"""What the things behind a published verdict say now: the World Bank figures its lookup found
and the pages its evidence cites. `observe` does the I/O (through the safe client, as the
lookups and snapshots do); `published_values` reads what they said when the verdict was
published. Each value has a key, so the service can compare one run with the last."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from claims.lookups import pages
from claims.lookups import services as lookup_services
from claims.lookups.errors import LookupFailure
from claims.lookups.providers import get as get_provider
from claims.lookups.providers.worldbank import format_value
from claims.models import Claim, LookupJob, LookupResult
from reviews.models import Evidence, Recheck, Verdict

logger = logging.getLogger(__name__)
WORLDBANK = "worldbank"


@dataclass(frozen=True)
class Observed:
    """One thing behind a verdict: `kind` is Recheck.LOOKUP or Recheck.EVIDENCE, `label` names
    it for people, `value` is what it is now (a figure with its unit and year, a page's
    SHA-256 or the error status it answered)."""

    kind: str
    key: str
    label: str
    value: str


def _figure(value: float | None, unit: str, year: int | None) -> str:
    if value is None:
        return ""
    shown = f"{format_value(value)} {unit}".strip()
    return f"{shown} ({year})" if year else shown


def _worldbank_key(extra: dict[str, object], fallback: str) -> str:
    return f"worldbank:{extra.get('indicator', '')}:{extra.get('country_iso3', '') or fallback}"


def _worldbank_label(extra: dict[str, object], title: str) -> str:
    name, country = extra.get("indicator_name"), extra.get("country")
    return f"World Bank, {name} ({country})" if name and country else f"World Bank, {title}"


def _from_result(result: LookupResult) -> Observed:
    return Observed(
        kind=Recheck.LOOKUP,
        key=_worldbank_key(result.extra, str(result.rank)),
        label=_worldbank_label(result.extra, result.title)[:300],
        value=_figure(result.value, result.unit, result.year)[:300],
    )


def _page_value(evidence: Evidence) -> str:
    return (
        evidence.content_sha256
        if (evidence.http_status or 200) < 400
        else (f"HTTP {evidence.http_status}")
    )


def _evidence_label(evidence: Evidence) -> str:
    return f"{evidence.label} {evidence.title or evidence.url}"[:300]


def cited_evidence(verdict: Verdict) -> list[Evidence]:
    """The evidence the published verdict rests on that the desk took a snapshot of."""
    ids = verdict.public_record.get("evidence")
    items = Evidence.objects.filter(claim_id=verdict.claim_id, snapshot_status="done")
    if isinstance(ids, list):
        items = items.filter(pk__in=ids)
    return list(items.exclude(content_sha256="").order_by("number"))


def published_values(claim: Claim, verdict: Verdict) -> dict[str, Observed]:
    """What the lookups and evidence said when the verdict was published, by key: the results
    of the newest finished World Bank lookup, the hash of each cited page's snapshot."""
    values: dict[str, Observed] = {}
    job = (
        LookupJob.objects.filter(claim=claim, provider=WORLDBANK, status=LookupJob.Status.DONE)
        .order_by("-created_at", "-id")
        .first()
    )
    if job is not None:
        for result in job.results.all():
            observed = _from_result(result)
            values[observed.key] = observed
    for item in cited_evidence(verdict):
        key = f"evidence:{item.pk}"
        values[key] = Observed(Recheck.EVIDENCE, key, _evidence_label(item), _page_value(item))
    return values


def observe(claim: Claim, verdict: Verdict) -> list[Observed]:
    """Run the World Bank lookup again and fetch every cited page. What could not be read this
    time (a timeout, a service down) is left out: nothing is said about it, and the next run
    tries again."""
    found: list[Observed] = []
    provider = get_provider(WORLDBANK)
    data = lookup_services.claim_input(claim)
    if provider.applies_to(data) and provider.is_configured():
        try:
            outcome = provider.run(data)
        except LookupFailure as error:
            logger.info("re-check of claim %s: World Bank not read: %s", claim.pk, error)
        else:
            for item in outcome.items:
                found.append(
                    Observed(
                        kind=Recheck.LOOKUP,
                        key=_worldbank_key(item.extra, str(item.rank)),
                        label=_worldbank_label(item.extra, item.title)[:300],
                        value=_figure(item.value, item.unit, item.year)[:300],
                    )
                )
    for cited in cited_evidence(verdict):
        try:
            result = pages.fetch_html(cited.url)
        except LookupFailure as error:
            logger.info("re-check of claim %s: %s not read: %s", claim.pk, cited.label, error)
            continue
        value = result.sha256 if result.status < 400 else f"HTTP {result.status}"
        found.append(
            Observed(Recheck.EVIDENCE, f"evidence:{cited.pk}", _evidence_label(cited), value)
        )
    return found
