"""What sentence embeddings cannot see: two claims that differ only in a number, a negation, a
superlative turned round, a place or a speaker read as near-identical ("20" and "200",
"first" and "last"). The guard compares those features of two texts, in English, Russian and
Chinese alike (so across languages too), and reports what differs; matching then says "related,
but not the same claim" instead of calling them duplicates.

Heuristics, tuned to claims as fact-checkers write them: a difference is reported only when both
texts say something about the feature and what they say disagrees (a paraphrase that leaves a
number out is not a contradiction).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from claims import text as desk_text


@dataclass(frozen=True)
class Difference:
    kind: str  # "number", "negation", "antonym", "place", "speaker"
    query: str  # what the text being matched says ("" when it says nothing of the kind)
    candidate: str  # what the claim it was matched with says

    def __str__(self) -> str:
        return f"{self.kind}: {self.query or '—'} / {self.candidate or '—'}"


# --- Numbers ----------------------------------------------------------------------------------

_CJK_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# A lone Chinese numeral is a number only before one of these (一些, 一样, 统一 are not).
_ZH_MEASURES = set("个座条辆年岁次人名位项家所台架艘倍成分元米吨斤亿万千百十度天月周号公里")

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_RU_UNITS = {
    "ноль": 0, "один": 1, "одна": 1, "одно": 1, "одного": 1, "два": 2, "две": 2, "двух": 2,
    "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4, "пять": 5, "пяти": 5,
    "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9,
    "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11, "двенадцать": 12,
    "пятнадцать": 15, "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30,
    "сорок": 40, "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "семьдесят": 70,
    "восемьдесят": 80, "девяносто": 90, "сто": 100, "ста": 100, "двести": 200,
    "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700,
    "восемьсот": 800, "девятьсот": 900, "полтора": 1.5, "полторы": 1.5, "двухсот": 200,
    "трёхсот": 300, "трехсот": 300, "пятисот": 500, "сорока": 40, "девяноста": 90, "полвека": 50,
}  # fmt: skip
_RU_SCALES = [
    (re.compile(r"^(тыс|тысяч\w*)$"), 1e3),
    (re.compile(r"^(млн|миллион\w*)$"), 1e6),
    (re.compile(r"^(млрд|миллиард\w*)$"), 1e9),
    (re.compile(r"^(трлн|триллион\w*)$"), 1e12),
    (re.compile(r"^десят(ок|ка|ков)$"), 10),
]
_DECADES = re.compile(r"^(decades?|десятилети\w*)$")
_TIMES = re.compile(r"^(times|раз|раза)$")
_FRACTIONS = {
    "half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1,
    "половина": 0.5, "половину": 0.5, "половины": 0.5, "треть": 1 / 3, "трети": 1 / 3,
    "четверть": 0.25, "пятая": 0.2, "десятая": 0.1, "десятую": 0.1,
}  # fmt: skip
_ORDINAL_SHARES = {
    "two": 0.5, "three": 1 / 3, "four": 0.25, "five": 0.2, "ten": 0.1,
    "второй": 0.5, "третий": 1 / 3, "четвёртый": 0.25, "пятый": 0.2, "десятый": 0.1,
}  # fmt: skip
_MULTIPLIERS = {
    "double": 2, "doubled": 2, "doubles": 2, "twice": 2, "triple": 3, "tripled": 3,
    "вдвое": 2, "удвоился": 2, "удвоилось": 2, "удвоится": 2, "удвоил": 2, "втрое": 3,
    "утроился": 3, "вчетверо": 4,
}  # fmt: skip
_PERCENT_WORDS = re.compile(r"^(percent|процент\w*)$")
_MONTHS = re.compile(
    r"^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]"
    r"|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)$"
)
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
# Phrases that are numbers of years, and units worth converting so that 6亿千瓦 meets
# 600 gigawatts and 1.3万亿斤 meets 650 million tonnes: mass in tonnes, power in kilowatts,
# length in metres, short spans of time in seconds.
_PHRASES = [
    (re.compile(r"четверть век\w*"), " 25 лет "),
    (re.compile(r"полвек\w*|полсотни лет"), " 50 лет "),
    (re.compile(r"half a century"), " 50 years "),
    (re.compile(r"a quarter of a century"), " 25 years "),
    (re.compile(r"千瓦"), " kw "),
    (re.compile(r"公里|千米"), " km "),
    (re.compile(r"公斤|千克"), " kg "),
    (re.compile(r"厘米"), " cm "),
    (re.compile(r"毫米"), " mm "),
]
_UNITS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"^(tonnes?|tons?|тонн\w*|吨)$"), 1.0),
    (re.compile(r"^(kg|kilograms?|kilos?|килограмм\w*|кг)$"), 1e-3),
    (re.compile(r"^(斤)"), 5e-4),
    (re.compile(r"^(gw|gigawatts?|гигаватт\w*|гвт)$"), 1e6),
    (re.compile(r"^(mw|megawatts?|мегаватт\w*|мвт)$"), 1e3),
    (re.compile(r"^(kw|kilowatts?|киловатт\w*|квт)$"), 1.0),
    (re.compile(r"^(km|kilometres?|kilometers?|километр\w*|км)$"), 1e3),
    (re.compile(r"^(m|metres?|meters?|метр\w*|米)$"), 1.0),
    (re.compile(r"^(cm|centimetres?|centimeters?|сантиметр\w*|см)$"), 1e-2),
    (re.compile(r"^(mm|millimetres?|millimeters?|миллиметр\w*|мм)$"), 1e-3),
    (re.compile(r"^(seconds?|секунд\w*|秒)"), 1.0),
    (re.compile(r"^(minutes?|минут\w*)$"), 60.0),
    (re.compile(r"^(hours?|час|часа|часов)$"), 3600.0),
    (re.compile(r"^(months?|месяц\w*)$"), 2_592_000.0),
]

_TOKEN = re.compile(
    rf"\d+(?:\.\d+)?|%|百分之[{_CJK_NUMERALS}\d.]+|[{_CJK_NUMERALS}]+|[^\W\d_{_CJK_NUMERALS}]+"
)
_ZH_ABOUT = re.compile(rf"(?<=[{_CJK_NUMERALS}\d])多(?=[万亿千百])")  # 八百多万: about 8 million
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # "" (an amount or share; percents are shares), "x" (a multiplier), "year", "date"
    shown: str

    @property
    def group(self) -> str:
        """What it can be compared with: years with years, days of the month with days, any
        amount with any amount ("twice" is a count as often as a multiplier)."""
        return "" if self.kind == "x" else self.kind

    def same(self, other: Quantity) -> bool:
        # Only rounding is forgiven: 2026 and 2028, 8,848.86 and 8,844.43 are different claims.
        if self.group != other.group:
            return False
        return abs(self.value - other.value) <= 1e-6 * max(abs(self.value), abs(other.value))


def _zh_value(run: str) -> float | None:
    """A Chinese numeral (三十八, 一百万, 一万三千亿, 二〇二二) as a number."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in run:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch] if digit is None else digit * 10 + _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL_UNITS:
            section += (1 if digit is None else digit) * _ZH_SMALL_UNITS[ch]
            digit = None
        elif ch in _ZH_BIG_UNITS:
            section += digit or 0
            digit = None
            # 万亿: a big unit straight after another multiplies what came before
            total = (
                (total or 1) * _ZH_BIG_UNITS[ch]
                if section == 0
                else ((total + section) * _ZH_BIG_UNITS[ch])
            )
            section = 0.0
        else:
            return None
    return total + section + (digit or 0)


def _prepare(claim_text: str) -> str:
    value = unicodedata.normalize("NFKC", claim_text).casefold()
    value = _ZH_ABOUT.sub("", value.replace("\u2212", "-"))
    for pattern, replacement in _PHRASES:
        value = pattern.sub(replacement, value)
    return _DECIMAL_COMMA.sub(".", _THOUSANDS.sub("", value))


@functools.lru_cache(maxsize=4096)
def quantities(claim_text: str) -> tuple[Quantity, ...]:
    """Numbers a claim states: digits with their scale words (thousand, млн, 万), number words
    of the three languages, shares (20%, a fifth, one in three, 六成, 三分之一) as fractions,
    and multipliers (doubled, втрое, 翻一番). Ordinals and years-as-words are left out."""
    prepared = _prepare(claim_text)
    tokens = _TOKEN.findall(prepared)
    found: list[Quantity] = []
    skip_one = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        value: float | None = None
        kind = ""
        shown = token
        consumed = 1
        if token[0].isdigit():
            value = float(token)
            rest = ""
            # Chinese scale characters glued to the digits: 1.6万, 2000亿, 3万亿
            j = i + 1
            if nxt and nxt[0] in _CJK_NUMERALS and all(c in "万亿千百" for c in nxt):
                rest = nxt
                j = i + 2
            if rest:
                for ch in rest:
                    value *= {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}[ch]
                shown = token + rest
                consumed = j - i
            elif nxt in _EN_SCALES and not (nxt in {"m", "b"} and len(token) > 4):
                value *= _EN_SCALES[nxt]
                shown, consumed = f"{token} {nxt}", 2
            else:
                for pattern, scale in _RU_SCALES:
                    if pattern.match(nxt):
                        value *= scale
                        shown, consumed = f"{token} {nxt}", 2
                        break
            after = tokens[i + consumed] if i + consumed < len(tokens) else ""
            after2 = tokens[i + consumed + 1] if i + consumed + 1 < len(tokens) else ""
            if after in _ORDINAL_SUFFIX:
                value = None  # the 20th century
            elif after == "%" or _PERCENT_WORDS.match(after) or (after, after2) == ("per", "cent"):
                value /= 100
                shown += "%"
                consumed += 2 if after == "per" else 1
        elif token.startswith("百分之"):
            digits = token[3:]
            parsed = float(digits) if digits[0].isdigit() else _zh_value(digits)
            if parsed is not None:
                value, shown = parsed / 100, token
        elif token[0] in _CJK_NUMERALS:
            if i > 0 and tokens[i - 1].endswith("第"):
                pass
            else:
                value, consumed, shown, kind = _zh_quantity(token, tokens, i)
        elif token in {"one", "каждый"} and nxt in {"in"} | set(_ORDINAL_SHARES):
            # "one in three", "каждый третий"
            share_word = tokens[i + 2] if nxt == "in" and i + 2 < len(tokens) else nxt
            if share_word in _ORDINAL_SHARES:
                value = _ORDINAL_SHARES[share_word]
                consumed = 3 if nxt == "in" else 2
                shown = " ".join(tokens[i : i + consumed])
        elif token in _EN_UNITS or token in _RU_UNITS or token in _WORD_SCALES:
            value, consumed, shown = _word_number(tokens, i)
            if value is not None:
                after = tokens[i + consumed] if i + consumed < len(tokens) else ""
                if after == "%" or _PERCENT_WORDS.match(after):
                    value /= 100
                    consumed += 1
                elif after.rstrip("s") in _FRACTIONS or after in _FRACTIONS:
                    value *= _FRACTIONS.get(after, _FRACTIONS.get(after.rstrip("s"), 1.0))
                    shown, consumed = f"{shown} {after}", consumed + 1
        elif token in _FRACTIONS:
            value = _FRACTIONS[token]
        elif token in _MULTIPLIERS:
            value, kind = float(_MULTIPLIERS[token]), "x"
        if value is not None and kind == "":
            after = tokens[i + consumed] if i + consumed < len(tokens) else ""
            before = tokens[i - 1] if i > 0 else ""
            unit = next((f for pattern, f in _UNITS if pattern.match(after)), None)
            plain = consumed == 1 and token.isdigit()
            if plain and 1800 <= value <= 2100 and len(token) == 4:
                kind = "year"  # in 2023, 2060年
            elif (
                plain
                and value <= 31
                and (
                    _MONTHS.match(before) or _MONTHS.match(after) or after[:1] in {"月", "日", "号"}
                )
            ):
                kind = "date"  # October 17, 17 октября, 10月17日: when, not how much
            elif unit is not None:
                value *= unit
                shown = f"{shown} {after}"
            elif _DECADES.match(after):
                value *= 10
            elif _TIMES.match(after) or after.startswith("倍"):
                kind = "x"
            if i > 0 and tokens[i - 1].endswith("每") and value:
                value = 1 / value  # 每三个人中就有一个: one in three
                skip_one = True
            elif skip_one and token in {"一"}:
                skip_one = False
                value = None
        if value is not None:
            found.append(Quantity(round(value, 9), kind, shown))
        i += consumed
    return tuple(found)


def _zh_quantity(token: str, tokens: list[str], i: int) -> tuple[float | None, int, str, str]:
    following = ""
    # the character after the numeral run, read from the next token if the run ended there
    if i + 1 < len(tokens):
        following = tokens[i + 1][:1]
    if token.startswith("翻") or (token in {"一"} and following == "番"):
        return 2.0, 1, token, "x"
    if "分之" in "".join(tokens[i : i + 3]) and i + 2 < len(tokens):
        denominator = _zh_value(token)
        numerator = _zh_value(tokens[i + 2]) if tokens[i + 2][0] in _CJK_NUMERALS else None
        if denominator and numerator is not None:
            return numerator / denominator, 3, "".join(tokens[i : i + 3]), ""
    if following == "成":
        tenth = _zh_value(token)
        extra = tokens[i + 2] if i + 2 < len(tokens) and tokens[i + 1] == "成" else ""
        extra_value = _zh_value(extra) if extra and extra[0] in _CJK_NUMERALS else None
        if tenth is not None:
            share = tenth / 10 + (extra_value / 100 if extra_value is not None else 0)
            return share, 3 if extra_value is not None else 2, token + "成" + extra, ""
    if token in {"一"} and following == "半":
        return 0.5, 1, "一半", ""
    if len(token) == 1 and following not in _ZH_MEASURES and not token_is_big(token):
        return None, 1, token, ""
    if set(token) <= {"一"}:
        return None, 1, token, ""
    return _zh_value(token), 1, token, ""


def token_is_big(token: str) -> bool:
    return token in _ZH_BIG_UNITS


_WORD_SCALES = {"hundred", "thousand", "million", "billion", "trillion"}


def _word_number(tokens: list[str], i: int) -> tuple[float | None, int, str]:
    """Number words, compounds included: "twenty five", "two hundred", "двести пятьдесят",
    "three million". "one" alone is not a number (one of them, one day)."""
    total = 0.0
    current = 0.0
    j = i
    while j < len(tokens):
        word = tokens[j]
        if word in _EN_UNITS or word in _RU_UNITS:
            current += _EN_UNITS.get(word, _RU_UNITS.get(word, 0))
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES and word not in {"m", "b", "k"}:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
        elif any(pattern.match(word) for pattern, _ in _RU_SCALES):
            scale = next(s for pattern, s in _RU_SCALES if pattern.match(word))
            total += (current or 1) * scale
            current = 0
        elif word in {"and", "с"} and tokens[j + 1 : j + 3] in (["a", "half"], ["половиной"]):
            current += 0.5  # six and a half million, два с половиной
            j += 2 if word == "and" else 1
        elif word == "and" and j > i:
            pass
        else:
            break
        j += 1
    consumed = j - i
    words = tokens[i:j]
    if words in (["one"], ["один"], ["одна"], ["одно"], ["одного"]):
        return None, 1, words[0]
    return total + current, max(consumed, 1), " ".join(words)


def _number_difference(query: str, candidate: str) -> Difference | None:
    left, right = quantities(query), quantities(candidate)
    if not left or not right:
        return None
    unmatched_left = list(left)
    unmatched_right = []
    for quantity in right:
        twin = next((q for q in unmatched_left if q.same(quantity)), None)
        if twin is None:
            unmatched_right.append(quantity)
        else:
            unmatched_left.remove(twin)
    # a contradiction is a year against another year, an amount against another amount: a
    # post that adds the date it was written contradicts no figure of the claim
    groups = {q.group for q in unmatched_left} & {q.group for q in unmatched_right}
    if groups:
        return Difference(
            "number",
            ", ".join(q.shown for q in unmatched_left if q.group in groups),
            ", ".join(q.shown for q in unmatched_right if q.group in groups),
        )
    return None


# --- Negation ---------------------------------------------------------------------------------

_EN_NEGATIONS = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|cannot|impossible|false)\b"
    r"|n't\b"
)
_EN_NOT_NEGATIONS = re.compile(r"\b(not only|no longer than|no more than|no less than)\b")
_RU_NEGATIONS = re.compile(r"(?<![\w])(не|нет|ни|никогда|ничего|никто|нельзя|невозможно)(?![\w])")
_RU_NOT_NEGATIONS = re.compile(r"(?<![\w])не только(?![\w])")
_ZH_NEGATION_CHARS = re.compile("[不没未无非]")
_ZH_NOT_NEGATIONS = re.compile(
    "非洲|未来|无论|不断|不少|不仅|不但|不过|不久|不同|不到|无线|无人机|不只|并且|无数|毫无疑问"
    "|不佳|不良|非常|是非"
)
# "No city has more X than Y", "длиннее ... нет", "没有比...更" state a superlative: the
# negation there does not turn the claim round.
_COMPARATIVE = re.compile(
    r"\b(than|as many|as much)\b"
    r"|(?<![\w])(чем|как у|больше|меньше|длиннее|глубже|выше|ниже|дороже|дешевле|вреднее"
    r"|быстрее|медленнее|лучше|хуже|сильнее|крупнее|старше|столько|как в|\w{3,}ее)(?![\w])"
    r"|比|更"
)


@functools.lru_cache(maxsize=4096)
def negated(claim_text: str) -> tuple[bool, str]:
    """Whether the claim is stated negatively (an odd number of negations), and the words."""
    prepared = unicodedata.normalize("NFKC", claim_text).casefold().replace("’", "'")
    prepared = _EN_NOT_NEGATIONS.sub(" ", prepared)
    prepared = _RU_NOT_NEGATIONS.sub(" ", prepared)
    prepared = _ZH_NOT_NEGATIONS.sub(" ", prepared)
    english = [m.group(0) for m in _EN_NEGATIONS.finditer(prepared)]
    # Russian negation agrees rather than cancels: "никогда не" is one "never".
    russian = [m.group(0) for m in _RU_NEGATIONS.finditer(prepared)]
    chinese = _ZH_NEGATION_CHARS.findall(prepared)
    words = english + russian + chinese
    if words and _COMPARATIVE.search(prepared):
        return False, ""
    count = len(english) + (1 if russian else 0) + len(chinese)
    return count % 2 == 1, " ".join(words)


def _negation_difference(query: str, candidate: str) -> Difference | None:
    left, left_words = negated(query)
    right, right_words = negated(candidate)
    if left != right:
        return Difference("negation", left_words if left else "", right_words if right else "")
    return None


# --- Antonyms and superlatives ----------------------------------------------------------------

# concept -> (words meaning +, words meaning -), English and Russian as regular expressions
# over casefolded words, Chinese as plain substrings.
_POLES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "scale": (
        r"most|more|high|higher|highest|large|larger|largest|big|bigger|biggest|greater"
        r"|greatest|long|longer|longest|tall|taller|tallest|deep|deeper|deepest|maximum|peak"
        r"|expensive|above|exceed\w*|upwards"
        r"|больше|более|выше|длиннее|глубже|дороже|вреднее|сильнее|максимум\w*|максимал\w*"
        r"|крупнейш\w*|наибольш\w*|высочайш\w*|рекордн\w* высок\w*|сам\w{2,3} высок\w*"
        r"|сам\w{2,3} больш\w*|сам\w{2,3} длинн\w*|сам\w{2,3} глубок\w*|сам\w{2,3} дорог\w*",
        r"least|less|fewer|fewest|low|lower|lowest|small|smaller|smallest|tiny|short"
        r"|shorter|shortest|shallow|minimum|cheap|cheaper|cheapest|below"
        r"|меньше|менее|ниже|короче|дешевле|слабее|минимум\w*|минимал\w*|наименьш\w*"
        r"|рекордн\w* низк\w*|сам\w{2,3} низк\w*|сам\w{2,3} маленьк\w*|сам\w{2,3} коротк\w*"
        r"|сам\w{2,3} дешёв\w*|сам\w{2,3} дешев\w*|низкого роста",
        (
            "最多",
            "最大",
            "最高",
            "最长",
            "最深",
            "最贵",
            "更多",
            "超过",
            "以上",
            "高于",
            "新高",
            "大于",
        ),
        ("最少", "最小", "最低", "最短", "最浅", "最便宜", "更少", "低于", "以下", "新低", "小于"),
    ),
    "trend": (
        r"rise|rises|rose|risen|rising|grow|grows|grew|grown|increase\w*|gain\w*|climb\w*"
        r"|jump\w*|raise|raised|up|soar\w*|outsold|overtook|overtaken"
        r"|вырос\w*|раст\w*|рост\w*|увелич\w*|повыс\w*|повыш\w*|подня\w*|подорожа\w*|прибав\w*",
        r"fall|falls|fell|fallen|falling|drop|drops|dropped|decline\w*|decrease\w*|down"
        r"|shrink\w*|shrank|shrunk|cut|cuts|reduc\w*|lower|lowered|lose|lost|plunge\w*"
        r"|сниз\w*|сниж\w*|сократ\w*|сокращ\w*|упал\w*|пада\w*|уменьш\w*|пониз\w*|подешев\w*"
        r"|мелеет|опустил\w*",
        ("增长", "增加", "上升", "上涨", "提高", "升高", "翻一番", "正增长", "上调"),
        ("下降", "减少", "降低", "下调", "缩减", "回落", "负增长", "下跌", "减"),
    ),
    "rank": (
        r"first|earliest|ahead|before|впервые|перв\w*|раньше|прежде",
        r"last|latest|after|behind|последн\w*|позже|позднее",
        ("第一", "首个", "首次", "最早", "之前", "以前", "早于", "率先"),
        ("最后", "最晚", "之后", "以后", "晚于", "倒数"),
    ),
    "speed": (
        r"fast|faster|fastest|quick|quicker|quickest|быстр\w*",
        r"slow|slower|slowest|медлен\w*",
        ("更快", "最快", "快"),
        ("更慢", "最慢", "慢"),
    ),
    "quality": (
        r"good|better|best|improv\w*|лучш\w*|улучш\w*|хорош\w*",
        r"bad|worse|worst|poor|deteriorat\w*|хуже|худш\w*|ухудш\w*|плох\w*",
        ("改善", "好转", "更好", "最好"),
        ("恶化", "更差", "最差", "变差", "不佳", "不良"),
    ),
}
_POLE_PATTERNS = {
    concept: (
        re.compile(rf"(?<![\w])({plus})(?![\w])"),
        re.compile(rf"(?<![\w])({minus})(?![\w])"),
        zh_plus,
        zh_minus,
    )
    for concept, (plus, minus, zh_plus, zh_minus) in _POLES.items()
}


@functools.lru_cache(maxsize=4096)
def poles(claim_text: str) -> dict[str, tuple[set[str], set[str]]]:
    """For each concept the claim touches: the words on its + side and on its - side."""
    prepared = unicodedata.normalize("NFKC", claim_text).casefold()
    found: dict[str, tuple[set[str], set[str]]] = {}
    for concept, (plus, minus, zh_plus, zh_minus) in _POLE_PATTERNS.items():
        plus_words = {m.group(0) for m in plus.finditer(prepared)}
        minus_words = {m.group(0) for m in minus.finditer(prepared)}
        # longer Chinese words first, so 负增长 is not also read as 增长
        rest = prepared
        for word in sorted(zh_plus + zh_minus, key=len, reverse=True):
            if word in rest:
                (plus_words if word in zh_plus else minus_words).add(word)
                rest = rest.replace(word, " ")
        if plus_words or minus_words:
            found[concept] = (plus_words, minus_words)
    return found


def _antonym_difference(query: str, candidate: str) -> Difference | None:
    left, right = poles(query), poles(candidate)
    for concept in left.keys() & right.keys():
        (lp, lm), (rp, rm) = left[concept], right[concept]
        # one-sided on both texts, and on opposite sides
        if lp and not lm and rm and not rp:
            return Difference("antonym", ", ".join(sorted(lp)), ", ".join(sorted(rm)))
        if lm and not lp and rp and not rm:
            return Difference("antonym", ", ".join(sorted(lm)), ", ".join(sorted(rp)))
    return None


# --- Places -----------------------------------------------------------------------------------

# canonical name -> (parent or "", English and Russian patterns, Chinese names)
_PLACES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Africa": ("", r"africa\w*|африк\w*", ("非洲",)),
    "Europe": ("", r"europe\w*|европ\w*", ("欧洲",)),
    "Asia": ("", r"asia\w*|ази\w*", ("亚洲",)),
    "China": ("Asia", r"china|chinese|кита(й|я|ю|ем|е)|китайск\w*|кнр", ("中国", "我国", "中方")),
    "India": ("Asia", r"india|indian|инди(я|и|ю|ей)|индийск\w*", ("印度",)),
    "Japan": ("Asia", r"japan\w*|япони\w*|японск\w*", ("日本",)),
    "Russia": (
        "Europe",
        r"russia\w*|росси(я|и|ю|ей)|российск\w*|россиян\w*|рф",
        ("俄罗斯", "俄国"),
    ),
    "United States": (
        "",
        r"united states|usa|u\.s\.?|america|american|сша|америк\w*|американск\w*",
        ("美国",),
    ),
    "Germany": ("Europe", r"germany|german|германи\w*|немецк\w*", ("德国",)),
    "France": ("Europe", r"france|french|франци\w*|французск\w*", ("法国",)),
    "United Kingdom": ("Europe", r"britain|british|uk|великобритани\w*|британ\w*", ("英国",)),
    "Brazil": ("", r"brazil\w*|бразили\w*", ("巴西",)),
    "Canada": ("", r"canad\w*|канад\w*", ("加拿大",)),
    "Norway": ("Europe", r"norw\w*|норвеги\w*|норвежск\w*", ("挪威",)),
    "Sweden": ("Europe", r"swed\w*|швеци\w*|шведск\w*", ("瑞典",)),
    "Denmark": ("Europe", r"denmark|danish|дани(я|и|ю|ей)|датск\w*", ("丹麦",)),
    "Iceland": ("Europe", r"iceland\w*|исланди\w*", ("冰岛",)),
    "Poland": ("Europe", r"poland|polish|польш\w*|польск\w*", ("波兰",)),
    "Belgium": ("Europe", r"belgi\w*|бельги\w*", ("比利时",)),
    "Spain": ("Europe", r"spain|spanish|испани\w*", ("西班牙",)),
    "Portugal": ("Europe", r"portug\w*|португали\w*", ("葡萄牙",)),
    "Egypt": ("Africa", r"egypt\w*|егип\w*", ("埃及",)),
    "Nigeria": ("Africa", r"nigeria\w*|нигери\w*", ("尼日利亚",)),
    "Kenya": ("Africa", r"kenya\w*|кени\w*", ("肯尼亚",)),
    "Rwanda": ("Africa", r"rwand\w*|руанд\w*", ("卢旺达",)),
    "Angola": ("Africa", r"angol\w*|ангол\w*", ("安哥拉",)),
    "Saudi Arabia": ("Asia", r"saudi\w*|саудовск\w*", ("沙特",)),
    "United Arab Emirates": ("Asia", r"emirat\w*|uae|эмират\w*|оаэ", ("阿联酋",)),
    "Qatar": ("Asia", r"qatar\w*|катар\w*", ("卡塔尔",)),
    "Iran": ("Asia", r"iran\w*|иран\w*", ("伊朗",)),
    "Ukraine": ("Europe", r"ukrain\w*|украин\w*", ("乌克兰",)),
    "Kazakhstan": ("Asia", r"kazakh\w*|казах\w*", ("哈萨克斯坦",)),
    "Beijing": ("China", r"beijing|пекин\w*", ("北京",)),
    "Shanghai": ("China", r"shanghai|шанха\w*", ("上海",)),
    "Shenzhen": ("China", r"shenzhen|шэньчжэн\w*|шеньчжен\w*", ("深圳",)),
    "Guangzhou": ("China", r"guangzhou|гуанчжо\w*", ("广州",)),
    "Chengdu": ("China", r"chengdu|чэнду", ("成都",)),
    "Chongqing": ("China", r"chongqing|чунцин\w*", ("重庆",)),
    "Wuhan": ("China", r"wuhan|ухан\w*", ("武汉",)),
    "Xi'an": ("China", r"xi'an|xian|сиан\w*", ("西安",)),
    "Nanjing": ("China", r"nanjing|нанкин\w*", ("南京",)),
    "Hangzhou": ("China", r"hangzhou|ханчжо\w*", ("杭州",)),
    "Xiamen": ("China", r"xiamen|сямын\w*|сямэн\w*", ("厦门",)),
    "Qingdao": ("China", r"qingdao|циндао", ("青岛",)),
    "Harbin": ("China", r"harbin|харбин\w*", ("哈尔滨",)),
    "Kunming": ("China", r"kunming|куньмин\w*", ("昆明",)),
    "Tianjin": ("China", r"tianjin|тяньцзин\w*", ("天津",)),
    "Zhengzhou": ("China", r"zhengzhou|чжэнчжо\w*", ("郑州",)),
    "Hong Kong": ("China", r"hong kong|гонконг\w*", ("香港",)),
    "Moscow": ("Russia", r"moscow|москв\w*|московск\w*", ("莫斯科",)),
    "St Petersburg": (
        "Russia",
        r"st petersburg|saint petersburg|петербург\w*|санкт-петербург\w*",
        ("圣彼得堡",),
    ),
    "Novosibirsk": ("Russia", r"novosibirsk|новосибирск\w*", ("新西伯利亚",)),
    "Kazan": ("Russia", r"kazan|казан(ь|и|ью)", ("喀山",)),
    "Yekaterinburg": ("Russia", r"yekaterinburg|екатеринбург\w*", ("叶卡捷琳堡",)),
    "Samara": ("Russia", r"samara|самар\w*", ("萨马拉",)),
    "Sochi": ("Russia", r"sochi|сочи", ("索契",)),
    "Kaliningrad": ("Russia", r"kaliningrad|калининград\w*", ("加里宁格勒",)),
    "Delhi": ("India", r"delhi|дели", ("德里",)),
    "Tokyo": ("Japan", r"tokyo|токио", ("东京",)),
    "Lagos": ("Nigeria", r"lagos|лагос\w*", ("拉各斯",)),
    "Cairo": ("Egypt", r"cairo|каир\w*", ("开罗",)),
    "Riyadh": ("Saudi Arabia", r"riyadh|эр-рияд\w*", ("利雅得",)),
    "Baikal": ("Russia", r"baikal|байкал\w*", ("贝加尔",)),
    "Ladoga": ("Russia", r"ladoga|ладог\w*", ("拉多加",)),
    "Volga": ("Russia", r"volga|волг\w*", ("伏尔加",)),
    "Lena": ("Russia", r"lena|лена", ("勒拿",)),
    "Danube": ("Europe", r"danube|дуна(й|я|ю|е)", ("多瑙",)),
    "Yangtze": ("China", r"yangtze|янцзы", ("长江",)),
    "Yellow River": ("China", r"yellow river|хуанхэ", ("黄河",)),
    "Elbrus": ("Russia", r"elbrus|эльбрус\w*", ("厄尔布鲁士",)),
    "Mont Blanc": ("Europe", r"mont blanc|монблан\w*", ("勃朗峰",)),
    "Kamchatka": ("Russia", r"kamchatka|камчат\w*", ("堪察加",)),
    "Kuril Islands": ("Russia", r"kuril\w*|курил\w*", ("千岛",)),
    "Siberia": ("Russia", r"siberia\w*|сибир\w*", ("西伯利亚",)),
}
_PLACE_PATTERNS = {
    name: (parent, re.compile(rf"(?<![\w])({patterns})(?![\w])"), zh)
    for name, (parent, patterns, zh) in _PLACES.items()
}
# One pass over the text finds every place-like word; only those are tried one by one.
_ANY_PLACE = re.compile(
    r"(?<![\w])(" + "|".join(patterns for _, patterns, _ in _PLACES.values()) + r")(?![\w])"
)
_ZH_PLACE_NAMES = sorted({word for _, _, zh in _PLACES.values() for word in zh}, key=len)


@functools.lru_cache(maxsize=4096)
def places(claim_text: str) -> frozenset[str]:
    """Places the claim names (canonical English names)."""
    prepared = unicodedata.normalize("NFKC", claim_text).casefold()
    found = set()
    words = {m.group(0) for m in _ANY_PLACE.finditer(prepared)}
    chinese = {word for word in _ZH_PLACE_NAMES if word in prepared}
    if words or chinese:
        for name, (_, pattern, zh) in _PLACE_PATTERNS.items():
            if any(pattern.fullmatch(word) for word in words) or chinese & set(zh):
                found.add(name)
    # 新西伯利亚 (Novosibirsk) also contains 西伯利亚 (Siberia): keep the longer name only
    if "Novosibirsk" in found and not re.search(r"сибир|siberia", prepared):
        found.discard("Siberia")
    return frozenset(found)


def _with_parents(names: Iterable[str]) -> set[str]:
    expanded = set()
    for name in names:
        while name:
            expanded.add(name)
            name = _PLACES[name][0] if name in _PLACES else ""
    return expanded


def _place_difference(query: str, candidate: str) -> Difference | None:
    left, right = places(query), places(candidate)
    if not left or not right:
        return None
    only_left = set(left - _with_parents(right))
    only_right = set(right - _with_parents(left))
    # A city on one side and its country on the other is the same place ("Beijing says" for
    # China); a continent both name ("in Africa") does not make Lagos and Cairo one place.
    only_left = {p for p in only_left if not ((_with_parents([p]) & right) - left)}
    only_right = {p for p in only_right if not ((_with_parents([p]) & left) - right)}
    if only_left and only_right:
        return Difference("place", ", ".join(sorted(only_left)), ", ".join(sorted(only_right)))
    return None


# --- Speakers ---------------------------------------------------------------------------------

_SCRIPT_LATIN = re.compile("[a-z]")
_SCRIPT_CYRILLIC = re.compile("[\u0400-\u04ff]")
_SCRIPT_CJK = re.compile("[\u4e00-\u9fff]")


def _script(name: str) -> str:
    for label, pattern in (
        ("cjk", _SCRIPT_CJK),
        ("cyrillic", _SCRIPT_CYRILLIC),
        ("latin", _SCRIPT_LATIN),
    ):
        if pattern.search(name):
            return label
    return ""


def _speaker_difference(query_speaker: str, candidate_speaker: str) -> Difference | None:
    left, right = desk_text.name_key(query_speaker), desk_text.name_key(candidate_speaker)
    if not left or not right or left == right:
        return None
    if _script(left) != _script(right):
        return None  # "Путин" and "Putin" cannot be told apart here
    if set(left.split()) & set(right.split()) and (left in right or right in left):
        return None  # "Ivanov" and "Pavel Ivanov"
    return Difference("speaker", query_speaker, candidate_speaker)


# --- All together -----------------------------------------------------------------------------


def compare(
    query: str,
    candidate: str,
    *,
    query_speaker: str = "",
    candidate_speaker: str = "",
) -> tuple[Difference, ...]:
    """What differs between two claims that otherwise read alike; empty when nothing does."""
    found = [
        _number_difference(query, candidate),
        _negation_difference(query, candidate),
        _antonym_difference(query, candidate),
        _place_difference(query, candidate),
        _speaker_difference(query_speaker, candidate_speaker),
    ]
    return tuple(d for d in found if d is not None)
