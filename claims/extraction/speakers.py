"""Who is speaking: the noun phrase next to a speech verb, split into a name and a description
("Deputy Mayor Li Wei" is Li Wei, "Deputy Mayor"; "Parvina Nematova, an expert with ..." is
Parvina Nematova, "an expert with ...").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claims.extraction import lexicon as lx

# Numbers (with their separators), words, punctuation. Full stops are not tokens: inside a
# sentence they only mark initials and abbreviations ("J. Smith", "Mr. Khan").
_TOKEN = re.compile(r"\d[\d,.]*\d|\w(?:[\w'\u2019\-]|&(?=\w))*|[^\w\s.]")
_WINDOW = 150  # characters before a verb to look for the speaker in
_WIDE_WINDOW = 400
_LINKS = frozenset(("for", "of", "at", "with", "from", "in", "near", "on"))
_DESCRIPTION_STOP = frozenset(',;:.!?()"\u201c\u201d\u00ab\u00bb')
_APPOSITION_HEADS = lx.DETERMINERS | {"who", "whose", "which"} | lx.TITLE_OR_SOURCE
_APPOSITION_LINKS = lx.words(
    "on in at from of near with based known carried led run owned funded set founded"
)
_ASIDES = frozenset(("however", "though", "too", "meanwhile", "moreover", "also", "instead"))
_ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|bin|ibn|abu)-[A-Z]")

Token = tuple[str, int, int]
_POSSESSIVE = ("'s", "\u2019s", "s'", "s\u2019")


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str = ""
    description: str = ""
    pronoun: str = ""
    gender: str = ""
    start: int = 0  # the noun phrase's span, description included
    end: int = 0
    note: str = ""  # why the name is empty, when the words suggest someone in particular

    def changed(
        self,
        *,
        name: str | None = None,
        description: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
    ) -> Speaker:
        """A copy with some fields changed (dataclasses.replace is slow on this hot path)."""
        return Speaker(
            self.name if name is None else name,
            self.description if description is None else description,
            self.pronoun,
            self.gender,
            self.start if start is None else start,
            self.end if end is None else end,
            self.note if note is None else note,
        )


def tokens(text: str, lo: int, hi: int) -> list[Token]:
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, lo, hi)]
    if "(" in text[lo:hi]:
        found = _without_asides(found)
    return found


def _without_asides(toks: list[Token]) -> list[Token]:
    """The tokens without short brackets after a name, which are labels, not part of the phrase:
    "Rep. Elijah Cummings (D-Md.), chair of ...", "Sen. Rand Paul (Ky.) said"."""
    kept: list[Token] = []
    index = 0
    while index < len(toks):
        if toks[index][0] == "(" and kept and kept[-1][0][:1].isupper():
            close = next(
                (i for i in range(index + 1, min(len(toks), index + 7)) if toks[i][0] == ")"), -1
            )
            if close > 0:
                index = close + 1
                continue
        kept.append(toks[index])
        index += 1
    return kept


def _key(word: str) -> str:
    return word.lower().rstrip(".")


def _plural_common(key: str) -> bool:
    """Plural heads ("officials", "Experts") name nobody, even capitalised."""
    if key in lx.COLLECTIVES:
        return True
    return key.endswith("s") and (key in lx.SOURCES or key[:-1] in lx.TITLE_OR_SOURCE)


def _common_head(word: str) -> bool:
    key = _key(word)
    return key in lx.TITLE_OR_SOURCE or _plural_common(key) or is_title(word)


@functools.lru_cache(maxsize=8192)
def is_name_word(word: str) -> bool:
    if not word[0].isupper():
        return bool(_ARABIC_PARTICLE.match(word))
    if word.rstrip(".") in lx.CAPITAL_STOP:
        return False
    return not _plural_common(_key(word))


def _is_modifier(word: str) -> bool:
    head = word[0]
    if not head.isalpha():
        return False
    if head.isupper():
        return is_name_word(word)
    return word not in lx.LOWER_STOP and not word.endswith(".")


def has_title(description: str) -> bool:
    """Whether a description names a job a person holds: "deputy mayor", "a spokesman for"."""
    return any(is_title(word) for word in description.replace(",", " ").split()[:6])


@functools.lru_cache(maxsize=8192)  # the same few hundred words come up in every article
def is_title(word: str) -> bool:
    key = _key(word)
    # "South Korean-born Monte Haines": where someone was born describes them.
    return (
        key in lx.TITLES
        or any(part in lx.TITLES for part in key.split("-"))
        or key.endswith(("-born", "-based"))
    )


@dataclass(frozen=True, slots=True)
class NameSplit:
    title: list[str]  # the words that describe the person: "Deputy Mayor"
    start: int  # the name is words[start:end]
    end: int
    gender: str


def split_name(words: list[str]) -> NameSplit:
    """Title and name in a capitalised run such as "Deputy Mayor Li Wei"."""
    gender = ""
    last_title = -1
    if words and _key(words[-1]) in lx.PARTIES:
        # "the Wisconsin Republican", "a Texas Democrat": a description, nobody named.
        return NameSplit(list(words), len(words), len(words), gender)
    bodies = any(_key(w) in lx.ORGANISATIONS or _key(w) in lx.SOURCES for w in words)
    for index, word in enumerate(words):
        key = _key(word)
        if key in lx.PARTIES and index == last_title + 1 and not bodies:
            last_title = index  # "Republican Christine Todd Whitman", "Democratic Sen. X"
        elif key in lx.HONORIFICS:
            gender = gender or lx.HONORIFICS[key]
            last_title = index
        elif is_title(word):
            last_title = index
    title, start, end = words[: last_title + 1], last_title + 1, len(words)
    owner = max(
        (i for i in range(start, end - 1) if words[i].endswith(("'s", "\u2019s"))), default=-1
    )
    if owner >= 0:
        # "NBC's Dante Chinni", "PG&E's Scott Strenfel": the owner is where the person works.
        title, start = words[: owner + 1], owner + 1
    particle = (
        start == 0
        and end >= 2
        and words[0][:1].isupper()
        and words[0].lower() in _NAME_PARTICLES
        and words[1][:1].isupper()
    )  # "De Blasio", "Van Hollen": the particle opens the family name
    if start < end and words[start].lower() in lx.CONNECTORS and not particle:
        # "Minister of Energy Ali Khan": the person is the last two words after the portfolio.
        tail = start
        while tail < end and words[tail].lower() in lx.CONNECTORS:
            tail += 1
        named = end - tail >= 3 and not any(w.lower() in lx.CONNECTORS for w in words[-2:])
        title, start = (words[: end - 2], end - 2) if named else (words, end)
    elif last_title < 0:
        employer = _employer(words)
        if employer:
            # "Li Wei of the Urban Planning Institute": a person and where they work.
            title, end = words[employer:], employer
    joins = [i for i in range(start, end) if words[i] in ("and", "&")]
    if joins and not any(w in ("of", "for") for w in words[start : joins[-1]]):
        start = joins[-1] + 1  # "Ali Khan and Li Wei": the one next to the verb
    while end > start and words[end - 1].lower() in lx.CONNECTORS:
        end -= 1
    title = [w for w in title if _key(w) not in lx.HONORIFICS]
    return NameSplit(title, start, end, gender)


_NAME_PARTICLES = lx.words("de van von der den da del della di du la le")


def _employer(words: list[str]) -> int:
    """Index of the "of" in "Li Wei of the Urban Planning Institute", "Elijah Cummings of
    Maryland", "Cameron Easley for Morning Consult", or 0."""
    for index, word in enumerate(words[:4]):
        if word in ("of", "from", "at", "for") and index > 0:
            person, employer = words[:index], words[index:]
            if any(_key(w) in lx.ORGANISATIONS or w.lower() in lx.NOT_PEOPLE for w in person):
                break
            if any(_key(w) in lx.ORGANISATIONS for w in employer) or (
                len(person) >= 2 and index + 1 < len(words) and words[index + 1][:1].isupper()
            ):
                return index
            break
    return 0


def _build(text: str, toks: list[Token], first: int, run: int, last: int) -> Speaker:
    """Speaker from toks[first:last + 1], whose capitalised name run starts at toks[run]."""
    start, end = toks[first][1], toks[last][2]
    if run <= last:
        split = split_name([t[0] for t in toks[run : last + 1]])
        if split.start < split.end:
            # The name as written, initials' full stops included: "J. K. Smith".
            written = text[toks[run + split.start][1] : toks[run + split.end - 1][2]]
            if written.isupper() and " " in written:
                # Words in capitals are a shouted subhead or a label, not a name.
                return Speaker("", "", "", "", start, end, "no name in capitals")
            if written.endswith(_POSSESSIVE):
                # "Rubio's", "Sanders'": whose something is, not who spoke.
                return Speaker("", text[start:end], "", "", start, end)
            before = [t[0] for t in toks[first:run]]
            if before and before[0].lower() == "the":
                before = before[1:]
            # "A representative of the European Bank": the description is "A representative".
            while before and (before[-1].lower() in lx.DETERMINERS or before[-1] in _LINKS):
                before.pop()
            description = " ".join(before + split.title)
            return Speaker(written, description, "", split.gender, start, end)
    owner = _campaign_owner(toks, first, last)
    if owner >= 0:
        # "the Clinton campaign", "Kasich's campaign": a body named after its person.
        return Speaker(text[toks[owner][1] : end], text[start:end], "", "", start, end)
    return Speaker("", text[start:end], "", "", start, end)


# Bodies that speak for the person they are named after.
_NAMED_BODIES = frozenset(("campaign", "administration", "camp", "team", "office"))


def _campaign_owner(toks: list[Token], first: int, last: int) -> int:
    """Index of the first word of the owner's name in "the Clinton campaign" or "Mrs. Lee's
    office" (toks[first:last + 1]), or -1: the owner is one to three capitalised words of a name,
    not a party, a place-like body or a sentence opener."""
    if last - first < 1 or toks[last][0].lower() not in _NAMED_BODIES:
        return -1
    owner = first + 1 if toks[first][0].lower() == "the" else first
    words = [t[0] for t in toks[owner:last]]
    if not 1 <= len(words) <= 3:
        return -1
    for index, word in enumerate(words):
        key = _key(word.removesuffix("'s").removesuffix("\u2019s"))
        possessive = word.endswith(_POSSESSIVE)
        if (
            not word[0].isupper()
            or (possessive and index != len(words) - 1)
            or word.rstrip(".") in lx.CAPITAL_STOP
            or key in lx.PARTIES
            or key in lx.ORGANISATIONS
            or key in lx.NOT_PEOPLE
            or (key not in lx.HONORIFICS and is_title(word))
        ):
            return -1
    return owner if owner > first or toks[first][0][0].isupper() else -1


def _name_run_start(toks: list[Token], last: int, floor: int) -> int:
    run = last
    while run - 1 >= floor:
        if is_name_word(toks[run - 1][0]):
            run -= 1
            continue
        link = run - 1
        while link >= floor and toks[link][0] in lx.CONNECTORS and run - link <= 3:
            link -= 1
        if link < run - 1 and link >= floor and is_name_word(toks[link][0]):
            run = link
            continue
        break
    return run


def _extend_left(toks: list[Token], head: int, floor: int) -> int:
    """First token of the phrase around a common head: its modifiers, determiner and one
    "of"-phrase ("a spokesperson for the city's transport department")."""
    first = head
    linked = False
    while first - 1 >= floor and head - first < 9:
        before = toks[first - 1][0]
        if before.lower() in lx.DETERMINERS:
            first -= 1
            if (
                not linked
                and first - 2 >= floor
                and toks[first - 1][0] in _LINKS
                and _common_head(toks[first - 2][0])
            ):
                first -= 2
                linked = True
                continue
            break
        if before in _LINKS and not linked and first - 2 >= floor:
            if _common_head(toks[first - 2][0]):
                first -= 2
                linked = True
                continue
            break
        if not _is_modifier(before) and not _inside_name(toks, first - 1, floor):
            break
        first -= 1
    return first


def _inside_name(toks: list[Token], at: int, floor: int) -> bool:
    """A capitalised plural after a capitalised name word is part of the name: "a Northwind
    Partners official", "Sierra Analysts"."""
    word = toks[at][0]
    return (
        word[0].isupper()
        and word.rstrip(".") not in lx.CAPITAL_STOP
        and at - 1 >= floor
        and toks[at - 1][0][0].isupper()
        and is_name_word(toks[at - 1][0])
    )


def _phrase_before(toks: list[Token], last: int, floor: int) -> tuple[int, int] | None:
    """(first, run) of a noun phrase ending at toks[last]; run > last when nobody is named."""
    word = toks[last][0]
    if is_name_word(word):
        if word.endswith(("'s", "\u2019s")):
            return None
        run = _name_run_start(toks, last, floor)
        first = run
        if (
            first - 2 >= floor
            and toks[first - 1][0] in ("for", "to")
            and is_title(toks[first - 2][0])
            and toks[first - 2][0][0].islower()
        ):
            # "A spokeswoman for Hillary Clinton", "an aide to Mr. Obama": the one who spoke
            # works for the one named, and has no name here.
            return _extend_left(toks, first - 2, floor), last + 1
        modifiers = first
        while (
            modifiers - 1 >= floor
            and first - modifiers < 3
            and toks[modifiers - 1][0][0].islower()
            and toks[modifiers - 1][0][0].isalpha()
            and _is_modifier(toks[modifiers - 1][0])
        ):
            modifiers -= 1
        if (
            modifiers < first
            and modifiers - 1 >= floor
            and toks[modifiers - 1][0].lower() in ("the", "a", "an")
        ):
            # "The nonpartisan Commission on Presidential Debates", "the embattled Mr. Stumpf".
            return modifiers - 1, run
        roles = first
        while (
            roles - 1 >= floor
            and first - roles < 3
            and (toks[roles - 1][0].lower() in lx.ROLE_OPENERS or _lower_title(toks[roles - 1][0]))
        ):
            roles -= 1  # "former President Bill Clinton", "Retired neurosurgeon Ben Carson"
        if roles < first and (roles == floor or toks[roles - 1][0] in (",", "\u2014", "-")):
            return roles, run
        words = first
        while (
            words - 1 >= floor
            and first - words < 2
            and toks[words - 1][0][0].islower()
            and _is_modifier(toks[words - 1][0])
        ):
            words -= 1
        if words < first and words == floor:
            return words, run  # '"...," panel Chairman Jason Chaffetz said': the phrase opens there
        if roles < first and toks[roles - 1][0].lower() in lx.DETERMINERS:
            return roles - 1, run
        if first - 1 >= floor and _common_head(toks[first - 1][0]):
            first = _extend_left(toks, first - 1, floor)  # "ministry spokesperson Ali Khan"
        elif first - 1 >= floor and toks[first - 1][0].lower() in lx.DETERMINERS:
            first -= 1
            linked = first - 2 >= floor and toks[first - 1][0] in _LINKS
            if linked and _common_head(toks[first - 2][0]):
                first = _extend_left(toks, first - 2, floor)  # "a representative of the Bank"
        return first, run
    if word[0].isalpha() and _common_head(word):
        return _extend_left(toks, last, floor), last + 1
    # "Residents of the Chilanzar district", "Experts from the university", and one more
    # phrase: "Residents of older neighbourhoods near the river".
    links = 0
    for link in range(last - 1, max(floor, last - 12), -1):
        word = toks[link][0]
        if word in _LINKS:
            if _common_head(toks[link - 1][0]):
                return _extend_left(toks, link - 1, floor), last + 1
            links += 1
            if links == 2:
                break
        elif not (_is_modifier(word) or word.lower() in lx.DETERMINERS):
            break
    return None


def _lower_title(word: str) -> bool:
    return word[0].islower() and is_title(word)


def _pronoun(token: Token) -> Speaker:
    pronoun = token[0].lower()
    return Speaker("", "", pronoun, lx.PRONOUNS[pronoun], token[1], token[2])


def speaker_before(text: str, lo: int, hi: int) -> Speaker | None:
    """The speaker whose noun phrase ends at `hi` (where a speech verb starts), not before `lo`."""
    found = _speaker_before(text, max(lo, hi - _WINDOW), hi)
    if found is None and hi - _WINDOW > lo and text[:hi].rstrip().endswith(","):
        # A long apposition may need a wider look: "X, who chairs ..., a group that ..., said".
        found = _speaker_before(text, max(lo, hi - _WIDE_WINDOW), hi)
    return found


def _speaker_before(text: str, lo: int, hi: int) -> Speaker | None:
    toks = tokens(text, lo, hi)
    last = len(toks) - 1
    while last >= 0 and toks[last][0].lower() in lx.SKIP_BEFORE_VERB:
        last -= 1
    last = _skip_when(toks, last)
    if (
        last >= 3
        and toks[last][0] == ","
        and toks[last - 2][0] == ","
        and toks[last - 1][0].lower() in _ASIDES
    ):
        last -= 3  # "Mr. Trump, however, said"
    if last < 0:
        return None
    word = toks[last][0]
    if word.lower() in lx.PRONOUNS:
        return _pronoun(toks[last])
    if word in ("\u2014", "\u2013") and last >= 3:
        # "Jason Sims \u2014 a teacher from the town \u2014 says": an apposition between dashes.
        dash = next((i for i in range(last - 2, max(0, last - 30), -1) if toks[i][0] == word), -1)
        return _apposition(text, toks, dash, last) if dash >= 1 else None
    if word != ",":
        found = _phrase_before(toks, last, 0)
        return _build(text, toks, found[0], found[1], last) if found else None
    # Apposition: "Parvina Nematova, an expert with the Academy, said". The description may hold
    # a comma of its own ("who chairs the Coalition, a volunteer group, said").
    comma = last
    for _ in range(4):
        comma -= 1
        while comma >= 0 and toks[comma][0] not in _DESCRIPTION_STOP:
            comma -= 1
        if comma < 1 or toks[comma][0] != "," or not 1 <= last - comma - 1 <= 40:
            return None
        if comma >= 3 and toks[comma - 2][0] == "," and is_name_word(toks[comma - 3][0]):
            continue  # "in Aurora, Colorado, in July 2012, said": a place, then its state
        speaker = _apposition(text, toks, comma, last)
        if speaker is not None:
            return speaker
    return None


_DAYS = lx.words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_PARTS_OF_DAY = lx.words("morning afternoon evening night")


def _skip_when(toks: list[Token], last: int) -> int:
    """Past a day between the speaker and the verb: "Trump on Monday said", "Cruz Sunday night
    argued", "the governor also on Friday warned"."""
    if last >= 3 and [t[0].lower() for t in toks[last - 2 : last + 1]] == ["at", "the", "time"]:
        return last - 3  # "Trump at the time said"
    at = last
    if at >= 0 and toks[at][0] in _PARTS_OF_DAY:
        at -= 1
    if at < 0 or toks[at][0] not in _DAYS:
        return last
    at -= 1
    if at >= 0 and toks[at][0] == "on":
        at -= 1
    while at >= 0 and toks[at][0].lower() in lx.SKIP_BEFORE_VERB:
        at -= 1
    return at


def _apposition(text: str, toks: list[Token], comma: int, last: int) -> Speaker | None:
    head = toks[comma + 1][0]
    low = head.lower()
    if not (
        low in _APPOSITION_HEADS
        or low in _APPOSITION_LINKS
        or low.endswith(("ed", "ing"))
        or head[0].isupper()
        or head[0].isdigit()
        or _describes(toks[comma + 1 : min(last, comma + 4)])
    ):
        return None
    found = _phrase_before(toks, comma - 1, 0)
    if found is None:
        return None
    before = toks[found[0] - 1][0] if found[0] > 0 else ","
    if before[0].islower() and before not in ("and", "but"):
        return None  # the phrase sits inside a clause: "who chairs the Coalition, ..."
    speaker = _build(text, toks, found[0], found[1], comma - 1)
    apposition = text[toks[comma + 1][1] : toks[last - 1][2]]
    end = toks[last][2]
    if speaker.name:
        description = f"{speaker.description}, {apposition}" if speaker.description else apposition
        return speaker.changed(description=description, end=end)
    words = [t[0] for t in toks[comma + 1 : last]]
    if len(words) <= 4 and all(is_name_word(w) for w in words):
        # "the mayor, Rustam Emomali, said": the name is the apposition.
        return speaker.changed(name=" ".join(words), end=end)
    return speaker.changed(end=end)


def _describes(opening: list[Token]) -> bool:
    """Whether words after "Name," describe the person: "a professor", "former
    secretary-general of SCO", "who chairs", "deputy head of ..."."""
    first = opening[0][0].lower()
    if first in _APPOSITION_HEADS or first in lx.ROLE_OPENERS:
        return True
    return any(is_title(word) for word, _, _ in opening)


_AFFILIATION_LINKS = lx.CONNECTORS | {"at", "in", "&"}


def _affiliation(text: str, toks: list[Token], after: int) -> int:
    """Index past "with the European University at St. Petersburg" (or "of", "from", "at")
    after a name, or `after` when no affiliation follows."""
    if after >= len(toks) or toks[after][0] not in ("with", "of", "from", "at"):
        return after
    at = after + 1
    if at < len(toks) and toks[at][0].lower() == "the":
        at += 1
    end = at
    while end < len(toks) and end - at < 12:
        word = toks[end][0]
        linked = word in _AFFILIATION_LINKS and end + 1 < len(toks) and end > at
        if is_name_word(word) or (linked and is_name_word(toks[end + 1][0])):
            end += 1
            continue
        break
    while end > at and toks[end - 1][0] in lx.CONNECTORS:
        end -= 1
    return end if end > at and is_name_word(toks[at][0]) else after


def speaker_after(text: str, lo: int, hi: int) -> Speaker | None:
    """The speaker whose noun phrase starts at `lo`, after an inverted verb ("said Ali Khan") or
    "according to"."""
    toks = tokens(text, lo, min(hi, lo + _WINDOW))
    if not toks:
        return None
    word = toks[0][0]
    if word.lower() in lx.PRONOUNS:
        return _pronoun(toks[0])
    index = 1 if word.lower() in lx.DETERMINERS else 0
    end = index
    last = -1  # the phrase ends at its last name or head noun
    while end < len(toks) and end - index < 12:
        word = toks[end][0]
        if (
            last >= index
            and word[0].islower()
            and word.endswith("ed")
            and is_name_word(toks[last][0])
            and not _common_head(word)
        ):
            break  # "Wilson praised Rubio's positions": the name was the subject of a verb
        if _is_modifier(word):
            if is_name_word(word) or _common_head(word):
                last = end
        elif not (
            word in lx.CONNECTORS
            and end > index
            and end + 1 < len(toks)
            and (is_name_word(toks[end + 1][0]) or toks[end + 1][0] in lx.CONNECTORS)
        ):
            break
        end += 1
    if last < index:
        return None
    run = _name_run_start(toks, last, index) if is_name_word(toks[last][0]) else last + 1
    speaker = _build(text, toks, 0, run, last)
    affiliated = _affiliation(text, toks, last + 1) if speaker.name else last + 1
    if affiliated > last + 1:
        # "said Nikita Lomagin with the European University": the person and where they work.
        where = text[toks[last + 1][1] : toks[affiliated - 1][2]]
        described = f"{speaker.description}, {where}" if speaker.description else where
        speaker = speaker.changed(description=described, end=toks[affiliated - 1][2])
        last = affiliated - 1
    if last + 1 < len(toks) and toks[last + 1][0] == ",":
        stop = last + 2
        while stop < len(toks) and toks[stop][0] not in _DESCRIPTION_STOP and stop - last < 30:
            stop += 1
        if stop > last + 2 and _describes(toks[last + 2 : min(stop, last + 5)]):
            apposition = text[toks[last + 2][1] : toks[stop - 1][2]]
            described = (
                f"{speaker.description}, {apposition}" if speaker.description else apposition
            )
            speaker = speaker.changed(description=described, end=toks[stop - 1][2])
    return speaker
