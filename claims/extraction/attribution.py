"""English attribution: who said a quote, and what a sentence reports someone as saying.

Forms handled around a quote: `"...," said X`, `"...," X said`, `X said: "..."`, `X said, "..."`,
`according to X, "..."`. Reported speech: `X said (that) ...`, `X told reporters ...`,
`..., X said.`, `..., said X.`, `according to X, ...`, `..., according to X.`, and a trailing
`, adding that ...` as a second claim by the same speaker.
"""

from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass

from claims.extraction import cues, speakers
from claims.extraction import lexicon as lx
from claims.extraction.speakers import Speaker

_ANY_VERB = re.compile(rf"\b(?:{lx.CLAUSE_VERBS}|{lx.THAT_VERBS}|{lx.QUOTE_ONLY_VERBS})\b")
_REPORT_WORDS = lx.first_words(f"{lx.CLAUSE_VERBS}|{lx.THAT_VERBS}")


@functools.lru_cache(maxsize=1024)
def _report_verbs(present: frozenset[str]) -> re.Pattern[str]:
    """The speech-verb pattern cut down to the verbs whose first word the sentence contains: a
    long alternation is tried at every position, a short one costs little."""

    def keep(alternation: str) -> str:
        kept = [v for v in alternation.split("|") if not present.isdisjoint(lx.first_words(v))]
        return "|".join(kept) or "(?!)"

    return re.compile(
        rf"\b(?:(?P<clause>{keep(lx.CLAUSE_VERBS)})|(?P<that>{keep(lx.THAT_VERBS)}))\b"
    )


# "per the WHO" only after a comma: "per cent", "per day" and "per capita" attribute nothing.
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+|(?<=, )per\s+(?=(?:the\s+)?[A-Z])")
# After "X, according to Y," these open a clause of their own: "..., as the city grows".
_CLAUSE_OPENERS = lx.words(
    "as and but while which when though although after before with amid despite since because "
    "who where so or nor yet while whereas even"
)
# Where a reported clause gives way to the writer's own: "A; B". (Cutting at ", although" or
# ", citing" as well cost more statements on PolNeAR train than it found.)
_CLAUSE_END = re.compile(r";\s")
_SUBORDINATORS = lx.words(
    "if when to as while after before although though because unless once since whether"
)
# ", and human rights groups warned that ...": a second speaker in the same sentence.
_OTHER_SPEAKER = re.compile(
    r",\s*(?:and|but|while|whereas)\s+(?P<np>(?!(?:he|she|they|it|also)\b)"
    r"(?:[\w'\u2019&.-]+\s+){0,5}?)(?P<verb>(?P<that>warned|said|says|argued|argue|insisted|"
    r"countered|responded|replied|noted|claimed|claim|say|contended|maintained|stressed))\b"
)
_AS_REPORTED = re.compile(
    r"(?:But\s+|And\s+)?[Aa]s\s+(?:(?:first\s+)?reported\s+by\s+(?P<by>[^,]{2,80}?)\s*,\s*|"
    r"(?P<np>[^,]{2,80}?)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:reported|said|noted|wrote|pointed out|put it|explained|observed|reports|says|notes)"
    r"(?:\s+(?:on|last|this|earlier|in)\s+[\w ]{1,20}?)?\s*,\s*)"
)
_JOINED_SUBJECT = re.compile(r"(?:[\w-]+\s+){1,3}(?:and|or)\s+")
_SAYING_LEAD = re.compile(r",\s*saying\s*[,:]?\s*$")
_SAYING = re.compile(
    r"(?P<comma>,\s*|\s+(?=saying\b))(?:saying|telling\s+[\w\s.'\u2019]{1,60}?(?=\s+that\b)|"
    r"telling\s+[\w\s]{1,30}?|(?:arguing|insisting|claiming|contending|asserting|"
    r"stressing|explaining|acknowledging|admitting|warning)(?=\s+that\b))(?:\s+that)?\s+"
)
# The participles _SAYING knows: a sentence without any of them has no such clause.
_SAYING_WORDS = lx.words(
    "saying telling arguing insisting claiming contending asserting stressing explaining "
    "acknowledging admitting warning"
)
_SOURCE_OF = re.compile(r"\s+(?:by|from|of)\s+")
_CONTINUATION = re.compile(rf",\s*(?:and\s+)?\b(?:{lx.PARTICIPLES})\b(?:\s+that\b)?\s*")
# "..., and warned that B" starts a second claim; "..., but gave no date" ends the first.
_COORDINATED = re.compile(
    r"(?:,\s*|(?<!\s)\s+)(?:and|but)\s+(?:(?:he|she|they|it)\s+)?(?:also\s+)?"
    r"(?:then\s+)?(?P<speech>said|says|added|adds|noted|warned|argued|stressed|insisted|claimed|"
    r"predicted|estimated|explained|cautioned|acknowledged|admitted|suggested|conceded|"
    r"contended|pointed out|told reporters)\b(?:\s+that\b)?\s*"
    r"|,\s*(?:and|but)\s+(?:(?:he|she|they|it)\s+)?(?:also\s+)?(?:called|urged|asked|gave|"
    r"declined|did not|didn't|refused|offered|stopped|provided|promised|pledged|vowed|welcomed|"
    r"critici[sz]ed|thanked)\b"
)
# Verbs that often take a plain object ("predicted another hot summer"): without "that", the
# words after them are a reported claim only if they hold a verb of their own.
_OBJECT_VERBS = lx.words(
    "predicted predicts estimated expects expect forecast reported confirmed "
    "acknowledged admitted suggested recalled believe believes"
)
# Verbs whose listener may stand between them and "that".
_OBJECT_THAT = lx.words("warned warns warning reminded reminds reminding assured assures telling")
_ACCUSE = lx.words("accused accuses")
_CHARGE = re.compile(r"\s+[^,.;:!?\"\u201c\u201d]{1,60}?\s+of\s+(?=[a-z]+ing\b)")
# Promises report what someone undertook to do: "pledged to close the plant by 2030".
_PROMISES = lx.words("promised promises promising pledged pledges pledging vowed vows vowing")
_TO_VERB = re.compile(r"\s*(?:not\s+)?to\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b)[a-z]+\b")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|could|can|may|might|must|should|has|have|had|does|did|"
    r"to be|(?:do|does|did|is|are|was|were|wo|ca|has|have|had)n['\u2019]t)\b"
)
# After a closing attribution, a subordinate clause may follow: "..., officials said, as ...".
_TAIL = re.compile(
    r",\s*(?:as|though|although|while|after|amid|but|despite|since|even as|because|with|"
    r"and|which|when|before|in|[a-z]+ing)\b\s*"
)
# "Clinton was booed when she said ...": the speaker opens a clause of its own.
_SUBORDINATE = re.compile(r"\b(?:when|after|because|since|although|though|where|whereas)\s+$")
_AND_SAID = re.compile(r"\b(?:and|but)\s+(?:also\s+)?$")
_LEAD = re.compile(r"[\s,;:\u2014\u2013-]*")
_THAT = re.compile(r"\s*,?\s*that\b\s*")
_THAT_WORD = re.compile(r"\bthat\b")
# "tweeted in the early morning hours that ...": a phrase of place or time, then "that".
_PHRASE_THAT = re.compile(
    r"\s+(?:in|on|at|during|after|before|via|over|through|from|with|to)\s"
    r"[^,.;:!?\"\u201c\u201d]{1,50}?\s+that\s+(?!(?:is|was|are|were|has|had|will|would)\b)"
)
# A clause without "that" after a verb that otherwise needs it: a pronoun subject, maybe an
# adverb, then a finite verb ("announced he will step down", "replied they had not").
_PRONOUN_CLAUSE = re.compile(
    r"\s*(?:he|she|they|we|I)\s+(?:[a-z]+ly\s+|also\s+|never\s+|still\s+)?"
    r"(?:is|are|was|were|will|would|could|can|may|might|must|should|has|have|had|does|did|"
    r"(?:do|does|did|is|are|was|were|wo|ca|has|have|had)n['\u2019]t)\b"
)
_SHORT_TAIL = re.compile(r"[^.;!?\"\u201c\u201d]{0,80}")
_INTRO = re.compile(
    r"(?:(?:But|And|However|Meanwhile|Still|Yet|Also|Separately|Earlier|Later|Now|So|Instead)"
    r"\b,?\s*)?(?:[^,]{0,120},[\"\u201d\u2019']?\s*){0,2}(?:(?:and|but|while|as|yet)\s+)?"
)
_EVENTS = (
    r"conference|briefing|summit|forum|meeting|event|hearing|session|ceremony|launch|gathering|"
    r"congress|roundtable|panel|festival|exhibition|opening|visit|speech|debate|interview|tour|talks"
)
_ADVERBIAL = re.compile(
    r"\s*,?\s*(?:"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|this|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+"
    r"(?:morning|afternoon|evening|night)"
    r"|on\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2}"
    r"|on\s+the\s+sidelines\s+of\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,4}?(?:" + _EVENTS + r")"
    r"|(?:last|this|next)\s+(?:week|month|year|weekend|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday)"
    r"|earlier\s+(?:this|on)\s+\w+|earlier|later|today|yesterday|again|also|repeatedly"
    r"|previously|publicly|separately"
    r"|in\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:statement|interview|report"
    r"|speech|post|letter|briefing|address|presentation|note|message|email|video|op-ed|column"
    r"|update|filing|submission)"
    r"|at\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:" + _EVENTS + r")"
    r"|during\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,4}?(?:" + _EVENTS + r")"
    r"|to\s+(?:reporters|journalists|the\s+press|the\s+media|lawmakers|delegates|parliament"
    r"|participants|an?\s+(?:[\w-]+\s+){0,2}?(?:audience|crowd|gathering|" + _EVENTS + r"))"
    r"|in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?"
    r"|on\s+(?:social\s+media|state\s+television|television|radio|Telegram|Facebook)"
    r"|(?:by|via)\s+(?:phone|telephone|email|video\s+link)"
    r"|(?:after|before|during|following)\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?:[\w-]+\s+){0,3}?[\w-]+"
    r"|(?:however|though|meanwhile|nonetheless|moreover|too|in\s+turn)(?=\s*,)"
    r")\b"
)
_TOLD_OBJECT = re.compile(
    r"\s+(?:reporters|journalists|the\s+press|the\s+media|lawmakers|legislators|delegates"
    r"|parliament|participants|residents|investors|students|him|her|them|us|me"
    r"|(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:audience|crowd|council|assembly|parliament|committee"
    r"|delegates|newspaper|agency|broadcaster|station|" + _EVENTS + r")"
    r"|(?:the\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\b"
)


@dataclass(frozen=True, slots=True)
class Report:
    """A claim reported without quotation marks: speaker and the clause's span. `text` is set
    when the claim is not the span's text as written: "The plant, according to engineers,
    produces 1.2 gigawatts" claims "The plant produces 1.2 gigawatts"."""

    speaker: Speaker
    start: int
    end: int
    text: str | None = None


def _skip_lead(text: str, at: int, hi: int) -> int:
    """Past the spaces, commas and dashes between a quote or verb and what follows."""
    found = _LEAD.match(text, at, hi)
    return found.end() if found else at


def last_match(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    found = collections.deque(pattern.finditer(text, lo, hi), maxlen=1)
    return found[0] if found else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without surrounding spaces, leading punctuation or trailing commas and dashes."""
    while start < end and (text[start].isspace() or text[start] in ",;:\u2014\u2013-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2014\u2013-"):
        end -= 1
    return start, end


def _word_count(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def after_quote(text: str, lo: int, hi: int) -> Speaker | None:
    """The attribution that follows a closing quote in text[lo:hi]: `, said X` or `, X said`."""
    start = _skip_lead(text, lo, hi)
    if start >= hi:
        return None
    inverted = _ANY_VERB.match(text, start, hi) or _ACCORDING.match(text, start, hi)
    if inverted:
        return speakers.speaker_after(text, _skip_lead(text, inverted.end(), hi), hi)
    verb = _ANY_VERB.search(text, start, min(hi, start + 200))
    if verb is None:
        return None
    speaker = speakers.speaker_before(text, start, verb.start())
    if speaker is None or speaker.start != start:
        return _closing_after_words(text, start, hi)
    return speaker.changed(end=verb.end())


# '"...," like the rise in rents, said Laura Finch.': words that run the quote on, then the
# attribution closing the sentence.
_RUN_ON = re.compile(r"[a-z][^\"\u201c\u201d:;.!?]{0,120}?,\s*")


def _closing_after_words(text: str, start: int, hi: int) -> Speaker | None:
    found = _RUN_ON.match(text, start, hi)
    if found is None:
        return None
    at = found.end()
    inverted = _ANY_VERB.match(text, at, hi)
    if inverted is not None:
        speaker = speakers.speaker_after(text, _skip_lead(text, inverted.end(), hi), hi)
    else:
        verb = _ANY_VERB.search(text, at, min(hi, at + 80))
        speaker = speakers.speaker_before(text, at, verb.start()) if verb else None
        if speaker is None or speaker.start != at or verb is None:
            return None
        speaker = speaker.changed(end=verb.end())
    if speaker is None or not (speaker.name or speaker.description):
        return None
    tail = _attribution_tail(text, speaker.end, hi)
    return speaker if tail == hi else None


def before_quote(text: str, lo: int, hi: int) -> Speaker | None:
    """The attribution that leads into a quote: `X said:`, `X told the summit on Tuesday,`."""
    _, end = trim(text, lo, hi)
    last = last_match(_ANY_VERB, text, max(lo, end - 300), end)
    if last is not None:
        tail = _SHORT_TAIL.match(text, last.end(), end)
        if tail and tail.end() == end and _word_count(text, last.end(), end) <= 10:
            speaker = speakers.speaker_before(text, lo, last.start())
            if speaker is not None:
                return speaker
    according = _ACCORDING.search(text, lo, end)
    if according:
        return speakers.speaker_after(text, according.end(), end)
    saying = _SAYING_LEAD.search(text, max(lo, end - 12), hi)
    if saying is not None:
        # 'Trump attacked Clinton for her votes, saying, "..."': the subject said it.
        intro = _INTRO.match(text, lo, saying.start())
        at = intro.end() if intro and intro.end() < saying.start() else lo
        subject = speakers.speaker_after(text, at, saying.start())
        if subject is not None and subject.start == at and (subject.name or subject.pronoun):
            return subject
    return None


def continuation(text: str, lo: int, hi: int, speaker: Speaker) -> list[Report]:
    """`, adding that ...` after an attribution: a further claim by the same speaker."""
    found = _CONTINUATION.search(text, lo, hi)
    if found is None or text[lo : found.start()].strip(" ,"):
        return []
    return _split_clause(text, speaker, found.end(), hi)


def reported(
    text: str, lo: int, hi: int, depth: int = 0, words: frozenset[str] | None = None
) -> list[Report]:
    """Claims the sentence text[lo:hi] reports someone as making, first to last. `words` may pass
    in `cues.words_of(text[lo:hi])` when the caller already has it."""
    if words is None:
        words = cues.words_of(text[lo:hi])
    if "as" in words:
        opening = _AS_REPORTED.match(text, lo, hi)
        if opening is not None:
            # "As The Washington Post reported, even if Sanders ...": the source, then the claim.
            group = "np" if opening.group("np") is not None else "by"
            source = speakers.speaker_after(text, opening.start(group), opening.end(group))
            if source is not None and source.end == opening.end(group):
                start, end = trim(text, opening.end(), hi)
                if _word_count(text, start, end) >= 3:
                    return [Report(source, start, end)]
    if "according" in words or "per" in words:
        according = _ACCORDING.search(text, lo, hi)
        found = _according(text, lo, hi, according) if according else []
        if found:
            return found
    present = _REPORT_WORDS & words
    if not present:
        return _saying(text, lo, hi) if not _SAYING_WORDS.isdisjoint(words) else []
    verbs = list(_report_verbs(present).finditer(text, lo, hi))
    before: dict[int, Speaker | None] = {}  # speaker_before per verb: both passes may ask
    for verb in reversed(verbs[-3:]):
        found = _closing(text, lo, hi, verb, depth, before)
        if found:
            return found
    for verb in verbs:
        if verb.start() not in before:
            before[verb.start()] = speakers.speaker_before(text, lo, verb.start())
        speaker = before[verb.start()]
        if speaker is None and _AND_SAID.search(text, lo, verb.start()):
            # "Researchers welcomed the plans but said ...": the subject opens the sentence.
            intro = _INTRO.match(text, lo, verb.start())
            speaker = speakers.speaker_after(text, intro.end() if intro else lo, verb.start())
        if (
            speaker is not None
            and not _INTRO.fullmatch(text, lo, speaker.start)
            and not _SUBORDINATE.search(text, max(lo, speaker.start - 12), speaker.start)
        ):
            joined = _JOINED_SUBJECT.fullmatch(text, lo, speaker.start)
            if joined is None or speaker.name:
                continue
            # "Federal and state officials said", "Developers and supporters in Congress say".
            phrase = text[lo : speaker.end].strip()
            speaker = speaker.changed(description=phrase, start=lo)
        if speaker is None:
            continue
        aside = _parenthetical(text, lo, hi, speaker, verb)
        if aside is not None:
            return [aside]
        clause = _complement(text, verb, hi)
        if clause is not None:
            return _split_clause(text, speaker, *clause)
    return _saying(text, lo, hi) if not _SAYING_WORDS.isdisjoint(words) else []


def _parenthetical(
    text: str, lo: int, hi: int, speaker: Speaker, verb: re.Match[str]
) -> Report | None:
    """`A, X said, B`: the attribution set inside the claim ("The money, she said, would go to
    schools"); the claim is A and B together."""
    if not text[lo : speaker.start].rstrip().endswith(","):
        return None
    at = _adverbials(text, verb.end(), hi)
    if text[at : at + 1] != ",":
        return None
    rest = _skip_lead(text, at, hi)
    head = text[rest : rest + 12].split(" ", 1)[0]
    if not head[:1].isalpha() or not head[0].islower() or head in _CLAUSE_OPENERS or head == "that":
        return None
    start, end = trim(text, lo, speaker.start)
    tail_start, tail_end = trim(text, rest, hi)
    if _word_count(text, start, end) + _word_count(text, tail_start, tail_end) < 4:
        return None
    opener = text[start : start + 12].split(" ", 1)[0].lower()
    joint = ", " if opener in _SUBORDINATORS else " "  # "If talks fail, there are ..."
    return Report(speaker, start, tail_end, f"{text[start:end]}{joint}{text[tail_start:tail_end]}")


def _saying(text: str, lo: int, hi: int) -> list[Report]:
    """`X spoke for an hour, saying (that) ...`: the subject that opens the sentence said it."""
    found = _SAYING.search(text, lo, hi)
    if found is None:
        return []
    intro = _INTRO.match(text, lo, found.start())
    subject = speakers.speaker_after(text, lo, found.start())
    if subject is None or (intro is not None and subject.start != lo and intro.end() != lo):
        return []
    if subject.start != lo or (not found.group("comma").strip() and not subject.name):
        return []  # without a comma, only a named subject: "X made a pitch to voters saying ..."
    start, end = trim(text, found.end(), hi)
    if _word_count(text, start, end) < 3:
        return []
    return _split_clause(text, subject, start, end)


def _closing(
    text: str,
    lo: int,
    hi: int,
    verb: re.Match[str],
    depth: int,
    before: dict[int, Speaker | None],
) -> list[Report]:
    """`CLAUSE, X said.` or `CLAUSE, said X.`, maybe followed by `, as ...`."""
    tail = _attribution_tail(text, verb.end(), hi, verb.group())
    speaker = None
    comma = -1
    if tail is not None:
        if verb.start() not in before:
            before[verb.start()] = speakers.speaker_before(text, lo, verb.start())
        speaker = before[verb.start()]
        if speaker is not None:
            comma = text.rfind(",", lo, speaker.start)
            # 'The media are "shaping this campaign," Gilmore said': a quote may close first.
            if comma < lo or text[comma + 1 : speaker.start].strip(' "\u201d'):
                speaker = None
    if speaker is None and text[lo : verb.start()].rstrip().rstrip('"\u201d').endswith(","):
        # (the comma may sit inside a closing quote: 'may be "strategic," said X')
        speaker = speakers.speaker_after(text, _skip_lead(text, verb.end(), hi), hi)
        tail = _attribution_tail(text, speaker.end, hi) if speaker else None
        if tail is None:
            speaker = None
        comma = text.rfind(",", lo, verb.start())
    if speaker is None or tail is None:
        return []
    start, end = trim(text, lo, comma)
    if _word_count(text, start, end) < 3:
        return []
    reports = [Report(speaker, start, end)]
    opened = text.count('"', start, end) % 2 or text.count("\u201c", start, end) > text.count(
        "\u201d", start, end
    )
    if opened and text[end : end + 2] in (',"', ",\u201d"):
        # 'may be "strategic," said X': the claim keeps its closing quotation mark.
        reports = [Report(speaker, start, end, text[start:end] + text[end + 1])]
    if depth == 0 and tail < hi:
        reports += reported(text, tail, hi, depth + 1, cues.words_of(text[tail:hi]))
    return reports


def _attribution_tail(text: str, at: int, hi: int, verb: str = "") -> int | None:
    """Where the text after an attribution stops being part of it: `hi` when only adverbials
    follow ("on Tuesday."), the start of a trailing clause (", as ..."), None otherwise."""
    if verb.rsplit(" ", 1)[-1] in ("told", "tells", "telling"):
        spoken_to = _TOLD_OBJECT.match(text, at, hi)
        at = spoken_to.end() if spoken_to else at
    at = _adverbials(text, at, hi)
    if not text[at:hi].strip(" .!?\"'\u201d"):
        return hi
    found = _TAIL.match(text, at, hi)
    return found.end() if found else None


def _adverbials(text: str, at: int, hi: int) -> int:
    for _ in range(3):
        found = _ADVERBIAL.match(text, at, hi)
        if found is None:
            break
        at = found.end()
    return at


def _complement(text: str, verb: re.Match[str], hi: int) -> tuple[int, int] | None:
    """Span of the clause a speech verb introduces, after its object, adverbials and "that"."""
    at = verb.end()
    head = verb.group().rsplit(" ", 1)[-1]
    if head in _OBJECT_THAT:
        # "warned voters that ...", "is reminding the crowd that ...": a short object, then "that".
        that = _THAT_WORD.search(text, at, min(hi, at + 60))
        if that and not any(mark in text[at : that.start()] for mark in ',.;"\u201c'):
            start, end = trim(text, that.end(), hi)
            return (start, end) if _word_count(text, start, end) >= 3 else None
    if head in _ACCUSE:
        # "accused the mayor of hiding the audit": what the accused is said to have done.
        charge = _CHARGE.match(text, at, hi)
        if charge is None:
            return None
        start, end = trim(text, charge.end(), hi)
        return (start, end) if _word_count(text, start, end) >= 2 else None
    if head in ("told", "tells", "telling"):
        that = _THAT_WORD.search(text, at, min(hi, at + 100))
        if (
            that
            and not any(mark in text[at : that.start()] for mark in ",.;")
            and _word_count(text, that.end(), hi) >= 3  # not "... to accomplish that."
        ):
            at = that.end()
        else:
            spoken_to = _TOLD_OBJECT.match(text, at, hi)
            if spoken_to is None:
                return None
            at = _adverbials(text, spoken_to.end(), hi)
            that_match = _THAT.match(text, at, hi)
            at = that_match.end() if that_match else at
    else:
        at = _adverbials(text, at, hi)
        that_match = _THAT.match(text, at, hi) or _PHRASE_THAT.match(text, at, hi)
        if that_match:
            at = that_match.end()
        elif head in _PROMISES and _TO_VERB.match(text, at, hi):
            pass  # "vowed to cut taxes": the promise, "to" and all, is what was said
        elif verb.lastgroup == "that" and _PRONOUN_CLAUSE.match(text, at, hi):
            pass  # "announced he will step down": a clause with a subject of its own
        elif verb.lastgroup == "that" or (
            verb.group() in _OBJECT_VERBS and not _FINITE.search(text, at, hi)
        ):
            return None
    start, end = trim(text, at, hi)
    return (start, end) if _word_count(text, start, end) >= 3 else None


def _split_clause(text: str, speaker: Speaker, start: int, end: int) -> list[Report]:
    """The reported clause, cut where the speaker goes on to say or do something else, or where
    someone else answers: "X said A, and rights groups warned that B" is A by X, B by them."""
    clause = text[start:end]
    other = (
        _OTHER_SPEAKER.search(text, start, end)
        if ", " in clause and any(f" {w} " in clause for w in ("and", "but", "while", "whereas"))
        else None
    )
    if other is not None:
        answer = speakers.speaker_before(text, other.start("np"), other.start("verb"))
        if answer is not None and answer.start == other.start("np"):
            answered = _complement(text, other, end)
            if answered is not None:
                before = _split_clause(text, speaker, start, other.start())
                return before + _split_clause(text, answer, *answered)
    cut = _CLAUSE_END.search(text, start, end)
    if cut is not None and _word_count(text, start, cut.start()) >= 3:
        end = cut.start()  # "A; B": the claim is A
    reports = []
    at = start
    for _ in range(4):
        further = _CONTINUATION.search(text, at, end)
        clause = text[at:end]
        joined = (
            _COORDINATED.search(text, at, end) if " and " in clause or " but " in clause else None
        )
        if joined is not None and (further is None or joined.start() < further.start()):
            further = joined
        stop = further.start() if further else end
        first, last = trim(text, at, stop)
        if _word_count(text, first, last) >= 3:
            reports.append(Report(speaker, first, last))
        if further is None or (further is joined and not joined.group("speech")):
            break
        at = further.end()
    return reports


def _according(text: str, lo: int, hi: int, according: re.Match[str]) -> list[Report]:
    source = speakers.speaker_after(text, according.end(), hi)
    if source is None:
        # Whatever names the source, up to the comma: "according to the city's master plan".
        stop = text.find(",", according.end(), hi)
        start, end = trim(text, according.end(), stop if stop > 0 else hi)
        if not 0 < _word_count(text, start, end) <= 10:
            return []
        source = Speaker("", text[start:end].rstrip("."), start=start, end=end)
    if not source.name:
        # "according to a report by the Asian Development Bank": the bank is the source.
        link = _SOURCE_OF.match(text, source.end, hi)
        named = speakers.speaker_after(text, link.end(), hi) if link else None
        if named is not None and named.name:
            phrase = text[source.start : named.end]
            source = named.changed(description=phrase, start=source.start)
    if not text[lo : according.start()].strip(" ,"):
        after = _skip_lead(text, source.end, hi)
        if "," not in text[source.end : after] and source.description:
            # The "description" was the start of the claim: "According to Khan, the plan ...".
            plain = speakers.speaker_after(text, according.end(), text.find(",", source.start))
            if plain is not None:
                source = plain
        start, end = trim(text, source.end, hi)
        return _split_clause(text, source, start, end) if start < end else []
    start, end = trim(text, lo, according.start())
    comma = text.find(",", source.end, min(hi, source.end + 60))
    if text[lo : according.start()].rstrip().endswith(",") and comma > 0:
        # The source runs to the closing comma: "according to engineers at the site, ...".
        described = text[source.start : comma] if not source.name else source.description
        source = source.changed(description=described, end=comma)
    rest = _skip_lead(text, source.end, hi)
    tail_start, tail_end = trim(text, rest, hi)
    head = text[tail_start : tail_start + 12].split(" ", 1)[0].lower()
    if (
        text[source.end : rest].strip() == ","
        and _word_count(text, tail_start, tail_end) >= 1
        and head not in _CLAUSE_OPENERS
    ):
        # Mid-sentence: "The plant, according to engineers at the site, produces 1.2 GW."
        joined = f"{text[start:end]} {text[tail_start:tail_end]}"
        if _word_count(text, start, end) + _word_count(text, tail_start, tail_end) >= 3:
            return [Report(source, start, tail_end, joined)]
    if _word_count(text, start, end) < 3:
        return []
    return [Report(source, start, end)]
