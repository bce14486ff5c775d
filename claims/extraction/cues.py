"""Words that make a sentence worth checking (numbers, records, forecasts, comparisons, causes)
and words that make it less so (hedges, opinions, pleasantries), per language.

Speed matters here: every sentence of every article is scored. A regular expression with a long
alternation costs microseconds per sentence, so English cues first look at the set of the
sentence's words: a word in `direct` settles the question, and the phrase pattern only runs when
one of its `triggers` (or a word ending in `suffix`) is there at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Punctuation and digits become spaces, so that str.split() yields the words (faster than a regex).
_SEPARATORS = {ord(c): " " for c in '!"#$%&()*+,-./0123456789:;<=>?@[\\]^_`{|}~'}
_SEPARATORS.update({ord(c): " " for c in "\u201c\u201d\u201e\u00ab\u00bb\u2014\u2013\u2026\u2018"})
_SEPARATORS[ord("\u2019")] = "'"


def words_of(text: str) -> frozenset[str]:
    """The lowercase words of a text, the input every English cue looks at first."""
    return frozenset(text.lower().translate(_SEPARATORS).split())


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: re.Pattern[str] | None = None
    direct: frozenset[str] = frozenset()
    triggers: frozenset[str] | None = None  # None: always run the pattern (scripts without spaces)
    suffix: re.Pattern[str] | None = None  # or run it when this matches somewhere

    def found(self, text: str, words: frozenset[str]) -> bool:
        if self.direct and not self.direct.isdisjoint(words):
            return True
        if self.pattern is None:
            return False
        if (
            self.triggers is not None
            and self.triggers.isdisjoint(words)
            and (self.suffix is None or self.suffix.search(text) is None)
        ):
            return False
        return self.pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class CueSet:
    number: Cue
    superlative: Cue
    strong_prediction: Cue
    weak_prediction: Cue
    comparison: Cue
    causal: Cue
    hedge: Cue
    opinion: Cue
    named: re.Pattern[str] | None = None  # for scripts without capital letters
    uses_words: bool = False


_NEVER = Cue()
_CHANGE_VERBS = (
    "reach cut double triple halve rise fall grow increase reduce become exceed save create cost "
    "generate carry produce supply cover serve open start begin complete replace connect run"
)
_EST_NOT_SUPERLATIVE = (
    "forest|interest|west|test|rest|request|protest|contest|harvest|guest|chest|nest|quest|latest|"
    "suggest|honest|modest|invest|arrest|digest|manifest|unrest|crest|pest|inquest"
)

ENGLISH = CueSet(
    number=Cue(
        pattern=re.compile(r"\bper cent\b"),
        direct=_set(
            "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
            "forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million "
            "millions billion billions trillion trillions dozen dozens half percent"
        ),
        triggers=_set("cent"),
    ),
    superlative=Cue(
        pattern=re.compile(
            r"\b(?:never before|the most|the least|(?:the|its|their|a|world's|country's|region's|"
            r"nation's|city's|capital's)\s+(?:first|(?!(?:" + _EST_NOT_SUPERLATIVE + r")\b)"
            r"[a-z]+est))\b"
        ),
        direct=_set(
            "largest biggest highest lowest greatest smallest longest shortest fastest "
            "slowest cheapest oldest newest busiest deadliest hottest warmest coldest driest "
            "wettest cleanest dirtiest strongest weakest best worst record unprecedented "
            # absolutes are as checkable as records: "runs entirely on wind and solar power"
            "entirely solely wholly exclusively fully"
        ),
        triggers=_set("never most least first"),
        suffix=re.compile(r"est\b"),
    ),
    strong_prediction=Cue(
        pattern=re.compile(
            r"\b(?:by (?:the end of )?(?:19|20)\d\d|on track to|expected to|set to|projected to|"
            r"forecast to|plans? to|aims? to|aiming to|goal (?:of|is)|within the next|"
            r"by the end of|next (?:year|decade)|in the coming (?:years|decade|months)|"
            r"due to (?:open|start|begin|be completed)|will (?:"
            + _CHANGE_VERBS.replace(" ", "|")
            + r"))\b"
        ),
        direct=_set("planned target targets"),
        triggers=_set(
            "by track expected set projected forecast plan plans aim aims aiming goal "
            "within end next coming due will"
        ),
    ),
    weak_prediction=Cue(
        pattern=re.compile(r"\bgoing to\b|'ll\b"),
        direct=_set("will would shall won't"),
        triggers=_set("going"),
        suffix=re.compile(r"'ll\b"),
    ),
    comparison=Cue(
        pattern=re.compile(
            # "than" first, then a look back at the word before it: a pattern that starts with
            # [a-z]+ would be tried at every position of every sentence.
            r"(?<=[a-z] )than\b(?<!rather than)(?<!other than)(?<!sooner than)"
            r"|\b(?:(?:two|three|four|five|ten|\d+) times (?:as|more|less|higher|lower|the|faster)"
            r"|compared (?:with|to)|up from|down from|by (?:a|one) (?:third|half|quarter|fifth))\b"
        ),
        direct=_set(
            "twice versus doubled tripled halved rose risen fell fallen dropped declined decreased "
            "increased grew grown surged jumped plunged climbed outpaced exceeded surpassed "
            "overtook shrank shrunk expanded soared slumped tumbled"
        ),
        triggers=_set("than times compared up down by"),
    ),
    causal=Cue(
        pattern=re.compile(
            r"\b(?:due to|thanks to|as a result|result(?:ed|s|ing)? in|led to|lead(?:s|ing)? to|"
            r"owing to|driven by|contribut(?:ed|es|ing) to|attributed to|so that|which means|"
            r"helped (?:to )?(?:cut|reduce|lower|raise|boost|save|bring))\b"
        ),
        direct=_set("because therefore consequently caused cause causes causing blamed"),
        triggers=_set(
            "due thanks result resulted results resulting led lead leads leading owing "
            "driven contributed contributes contributing attributed so which helped"
        ),
    ),
    hedge=Cue(
        pattern=re.compile(
            r"\b(?:may|[Ss]ome say|[Ss]ome believe|appears? to|seems? to|[Ii]t is possible)\b"
        ),
        direct=_set("might could perhaps possibly probably maybe likely unlikely"),
        triggers=_set("may some appears appear seems seem possible"),
    ),
    opinion=Cue(
        pattern=re.compile(
            r"\b(?:great|I think|I believe|I feel|[Ww]e believe|[Ww]e think|[Ww]e feel|"
            r"[Ii]n my (?:view|opinion))\b"
        ),
        direct=_set(
            "beautiful wonderful amazing fantastic excellent proud happy pleased delighted "
            "grateful thank thanks welcome honoured honored glad excited thrilled lovely "
            "impressive inspiring marvellous marvelous incredible magnificent privilege pleasure "
            "hospitality good bad fair unfair painful terrible awful disappointing encouraging "
            "shameful brilliant nice sad regrettable admirable remarkable outstanding congratulate "
            "congratulations congratulated"
        ),
        triggers=_set("great think believe feel view opinion"),
    ),
    uses_words=True,
)


def _always(pattern: str) -> Cue:
    return Cue(pattern=re.compile(pattern))


RUSSIAN = CueSet(
    number=_always(
        r"(?i)(?<!\w)(?:тысяч\w*|миллион\w*|млн|млрд|миллиард\w*|процент\w*|половин\w*|два|две|три|"
        r"четыре|пять|шесть|семь|восемь|девять|десять|двадцать|тридцать|сто|сотни)(?!\w)"
    ),
    superlative=_always(
        r"(?i)(?<!\w)(?:сам(?:ый|ая|ое|ые|ого|ой|ом|ых|ую)|\w+ейш(?:ий|ая|ее|ие|его|ей|их|ую)|"
        r"\w+айш\w+|перв(?:ый|ая|ое|ые|ого|ой|ую)|рекорд\w*|впервые)(?!\w)"
    ),
    strong_prediction=_always(
        r"(?i)(?<!\w)(?:к \d{4} год\w*|планиру\w+|намерен\w*|ожида\w+|прогноз\w*|собира\w+ся|"
        r"в ближайшие)(?!\w)"
    ),
    weak_prediction=_always(r"(?i)(?<!\w)(?:будет|будут|станет|станут)(?!\w)"),
    comparison=_always(
        r"(?i)(?<!\w)(?:больше|меньше|выше|ниже|чем|в \w+ раза?|по сравнению|вырос\w*|"
        r"снизил\w*|сократил\w*|увеличил\w*|удвоил\w*|превыси\w*)(?!\w)"
    ),
    causal=_always(
        r"(?i)(?<!\w)(?:потому что|из-за|благодаря|в результате|поэтому|вследствие|привел\w* к|"
        r"так как)(?!\w)"
    ),
    hedge=_always(r"(?i)(?<!\w)(?:может|могут|возможно|вероятно|наверное|по-видимому)(?!\w)"),
    opinion=_always(
        r"(?i)(?<!\w)(?:я думаю|я считаю|мы считаем|рад(?:а|ы)?|горд\w+|прекрасн\w*|замечательн\w*|"
        r"спасибо|благодар(?:им|ю)|красив\w*)(?!\w)"
    ),
)

CHINESE = CueSet(
    number=_always(
        r"[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343\u4e07\u4ebf"
        r"\u4e24]+(?:\u4e07|\u4ebf|\u5343|\u767e|%|\u500d|\u4e2a|\u5ea7|\u8f86|\u5428|\u516c\u91cc)"
        r"|\u767e\u5206\u4e4b|\uff05"
    ),
    superlative=_always(
        r"\u6700|\u7b2c\u4e00|\u9996\u4e2a|\u9996\u6b21|\u9996\u5ea7|\u9996\u5bb6|\u7eaa\u5f55|"
        r"\u8bb0\u5f55"
    ),
    strong_prediction=_always(
        r"\u9884\u8ba1|\u8ba1\u5212|\u5230\d{4}\u5e74|\u6709\u671b|\u76ee\u6807|\u529b\u4e89"
    ),
    weak_prediction=_always(r"\u5c06(?!\u519b)"),
    comparison=_always(
        r"\u6bd4|\u8d85\u8fc7|\u9ad8\u4e8e|\u4f4e\u4e8e|\u591a\u4e8e|\u5c11\u4e8e|\u589e\u957f|"
        r"\u4e0b\u964d|\u51cf\u5c11|\u7ffb\u756a|\u500d"
    ),
    causal=_always(
        r"\u56e0\u4e3a|\u7531\u4e8e|\u5bfc\u81f4|\u56e0\u6b64|\u6240\u4ee5|\u5f97\u76ca\u4e8e|"
        r"\u9020\u6210|\u4fc3\u4f7f"
    ),
    hedge=_always(r"\u53ef\u80fd|\u6216\u8bb8|\u4e5f\u8bb8|\u5927\u6982"),
    opinion=_always(
        r"\u6211\u8ba4\u4e3a|\u6211\u89c9\u5f97|\u9ad8\u5174|\u8363\u5e78|\u81ea\u8c6a|"
        r"\u611f\u8c22|\u7f8e\u4e3d|\u6b22\u8fce"
    ),
    named=re.compile(
        r"[\u4e00-\u9fff]{1,8}(?:\u5e02|\u7701|\u53bf|\u56fd|\u90e8|\u5c40|\u59d4\u5458\u4f1a|"
        r"\u94f6\u884c|\u516c\u53f8|\u5927\u5b66|\u7814\u7a76\u9662|\u653f\u5e9c|\u96c6\u56e2)"
    ),
)

GENERIC = CueSet(
    number=_NEVER,
    superlative=_NEVER,
    strong_prediction=_NEVER,
    weak_prediction=_NEVER,
    comparison=_NEVER,
    causal=_NEVER,
    hedge=_NEVER,
    opinion=_NEVER,
)

BY_LANGUAGE = {"en": ENGLISH, "ru": RUSSIAN, "zh": CHINESE}


def for_language(language: str) -> CueSet:
    return BY_LANGUAGE.get(language, GENERIC)
