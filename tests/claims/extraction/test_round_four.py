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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"We need a far better plan for the harbour and we need it soon!" Ron Tate said.',
            "Ron Tate",
        ),
        ('"Who will pay for a bridge that goes nowhere?" Ana Ruiz asked on Tuesday.', "Ana Ruiz"),
        ('"The county has never been in better shape." Ana Ruiz said.', "Ana Ruiz"),
    ],
)
def test_an_attribution_after_a_quote_ending_in_its_own_stop(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_a_quote_ending_in_a_stop_before_a_new_reported_sentence_stays_apart() -> None:
    found = attributed(
        '"We will win the county by a wide margin." Ron Tate said the polls were wrong about it.'
    )
    assert [(c.speaker, c.kind) for c in found] == [("", "quote"), ("Ron Tate", "indirect")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Okafor campaign said the ads had been paid for by a rival group.", "Okafor campaign"),
        ("Okafor's campaign said the ads had been paid for by a rival group.", "Okafor's campaign"),
        (
            "The Whitfield administration said the rule would cover four million workers.",
            "Whitfield administration",
        ),
        (
            "Mrs. Tate's office said the senator had voted against the bill twice.",
            "Mrs. Tate's office",
        ),
        # No person named: the body stays a description.
        ("Her campaign said the ads had been paid for by a rival group.", ""),
        ("The Republican campaign said the ads had been paid for by a rival group.", ""),
        ("A Okafor campaign spokesman said the ads had been paid for by a rival group.", ""),
    ],
)
def test_a_campaign_named_after_its_person(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_a_campaign_is_not_the_person_a_later_surname_or_pronoun_means() -> None:
    found = attributed(
        "The Okafor campaign said the ads had been paid for by a rival group. "
        "Okafor said the group had lied about the size of the city budget."
    )
    assert [c.speaker for c in found] == ["Okafor campaign", "Okafor"]


@pytest.mark.parametrize(
    "text",
    [
        '"The worst part has been the slow growth of wages for young workers," like the rise in '
        "rents, said Laura Finch, the chief economist for the regional bank.",
        '"For most of the nurses, he is saying many of the right things" about pay and hours, '
        "Laura Finch said.",
    ],
)
def test_a_quote_run_on_by_a_few_words_before_its_attribution(text: str) -> None:
    assert one(text).speaker == "Laura Finch"


def test_words_after_a_quote_that_are_not_an_attribution_name_nobody() -> None:
    found = one(
        '"For most of the nurses, he is saying many of the right things" about pay and hours, '
        "and Finch agreed with the idea of a strike."
    )
    assert found.speaker == ""


@pytest.mark.parametrize(
    ("text", "speaker", "claims"),
    [
        (
            "The Herald went to court in April, arguing that the mayor's run for office made his "
            "business records a matter of public interest.",
            "Herald",
            ["the mayor's run for office made his business records a matter of public interest."],
        ),
        (
            "Lane attacked Ortiz over the vote, telling local radio host Maria Delgado that Ortiz "
            "had opposed every single amendment on the border.",
            "Lane",
            ["Ortiz had opposed every single amendment on the border."],
        ),
        (
            "Steve Lane says the main goal of the effort is to win the county, but conceded that "
            "the plan had not worked so far.",
            "Steve Lane",
            ["the main goal of the effort is to win the county", "the plan had not worked so far."],
        ),
        (
            "Lane replied by saying he should not have called Ortiz a liar, and then pointed out "
            "that the senator had changed his line of attack.",
            "Lane",
            [
                "he should not have called Ortiz a liar",
                "the senator had changed his line of attack.",
            ],
        ),
    ],
)
def test_participles_and_second_verbs_after_the_subject(
    text: str, speaker: str, claims: list[str]
) -> None:
    found = attributed(text)
    assert [(c.speaker, c.text) for c in found] == [(speaker, claim) for claim in claims]


def test_an_opening_participle_is_not_a_name() -> None:
    found = one("Reached by phone, Bennett said he had been away from the office all week long.")
    assert found.speaker == "Bennett"


def test_a_running_quote_continues_its_speaker_when_it_opens_the_next_paragraph() -> None:
    found = attributed(
        '"The depot will close in March," said Nora Black, the transit director.\n\n'
        '"After that, every route will be run from the northern yard."'
    )
    assert [c.speaker for c in found] == ["Nora Black", "Nora Black"]


def test_a_quote_further_into_a_new_paragraph_is_not_the_last_speakers() -> None:
    found = attributed(
        '"The depot will close in March," said Nora Black, the transit director.\n\n'
        'Drivers met on Sunday to vote on a strike. "After that, every route will be run from '
        'the northern yard."'
    )
    assert [c.speaker for c in found] == ["Nora Black", ""]


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "A Northwind Partners official said that about 40 percent of the seminar's guests "
            "were women.",
            "",
            "about 40 percent of the seminar's guests were women.",
        ),
        (
            "Lane also suggested local politicians don't fully understand the port budget.",
            "Lane",
            "local politicians don't fully understand the port budget.",
        ),
        (
            "Actor Sam Lane admits his choice for mayor is not the most popular man in the field.",
            "Sam Lane",
            "his choice for mayor is not the most popular man in the field.",
        ),
    ],
)
def test_named_bodies_contractions_and_admits(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)
    if "Northwind" in text:
        assert found.speaker_description == "A Northwind Partners official"


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "As reported by the Valley Courier, last year the town became the first in the state "
            "to ban plastic bags at its markets.",
            "Valley Courier",
            "last year the town became the first in the state to ban plastic bags at its markets.",
        ),
        (
            "On Friday, Dan Ortiz announced he will step down from the harbour trust if his wife "
            "wins the race.",
            "Dan Ortiz",
            "he will step down from the harbour trust if his wife wins the race.",
        ),
    ],
)
def test_as_reported_by_and_a_pronoun_clause_without_that(
    text: str, speaker: str, claim: str
) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


def test_announcing_a_plain_object_is_not_a_reported_claim() -> None:
    assert (
        attributed("Dan Ortiz announced a series of steps to cut the waiting lists at clinics.")
        == []
    )


def test_a_title_case_dateline_with_its_agency_is_not_the_speaker() -> None:
    found = one(
        "Lisbon (AFP) \u2013 Senator Ana Ruiz has taken a swipe at her rival's stance on trade, "
        'saying that "loud comments" do more harm than good during such times.'
    )
    assert found.speaker == "Ana Ruiz"
