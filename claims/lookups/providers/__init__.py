"""The provider registry. Each provider is a small stateless class; `get` gives an instance.

The desk's own archive (similar claims already reviewed) needs the review models, so the
reviews app registers it at start-up (`register`).
"""

from __future__ import annotations

from claims.lookups.providers.base import (
    ClaimInput,
    Provider,
    ProviderOutcome,
    RequestSpec,
    ResultItem,
)
from claims.lookups.providers.factcheck import FactCheckProvider
from claims.lookups.providers.pagemeta import PageMetaProvider
from claims.lookups.providers.wayback import WaybackProvider
from claims.lookups.providers.wikidata import WikidataProvider
from claims.lookups.providers.wikipedia import WikipediaProvider
from claims.lookups.providers.worldbank import WorldBankProvider

__all__ = [
    "PROVIDERS",
    "ClaimInput",
    "Provider",
    "ProviderOutcome",
    "RequestSpec",
    "ResultItem",
    "get",
    "label_of",
    "register",
    "task_name",
]

PROVIDERS: dict[str, type[Provider]] = {
    provider.name: provider
    for provider in (
        FactCheckProvider,
        WikipediaProvider,
        WikidataProvider,
        WaybackProvider,
        WorldBankProvider,
        PageMetaProvider,
    )
}


# Each provider that ships with the desk has a task of its own (its own rate limit); providers
# registered later (the desk's archive needs no network) share the "local" one.
BUILT_IN = tuple(PROVIDERS)


def task_name(provider: str) -> str:
    """The Celery task that runs this provider's lookups (claims.lookups.tasks)."""
    return f"claims.lookups.run.{provider if provider in BUILT_IN else 'local'}"


def register(provider: type[Provider]) -> type[Provider]:
    """Add a provider that lives outside this package (the desk's own archive)."""
    PROVIDERS[provider.name] = provider
    return provider


def label_of(name: str) -> str:
    """The provider's name as people read it ("Google Fact Check Tools", "World Bank")."""
    provider = PROVIDERS.get(name)
    return (provider.label if provider is not None else "") or name.capitalize()


def get(name: str) -> Provider:
    """An instance of the provider registered under `name`; KeyError for an unknown name."""
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise KeyError(
            f"no lookup provider named {name!r}; known: {', '.join(PROVIDERS)}"
        ) from None
