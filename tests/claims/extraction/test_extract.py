"""What the extractor proposes from an English news report: quotes and reported speech with
their speakers, check-worthy statements, scores and reasons, offsets and serialisation.

Russian, Chinese and language detection: test_languages.py. Robustness: test_robustness.py."""

from __future__ import annotations

import json

import pytest

from claims.extraction import Candidate, extract


def attributed(text: str, language: str | None = None) -> list[Candidate]:
    """Quotes and reported speech, in reading order."""
    found = [c for c in extract(text, language) if c.kind != "statement"]
    return sorted(found, key=lambda c: c.start)


def one(text: str, language: str | None = None) -> Candidate:
    found = attributed(text, language)
    assert len(found) == 1, found
    return found[0]


# Direct quotes -----------------------------------------------------------------------------

CLAIM = "The new line will carry 40,000 passengers a day"


@pytest.mark.parametrize(
    "text",
    [
        f'"{CLAIM}," said Ali Khan.',
        f'"{CLAIM}," Ali Khan said.',
        f'Ali Khan said: "{CLAIM}."',
        f'Ali Khan said, "{CLAIM}."',
        f"\u201c{CLAIM},\u201d said Ali Khan.",
        f"\u201c{CLAIM},\u201d Ali Khan told reporters on Tuesday.",
        f"Ali Khan told a news conference in Almaty: \u201c{CLAIM}.\u201d",
        f'According to Ali Khan, "{CLAIM}."',
    ],
)
def test_quote_is_attributed_in_every_common_form(text: str) -> None:
    quote = one(text)
    assert quote.kind == "quote"
    assert quote.speaker == "Ali Khan"
    assert quote.text.rstrip(".") == CLAIM
    assert text[quote.start : quote.end] == quote.text


def test_quote_split_mid_sentence_is_one_candidate_spanning_both_parts() -> None:
    text = "\u201cThe bus network,\u201d said Li Wei, \u201cwill be fully electric by 2028.\u201d"
    quote = one(text)
    assert quote.speaker == "Li Wei"
    assert quote.text == "The bus network will be fully electric by 2028."
    assert text[quote.start : quote.end].startswith("The bus network")
    assert text[quote.start : quote.end].endswith("by 2028.")


def test_quote_split_after_the_speaker_said_is_one_candidate() -> None:
    quote = one('"The fleet has 300 buses," Ali Khan said, "and half of them are electric."')
    assert quote.text == "The fleet has 300 buses and half of them are electric."
    assert quote.speaker == "Ali Khan"


def test_quote_continuing_in_a_new_sentence_is_a_second_candidate_by_the_same_speaker() -> None:
    text = '"The fleet has 300 buses," said Ali Khan. "Half of them are electric."'
    first, second = attributed(text)
    assert (first.text, second.text) == ("The fleet has 300 buses", "Half of them are electric.")
    assert first.speaker == second.speaker == "Ali Khan"
    assert text[second.start : second.end] == second.text


def test_quote_paragraph_after_a_colon_lead_in_belongs_to_its_speaker() -> None:
    text = (
        "Speaking at the hearing, Jyldyz Asanova described the problem:\n"
        "\u201cAbout 70 percent of the fine dust in winter comes from heating.\n"
        "\u201cThose families burn coal because it is the cheapest fuel they can buy.\u201d"
    )
    first, second = attributed(text)
    assert first.speaker == second.speaker == "Jyldyz Asanova"
    assert first.text.startswith("About 70 percent")
    assert second.text.startswith("Those families")


def test_scare_quotes_and_titles_are_not_speech() -> None:
    text = 'The so-called "smart city" plan and the report "Green Almaty" cost $5 million.'
    assert attributed(text) == []
    assert [c.kind for c in extract(text)] == ["statement"]


# Reported speech ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Ali Khan said that the fleet has 300 buses.", "the fleet has 300 buses."),
        ("Ali Khan said the fleet has 300 buses.", "the fleet has 300 buses."),
        ("Ali Khan added that the fleet would double by 2030.", "the fleet would double by 2030."),
        ("Ali Khan noted that emissions fell 12% last year.", "emissions fell 12% last year."),
        ("Ali Khan told reporters the fleet would double.", "the fleet would double."),
        ("Ali Khan told Reuters on Monday that it would double.", "it would double."),
        ("Ali Khan warned that the lake could vanish by 2050.", "the lake could vanish by 2050."),
        (
            "Ali Khan claimed the metro was the longest in Asia.",
            "the metro was the longest in Asia.",
        ),
        ("Ali Khan said in a statement that fares would rise.", "fares would rise."),
        ("The fleet will double by 2030, Ali Khan said.", "The fleet will double by 2030"),
        ("The fleet will double by 2030, said Ali Khan.", "The fleet will double by 2030"),
        ("According to Ali Khan, the fleet has 300 buses.", "the fleet has 300 buses."),
        ("The fleet has 300 buses, according to Ali Khan.", "The fleet has 300 buses"),
    ],
)
def test_reported_speech_gives_the_clause_and_its_speaker(text: str, claim: str) -> None:
    report = one(text)
    assert (report.kind, report.speaker, report.text) == ("indirect", "Ali Khan", claim)
    assert text[report.start : report.end] == claim


def test_a_further_clause_by_the_same_speaker_is_a_second_claim() -> None:
    text = (
        "Ali Khan noted that gas prices had risen by 15 percent and warned that residents might "
        "switch back to coal, adding that 40,000 homes still burn it."
    )
    claims = [c.text for c in attributed(text)]
    assert claims == [
        "gas prices had risen by 15 percent",
        "residents might switch back to coal",
        "40,000 homes still burn it.",
    ]


def test_what_the_speaker_did_next_is_not_part_of_the_claim() -> None:
    report = one("Officials said a second plant would be modernised, but gave no date.")
    assert report.text == "a second plant would be modernised"


def test_attribution_followed_by_a_subordinate_clause() -> None:
    text = (
        "The city will retire its 450 diesel buses by 2028, officials said on Tuesday, as the "
        "government seeks to cut pollution."
    )
    report = one(text)
    assert report.text == "The city will retire its 450 diesel buses by 2028"
    assert (report.speaker, report.speaker_description) == ("", "officials")


def test_unnamed_sources_have_no_speaker_but_a_description() -> None:
    report = one("A spokesperson for the state power utility said 12 substations need upgrading.")
    assert report.speaker == ""
    assert report.speaker_description == "A spokesperson for the state power utility"


def test_a_spokesperson_of_a_named_body_is_attributed_to_the_body() -> None:
    report = one("A representative of the World Bank said the loan would total $6 billion.")
    assert (report.speaker, report.speaker_description) == ("World Bank", "A representative")


# Speakers and their descriptions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "description"),
    [
        (
            "Parvina Nematova, an expert with the National Academy of Sciences of Tajikistan, "
            "said glaciers had lost a third of their ice.",
            "Parvina Nematova",
            "an expert with the National Academy of Sciences of Tajikistan",
        ),
        ("Deputy Mayor Li Wei said the city had 300 buses.", "Li Wei", "Deputy Mayor"),
        (
            "The city had 300 buses, said Ali Khan, the mayor of Dushanbe.",
            "Ali Khan",
            "the mayor of Dushanbe",
        ),
        ("The mayor, Rustam Olimov, said the city had 300 buses.", "Rustam Olimov", "The mayor"),
        (
            "Minister of Energy and Water Resources Davron Nazarzoda said output rose 8%.",
            "Davron Nazarzoda",
            "Minister of Energy and Water Resources",
        ),
        (
            "Samal Abenova, who chairs the Clean Air Coalition, a group that runs 70 sensors, "
            "said pollution peaks in January.",
            "Samal Abenova",
            "who chairs the Clean Air Coalition, a group that runs 70 sensors",
        ),
        ("Li Wei of the Urban Planning Institute said rents rose 9%.", "Li Wei", ""),
        ("The World Bank said growth would slow to 4%.", "World Bank", ""),
    ],
)
def test_speaker_and_description_are_kept_apart(text: str, speaker: str, description: str) -> None:
    report = one(text)
    assert report.speaker == speaker
    if description:
        assert report.speaker_description == description


def test_pronouns_resolve_to_the_last_named_speaker() -> None:
    text = (
        'Aigerim Seitkali said prices rose 15%. "Coal is cheaper," she said. '
        "She added that 1.2 million tonnes are burned each winter. "
        "Farrukh Saidov said the plan would cost $35 million. He noted that work starts in May."
    )
    speakers = [c.speaker for c in attributed(text)]
    assert speakers == ["Aigerim Seitkali"] * 3 + ["Farrukh Saidov"] * 2


def test_he_and_she_skip_a_speaker_of_the_other_gender_when_it_shows() -> None:
    text = (
        "Dilshod Karimov said the ring cost $450 million. "
        "Nodira Usmonova said car ownership has doubled. "
        '"We will finish by 2027," he added.'
    )
    assert attributed(text)[-1].speaker == "Dilshod Karimov"


def test_they_may_mean_an_unnamed_source() -> None:
    text = "Experts warned the upgrade would not help. They noted that half of homes lack heating."
    assert [c.speaker_description for c in attributed(text)] == ["Experts"] * 2


def test_family_names_and_honorifics_resolve_to_the_full_name() -> None:
    text = (
        "Deputy Director Chen Yumei said costs fell 30%. Ms. Chen said 500 chargers were built. "
        "Ali Khan said the line cost $5 million. Khan added that it carries 40,000 people a day."
    )
    assert [c.speaker for c in attributed(text)] == ["Chen Yumei"] * 2 + ["Ali Khan"] * 2


def test_a_role_resolves_to_the_person_who_holds_it() -> None:
    text = (
        "Mayor Jamshed Olimov opened the new depot. "
        "The mayor said ticket prices would stay at 1.50 somoni."
    )
    report = one(text)
    assert (report.speaker, report.speaker_description) == ("Jamshed Olimov", "Mayor")


# Check-worthiness ---------------------------------------------------------------------------


def test_reasons_explain_the_score() -> None:
    quote = one(
        '"Almaty will be the first city in Central Asia to run 500 electric buses by '
        '2030," said Ali Khan.'
    )
    assert set(quote.reasons) >= {
        "has a number",
        "superlative or first",
        "prediction",
        "names a place or body",
        "attributed to a named speaker",
    }
    assert quote.score > 0.8
    assert quote.type == "quantity"


def test_hedges_lower_the_score() -> None:
    firm = one("Ali Khan said the bridge will open in 2026.")
    hedged = one("Ali Khan said the bridge might possibly open in 2026.")
    assert "hedged" in hedged.reasons
    assert hedged.score < firm.score


@pytest.mark.parametrize(
    "text",
    [
        '"We are happy to be here," she said.',
        '"Thank you all for coming," Ali Khan said.',
        '"I think it is a beautiful city," said Ali Khan.',
        "Ali Khan said it was a good result.",
    ],
)
def test_pleasantries_and_pure_opinion_are_not_proposed(text: str) -> None:
    assert attributed(text) == []


def test_opinion_with_something_checkable_is_kept_but_marked() -> None:
    quote = one('"We are proud that emissions fell 30% in two years," said Ali Khan.')
    assert "opinion" in quote.reasons
    assert "has a number" in quote.reasons


@pytest.mark.parametrize(
    ("claim", "claim_type"),
    [
        ("The city has 450 buses", "quantity"),
        ("The new metro is the longest in the region", "comparison"),
        ("Rents are higher than in the capital", "comparison"),
        ("Smog got worse because of coal stoves", "causal"),
        ("The line is on track to open next year", "prediction"),
        ("The plan is working and residents know it", "quote"),
    ],
)
def test_claim_types(claim: str, claim_type: str) -> None:
    assert one(f'"{claim}," said Ali Khan.').type == claim_type


def test_reported_speech_with_nothing_to_check_is_of_type_other() -> None:
    assert one("Ali Khan said the plan was working.").type == "other"


def test_statements_are_proposed_only_when_they_hold_something_to_check() -> None:
    text = (
        "The city council met on Monday. Almaty has 2,000 buses, twice as many as in 2015. "
        "Residents gathered in the square. Emissions fell because the plant switched to gas."
    )
    statements = [c for c in extract(text) if c.kind == "statement"]
    assert [c.text for c in sorted(statements, key=lambda c: c.start)] == [
        "Almaty has 2,000 buses, twice as many as in 2015.",
        "Emissions fell because the plant switched to gas.",
    ]
    assert all(c.speaker == "" and c.type in ("quantity", "causal") for c in statements)


def test_candidates_are_ranked_by_score_then_position() -> None:
    text = (
        "Ali Khan said the plan was working. "
        '"We will build 300 stations by 2030, the most in Asia," said Li Wei. '
        "Li Wei said the plan was working."
    )
    found = extract(text)
    assert found[0].text.startswith("We will build 300 stations")
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    ties = [c for c in found if c.text == "the plan was working."]
    assert ties == sorted(ties, key=lambda c: c.start)


# Offsets and serialisation --------------------------------------------------------------------


def test_offsets_point_at_the_claim_in_the_original_text() -> None:
    text = (
        "DUSHANBE, Tajikistan \u2014 The city will plant 1 million trees by 2030, the mayor's "
        "office said.\n\n\u201cEvery old bus we retire removes as much soot as 200 cars,\u201d "
        "she said. \u201cThe effect will show within two years.\u201d\r\n"
        'Ali Khan said: "Emissions fell 12% because of the trams."'
    )
    found = extract(text)
    assert found
    for candidate in found:
        assert text[candidate.start : candidate.end] == candidate.text


def test_headline_and_dateline_are_not_part_of_the_first_claim() -> None:
    text = (
        "Dushanbe says it will plant 1 million trees\n\n"
        "DUSHANBE, Tajikistan (Wire) - The city will plant 1 million trees by 2030, officials said."
    )
    kinds = {c.text: c.kind for c in extract(text)}
    assert kinds["The city will plant 1 million trees by 2030"] == "indirect"
    assert kinds["Dushanbe says it will plant 1 million trees"] == "statement"


def test_candidate_is_frozen_and_serialises_to_json() -> None:
    candidate = one('"The city has 450 buses," said Ali Khan.')
    data = json.loads(json.dumps(candidate.to_dict()))
    assert data == {
        "text": "The city has 450 buses",
        "speaker": "Ali Khan",
        "speaker_description": "",
        "start": 1,
        "end": 23,
        "score": candidate.score,
        "type": "quantity",
        "reasons": list(candidate.reasons),
        "kind": "quote",
        "language": "en",
        "speaker_role": "",
        "speaker_kind": "person",
        "speaker_note": "",
    }
    with pytest.raises(AttributeError):
        candidate.text = "changed"  # type: ignore[misc]
