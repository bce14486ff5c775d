"""Reading a web page and archiving an address: plain functions that the page-details and
Wayback lookups, article intake and evidence snapshots share (none of them runs a lookup
provider for it). A page's details: title, author, publisher, dates, canonical URL, an excerpt;
its main text; the newest archived copy of an address.

We fetch the HTML ourselves through the safe client, then read it with three libraries, each
for what it is good at: extruct for structured data (JSON-LD, OpenGraph, microdata), htmldate
for dates when structured data has none, trafilatura for the main text and fallbacks.

None of them may fetch anything: a page is hostile input, and a request from here would skip
every address check of `claims.lookups.http`. What we audited (trafilatura 2.3, htmldate 1.11,
extruct 0.18, lxml 6.1), and why every library gets the tree from `parse_page`, never text:
- htmldate downloads, with its own urllib3 pool, any string that starts with "http" and has no
  space: a page whose body is `http://169.254.169.254/...` made us fetch the cloud metadata
  address. Given a tree it only reads it (trafilatura passes it a tree too).
- trafilatura's `fetch_url`, sitemaps, feeds and spider fetch, and courlan's redirect check
  behind them; the extraction calls we use reach none of them, and take a tree as it is.
- extruct reads JSON-LD with `json.loads` and never resolves `@context`. Its "rdfa" syntax
  (pyRdfa can load vocabularies and profiles) and "microformat" (mf2py fetches a URL it is
  given; it also needs a string) stay off.
- lxml's HTML parser loads no DTD and no external entity; `no_network` is set anyway. XInclude
  and XSLT (`xml-stylesheet`) run only when asked (`xinclude()`, `XSLT`), which nothing here does.
`tests/security/test_hostile_pages.py` serves pages that try each of these ways, and more, and
checks that nothing connects; the suite's socket guard (`tests/netguard.py`) fails any test in
which a connection is made outside the safe client.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from claims.lookups import conf, http
from claims.lookups.errors import LookupFailure, Permanent, UnexpectedResponse
from claims.lookups.providers import wayback
from claims.lookups.providers.base import clip, parse_date
from claims.lookups.responses import FetchResult, redact_url

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
EXCERPT_LIMIT = 500
EMPTY_KEYS = ("title", "author", "publisher", "canonical_url", "excerpt", "language", "description")
_ARTICLE_TYPES = (
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
)
_KINDS = {
    "application/pdf": "a PDF document",
    "application/json": "data (JSON)",
    "text/plain": "a plain text file",
    "application/zip": "a ZIP archive",
}


def _names(value: Any) -> str:
    """Names from a JSON-LD person/organisation, a list of them, or a plain string."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    if isinstance(value, list):
        return ", ".join(name for name in (_names(item) for item in value) if name)
    return ""


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [kind] if isinstance(kind, str) else [str(k) for k in kind]


def _main_node(structured: dict[str, list[Any]]) -> dict[str, Any]:
    """The JSON-LD or microdata node describing the article itself, if there is one."""
    nodes: list[dict[str, Any]] = []
    for node in structured.get("json-ld", []) + structured.get("microdata", []):
        if isinstance(node, dict):
            nodes.extend(node.get("@graph", []) if "@graph" in node else [node])
    for wanted in (_ARTICLE_TYPES, ("WebPage",)):
        for node in nodes:
            if isinstance(node, dict) and any(kind in wanted for kind in _types(node)):
                return node
    return {}


def _opengraph(structured: dict[str, list[Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for node in structured.get("opengraph", []):
        if isinstance(node, dict):
            merged.update({key: value for key, value in node.items() if key not in merged})
    return merged


def _first(*values: Any) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _web_url(value: str, base: str) -> str:
    if not value:
        return ""
    absolute = urljoin(base, value.strip())
    return absolute if absolute.startswith(("http://", "https://")) else ""


def page_metadata(html: str, url: str) -> dict[str, Any]:
    """Metadata of an HTML page. Pure: no network, never raises on odd HTML.

    Keys: title, author, publisher, published (date|None), modified (date|None),
    canonical_url, excerpt (≤ 500 characters), language, description.
    """
    tree = parse_page(html)
    if tree is None:
        return dict.fromkeys(EMPTY_KEYS, "") | {"published": None, "modified": None}
    import extruct  # here, not at the top: with its dependencies ~1 s of every process's start
    import trafilatura

    try:
        structured = extruct.extract(
            tree,
            base_url=url,
            syntaxes=["json-ld", "opengraph", "microdata"],
            uniform=True,
            errors="ignore",
        )
    except Exception:  # extruct has many failure modes on bad markup
        logger.info("structured data unreadable on %s", redact_url(url), exc_info=True)
        structured = {}
    node, og = _main_node(structured), _opengraph(structured)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        extracted: dict[str, Any] = {}
    else:
        extracted = document if isinstance(document, dict) else document.as_dict()

    def head(xpath: str) -> str:
        return _first(tree.xpath(xpath))

    published = parse_date(_first(node.get("datePublished"), og.get("article:published_time")))
    modified = parse_date(_first(node.get("dateModified"), og.get("article:modified_time")))
    if published is None:
        published = _htmldate(tree, url, original=True)
    if modified is None:
        modified = _htmldate(tree, url, original=False)
    language = _first(head("/html/@lang"), og.get("og:locale"), node.get("inLanguage"))
    title = _first(
        node.get("headline"), og.get("og:title"), extracted.get("title"), head("//title/text()")
    )
    text = " ".join(str(extracted.get("text") or "").split())
    if title and text.startswith(title):  # the headline is usually the first line
        text = text[len(title) :].lstrip()
    description = _first(
        node.get("description"),
        og.get("og:description"),
        head("//meta[@name='description']/@content"),
    )
    return {
        "title": title,
        "author": _names(node.get("author"))
        or _first(extracted.get("author"), head("//meta[@name='author']/@content")),
        "publisher": _names(node.get("publisher"))
        or _first(og.get("og:site_name"), extracted.get("sitename")),
        "published": published,
        "modified": modified,
        "canonical_url": _web_url(
            _first(head("//link[@rel='canonical']/@href"), og.get("og:url"), node.get("url")), url
        ),
        "excerpt": clip(text or description, EXCERPT_LIMIT),
        "language": language.replace("_", "-").lower(),
        "description": clip(description, EXCERPT_LIMIT),
    }


def parse_page(html: str) -> HtmlElement | None:
    """The page as a tree, or None when there is no document in it. Each library copies the
    tree before changing it, so one parse serves them all."""
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_parser())
    except (ValueError, etree.ParserError):
        return None


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )


def _htmldate(tree: HtmlElement, url: str, *, original: bool) -> date | None:
    import htmldate

    try:
        found = htmldate.find_date(tree, url=url, original_date=original, extensive_search=original)
    except Exception:  # noqa: BLE001 - a date guess must never break the lookup
        return None
    return parse_date(found)


def is_html(result: FetchResult) -> bool:
    if result.content_type in HTML_TYPES:
        return True
    start = result.text.lstrip()[:100].lower()
    return not result.content_type and start.startswith(("<!doctype html", "<html"))


def require_html(result: FetchResult) -> None:
    if is_html(result):
        return
    kind = result.content_type or "an unknown kind of file"
    described = _KINDS.get(result.content_type) or (
        "an image" if kind.startswith("image/") else kind
    )
    raise UnexpectedResponse(
        f"{redact_url(result.url)} is {kind}, not HTML",
        plain=f"The address leads to {described}, not a web page, so its details could not "
        "be read.",
        status=result.status,
    )


def fetch_html(url: str, *, timeout: float | None = None) -> FetchResult:
    """The page at the address, through the safe client, whatever its status."""
    return http.fetch(url, accept=ACCEPT_HTML, timeout=timeout)


def check_page(result: FetchResult) -> None:
    """Raise the typed failure for a page that is gone or an error answer."""
    if result.status in (404, 410):
        raise Permanent(
            f"HTTP {result.status} for {redact_url(result.url)}",
            plain="The page is not there any more (the site says it was not found).",
            status=result.status,
        )
    http.raise_for_status(result, service="The site")


def read_page(url: str) -> tuple[FetchResult, dict[str, Any]]:
    """Fetch a page and read its details; a typed failure for a page gone, an error answer or
    something that is not HTML."""
    result = fetch_html(url)
    check_page(result)
    require_html(result)
    return result, page_metadata(result.text, result.url)


def main_text(result: FetchResult) -> str:
    """The article's own text on a fetched HTML page, without navigation or comments."""
    tree = parse_page(result.text)
    if tree is None:
        return ""
    import trafilatura

    return trafilatura.extract(tree, url=result.url, include_comments=False) or ""


SAVE_POLLS = 5  # Save Page Now answers with a job; wait a little for it
SAVE_POLL_SECONDS = 2


def archive(url: str) -> str:
    """The newest Wayback Machine copy of the page, asking for one (Save Page Now, when the
    desk has its keys) if there is none; "" when there is no copy to give."""
    try:
        newest = wayback.newest_copy(url)
    except LookupFailure as error:
        logger.info("no archived copy of %s: %s", redact_url(url), error)
        newest = ""
    if newest or conf.wayback_credentials() is None:
        return newest
    try:
        job = wayback.save_page(url)
        for _ in range(SAVE_POLLS):
            time.sleep(SAVE_POLL_SECONDS)
            archived = wayback.save_status(job.job_id)
            if archived:
                return archived
    except LookupFailure as error:
        logger.info("could not archive %s: %s", redact_url(url), error)
    return ""
