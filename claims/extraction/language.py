"""Which language an article is in, from its script and, for Latin and Cyrillic text, a few
letters and function words that tell the languages apart.

Cheap on purpose: only the first few thousand characters are read, so a 10 MB article costs the
same as a short one.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE = 6000

# Weights turn character counts into rough word counts, so a Chinese article with English acronyms
# is still Chinese, and an English article naming a Chinese city in Han characters is still English.
_SCRIPTS: list[tuple[str, re.Pattern[str], float]] = [
    ("han", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), 1 / 1.5),
    ("kana", re.compile(r"[\u3040-\u30ff]"), 1 / 1.5),
    ("hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), 1 / 2.5),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]"), 1 / 6),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]"), 1 / 5),
    ("hebrew", re.compile(r"[\u0590-\u05ff]"), 1 / 5),
    ("devanagari", re.compile(r"[\u0900-\u097f]"), 1 / 5),
    ("bengali", re.compile(r"[\u0980-\u09ff]"), 1 / 5),
    ("thai", re.compile(r"[\u0e00-\u0e7f]"), 1 / 6),
    ("georgian", re.compile(r"[\u10a0-\u10ff]"), 1 / 6),
    ("armenian", re.compile(r"[\u0530-\u058f]"), 1 / 6),
    ("greek", re.compile(r"[\u0370-\u03ff]"), 1 / 6),
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"), 1 / 5),
]
_SCRIPT_LANGUAGE = {
    "han": "zh",
    "hangul": "ko",
    "hebrew": "he",
    "devanagari": "hi",
    "bengali": "bn",
    "thai": "th",
    "georgian": "ka",
    "armenian": "hy",
    "greek": "el",
}

# Letters that only some Cyrillic alphabets use, most distinctive first.
_CYRILLIC_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("tg", re.compile(r"[ӣӯҷҶӢӮ]")),
    ("be", re.compile(r"[ўЎ]")),
    ("kk", re.compile(r"[әұҰӘ]")),
    ("uk", re.compile(r"[їєґЇЄҐ]")),
    ("ky", re.compile(r"[ңҢ]")),
    ("mn", re.compile(r"[өүӨҮ]")),
]
_RUSSIAN_ONLY = re.compile(r"[ыэёЫЭЁ]")
_UKRAINIAN_I = re.compile(r"[іІ]")

_PERSIAN = re.compile(r"[پچژگ]")
_URDU = re.compile(r"[ےٹڈںھ]")
_PASHTO = re.compile(r"[ټځډړږښګڼ]")
_VIETNAMESE = re.compile(r"[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that for was with said will on are by from has it"),
    "fr": _words("le la les des et est une dans pour que qui sur avec pas du au ont"),
    "de": _words("der die das und ist nicht mit sich ein eine auf für dem den von zu"),
    "es": _words("el la los las y es una por con para que del se como pero más"),
    "it": _words("il la che di è per una sono con del della non gli anche"),
    "pt": _words("o os a as que de é um uma para com não do da em no na"),
    "tr": _words("ve bir bu için ile da de çok olarak daha gibi ama"),
    "pl": _words("i w na z się nie jest do że to jak po przez dla"),
    "id": _words("yang dan di ini itu dengan untuk tidak dari dalam akan pada"),
    "uz": _words("va bu bilan uchun ham bo'yicha dan ga qilish yil"),
}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" when nothing points elsewhere."""
    sample = text[:_SAMPLE]
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, pattern, weight in _SCRIPTS:
        count = len(pattern.findall(sample))
        if count:
            counts[name] = count
            weights[name] = count * weight
    if not weights:
        return "en"
    script = max(weights, key=lambda name: weights[name])
    if script in ("han", "kana"):
        return "ja" if counts.get("kana", 0) * 4 > counts.get("han", 0) else "zh"
    if script == "cyrillic":
        return _cyrillic(sample, counts["cyrillic"])
    if script == "arabic":
        return _arabic(sample)
    if script == "latin":
        return _latin(sample)
    return _SCRIPT_LANGUAGE.get(script, "en")


def _cyrillic(sample: str, letters: int) -> str:
    # A marker letter must be more than a stray loanword: one in every 400 letters.
    floor = max(1, letters // 400)
    for code, pattern in _CYRILLIC_MARKERS:
        if len(pattern.findall(sample)) >= floor:
            return code
    if _UKRAINIAN_I.search(sample) and not _RUSSIAN_ONLY.search(sample):
        return "uk"
    return "ru"


def _arabic(sample: str) -> str:
    if len(_PASHTO.findall(sample)) >= 3:
        return "ps"
    if len(_URDU.findall(sample)) >= 3:
        return "ur"
    if len(_PERSIAN.findall(sample)) >= 3:
        return "fa"
    return "ar"


def _latin(sample: str) -> str:
    if len(_VIETNAMESE.findall(sample)) >= 5:
        return "vi"
    words = Counter(word.lower() for word in _WORD.findall(sample))
    hits = {code: sum(words[w] for w in stop) for code, stop in _STOPWORDS.items()}
    best = max(hits, key=lambda code: hits[code])
    # Only leave English when another language is clearly ahead: short or mixed texts stay "en".
    if best != "en" and hits[best] >= 3 and hits[best] > 1.5 * hits["en"]:
        return best
    return "en"
