"""Rationales are Markdown written by reviewers: rendered without raw HTML, then sanitised, with
evidence citations ([E2]) turned into links to the evidence items."""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_CITATION = re.compile(r"\[E(\d+)\](?!\()")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}}


def render(text: str, *, anchor_prefix: str = "evidence-") -> SafeString:
    """Markdown to safe HTML. Headings are demoted so a rationale cannot outrank the page's."""
    source = _CITATION.sub(lambda m: f"[E{m.group(1)}](#{anchor_prefix}{m.group(1)})", text)
    html = _md.render(source)
    html = re.sub(r"<(/?)h[1-2]>", r"<\1h3>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
