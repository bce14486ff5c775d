"""Reading a rendered page the way a browser would (html.parser), to find markup that came from
data: script elements, event-handler attributes, javascript: URLs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.conf import settings

JSON_LD = "application/ld+json"
# Attributes whose value a browser may load or navigate to.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "srcset",
    "hx-get",
    "hx-post",
    "hx-put",
    "hx-patch",
    "hx-delete",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


@dataclass
class Script:
    attrs: dict[str, str | None]
    text: str = ""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[Script] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: Script | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and value is not None:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if name.startswith("hx-on"):
                self.problems.append(f"<{tag}> has an htmx handler {name}={value!r}")
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            self.problems.append(f"<{tag}> element {values}")
        if tag == "img" and values.get("src") == "x":
            self.problems.append(f"<img> from data: {values}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"<meta http-equiv=refresh> {values}")
        if tag == "script":
            self._script = Script(values)
            self.scripts.append(self._script)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data
        else:
            self.text.append(data)

    @property
    def json_ld(self) -> list[Script]:
        return [s for s in self.scripts if (s.attrs.get("type") or "").lower() == JSON_LD]

    @property
    def visible_text(self) -> str:
        return "".join(self.text)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def script_problems(page: Page, *, json_ld_allowed: bool) -> list[str]:
    """Scripts other than the page's own: files under STATIC_URL with no inline code, and the
    one JSON-LD block of a public fact-check."""
    problems = []
    for script in page.scripts:
        src = script.attrs.get("src") or ""
        kind = (script.attrs.get("type") or "").lower()
        if kind == JSON_LD:
            if not json_ld_allowed:
                problems.append(f"an unexpected JSON-LD block: {script.text[:80]!r}")
            continue
        if not src.startswith(settings.STATIC_URL) or script.text.strip():
            problems.append(f"a script that is not one of the page's own: {script}")
    return problems


def json_ld_problems(page: Page, raw_html: str) -> tuple[list[str], Any]:
    """The public page's single JSON-LD block: valid JSON, and nothing in it can end it."""
    blocks = page.json_ld
    if len(blocks) != 1:
        return [f"{len(blocks)} JSON-LD blocks, not one"], None
    text = blocks[0].text
    problems = []
    if "</script" in text.lower() or "<!--" in text:
        problems.append("the JSON-LD holds text that ends the script element")
    if raw_html.lower().count('<script type="application/ld+json">') != 1:
        problems.append("the raw page does not hold exactly one JSON-LD opening tag")
    try:
        data = json.loads(text)
    except ValueError as error:
        return [*problems, f"the JSON-LD is not JSON: {error}"], None
    return problems, data


def all_strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in all_strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in all_strings(value)]
    return []
