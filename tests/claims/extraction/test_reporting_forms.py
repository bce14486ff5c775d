"""Reporting forms of running news copy (wire live blogs, headlines, asides): who said what.

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
            "Maria Lopez is warning voters that the new toll would double the cost of a commute.",
            "Maria Lopez",
            "the new toll would double the cost of a commute.",
        ),
        (
            "Governor Ana Reyes is stressing that her budget closes the deficit without new taxes.",
            "Ana Reyes",
            "her budget closes the deficit without new taxes.",
        ),
        (
            "Tom Okafor is telling a farmers group that grain exports fell by a third last year.",
            "Tom Okafor",
            "grain exports fell by a third last year.",
        ),
        (
            "The state auditor is confirming that the charity was never registered in the state.",
            "",
            "the charity was never registered in the state.",
        ),
    ],
)
def test_present_progressive_reporting(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


def test_a_determiner_and_an_adjective_before_a_named_body() -> None:
    found = one(
        "The independent Commission on Election Standards says the audio failed during the debate."
    )
    assert found.speaker == "Commission on Election Standards"
    assert found.text == "the audio failed during the debate."


def test_the_spokeswoman_for_a_named_person_is_not_that_person() -> None:
    found = one("A spokeswoman for Maria Lopez says the campaign never paid the consultant.")
    assert found.speaker == ""
    assert found.speaker_description == "A spokeswoman for Maria Lopez"


def test_a_body_named_after_a_spokesperson_is_still_the_source() -> None:
    found = one("A spokeswoman for the Ministry of Energy said the plant will open in 2027.")
    assert found.speaker == "Ministry of Energy"


def test_the_attribution_set_inside_the_claim_is_left_out_of_it() -> None:
    found = one("The extra money, the mayor said, would pay for 40 new school buses.")
    assert found.text == "The extra money would pay for 40 new school buses."
    text = "If the grain talks fail, Tom Okafor argues, there are other ways to cut the tariff."
    found = one(text)
    assert found.speaker == "Tom Okafor"
    assert found.text == "If the grain talks fail, there are other ways to cut the tariff."
    assert text[found.start : found.end].startswith("If the grain talks fail")


def test_a_headline_that_ends_with_its_source() -> None:
    text = (
        "Clinic Closures Will Double By 2030, Former Health Minister Says\n\n"
        "The country could lose half its rural clinics, Ana Reyes said on Monday."
    )
    found = attributed(text)
    assert found[0].text == "Clinic Closures Will Double By 2030"
    assert found[0].kind == "indirect"
    assert found[0].speaker == ""
    assert "Health Minister" in found[0].speaker_description


def test_a_title_run_into_the_first_sentence() -> None:
    text = (
        "Tariffs Could Cost 3,000 Jobs, Tom Okafor Says.  Farm exports fell for a third year, "
        "officials said."
    )
    found = attributed(text)
    assert (found[0].text, found[0].speaker) == ("Tariffs Could Cost 3,000 Jobs", "Tom Okafor")


def test_a_headline_that_starts_with_its_source_stays_a_statement() -> None:
    text = "Lopez Says Tolls Will Rise 40 Percent\n\nThe toll will rise 40 percent, Lopez said."
    kinds = {c.text: c.kind for c in extract(text, "en")}
    assert kinds["Lopez Says Tolls Will Rise 40 Percent"] == "statement"


def test_a_long_attributed_opinion_that_argues_a_case_is_kept() -> None:
    found = one(
        '"I think the alliance may be obsolete, it was set up a very long time ago and things '
        'are different now," Tom Okafor said.'
    )
    assert found.speaker == "Tom Okafor"
    assert "opinion" in found.reasons


@pytest.mark.parametrize(
    "text",
    [
        '"It is a great honour to be here and I thank the people of this city for their warm '
        'welcome," said Tom Okafor.',
        '"I think it is a good plan," said Tom Okafor.',
    ],
)
def test_courtesies_and_short_verdicts_are_still_not_proposed(text: str) -> None:
    assert attributed(text) == []


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "At every rally, Tom Okafor vows to put a 35 percent tariff on imported grain.",
            "Tom Okafor",
            "to put a 35 percent tariff on imported grain.",
        ),
        (
            "Maria Lopez pledged to close the coal plant by 2030.",
            "Maria Lopez",
            "to close the coal plant by 2030.",
        ),
        (
            "Tom Okafor on Monday said the grain tariff would cost 3,000 jobs.",
            "Tom Okafor",
            "the grain tariff would cost 3,000 jobs.",
        ),
        (
            "Maria Lopez Sunday night argued that the toll would double the cost of a commute.",
            "Maria Lopez",
            "the toll would double the cost of a commute.",
        ),
        (
            "On Friday, former Governor Ana Reyes said the state had lost 2,000 teachers.",
            "Ana Reyes",
            "the state had lost 2,000 teachers.",
        ),
        (
            "Retired surgeon Tom Okafor told a packed hall in the capital that he would run again.",
            "Tom Okafor",
            "he would run again.",
        ),
        (
            "Maria Lopez responds that the port handled more cargo than ever last year.",
            "Maria Lopez",
            "the port handled more cargo than ever last year.",
        ),
        (
            "Senator Ana Reyes even suggested on social media that the vote be held again.",
            "Ana Reyes",
            "the vote be held again.",
        ),
    ],
)
def test_promises_days_and_roles_around_the_speaker(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


def test_a_promise_of_a_thing_is_not_a_reported_claim() -> None:
    assert attributed("Ana Reyes promised the voters a new hospital.") == []


def test_a_quote_that_ends_a_reported_clause_stays_in_the_claim() -> None:
    found = one(
        "Ana Reyes said in an interview that in the northern valleys, "
        "\u201cthere is a huge degree of pessimism about the mines.\u201d"
    )
    assert found.kind == "indirect"
    assert found.speaker == "Ana Reyes"
    assert found.text.startswith("in the northern valleys, \u201cthere is")


def test_a_quote_introduced_by_said_is_still_a_quote() -> None:
    found = one('Ana Reyes said: "The mine will employ 1,200 people by 2027."')
    assert (found.kind, found.speaker) == ("quote", "Ana Reyes")


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "Ryan told a news conference they were \u201cplanting the seeds\u201d to do that.",
            "Ryan",
            "they were \u201cplanting the seeds\u201d to do that.",
        ),
        (
            "Tom Okafor at the time said he would ask his staff to look into the fees.",
            "Tom Okafor",
            "he would ask his staff to look into the fees.",
        ),
        (
            "Jason Sims \u2014 a teacher from the valley \u2014 says he will vote for the new "
            "school board.",
            "Jason Sims",
            "he will vote for the new school board.",
        ),
    ],
)
def test_listeners_times_and_dashes(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "Tom Okafor tweeted in the early morning hours that the grain deal was a fraud.",
            "Tom Okafor",
            "the grain deal was a fraud.",
        ),
        (
            "Maria Lopez accused the governor of hiding the audit from the public for two years.",
            "Maria Lopez",
            "hiding the audit from the public for two years.",
        ),
    ],
)
def test_phrases_before_that_and_accusations(text: str, speaker: str, claim: str) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


def test_an_accusation_of_a_thing_is_not_a_reported_claim() -> None:
    assert attributed("The police accused him of theft.") == []


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "De Vries says the harbour fire was an 'intentional act.'",
            "De Vries",
            "the harbour fire was an 'intentional act.'",
        ),
        (
            "But Tom Okafor claims that the tariff should be waived for small farms.",
            "Tom Okafor",
            "the tariff should be waived for small farms.",
        ),
        (
            "Jane Miller, of Dayton, Ohio, said she had waited 3 years for the permit.",
            "Jane Miller",
            "she had waited 3 years for the permit.",
        ),
        (
            "Maria Lopez vowed not to raise the toll before 2030.",
            "Maria Lopez",
            "not to raise the toll before 2030.",
        ),
    ],
)
def test_particles_claims_hometowns_and_negative_promises(
    text: str, speaker: str, claim: str
) -> None:
    found = one(text)
    assert (found.speaker, found.text) == (speaker, claim)


def test_a_modifier_opening_the_speaker_phrase_after_a_quote() -> None:
    found = one('"Subpoenas are not optional for 40 witnesses," panel Chairman Tom Okafor said.')
    assert found.speaker == "Tom Okafor"


def test_a_semicolon_ends_the_reported_clause() -> None:
    found = attributed(
        "The budget office estimates that the plan would raise $1.1 billion over a decade; "
        "a second group puts the figure far lower."
    )
    assert found[0].text == "the plan would raise $1.1 billion over a decade"


def test_a_role_with_a_place_is_not_resolved_to_a_senator_from_elsewhere() -> None:
    text = (
        "Vermont Senator Ana Reyes said the farm bill would cost $3 billion.\n\n"
        "The Florida senator said the bill would close 40 rural clinics."
    )
    found = attributed(text)
    assert found[0].speaker == "Ana Reyes"
    assert found[1].speaker == ""


def test_a_plain_role_still_means_the_person_who_holds_it() -> None:
    text = (
        "Mayor Ana Reyes said the city would buy 40 electric buses.\n\n"
        "The mayor said the buses would arrive by 2027."
    )
    assert [c.speaker for c in attributed(text)] == ["Ana Reyes", "Ana Reyes"]


def test_a_quote_after_saying_belongs_to_the_subject() -> None:
    found = one(
        "During a speech earlier in the day, Tom Okafor attacked Lopez for her votes on the war, "
        'saying, "She voted for it 3 times and then ran from it."'
    )
    assert (found.kind, found.speaker) == ("quote", "Tom Okafor")
    assert found.text == "She voted for it 3 times and then ran from it."
