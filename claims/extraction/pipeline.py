"""extract(): paragraphs, then sentences, then quotes, reported speech and statements, scored.

One pass over the article, in order, so pronouns and follow-up quotes can lean on the speakers
seen so far. Everything is linear in the length of the text: each paragraph is scanned a fixed
number of times and attribution looks at most a few hundred characters around a verb.
"""

from __future__ import annotations

import re

from claims.extraction import (
    attribution,
    cues,
    foreign,
    furniture,
    proposal,
    quotes,
    sentences,
    speakers,
)
from claims.extraction import language as language_mod
from claims.extraction import lexicon as lx
from claims.extraction.candidate import Candidate
from claims.extraction.memory import SpeakerMemory, gender_of, is_organisation
from claims.extraction.quotes import Quote
from claims.extraction.speakers import Speaker

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SUBJECT = re.compile(
    r"(?:[^,]{0,60},\s*)?(?P<name>(?:[A-Z][\w'\u2019-]+\s+){1,2}[A-Z][\w'\u2019-]+)"
    r",\s+(?P<description>(?:a|an|the|who|whose)\s[^,]{1,80}),"
)
# Possessive quantifiers and the look-behind keep this linear on a long run of capitals.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'\u2019.-])(?:[A-Z][\w'\u2019-]*+\.?[ \t]++){1,4}[A-Z][\w'\u2019-]*+"
)
# A transcript's turn: "林剑：...", "LIN JIAN: ...", "Mr. Peskov: ...", "Песков: ...".
_TURN = re.compile(
    r"(?P<who>[\u4e00-\u9fff]{2,4}|(?:[A-Z\u0410-\u042f\u0401][\w.'\u2019-]*[ \t]){0,3}"
    r"[A-Z\u0410-\u042f\u0401][\w.'\u2019-]*)[ \t]*[:\uff1a][ \t]*(?=\S)"
)
# Turns of the interviewer, whose words are questions, not claims.
_ASKING = frozenset(
    (
        "Q",
        "QUESTION",
        "INTERVIEWER",
        "MODERATOR",
        "REPORTER",
        "HOST",
        "Вопрос",
        "Корреспондент",
        "\u95ee",
        "\u8bb0\u8005",
        "\u4e3b\u6301\u4eba",
        "\u63d0\u95ee",
    )
)
_ANSWERING = frozenset(("A", "ANSWER", "Ответ", "\u7b54"))
# A sentence that opens with a name and a verb: "Scott bristles at ...", "Schiff called on ...".
# ... or after an opening phrase: "The day before, at a rally in Beaumont, Mr. Trump was ...".
_NAMED_SUBJECT = re.compile(
    r"((?:[A-Z][\w'\u2019.-]*[ \t]+){0,3}[A-Z][\w'\u2019-]+)[ \t]+"
    r"(?=(?:was|is|has|had|were|are|will|would|could|also|then|later|[a-z]+ed|[a-z]+s)\b)"
)
_INSIDE_CAPITALISED = re.compile(
    r"(?:[\w,;:]|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Rev|St)\.)[ \t\xa0]+"
    r"([A-Z][\w'\u2019-]*\w)"
)
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z-]*(?![\w'\u2019-])")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")
# "..., Lindsey Graham Says", "..., Former White House Doctor Claims": a headline's source.
_HEADLINE_SOURCE = re.compile(
    r",[ \t]+(?P<who>(?:[A-Z][\w.'\u2019-]*[ \t]+){0,5}[A-Z][\w.'\u2019-]*)[ \t]+"
    r"(?:Says|Say|Said|Claims|Warns|Argues|Insists|Tells[ \t]+[A-Z][\w.'\u2019-]*)[ \t]*\.?[ \t]*"
)
_TERMINAL = frozenset(".!?\u2026\u3002\uff01\uff1f")
_ATTRIBUTED_LANGUAGES = frozenset(("en", "ru", "zh"))


def extract(text: str, language: str | None = None) -> list[Candidate]:
    """Check-worthy claims in a news report, most check-worthy first (ties: in reading order)."""
    if not isinstance(text, str) or not text.strip():
        return []
    code = _normalise(language) or language_mod.detect_language(text)
    if "''" in text:
        # Two apostrophes for a double quote (''like this'', as some archives print them):
        # read as a quotation mark and a space, which keeps every offset where it was.
        text = text.replace("''", '" ')
    candidates = []
    seen: set[tuple[int, int]] = set()
    for draft in _Reader(text, code).read():
        if (draft.start, draft.end) in seen:
            continue
        seen.add((draft.start, draft.end))
        candidate = proposal.candidate(draft, code)
        if candidate is not None:
            candidates.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.start, c.end))
    return candidates


def _normalise(language: str | None) -> str:
    if not language:
        return ""
    return language.strip().lower().replace("_", "-").split("-")[0]


class _Reader:
    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.memory = SpeakerMemory()
        self.last: Speaker | None = None  # speaker of the latest attributed claim
        self.last_paragraph = -10
        self.drafts: list[proposal.Draft] = []
        self._inside: frozenset[str] | None = None
        self._lower: frozenset[str] | None = None
        self._sentence_start = 0

    def _rival(self, name: str, gender: str, before: int) -> str:
        """Another person of the pronoun's gender named in the sentence before the pronoun, or
        "": "Ruiz met Governor Tom Clark, and he said ..." may mean either."""
        last = name.split()[-1]
        lo = self._sentence_start
        # Names inside a quote are what was said, not who is in view: "“... Sanders ...,” he said".
        lo = max([lo] + [self.text.rfind(mark, lo, before) + 1 for mark in quotes.CLOSING_MARKS])
        for run in _CAPITALISED_RUN.finditer(self.text, lo, before):
            words = run.group().split()
            split = speakers.split_name(words)
            named = words[split.start : split.end]
            if len(named) < 2 or named[-1] == last or named[-1].endswith(("'s", "\u2019s")):
                continue
            full = " ".join(named)
            if is_organisation(full) or any(w in lx.CAPITAL_STOP for w in named):
                continue
            other = split.gender or gender_of(full)
            if not gender or not other or other == gender:
                return full
        return ""

    def _common_word(self, word: str) -> bool:
        if word.endswith(("ly", "ing")) or (len(word) >= 6 and word.endswith("ed")):
            return True  # an adverb or a participle: "Hastily", "Reached by phone"
        if word in lx.LABELS:
            return True
        if self._lower is None:
            self._lower = frozenset(_LOWER_WORD.findall(self.text))
        return word.lower() in self._lower

    def _named_inside(self) -> frozenset[str]:
        """Capitalised words the article writes inside a sentence (after a word or a comma):
        names, rather than words capitalised only because they open a sentence."""
        if self._inside is None:
            self._inside = frozenset(
                _POSSESSIVE_END.sub("", m.group(1)) for m in _INSIDE_CAPITALISED.finditer(self.text)
            )
        return self._inside

    def read(self) -> list[proposal.Draft]:
        spans = [
            (start, end)
            for number, (start, end) in enumerate(sentences.paragraphs(self.text))
            if not furniture.paragraph(self.text[start:end], first=number == 0)
        ]
        if len(spans) > 1 and self._is_headline(*spans[0]):
            # A headline restates the story: offer it as a statement, attribute nothing in it,
            # unless it ends by saying whose words it gives ("..., Former Aide Says").
            if not self._attributed_headline(*spans[0]):
                self._add(spans[0][0], spans[0][1], Speaker(), "statement")
            spans = spans[1:]
            offset = 1
        else:
            offset = 0
        for index, (start, end) in enumerate(spans, start=offset):
            self.memory.paragraph = index
            self.memory.quote_opens = self.text[start] in quotes.OPENERS
            self.memory.paragraph_start = start
            head = self.text[start : start + 40]
            turn = _TURN.match(self.text, start, end) if ":" in head or "\uff1a" in head else None
            if turn is not None and self._turn(turn, start, end, index):
                continue
            found = quotes.find_quotes(self.text, start, end)
            previous = spans[index - offset - 1] if index > offset else None
            for number, sentence in enumerate(sentences.split(self.text, start, end, index, found)):
                lead = self._skip_dateline(sentence) if number == 0 else sentence.start
                self._sentence(sentence, lead, previous if number == 0 else None)
        return self.drafts

    def _turn(self, turn: re.Match[str], start: int, end: int, index: int) -> bool:
        """A transcript's paragraph "NAME: words": the words are the speaker's. Whether the
        paragraph was one (then it has been read)."""
        who = turn.group("who").strip()
        words = who.split()
        if who in _ASKING or who.upper() in _ASKING:
            return True
        if who in _ANSWERING or who.upper() in _ANSWERING:
            who = ""
        elif not _CJK.match(who):
            split = speakers.split_name(words)
            if split.start >= split.end or any(
                w in lx.CAPITAL_STOP or w.rstrip(".") in lx.LABELS or w.endswith(("'s", "\u2019s"))
                for w in words
            ):
                return False  # "Note: ...", "Editor's Note: ...": a label, not a speaker
            who = " ".join(words[split.start : split.end])
            if who.isupper():
                who = who.title()
        speaker = self._resolve(Speaker(who, "", start=start, end=turn.end()), index)
        for sentence in sentences.split(self.text, turn.end(), end, index, []):
            self._add(sentence.start, sentence.end, speaker, "quote")
        return True

    def _is_headline(self, start: int, end: int) -> bool:
        # A title line: short, and ending without a full stop (or a colon that leads into a quote).
        last = self.text[end - 1]
        return (
            last not in _TERMINAL
            and last not in ":;,"
            and proposal.size(self.text[start:end]) <= 25
        )

    def _attributed_headline(self, start: int, end: int) -> bool:
        """A title-case headline that ends with its source: "Clinic Closures Will Rise, Health
        Official Says". Its words before the comma are that source's claim."""
        if self.language != "en":
            return False
        found = _HEADLINE_SOURCE.search(self.text, start, end)
        if found is None or found.end() != end:
            return False
        speaker = speakers.speaker_before(self.text, found.start("who"), found.end("who"))
        if speaker is None or speaker.start != found.start("who") or speaker.pronoun:
            return False
        claim_start, claim_end = attribution.trim(self.text, start, found.start())
        if claim_end - claim_start < 10:
            return False
        resolved = self._resolve(speaker, 0)
        self._add(claim_start, claim_end, resolved, "indirect")
        return True

    def _skip_dateline(self, sentence: sentences.Sentence) -> int:
        return furniture.dateline_end(self.text, sentence.start, sentence.end, self.language)

    def _sentence(
        self, sentence: sentences.Sentence, start: int, previous: tuple[int, int] | None
    ) -> None:
        self._sentence_start = start
        if self.language == "en" and self._attributed_headline(start, sentence.end):
            return  # a title run into the text: "Costs Will Rise, Analysts Say. The ..."
        if self.language == "en":
            self._remember_subject(start, sentence.end)
        speech = [q for q in sentence.quotes if quotes.is_speech(self.text, q, start)]
        reports: list[attribution.Report] = []
        words = None
        if speech and self.language == "en":
            # "Ms. Lee said that in her state, “there is a huge degree of pessimism.”": the quote
            # ends a reported clause, which is the claim.
            words = cues.words_of(self.text[start : sentence.end])
            reports = attribution.reported(self.text, start, sentence.end, words=words)
            if not self._quotes_inside(reports, speech):
                reports = []
        if speech and not reports:
            self._quotes(sentence, start, speech, previous)
            return
        if self.language == "en" and not reports:
            words = words or cues.words_of(self.text[start : sentence.end])
            reports = attribution.reported(self.text, start, sentence.end, words=words)
        elif self.language != "en" and self.language in _ATTRIBUTED_LANGUAGES:
            reports = foreign.reported(self.text, start, sentence.end, self.language)
        if reports:
            first = reports[0].speaker
            speaker = self._resolve(first, sentence.paragraph)
            for report in reports:
                if report.speaker is not first:
                    speaker = self._resolve(report.speaker, sentence.paragraph)
                if report.text is None:
                    self._add(report.start, report.end, speaker, "indirect")
                else:
                    self._add_text(report.start, report.end, report.text, speaker, "indirect")
            return
        if self.language == "en":
            self._remember_people(start, sentence.end)
        if start < sentence.end:
            text = self.text[start : sentence.end]
            self.drafts.append(
                proposal.Draft(start, sentence.end, text, Speaker(), "statement", words)
            )

    def _quotes_inside(self, reports: list[attribution.Report], speech: list[Quote]) -> bool:
        """Whether every quote lies inside a reported clause, after some words of its own, or is a
        short scare-quoted phrase before the first one ("Lee, who calls it a “fraud,” said")."""
        if not reports:
            return False
        for quote in speech:
            if quote.close <= reports[0].start:
                if proposal.size(self.text[quote.inner_start : quote.inner_end]) > 3:
                    return False
                continue
            holder = next((r for r in reports if r.start <= quote.open < r.end), None)
            if holder is None or quote.close > holder.end + 1:
                return False
            if proposal.size(self.text[holder.start : quote.open]) < 2:
                return False  # "X said that “...”": the quote is the claim
        return True

    def _quotes(
        self,
        sentence: sentences.Sentence,
        start: int,
        speech: list[Quote],
        previous: tuple[int, int] | None,
    ) -> None:
        if self.language == "ru":
            speech = self._inner_attributions(sentence, speech)
            if not speech:
                return
        count = len(speech)
        found: list[Speaker | None] = []
        from_after: list[bool] = []
        for index, quote in enumerate(speech):
            after_end = speech[index + 1].open if index + 1 < count else sentence.end
            before_start = speech[index - 1].close if index else start
            # A colon introduces the quote explicitly: then the words before it are its
            # attribution even if more follows ("X said: "..." He added ...").
            lead_in = self.text[before_start : quote.open].rstrip()[-1:] in (":", "\uff1a")
            speaker = self._before(before_start, quote.open) if lead_in else None
            if speaker is None:
                speaker = self._after(quote.close, after_end)
            from_after.append(speaker is not None and not lead_in)
            if speaker is None:
                speaker = self._before(before_start, quote.open)
            found.append(speaker)
        for index in range(count):
            if found[index] is None:
                # A quote split around its attribution shares it: "A," she said, "B."
                near = [found[i] for i in (index - 1, index + 1) if 0 <= i < count and found[i]]
                found[index] = near[0] if near else None

        resolved: dict[int, Speaker] = {}
        speakers: list[Speaker] = []
        for index, speaker in enumerate(found):
            if speaker is None:
                speakers.append(self._unattributed(sentence, start, speech[index], previous))
                continue
            if id(speaker) not in resolved:
                resolved[id(speaker)] = self._resolve(speaker, sentence.paragraph)
            speakers.append(resolved[id(speaker)])

        index = 0
        while index < count:
            quote, speaker = speech[index], speakers[index]
            first = self._inner(quote)
            if (
                index + 1 < count
                and from_after[index]
                and self._continues(quote, speech[index + 1])
            ):
                second = self._inner(speech[index + 1])
                joined = f"{self.text[first[0] : first[1]]} {self.text[second[0] : second[1]]}"
                self._add_text(first[0], second[1], joined, speaker, "quote")
                index += 2
                continue
            self._add(first[0], first[1], speaker, "quote")
            if from_after[index] and self.language == "en" and found[index] is not None:
                after_end = speech[index + 1].open if index + 1 < count else sentence.end
                end = max(quote.close, found[index].end)  # type: ignore[union-attr]
                for report in attribution.continuation(self.text, end, after_end, speaker):
                    self._add(report.start, report.end, speaker, "indirect")
            index += 1

    def _inner_attributions(self, sentence: sentences.Sentence, speech: list[Quote]) -> list[Quote]:
        """Quotes with their attribution inside them (Russian style) become one candidate each;
        the other quotes are left for the usual rules."""
        rest = []
        for quote in speech:
            inner = foreign.inner_attribution(self.text, quote.inner_start, quote.inner_end)
            if inner is None:
                rest.append(quote)
                continue
            speaker, cut_start, cut_end = inner
            first = self.text[quote.inner_start : cut_start].strip(" ,")
            second = self.text[cut_end : quote.inner_end].strip()
            resolved = self._resolve(speaker, sentence.paragraph)
            self._add_text(
                quote.inner_start, quote.inner_end, f"{first}, {second}", resolved, "quote"
            )
        return rest

    def _unattributed(
        self,
        sentence: sentences.Sentence,
        start: int,
        quote: Quote,
        previous: tuple[int, int] | None,
    ) -> Speaker:
        """A quote with no attribution in its sentence: introduced by the previous paragraph
        ("The mayor said:") or continuing the latest speaker, as news convention has it."""
        if previous and quote.open == start and self.text[previous[1] - 1] == ":":
            speaker = self._before(max(previous[0], previous[1] - 300), previous[1])
            if speaker is not None:
                return self._resolve(speaker, sentence.paragraph)
        distance = sentence.paragraph - self.last_paragraph
        # Into the next paragraph only when the quote opens it (the wire's running quote): a
        # quote further into a new paragraph named the wrong person three times in four.
        if self.last is not None and (
            distance <= 0 or (distance == 1 and quote.open == self.memory.paragraph_start)
        ):
            self.last_paragraph = sentence.paragraph
            return self.last
        return Speaker()

    def _continues(self, first: Quote, second: Quote) -> bool:
        """Whether two quotes are one sentence split by its attribution: "The bus," she said,
        "runs on time." """
        head = self.text[first.inner_start : first.inner_end].rstrip()
        tail = self.text[second.inner_start : second.inner_end].lstrip()
        return bool(head and tail) and head[-1] not in _TERMINAL and tail[0].islower()

    def _inner(self, quote: Quote) -> tuple[int, int]:
        start, end = quote.inner_start, quote.inner_end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",\uff0c"):
            end -= 1
        return start, end

    def _after(self, lo: int, hi: int) -> Speaker | None:
        if self.language == "en":
            return attribution.after_quote(self.text, lo, hi)
        if self.language in _ATTRIBUTED_LANGUAGES:
            return foreign.after_quote(self.text, lo, hi, self.language)
        return None

    def _before(self, lo: int, hi: int) -> Speaker | None:
        if self.language == "en":
            return attribution.before_quote(self.text, lo, hi)
        if self.language in _ATTRIBUTED_LANGUAGES:
            return foreign.before_quote(self.text, lo, hi, self.language)
        return None

    def _resolve(self, speaker: Speaker, paragraph: int) -> Speaker:
        resolved = self.memory.resolve(speaker)
        if speaker.pronoun and resolved.name and self.language == "en":
            rival = self._rival(resolved.name, speaker.gender, speaker.start)
            if rival:
                # "Ruiz met Governor Tom Clark, and he said ...": either may be meant.
                return resolved.changed(
                    name="",
                    description="",
                    note=f"“{speaker.pronoun}”: {resolved.name} or {rival}",
                )
        if (
            speaker.name
            and self.language == "en"
            and " " not in resolved.name
            and "\xa0" not in resolved.name
            and not resolved.name.isupper()
            and resolved.name not in self._named_inside()
            and self._common_word(resolved.name)
        ):
            # A lone capitalised word seen only where every word is capitalised (opening a
            # sentence), which the article also writes in lowercase or which reads as an adverb
            # or a participle, is no name: "Hastily politicizing ...", "Allies say ...".
            resolved = resolved.changed(
                name="", note=f"“{resolved.name}”: not clearly a name", description=""
            )
        if resolved.name or resolved.description:
            self.last = resolved
            self.last_paragraph = paragraph
        return resolved

    def _remember_subject(self, start: int, end: int) -> None:
        """The person a sentence is about when it opens with their name: the "he" of a quote
        later in the sentence or the next one is them, more often than the last speaker."""
        found = _NAMED_SUBJECT.match(self.text, start, min(end, start + 100))
        opener = self.text[start : start + 12].split(" ", 1)[0]
        if found is None and opener in lx.CAPITAL_STOP:
            comma = self.text.find(", ", start, min(end, start + 62))
            found = (
                _NAMED_SUBJECT.match(self.text, comma + 2, min(end, comma + 102))
                if comma > 0
                else None
            )
        if found is None:
            return
        words = found.group(1).split()
        split = speakers.split_name(words)
        name_words = words[split.start : split.end]
        if not name_words or any(
            w in lx.CAPITAL_STOP or w.endswith(("'s", "\u2019s")) for w in name_words
        ):
            return
        name = self.memory.expand(" ".join(name_words))
        titled = bool(split.title) or bool(split.gender)  # "Mr. Hoenlein", "Senator Graham"
        if (" " not in name and not titled and not self.memory.knows(name)) or is_organisation(
            name
        ):
            return  # a lone word that no earlier full name explains may be anything
        self.memory.mention(name, " ".join(split.title), split.gender)

    def _remember_people(self, start: int, end: int) -> None:
        """People a later "he" or "the mayor" may mean, though they said nothing here: "Ali Khan,
        the energy minister, opened the summit", "Mayor Jamshed Olimov addressed residents"."""
        found = _SUBJECT.match(self.text, start, min(end, start + 160))
        if found is not None:
            words = found.group("name").split()
            if not any(w.lower() in lx.ORGANISATIONS or w in lx.CAPITAL_STOP for w in words):
                self.memory.mention(" ".join(words), found.group("description"))
        for run in _CAPITALISED_RUN.finditer(self.text, start, end):
            words = run.group().split()
            split = speakers.split_name(words)
            if split.title and split.end - split.start >= 2:
                name = " ".join(words[split.start : split.end])
                self.memory.mention(name, " ".join(split.title), split.gender)

    def _add(self, start: int, end: int, speaker: Speaker, kind: str) -> None:
        if start < end:
            self._add_text(start, end, self.text[start:end], speaker, kind)

    def _add_text(self, start: int, end: int, text: str, speaker: Speaker, kind: str) -> None:
        if start < end:
            self.drafts.append(proposal.Draft(start, end, text, speaker, kind))
