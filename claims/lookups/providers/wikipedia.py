"""Wikipedia: articles about what a claim mentions, in the claim's language.

Search: GET {base}/w/api.php?action=query&list=search&srsearch=…&format=json&formatversion=2
Summary: GET {base}/api/rest_v1/page/summary/{Title} for the top results.
The search pages on with `continue` (at most two pages, while fewer than five results came).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from claims.lookups import conf
from claims.lookups.errors import LookupFailure, Permanent
from claims.lookups.providers import mediawiki
from claims.lookups.providers.base import (
    ClaimInput,
    Provider,
    RequestSpec,
    ResultItem,
    clip,
    rerank,
)
from claims.lookups.responses import FetchResult

WANT = 5
SUMMARIES = 3
MAX_PAGES = 2
MAX_TERMS = 8

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[\w][\w'’.-]*\w|\w", re.UNICODE)
# Words that only make a search narrower; the names and nouns carry the meaning.
_STOPWORDS = frozenset(
    " ".join(
        (
            "a about after all also an and are as at be been but by can could did do does for",
            "from had has have he her his how in into is it its more most much not of on one",
            "or our over said says she should so such than that the their them there these",
            "they this those to under up was we were what when which who will with would year",
            "years и в во на не что это как по из за от до для о об он она они мы вы его ее",
            "их уже был была были будет быть также который которые которая чем при или но а",
            "же ли бы к с со у",
        )
    ).split()
)


def wiki_language(code: str) -> str:
    code = (code or "en").split("-")[0].lower()
    return code if _LANGUAGE.match(code) else "en"


def search_terms(text: str) -> str:
    """The words worth searching for: no stopwords, numbers or repeats, at most MAX_TERMS."""
    terms: list[str] = []
    for word in _WORD.findall(text):
        key = word.casefold()
        # Numbers rarely appear in an article as the claim words them ("98%" vs "97.9
        # percent"), and the search wants every term, so they would only lose good results.
        if key in _STOPWORDS or len(word) < 3 or word.replace(".", "").isdigit():
            continue
        if key not in (term.casefold() for term in terms):
            terms.append(word)
    if not terms:  # Chinese and Japanese have no spaces to split on; send the text itself
        return clip(text, 100)
    return " ".join(terms[:MAX_TERMS])


def _path_title(title: str) -> str:
    return quote(title.replace(" ", "_"), safe="")


def article_url(lang: str, title: str) -> str:
    return f"https://{lang}.wikipedia.org/wiki/{_path_title(title)}"


class WikipediaProvider(Provider):
    name = "wikipedia"
    label = "Wikipedia"

    def applies_to(self, claim: ClaimInput) -> bool:
        return bool(claim.text.strip())

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        lang = wiki_language(claim.language)
        params: dict[str, Any] = {
            "action": "query",
            "list": "search",
            "srsearch": search_terms(claim.text),
            "srlimit": WANT,
            "srprop": "snippet|timestamp|wordcount",
            "format": "json",
            "formatversion": 2,
            "maxlag": 5,
        }
        return [
            RequestSpec(
                url=f"{conf.wikipedia_api_url(lang)}/w/api.php",
                params=params,
                kind="search",
                context={"lang": lang, "page": 1, "before": 0},
            )
        ]

    def check_response(self, spec: RequestSpec, result: FetchResult) -> None:
        mediawiki.check_status(result, service=self.label)

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        lang = str(spec.context.get("lang", "en"))
        if spec.kind == "summary":
            return [self._summary(spec, result, lang)]
        data = mediawiki.api_json(result, service=self.label)
        found = (data.get("query") or {}).get("search") or []
        return [
            ResultItem(
                rank=index,
                title=hit["title"],
                url=article_url(lang, hit["title"]),
                snippet=clip(html.unescape(_TAG.sub("", hit.get("snippet", ""))), 500),
                publisher="Wikipedia",
                extra={
                    "source": "search",
                    "lang": lang,
                    "last_edited": hit.get("timestamp", ""),
                    "wordcount": hit.get("wordcount"),
                    "total_hits": (data["query"].get("searchinfo") or {}).get("totalhits"),
                },
            )
            for index, hit in enumerate(found, start=1)
            if isinstance(hit, dict) and hit.get("title")
        ]

    def _summary(self, spec: RequestSpec, result: FetchResult, lang: str) -> ResultItem:
        data = result.json(service=self.label)
        title = data.get("title") or spec.context.get("title", "")
        desktop = (data.get("content_urls") or {}).get("desktop") or {}
        return ResultItem(
            rank=1,
            title=title,
            url=desktop.get("page") or article_url(lang, title),
            snippet=clip(data.get("extract", ""), 500),
            publisher="Wikipedia",
            extra={
                "source": "summary",
                "lang": data.get("lang", lang),
                "requested_title": spec.context.get("title", title),
                "description": data.get("description", ""),
                "wikibase_item": data.get("wikibase_item", ""),
                "page_type": data.get("type", ""),
                "last_edited": data.get("timestamp", ""),
            },
        )

    def follow_up(
        self, spec: RequestSpec, result: FetchResult, items: list[ResultItem]
    ) -> list[RequestSpec]:
        if spec.kind != "search":
            return []
        lang = str(spec.context["lang"])
        before = int(spec.context.get("before", 0))
        base = conf.wikipedia_api_url(lang)
        follow = [
            RequestSpec(
                url=f"{base}/api/rest_v1/page/summary/{_path_title(item.title)}",
                kind="summary",
                context={"lang": lang, "title": item.title},
            )
            for position, item in enumerate(items, start=before)
            if position < SUMMARIES
        ]
        more = mediawiki.api_json(result, service=self.label).get("continue")
        page = int(spec.context.get("page", 1))
        if more and before + len(items) < WANT and page < MAX_PAGES:
            follow.append(
                RequestSpec(
                    url=spec.url,
                    params={**spec.params, **more},
                    kind="search",
                    context={"lang": lang, "page": page + 1, "before": before + len(items)},
                )
            )
        return follow

    def on_error(self, spec: RequestSpec, error: LookupFailure) -> list[RequestSpec]:
        # A page deleted or renamed between search and summary costs one summary, not the run.
        if spec.kind == "summary" and isinstance(error, Permanent):
            return []
        raise error

    def finish(self, items: list[ResultItem]) -> list[ResultItem]:
        summaries = {
            item.extra.get("requested_title"): item
            for item in items
            if item.extra.get("source") == "summary"
        }
        merged = []
        for item in items:
            if item.extra.get("source") != "search":
                continue
            summary = summaries.get(item.title)
            merged.append(
                replace(summary, extra={**item.extra, **summary.extra}) if summary else item
            )
        return rerank(merged)
