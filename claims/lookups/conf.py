"""Settings for source lookups, read from `django.conf.settings` at call time.

Every value has its default here, and only here: config/settings.py reads each from the
environment variable of the same name, falling back to it. Reading at call time, never at
import, lets tests point providers at the fixture HTTP server with pytest-django's `settings`
fixture.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Safety. Private and loopback addresses are refused unless this is on (tests only).
    "LOOKUPS_ALLOW_PRIVATE_ADDRESSES": False,
    # "host:port" entries whose addresses skip the private-address check, for exactly that host
    # and port. Test-only: lets a test reach the fixture server while every other private
    # address (say, a redirect to 169.254.169.254) is still refused. Empty in production.
    "LOOKUPS_ALLOWED_TEST_HOSTS": [],
    "LOOKUPS_USER_AGENT": "",  # empty: built from SITE_URL, see user_agent()
    "LOOKUPS_TIMEOUT": 10.0,  # seconds, the whole fetch: every redirect hop and the body
    "LOOKUPS_MAX_BYTES": 5_000_000,
    "LOOKUPS_MAX_REDIRECTS": 5,
    # Per-provider overrides of LOOKUPS_TIMEOUT, in seconds.
    "LOOKUPS_TIMEOUTS": {"pagemeta": 15.0, "wayback": 20.0},
    # Celery rate-limit strings per provider; the task layer enforces them.
    "LOOKUPS_RATE_LIMITS": {
        "factcheck": "10/m",
        "wikipedia": "60/m",
        "wikidata": "60/m",
        "wayback": "12/m",
        "worldbank": "30/m",
        "pagemeta": "30/m",
    },
    # Providers.
    "FACTCHECK_API_URL": "https://factchecktools.googleapis.com/v1alpha1",
    "FACTCHECK_API_KEY": "",
    "WIKIPEDIA_API_URL": "https://{lang}.wikipedia.org",
    "WIKIDATA_API_URL": "https://www.wikidata.org/w/api.php",
    "WAYBACK_CDX_URL": "https://web.archive.org/cdx/search/cdx",
    "WAYBACK_AVAILABILITY_URL": "https://archive.org/wayback/available",
    "WAYBACK_SAVE_URL": "https://web.archive.org/save",
    "WAYBACK_ACCESS_KEY": "",
    "WAYBACK_SECRET_KEY": "",
    "WORLDBANK_API_URL": "https://api.worldbank.org/v2",
}

SETTING_NAMES: tuple[str, ...] = tuple(DEFAULTS)


def get(name: str) -> Any:
    """The current value of a lookups setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def allow_private_addresses() -> bool:
    return bool(get("LOOKUPS_ALLOW_PRIVATE_ADDRESSES"))


def allowed_test_hosts() -> frozenset[str]:
    return frozenset(entry.strip().lower() for entry in get("LOOKUPS_ALLOWED_TEST_HOSTS") or ())


def user_agent() -> str:
    configured = str(get("LOOKUPS_USER_AGENT") or "").strip()
    if configured:
        return configured
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"ClaimsDesk/1.0 (+{site}; fact-checking desk)" if site else "ClaimsDesk/1.0"


def timeout(provider: str | None = None) -> float:
    if provider:
        per_provider = get("LOOKUPS_TIMEOUTS") or {}
        if provider in per_provider:
            return float(per_provider[provider])
    return float(get("LOOKUPS_TIMEOUT"))


def max_bytes() -> int:
    return int(get("LOOKUPS_MAX_BYTES"))


def max_redirects() -> int:
    return int(get("LOOKUPS_MAX_REDIRECTS"))


def rate_limit(provider: str) -> str | None:
    return (get("LOOKUPS_RATE_LIMITS") or {}).get(provider)


def factcheck_api_url() -> str:
    return str(get("FACTCHECK_API_URL")).rstrip("/")


def factcheck_api_key() -> str:
    return str(get("FACTCHECK_API_KEY") or "").strip()


def wikipedia_api_url(lang: str) -> str:
    """The Wikipedia base URL for one language; the setting may contain `{lang}`."""
    return str(get("WIKIPEDIA_API_URL")).replace("{lang}", lang).rstrip("/")


def wikidata_api_url() -> str:
    return str(get("WIKIDATA_API_URL"))


def wayback_cdx_url() -> str:
    return str(get("WAYBACK_CDX_URL"))


def wayback_availability_url() -> str:
    return str(get("WAYBACK_AVAILABILITY_URL"))


def wayback_save_url() -> str:
    return str(get("WAYBACK_SAVE_URL")).rstrip("/")


def wayback_credentials() -> tuple[str, str] | None:
    access = str(get("WAYBACK_ACCESS_KEY") or "").strip()
    secret = str(get("WAYBACK_SECRET_KEY") or "").strip()
    return (access, secret) if access and secret else None


def worldbank_api_url() -> str:
    return str(get("WORLDBANK_API_URL")).rstrip("/")
