"""Getting an article's text into the desk: pasted (plain text or HTML) or fetched by URL, and
turning the reviewer's picks among the proposed claims into claims."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from claims import languages, permissions, services
from claims.extraction import Candidate, detect_language, extract
from claims.lookups import http, pages
from claims.lookups.errors import LookupFailure
from claims.models import Article, Claim, Claimant
from claims.text import name_key

UNNAMED = "unnamed"
MAX_ARTICLE_CHARS = 200_000
MIN_ARTICLE_CHARS = 40
_TAG = re.compile(
    r"<\s*/?\s*(p|div|br|span|a|b|i|em|strong|h[1-6]|li|ul|ol|table|html|body)\b", re.I
)
_BLANK_LINES = re.compile(r"\n{3,}")


class IntakeError(ValueError):
    """Why this text or address cannot be taken in, in words for the person who tried."""


@dataclass
class Source:
    text: str
    language: str
    url: str = ""
    title: str = ""
    publisher: str = ""
    published_on: date | None = None


@dataclass(frozen=True)
class Pick:
    """One proposed claim the reviewer kept, with their corrections."""

    text: str
    speaker: str = ""
    speaker_description: str = ""
    # a Claimant.Kind, or "unnamed" for a source the article does not name (no claimant)
    speaker_kind: str = ""
    role_corrected: bool = False  # the reviewer changed the proposed role or affiliation
    claim_type: str = Claim.Type.OTHER
    start: int | None = None
    end: int | None = None
    score: float | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_candidate(cls, candidate: Candidate) -> Pick:
        """A proposal as the desk keeps it unless the reviewer corrects it: the claim as a
        sentence of its own (reported speech starts mid-sentence: "said that the city had...";
        the span still marks the article's words), the speaker's role in its plain form
        ("former secretary-general of SCO"), and a kind of speaker."""
        return cls(
            text=candidate.text[:1].upper() + candidate.text[1:],
            speaker=candidate.speaker,
            speaker_description=candidate.speaker_role or candidate.speaker_description,
            speaker_kind=speaker_kind(candidate),
            claim_type=candidate.type,
            start=candidate.start,
            end=candidate.end,
            score=candidate.score,
            reasons=candidate.reasons,
        )

    def span_in(self, article: Article) -> tuple[int, int] | None:
        """The pick's span, if it lies inside the article's text."""
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end) if 0 <= self.start < self.end <= len(article.text) else None


def speaker_kind(candidate: Candidate) -> str:
    """The extractor's kind of speaker when it gives one; otherwise a named speaker is taken
    for a person (as claims from articles always were) and a nameless one ("officials") for an
    unnamed source."""
    if candidate.speaker_kind in {*Claimant.Kind.values, UNNAMED}:
        return candidate.speaker_kind
    return Claimant.Kind.PERSON if candidate.speaker.strip() else UNNAMED


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:5000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    return controls > max(5, len(sample) // 100)


def clean_text(raw: str) -> str:
    """Plain text of what someone pasted: HTML is reduced to its text, line breaks kept."""
    if _looks_binary(raw):
        raise IntakeError(_("This looks like binary data, not the text of an article."))
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        # A tree, never the string: see pagemeta on libraries that fetch what looks like a URL.
        tree = pages.parse_page(text)
        import trafilatura  # lazily, as in claims.lookups.pages

        extracted = (
            trafilatura.extract(tree, include_comments=False, include_tables=False)
            if tree is not None
            else None
        )
        text = extracted or html.unescape(strip_tags(text))
    text = unicodedata.normalize("NFC", text).strip()
    text = _BLANK_LINES.sub("\n\n", text)
    if len(text) > MAX_ARTICLE_CHARS:
        raise IntakeError(
            _(
                "The article is too long: %(length)s characters; the limit is %(limit)s. "
                "Paste the part with the claims."
            )
            % {"length": f"{len(text):,}", "limit": f"{MAX_ARTICLE_CHARS:,}"}
        )
    if len(text) < MIN_ARTICLE_CHARS:
        raise IntakeError(_("There is too little text here to find claims in."))
    return text


def resolve_language(text: str, given: str = "") -> str:
    if given:
        return given
    detected = detect_language(text)
    return detected if detected in languages.LANGUAGES else "en"


def from_paste(raw: str, *, language: str = "", url: str = "") -> Source:
    """Pasted text, with the address it came from when given: the text is kept as pasted (the
    page is not fetched), the address is where the claims appeared."""
    text = clean_text(raw)
    return Source(text=text, language=resolve_language(text, language), url=url)


def from_url(url: str, *, language: str = "") -> Source:
    """Fetch the page through the safe client and keep its main text."""
    try:
        result = pages.fetch_html(url)
        http.raise_for_status(result, service="The site")
    except LookupFailure as error:
        raise IntakeError(
            _("The page could not be fetched: %(problem)s") % {"problem": error.plain}
        ) from error
    if not pages.is_html(result):
        raise IntakeError(_("That address is not a web page (it is not HTML); paste the text."))
    meta: dict[str, Any] = pages.page_metadata(result.text, result.url)
    body = pages.main_text(result)
    text = clean_text(body) if body else ""
    if not text:
        raise IntakeError(_("No article text was found on that page; paste the text instead."))
    return Source(
        text=text,
        language=resolve_language(text, language or (meta.get("language") or "")[:2]),
        url=result.url,
        title=(meta.get("title") or "")[:500],
        publisher=(meta.get("publisher") or "")[:200],
        published_on=meta.get("published"),
    )


def article_store(*, actor: Any, source: Source) -> Article:
    """Keep the article (the same text from the same person is stored once)."""
    if not permissions.can_create_claim(actor):
        raise PermissionDenied(_("You cannot add claims."))
    digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(created_by=actor, url=source.url, sha256=digest).first()
    if existing is not None:
        return existing
    return Article.objects.create(
        url=source.url,
        title=source.title,
        publisher=source.publisher,
        published_on=source.published_on,
        language=source.language,
        text=source.text,
        created_by=actor,
    )


# A page of picks sends 10 fields a claim (9 when unticked); 200 claims and the page's own few
# stay inside the request's field limit (DATA_UPLOAD_MAX_NUMBER_FIELDS, 2,500) and are more than
# anyone reads through.
MAX_PROPOSED = 200


def propose(article: Article) -> tuple[list[Candidate], int]:
    """The most check-worthy claims of the article (best first, at most MAX_PROPOSED), and how
    many were found in all."""
    found = extract(article.text, article.language)
    return found[:MAX_PROPOSED], len(found)


__all__ = ["Candidate", "IntakeError", "Pick", "Source", "extract", "from_paste", "from_url"]


def _roles(picks: list[Pick]) -> dict[str, str]:
    """One role per speaker for the claims kept together: the first a reviewer corrected, else
    the first proposed. (The claimant takes the first it is given, so a correction made on a
    later quote of the same person would otherwise be lost.)"""
    roles: dict[str, str] = {}
    for pick in sorted(picks, key=lambda p: not p.role_corrected):
        key, role = name_key(pick.speaker), pick.speaker_description.strip()[:300]
        if key and role:
            roles.setdefault(key, role)
    return roles


def claims_create_from_article(
    *, actor: Any, article: Article, picks: list[Pick], tags: tuple[str, ...] = ()
) -> list[Claim]:
    """Create the kept claims in one go: all of them, or none if one fails."""
    created = []
    roles = _roles(picks)
    with transaction.atomic():
        for pick in picks:
            new_claimant = None
            if pick.speaker.strip() and pick.speaker_kind != UNNAMED:
                new_claimant = services.NewClaimant(
                    name=pick.speaker.strip()[:200],
                    kind=pick.speaker_kind or Claimant.Kind.PERSON,
                    description=roles.get(name_key(pick.speaker), ""),
                )
            claim = services.claim_create(
                actor=actor,
                fields=services.ClaimFields(
                    text=pick.text,
                    language=article.language,
                    claim_type=pick.claim_type,
                    new_claimant=new_claimant,
                    appeared_url=article.url,
                    appeared_outlet=article.publisher or article.title[:200],
                    appeared_on=article.published_on,
                    tags=tags,
                    article=article,
                    span=pick.span_in(article),
                    checkworthiness=pick.score,
                    checkworthiness_reasons=pick.reasons,
                ),
            )
            created.append(claim)
    return created
