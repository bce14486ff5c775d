"""The article's speakers so far, so that pronouns ("she said"), family names ("Khan said") and
roles ("the mayor said") can be resolved to the person they mean."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claims.extraction import lexicon as lx
from claims.extraction.speakers import Speaker, is_title

# Slavic and Central Asian family names show gender in their ending: Nematova, Karimov.
_FEMININE = ("ova", "eva", "yeva", "ina", "aya", "skaya", "ovna", "evna")
_PERSONAL = frozenset(("he", "she", "он", "она", "\u4ed6", "\u5979"))
_MASCULINE = ("ov", "ev", "yev", "in", "sky", "skiy", "ovich", "evich")


@functools.lru_cache(maxsize=4096)
def gender_of(name: str) -> str:
    words = name.split()
    if not words:
        return ""
    given = words[0].lower().strip(".")
    if given in lx.MALE_NAMES:
        return "m"
    if given in lx.FEMALE_NAMES:
        return "f"
    if len(words) < 2 or len(words[-1]) < 5:
        return ""
    family = words[-1].lower()
    if family.endswith(_FEMININE):
        return "f"
    if family.endswith(_MASCULINE):
        return "m"
    return ""


# 新华社 (agency), 外交部 (ministry), 天津市政府, 国家统计局, 清华大学, 人民日报, 中央电视台 ...
_CJK_BODY = re.compile(
    "(?:\u793e|\u90e8|\u5c40|\u59d4|\u9662|\u4f1a|\u5385|\u7f72|\u529e|\u516c\u53f8|"
    "\u94f6\u884c|\u96c6\u56e2|\u5927\u5b66|\u653f\u5e9c|\u62a5|\u53f0|\u7f51|"
    # 组织 新闻 中心 媒体
    "\u7ec4\u7ec7|\u65b0\u95fb|\u4e2d\u5fc3|\u5a92\u4f53)$"
)
# РИА Новости, Минфин, Госдума, Центробанк, "Газпром" ...
_RU_BODY = re.compile(
    r"(?i)(?:новости|министерств\w*|мин\w+|госдум\w*|банк\w*|агентств\w*|служб\w*|ведомств\w*|правительств\w*|компани\w*|администраци\w*)$"
)


@functools.lru_cache(maxsize=4096)  # an article names the same bodies again and again
def is_organisation(name: str) -> bool:
    """A body rather than a person: "World Bank", "Reuters", "WHO", "The New York Times"."""
    words = name.split()
    if not words:
        return False
    if len(words) == 1 and len(name) <= 6 and name.isupper():
        return True  # an acronym: WHO, SCO, NATO
    if not name.isascii() and (_CJK_BODY.search(name) or _RU_BODY.search(name)):
        return True
    return any(
        w.lower().strip(".,") in lx.ORGANISATIONS or w.lower() in lx.NOT_PEOPLE for w in words
    )


@dataclass(slots=True, eq=False)  # identity: two people may share a name and a role
class _Known:
    name: str
    description: str
    gender: str
    paragraph: int = 0  # where it was last seen
    organisation: bool = False
    spoke: bool = False  # said something in the article, rather than being mentioned

    def __post_init__(self) -> None:
        # A name never changes once known, so its kind is settled once.
        self.organisation = is_organisation(self.name) or (not self.name and bool(self.description))


class SpeakerMemory:
    """The article's speakers so far, most recent last."""

    def __init__(self) -> None:
        self.paragraph = 0  # the reader's paragraph, kept up to date by the pipeline
        self.quote_opens = False  # whether that paragraph opens with a quotation mark
        self.paragraph_start = 0
        self._recent: list[_Known] = []
        self._by_surname: dict[str, str] = {}
        self._by_forename: dict[str, str] = {}

    def expand(self, name: str) -> str:
        """A family name alone ("Khan", "Chen") becomes the full name seen earlier ("Ali Khan",
        "Chen Yumei": Chinese names put the family name first)."""
        if " " in name:
            return name
        key = name.casefold()
        return self._by_surname.get(key) or self._by_forename.get(key, name)

    def knows(self, name: str) -> bool:
        return any(k.name == name for k in self._recent)

    def mention(self, name: str, description: str = "", gender: str = "") -> _Known:
        name = self.expand(name)
        gender = gender or gender_of(name)
        words = name.split()
        if len(words) >= 2 and words[-1][0].isupper():
            self._by_surname[words[-1].casefold()] = name
            if not is_organisation(name):
                # "Clinton" alone is not the "Clinton Foundation" seen before.
                self._by_forename.setdefault(words[0].casefold(), name)
        known = next((k for k in self._recent if k.name == name), None)
        if known is None:
            known = _Known(name, description, gender)
        else:
            known.description = known.description or description
            known.gender = known.gender or gender
        self._remember(known)
        return known

    def resolve(self, speaker: Speaker) -> Speaker:
        """The speaker with pronouns, surnames and "the mayor" replaced by whom they mean."""
        if speaker.pronoun:
            # "He added that ..." opening a paragraph continues the last speaker, as a quote
            # opening one does ("“...,” he said."); a pronoun further in may mean anyone.
            follows = self.quote_opens or speaker.start == self.paragraph_start
            known = self._by_pronoun(speaker.pronoun, speaker.gender, follows)
            if known is None:
                return speaker.changed(note=f"“{speaker.pronoun}”: nobody it clearly means")
            return speaker.changed(name=known.name, description=known.description)
        if speaker.name:
            known = self.mention(speaker.name, speaker.description, speaker.gender)
            known.spoke = True
            return speaker.changed(name=known.name, description=known.description)
        known = self._by_role(speaker.description)
        if known is None:
            if speaker.description:
                # Unnamed sources stay unnamed, but "it added" may mean them.
                self._remember(_Known("", speaker.description, ""))
            return speaker
        return speaker.changed(name=known.name, description=known.description)

    def _remember(self, known: _Known) -> None:
        known.paragraph = self.paragraph
        if known in self._recent:
            self._recent.remove(known)
        self._recent.append(known)
        del self._recent[:-24]

    def _by_pronoun(self, pronoun: str, gender: str, follows: bool) -> _Known | None:
        """The person "he" or "she" means, the body or unnamed source "they" or "it" means.

        A wrong name is worse than none, so: a person never stands for "they", nor a body for
        "she"; within the paragraph, the latest of the right kind and gender; across a paragraph
        break, only the latest one of that kind, only if they spoke (not merely came up), and
        only if nobody else of that kind came since (on published reporting a pronoun that
        reached further back named the wrong person one time in four).
        """
        personal = pronoun in _PERSONAL
        first = True
        for known in reversed(self._recent):
            distance = self.paragraph - known.paragraph
            if distance > 1 or (distance == 1 and not (first and known.spoke and follows)):
                return None
            if personal != (bool(known.name) and not known.organisation):
                continue
            compatible = not gender or known.gender in ("", gender)
            if distance == 1 and not compatible:
                return None
            first = False
            if compatible:
                if gender and not known.gender:
                    known.gender = gender
                # Each "he said" keeps the same person in view: an interview runs on for many
                # paragraphs with nothing but pronouns.
                self._remember(known)
                return known
        return None

    def _by_role(self, description: str) -> _Known | None:
        words = description.lower().split()
        if not 2 <= len(words) <= 3 or words[0] != "the" or not is_title(words[-1]):
            return None
        role = words[-1]
        # "the Florida senator": a place or party in the role must be in the person's description
        # too, or it may be another senator (the one named last may be from Vermont).
        marks = {w.lower() for w in description.split()[1:-1] if w[:1].isupper()}
        for known in reversed(self._recent):
            described = set(known.description.lower().replace(",", " ").split())
            if role in described:
                return known if marks <= described else None
        return None
