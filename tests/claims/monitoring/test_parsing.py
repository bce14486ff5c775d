"""What feeds and sitemaps list, in the dialects outlets publish."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from claims.monitoring import parsing

FEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "http" / "feeds"
BASE = "http://news.example"


def read(case: str, name: str) -> parsing.Listing:
    body = (FEEDS / case / name).read_bytes().replace(b"{server}", BASE.encode())
    return parsing.read(body, BASE + "/feed")


def test_rss2_items_with_addresses_dates_and_titles_as_words():
    listing = read("rss2", "world.rss")
    assert listing.kind == "feed" and not listing.problem
    assert [e.url for e in listing.entries] == [
        f"{BASE}/news/2026/12/01/mayors-summit-net-zero",
        f"{BASE}/syndicated/mayors-summit?utm_source=rss&utm_medium=feed",
        f"{BASE}/news/2026/12/01/port-terminal-power",
    ]
    assert listing.entries[0].published == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert listing.entries[2].title == "Port terminal & its turbines: what powers the new quay"


def test_atom_with_html_in_the_title():
    (entry,) = read("atom", "partner.atom").entries
    assert entry.title == "Summit: China & the net-zero race"
    assert entry.url == f"{BASE}/partner/summit-story"
    assert entry.published == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_rdf_rss_1_0():
    (entry,) = read("rdf", "region.rdf").entries
    assert entry.url.endswith("/port-terminal-power") and entry.published is not None


def test_news_sitemap_dates_and_titles():
    listing = read("sitemap_news", "news.xml")
    assert listing.kind == "sitemap"
    first, second = listing.entries
    assert first.title.startswith("Mayors at summit")
    assert first.published == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert second.published == datetime(2026, 12, 1, tzinfo=UTC) and second.title == ""


def test_items_without_dates_relative_links_and_no_links():
    listing = read("undated", "undated.rss")
    assert [e.url for e in listing.entries] == [
        f"{BASE}/news/2026/12/01/port-terminal-power",
        f"{BASE}/news/2026/12/01/mayors-summit-net-zero",  # relative, made absolute
    ]  # the item with no link and the javascript: one are left out
    assert all(e.published is None for e in listing.entries)


def test_a_sitemap_index_lists_sitemaps():
    body = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://news.example/sitemap-2026-12.xml</loc></sitemap></sitemapindex>"
    )
    listing = parsing.read(body, BASE)
    assert listing.sitemaps == ["https://news.example/sitemap-2026-12.xml"] and not listing.entries


def test_malformed_and_hostile_bodies_are_problems_not_crashes(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(
        "<rss version='2.0'><channel><item><link>http://x.example/leak</link></item></channel></rss>"
    )
    bodies = [
        b"",
        b"\x00\xff\xfe garbage",
        b"<rss><channel><item><title>unclosed",
        b"<urlset><url><loc>http://x.example/a</loc></url>",  # not well-formed
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&e;</loc></url></urlset>",
        str(secret).encode(),  # a body that is a file name: never opened
        b"http://127.0.0.1:9/feed",  # a body that is an address: never fetched
        b"<html><body><p>Just a page</p></body></html>",
    ]
    for body in bodies:
        listing = parsing.read(body, BASE)
        assert not any("leak" in e.url or "passwd" in e.url for e in listing.entries), body
        assert listing.entries == [] or listing.kind, body
    assert parsing.read(b"<urlset><url><loc>", BASE).problem.startswith("The sitemap is not")


def test_titles_are_plain_words():
    assert (
        parsing.plain_title("&lt;script&gt;alert(1)&lt;/script&gt; Budget &amp;amp; tax")
        == "alert(1) Budget & tax"
    )
