"""Round four of reading published reporting: days after the verb, campaigns as sources, roles
and pronouns resolved to the person introduced before them.

Sentences written for these tests; the forms are those of published English reporting."""

from __future__ import annotations

import pytest

from claims.extraction import Candidate, extract


def attributed(text: str) -> list[Candidate]:
    found = [c for c in extract(text, "en") if c.kind != "statement"]
    return sorted(found, key=lambda c: c.start)


def one(text: str) -> Candidate:
    found = attributed(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "The county will close two of its libraries next spring, Helen Marsh said Monday.",
            "Helen Marsh",
            "The county will close two of its libraries next spring",
        ),
        (
            "Water rates will rise by a tenth in July, Omar Said told reporters Thursday night.",
            "Omar Said",
            "Water rates will rise by a tenth in July",
        ),
        (
            "Treasurer Dana Whitfield announced Friday that the pension fund had lost 4 percent.",
            "Dana Whitfield",
            "the pension fund had lost 4 percent.",
        ),
    ],
)
def test_a_bare_day_after_the_verb(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)
