"""What a feed or a sitemap lists. Pure: bytes in, entries out, no network, never raises.

Feeds (RSS 0.9x/2.0, RSS 1.0/RDF, Atom) are read by feedparser, handed the bytes as a stream:
given a string it may fetch it as a URL or open it as a file. Sitemaps (including Google News
sitemaps) are read by lxml with entities and network access off.
"""

from __future__ import annotations

import calendar
import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from lxml import etree

TITLE_LIMIT = 500
_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex|rss|feed|rdf:RDF|RDF)\b", re.I)


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    published: datetime | None = None


@dataclass
class Listing:
    kind: str  # "feed", "sitemap", or "" when it is neither
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""  # in plain words, when nothing could be read
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index lists sitemaps


def web_address(raw: str, base: str) -> str:
    """An absolute http(s) address without its fragment, or "" for anything else."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 2000:
        return ""
    try:
        parts = urlsplit(urljoin(base, raw))
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def plain_title(raw: str) -> str:
    """A title as words: feeds put escaped HTML, entities and tags in titles."""
    text = html.unescape(strip_tags(html.unescape(raw or "")))
    return " ".join(text.split())[:TITLE_LIMIT]


def read(content: bytes, base_url: str) -> Listing:
    head = content[:4096]
    root = _ROOT.search(head)
    if root and root.group(1).lower() in (b"urlset", b"sitemapindex"):
        return _sitemap(content, base_url)
    return _feed(content, base_url)


def _when(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, TypeError, ValueError):
        return None


def _feed(content: bytes, base_url: str) -> Listing:
    try:
        parsed = feedparser.parse(
            io.BytesIO(content), response_headers={"content-location": base_url}
        )
    except Exception:  # noqa: BLE001 - a parser's crash on hostile bytes is a bad feed, not ours
        return Listing(kind="", problem="The feed could not be read at all.")
    entries = []
    for item in parsed.entries:
        url = web_address(item.get("link", ""), base_url)
        if not url:
            continue
        entries.append(
            Entry(
                url=url,
                title=plain_title(item.get("title", "")),
                published=_when(item.get("published_parsed") or item.get("updated_parsed")),
            )
        )
    if entries:
        return Listing(kind="feed", entries=entries)
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(error, feedparser.CharacterEncodingOverride):
        reason = str(error or "")
        return Listing(
            kind="",
            problem="This is not a feed or a sitemap we can read"
            + (f" ({reason[:200]})." if reason else "."),
        )
    return Listing(kind="feed" if parsed.get("version") else "", entries=[])


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def _local(tag: Any) -> str:
    return str(etree.QName(tag).localname) if isinstance(tag, str) else ""


def _child_text(node: etree._Element, name: str) -> str:
    for child in node.iter():
        if _local(child.tag) == name and child.text:
            return str(child.text).strip()
    return ""


def _sitemap_date(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime(day.year, day.month, day.day)
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _sitemap(content: bytes, base_url: str) -> Listing:
    try:
        root = etree.fromstring(content, parser=_parser())
    except etree.XMLSyntaxError as error:
        return Listing(kind="", problem=f"The sitemap is not well-formed XML ({str(error)[:200]}).")
    if _local(root.tag) == "sitemapindex":
        children = [
            (address, _sitemap_date(_child_text(node, "lastmod")))
            for node in root
            if _local(node.tag) == "sitemap"
            and (address := web_address(_child_text(node, "loc"), base_url))
        ]
        # Newest first (by <lastmod>; undated ones after, in the index's order).
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        dated = sorted((c for c in children if c[1]), key=lambda c: c[1] or epoch, reverse=True)
        undated = [c for c in children if not c[1]]
        return Listing(kind="sitemap", sitemaps=[url for url, _ in dated + undated])
    entries = []
    for node in root:
        if _local(node.tag) != "url":
            continue
        url = web_address(_child_text(node, "loc"), base_url)
        if not url:
            continue
        # A news sitemap's <news:publication_date> and <news:title>, else <lastmod>.
        published = _sitemap_date(
            _child_text(node, "publication_date") or _child_text(node, "lastmod")
        )
        entries.append(
            Entry(url=url, title=plain_title(_child_text(node, "title")), published=published)
        )
    return Listing(kind="sitemap", entries=entries)
