"""Hostile pages make the desk request nothing: every way a page can point somewhere else (a
body that is only a URL, refresh, links, base, JSON-LD contexts, srcset, CSS, stylesheet
processing instructions, DTDs and entities, XInclude) is served by the fixture server and read
through every path that reads pages: the page-details lookup, intake by URL and by paste, and
evidence snapshots, in this process and in a real worker.

Each hostile address points at a listener on loopback. The safe client may reach only the
fixture server (the listener's port is not exempt, and loopback is refused), so any connection
the listener hears came from a library fetching on its own. In this process the socket guard
(tests/netguard.py) records such a connection too; in a worker the listener is the witness.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from claims import services as claim_services
from claims.lookups import http
from claims.lookups.errors import Blocked
from claims.lookups.pages import read_page
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.pagemeta import PageMetaProvider
from claims.models import Claim, LookupJob
from reviews import services as review_services
from reviews import snapshots
from reviews.models import Evidence
from tests import netguard, processes
from tests.fixture_server import FixtureServer
from tests.reviews import workflow as wf

Hostile = tuple[netguard.Listener, list[str]]  # the listener, the pages' addresses
TEXT = (
    "<p>The city council approved a plan on Monday to plant twelve thousand trees along the "
    "river by 2030, the mayor's office said in a statement published on 3 March 2025.</p>"
    "<p>Officials said the planting would cool the streets near the old market by two degrees "
    "in summer, a figure the council's own climate report gives for similar projects.</p>"
)


LINK_RELS = (
    "stylesheet",
    "preload",
    "prefetch",
    "dns-prefetch",
    "preconnect",
    "canonical",
    "alternate",
    "icon",
    "manifest",
    "amphtml",
    "pingback",
    "import",
)


def hostile_pages(listener: netguard.Listener) -> dict[str, tuple[str, str]]:
    """Page name -> (content type, body). Every address in a body names the page it is in."""

    def at(name: str, what: str = "") -> str:
        return listener.url(f"{name}/{what}" if what else name)

    def page(head: str, body: str = "", prolog: str = "") -> str:
        return (
            f"{prolog}<html lang='en'><head><title>Trees along the river</title>{head}</head>"
            f"<body><article><h1>Trees along the river</h1>{TEXT}{body}</article></body></html>"
        )

    html = "text/html; charset=utf-8"
    pages = {
        "bare-url": (html, at("bare-url", "latest/meta-data/")),
        "bare-url-newline": (html, at("bare-url-newline", "latest/meta-data/") + "\n"),
        "meta-refresh": (
            html,
            page(f'<meta http-equiv="refresh" content="0; url={at("meta-refresh")}">'),
        ),
        "links": (
            html,
            page(
                "".join(f'<link rel="{rel}" href="{at("links", rel)}">' for rel in LINK_RELS)
                + f'<link rel="alternate" type="application/rss+xml" href="{at("links", "rss")}">',
            ),
        ),
        "base-href": (
            html,
            page(
                f'<base href="{at("base-href")}/">',
                '<img src="photo.jpg"><a href="more.html">More</a>',
            ),
        ),
        "json-ld": (
            html,
            page(
                '<script type="application/ld+json">{"@context": "'
                + at("json-ld", "context")
                + '", "@type": "NewsArticle", "@id": "'
                + at("json-ld", "id")
                + '", "headline": "Trees along the river", "image": "'
                + at("json-ld", "image")
                + '"}</script><script type="application/ld+json">{"@context": ["'
                + at("json-ld", "context-list")
                + '", {"@vocab": "'
                + at("json-ld", "vocab")
                + '"}], "@type": "WebPage"}</script>',
            ),
        ),
        "srcset": (
            html,
            page(
                "",
                f'<img src="{at("srcset", "src")}" srcset="{at("srcset", "1x")} 1x, '
                f'{at("srcset", "2x")} 2x"><picture><source srcset="{at("srcset", "source")}">'
                "</picture>",
            ),
        ),
        "css": (
            html,
            page(
                f'<style>@import url("{at("css", "import")}"); '
                f"body {{ background: url({at('css', 'background')}); }}</style>",
                f"<div style=\"background-image: url('{at('css', 'inline')}')\">x</div>",
            ),
        ),
        "xml-stylesheet": (
            html,
            page(
                "",
                prolog='<?xml version="1.0"?>'
                f'<?xml-stylesheet type="text/xsl" href="{at("xml-stylesheet")}"?>',
            ),
        ),
        "dtd": (
            html,
            page("", prolog=f'<!DOCTYPE html SYSTEM "{at("dtd")}">'),
        ),
        "entity": (
            html,
            page(
                "",
                "<p>&leak;</p>",
                prolog=f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{at("entity")}">]>',
            ),
        ),
        "xinclude": (
            html,
            page(
                "",
                f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{at("xinclude")}"/>',
            ),
        ),
        "xhtml": (
            "application/xhtml+xml",
            '<?xml version="1.0"?>'
            f'<?xml-stylesheet type="text/xsl" href="{at("xhtml", "xsl")}"?>'
            f'<!DOCTYPE html SYSTEM "{at("xhtml", "dtd")}" '
            f'[<!ENTITY leak SYSTEM "{at("xhtml", "entity")}">]>'
            '<html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:xi="http://www.w3.org/2001/XInclude"><head><title>Trees</title></head>'
            f"<body>{TEXT}<p>&leak;</p>"
            f'<xi:include href="{at("xhtml", "xinclude")}"/></body></html>',
        ),
        "embeds": (
            html,
            page(
                f'<meta property="og:image" content="{at("embeds", "og-image")}">'
                f'<meta property="og:url" content="{at("embeds", "og-url")}">'
                f'<meta name="twitter:image" content="{at("embeds", "twitter")}">'
                f'<script src="{at("embeds", "script")}"></script>',
                f'<iframe src="{at("embeds", "iframe")}"></iframe>'
                f'<object data="{at("embeds", "object")}"></object>'
                f'<video poster="{at("embeds", "poster")}"></video>'
                f'<div itemscope itemtype="{at("embeds", "itemtype")}" '
                f'itemid="{at("embeds", "itemid")}">'
                f'<link itemprop="url" href="{at("embeds", "itemprop")}"></div>'
                f'<div vocab="{at("embeds", "rdfa")}" typeof="Article"></div>',
            ),
        ),
    }
    return pages


@pytest.fixture
def hostile(settings: Any, fixture_http: FixtureServer) -> Iterator[Hostile]:
    """The listener, and the addresses of the hostile pages on the fixture server. Only the
    fixture server is exempt from the safe client's address checks."""
    fixture_http.apply_settings(settings, allow_private=False)
    listener = netguard.Listener()
    urls = []
    for name, (content_type, body) in hostile_pages(listener).items():
        fixture_http.add(
            {
                "request": {"path": f"/hostile/{name}"},
                "response": {"headers": {"Content-Type": content_type}, "body": body},
            }
        )
        urls.append(f"{fixture_http.url}/hostile/{name}")
    fixture_http.add(  # the snapshot's archive lookup: an archived copy exists
        {
            "request": {"path": "/cdx/search/cdx", "query": {"url": "*"}},
            "response": {
                "headers": {"Content-Type": "text/plain"},
                "json": [["timestamp", "original", "statuscode"], ["20250303080000", "x", "200"]],
            },
        }
    )
    with pytest.raises(Blocked):  # the listener is out of the safe client's reach
        http.fetch(listener.url("direct"))
    yield listener, urls
    listener.drain()


def assert_nothing_heard(listener: netguard.Listener, guarded: list[str]) -> None:
    heard = listener.drain()
    assert not heard, "hostile pages made the desk connect:\n  " + "\n  ".join(heard)
    assert not guarded, "\n".join(guarded)


def test_page_details_lookup_requests_nothing(hostile: Hostile) -> None:
    listener, urls = hostile
    with netguard.recording() as guarded:
        for url in urls:
            PageMetaProvider().run(ClaimInput(id=1, text="twelve thousand trees", appeared_url=url))
            read_page(url)
    assert_nothing_heard(listener, guarded)


@pytest.mark.django_db
def test_intake_by_url_and_by_paste_requests_nothing(
    hostile: Hostile, reviewer_client: Any
) -> None:
    listener, urls = hostile
    pasted = [body for _, body in hostile_pages(listener).values()]
    form = {"text": "", "url": "", "language": ""}
    with netguard.recording() as guarded:
        for url in urls:
            response = reviewer_client.post(reverse("claims:article-new"), {**form, "url": url})
            assert response.status_code in (200, 302), url
        for body in pasted:
            response = reviewer_client.post(reverse("claims:article-new"), {**form, "text": body})
            assert response.status_code in (200, 302), body[:80]
    assert_nothing_heard(listener, guarded)


@pytest.mark.django_db
def test_evidence_snapshots_request_nothing(hostile: Hostile, reviewer: Any) -> None:
    listener, urls = hostile
    claim = wf.in_review(reviewer)
    with netguard.recording() as guarded:
        for url in urls:
            evidence = review_services.evidence_add(
                actor=reviewer,
                claim_id=claim.pk,
                fields=review_services.EvidenceFields(url=url, stance="supports"),
            )
            snapshots.snapshot_take(evidence_id=evidence.pk)
    assert_nothing_heard(listener, guarded)
    assert set(Evidence.objects.values_list("snapshot_status", flat=True)) == {"done"}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_reading_hostile_pages_requests_nothing(
    hostile: Hostile,
    reviewer: Any,
    settings: Any,
    fixture_http: FixtureServer,
) -> None:
    listener, urls = hostile
    settings.LOOKUPS_PROVIDERS = ["pagemeta"]
    env = {
        **fixture_http.env(allow_private=False),
        "LOOKUPS_PROVIDERS": "pagemeta",
        # every hostile page is on one host: the provider's politeness (one lookup per 2 s a
        # worker) would make this a 40 s wait, and a loaded machine's more than a minute
        "LOOKUPS_RATE_LIMITS": "pagemeta=",
    }
    processes.purge_broker()
    with processes.worker(**env):
        claim = wf.in_review(reviewer)
        for n, url in enumerate(urls):
            claim_services.claim_create(
                actor=reviewer,
                fields=claim_services.ClaimFields(
                    text=f"The council will plant 12,000 trees ({n}).",
                    language="en",
                    appeared_url=url,
                ),
            )
            review_services.evidence_add(
                actor=reviewer,
                claim_id=claim.pk,
                fields=review_services.EvidenceFields(url=url, stance="supports"),
            )
        processes.wait_until(
            lambda: (
                LookupJob.objects.filter(provider="pagemeta", status=LookupJob.Status.DONE).count()
                == len(urls)
                and not Evidence.objects.filter(snapshot_status="pending").exists()
            ),
            timeout=90,
            interval=0.5,
            what="the worker to read every hostile page",
        )
    assert_nothing_heard(listener, [])
    assert Claim.objects.filter(appeared_url__in=urls).count() == len(urls)
