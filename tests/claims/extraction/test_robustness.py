"""Whatever text arrives, extract() answers: no exceptions, offsets in range, linear time, and
a stray quotation mark spoils one paragraph at most."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import Candidate, detect_language, extract
from claims.extraction.candidate import KINDS, TYPES


def attributed(text: str) -> list[Candidate]:
    found = [c for c in extract(text) if c.kind != "statement"]
    return sorted(found, key=lambda c: c.start)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u201c", '"', "\u00ab\u00bb", "<&>"])
def test_empty_or_trivial_text_gives_nothing(text: str) -> None:
    assert extract(text) == []


def test_an_unclosed_quote_ends_with_its_paragraph() -> None:
    text = (
        '"The plan will cost 5 million dollars, said Ali Khan, who forgot to close the quote.\n'
        'Li Wei said the city had 300 buses. "Emissions fell 12% last year," she said.'
    )
    found = attributed(text)
    assert [c.speaker for c in found][-2:] == ["Li Wei", "Li Wei"]
    assert found[-1].text == "Emissions fell 12% last year"


def test_stray_markup_characters_do_not_get_in_the_way() -> None:
    text = 'Fares < 2 somoni & buses > 300. "The city has 450 buses & 20 trams," said Ali Khan <b>.'
    quote = next(c for c in extract(text) if c.kind == "quote")
    assert quote.speaker == "Ali Khan"


def test_long_input_is_handled_in_linear_time() -> None:
    article = 'Ali Khan said the city has 300 buses. "It will have 600 by 2030," he said.\n'
    found = extract(article * 5000)
    assert len(found) == 10000
    assert {c.speaker for c in found} == {"Ali Khan"}


_PIECES = [
    '"',
    "\u201c",
    "\u201d",
    "\u00ab",
    "\u00bb",
    "\u201e",
    "\u300c",
    "\u300d",
    "'",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "\u2014",
    "-",
    "(",
    ")",
    "\n",
    "\n\n",
    " ",
    "\t",
    "said",
    "she",
    "he",
    "Ali Khan",
    "according to",
    "told reporters",
    " that ",
    "the mayor",
    "Deputy Mayor",
    "2030",
    "50%",
    "\u0441\u043a\u0430\u0437\u0430\u043b",
    "\u8bf4",
    "\u8868\u793a",
    "\uff0c",
    "\u3002",
    "Mr.",
    "adding that",
    ", and warned that",
    "officials",
    "<",
    "&amp;",
    "\r\n",
    "\u2028",
    "\ud800",
    "\u0401",
]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.one_of(
        st.text(max_size=400), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
    ),
    language=st.sampled_from([None, "en", "ru", "zh", "fr", ""]),
)
def test_extract_never_raises_and_offsets_stay_in_range(text: str, language: str | None) -> None:
    for candidate in extract(text, language):
        assert 0 <= candidate.start < candidate.end <= len(text)
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.text.strip()
        assert candidate.kind in KINDS
        assert candidate.type in TYPES
        json.dumps(candidate.to_dict())
    detect_language(text)
