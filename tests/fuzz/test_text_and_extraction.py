"""Properties of the pure text functions and the claim extractor, for any input."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from claims import text
from claims.extraction import extract
from claims.extraction.candidate import KINDS, TYPES
from tests.fuzz.strategies import CHARS, FUZZ, NASTY, any_text

WORD_ONLY = re.compile(r"[^\W_]+")
TSQUERY = re.compile(r"[^\W_]+( & [^\W_]+)*(:\*)?")
LANGUAGES = st.one_of(st.none(), st.sampled_from(["en", "ru", "zh", "de", "", "EN_gb", "zh-Hant"]))
prose = st.one_of(
    any_text,
    st.lists(
        st.sampled_from(
            [
                "The mayor said",
                '"We will build 20 bridges by 2030,"',
                "she told reporters.",
                "According to officials, unemployment fell 3.5%.",
                "Мэр заявил, что",
                "«Мы построим 100 школ»",
                "他说：“我们将在2060年前实现碳中和。”",
                "\n\n",
                "DUSHANBE (Wire) -",
                "“",
                "”",
                ":",
            ]
        )
        | st.text(CHARS, max_size=15),
        max_size=25,
    ).map(" ".join),
)


@FUZZ
@given(any_text)
@example("Ｆｕｌｌ 1,000.50 ％ ﬁ")
@example("ǅ\u0345\u1e9e")
def test_normalize_claim_is_stable_and_tidy(value: str) -> None:
    normalized = text.normalize_claim(value)
    assert normalized == normalized.strip()
    assert "  " not in normalized
    assert not re.search(r"[\t\n\r\f\v]", normalized)
    assert text.normalize_claim(normalized) == normalized
    assert len(text.fingerprint(normalized)) == 64


@FUZZ
@given(any_text, st.integers(min_value=1, max_value=20))
@example("net-zero & 'China':* | ! <-> (a) \\", 12)
@example("碳中和 2060 ＆ ｜", 12)
def test_search_terms_are_words_only_and_make_a_safe_tsquery(query: str, limit: int) -> None:
    terms = text.search_terms(query, limit=limit)
    assert len(terms) <= limit
    assert len(set(terms)) == len(terms)
    for term in terms:
        assert WORD_ONLY.fullmatch(term), term
    if terms:
        assert TSQUERY.fullmatch(text.tsquery(terms)), text.tsquery(terms)


@FUZZ
@given(any_text)
def test_content_words_keep_only_words_of_the_claim(value: str) -> None:
    normalized = text.normalize_claim(value)
    words = text.content_words(normalized)
    assert words == words.strip()
    assert not re.search(r"\d", words) or re.search(r"\d", normalized)
    for word in words.split():
        assert word in normalized


@FUZZ
@given(prose, LANGUAGES)
@example("", None)
@example("\x00" * 50, "en")
@example('"' * 200, None)
@example("“" + "a " * 500, "en")
@example(NASTY[6] + ' she said. "' + NASTY[7] + '"', "en")
def test_extract_never_fails_and_spans_stay_inside_the_text(article: str, language: str) -> None:
    for candidate in extract(article, language):
        assert 0 <= candidate.start <= candidate.end <= len(article), candidate
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.type in TYPES
        assert candidate.kind in KINDS
        assert isinstance(candidate.speaker, str)
        assert candidate.text.strip()
