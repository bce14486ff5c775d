"""Text normalisation shared by duplicate detection, search and name matching.

Pure functions, no Django: they run in web requests, in workers and in benchmarks alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Han ideographs and Japanese kana: scripts written without spaces between words.
_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_NOT_WORD = re.compile(r"[^\w%]+")
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC, no control characters, single spaces: what we store for user-typed text."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text).strip()


def normalize_claim(text: str) -> str:
    """The claim reduced to what makes two wordings "the same text".

    Case, punctuation, quote styles, spacing and thousands separators do not matter; digits,
    decimal points and percent signs do.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _THOUSANDS.sub("", text)
    text = _DECIMAL.sub("\u2024", text)  # protect decimal points from the punctuation pass
    text = _NOT_WORD.sub(" ", text).replace("\u2024", ".")
    text = text.replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def fingerprint(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """How we match people and organisations by name: case, dots and spacing ignored."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _cjk_bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def search_document(*parts: str) -> str:
    """Text indexed for full-text search.

    Casefolded (SQLite's LIKE folds only ASCII), and runs of Chinese or Japanese characters are
    followed by their overlapping bigrams so that a word inside a run can be found: PostgreSQL's
    parser would otherwise treat a whole run as one token.
    """
    text = unicodedata.normalize("NFKC", " ".join(p for p in parts if p)).casefold()
    bigrams = [gram for run in _CJK_RUN.findall(text) for gram in _cjk_bigrams(run)]
    # Spaces around each run, so digits or Latin letters glued to it ("在2060年") stay words.
    text = _CJK_RUN.sub(lambda run: f" {run.group(0)} ", text)
    text = _SPACES.sub(" ", text).strip()
    return f"{text} {' '.join(bigrams)}".strip() if bigrams else text


def search_terms(query: str, *, limit: int = 12) -> list[str]:
    """Words of a search query, casefolded; Chinese and Japanese runs become bigrams.

    Only word characters survive, so a term can be placed in a PostgreSQL tsquery as-is.
    """
    text = unicodedata.normalize("NFKC", query).casefold()
    terms: list[str] = []
    for word in _WORD.findall(text):
        pieces = _CJK_RUN.split(word)
        runs = _CJK_RUN.findall(word)
        terms.extend(piece for piece in pieces if piece)
        for run in runs:
            terms.extend(_cjk_bigrams(run))
    seen: dict[str, None] = {}
    for term in terms:
        seen.setdefault(term, None)
    return list(seen)[:limit]


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery for search terms (word characters only, so nothing to escape).

    Only the last term is a prefix, as it may still be being typed; the others are whole words,
    which the GIN index answers far faster than prefixes. Bigrams are whole tokens already.
    """
    parts = list(terms[:-1])
    last = terms[-1]
    is_bigram = len(last) == 2 and bool(_CJK_RUN.fullmatch(last))
    parts.append(last if is_bigram else f"{last}:*")
    return " & ".join(parts)


# Words that every claim shares, in the desk's main languages: left out of the similarity key so
# that two claims are close because of what they are about, not because both use "the".
_FILLER_WORDS = (
    "the a an of in on to and or is are was were be been by for with that this these those it "
    "its as at from will would has have had more than most less percent per cent now get "
    "every over under our their they we he she i you said says say there which who not no "
    "и в во на с со по что это как не из к ко до за о об от у же бы был была были будет "
    "более менее процентов процента он она они мы его её их "
    "的 了 在 是 和 与 及 将 已经 也"
)
_FILLER = frozenset(_FILLER_WORDS.split())
_DIGITS = re.compile(r"\d[\d.,%]*")


def content_words(normalized: str) -> str:
    """What a claim is about: its normalised words without filler words and figures. Near
    duplicates are found by trigram similarity of this (two versions of a claim often differ
    only in a number, and should still meet)."""
    words = [w for w in _DIGITS.sub(" ", normalized).split() if w not in _FILLER]
    return " ".join(words)
