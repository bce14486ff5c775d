"""Which claims are predictions or promises, and the re-check date suggested for them."""

from __future__ import annotations

from datetime import date

import pytest

from reviews.rechecks import dates

SAID = date(2026, 5, 20)
TODAY = date(2026, 6, 1)


def suggest(text: str, **overrides: object) -> dates.Suggestion | None:
    arguments: dict[str, object] = {"said_on": SAID, "today": TODAY, "default_months": 6}
    arguments.update(overrides)
    return dates.suggest_recheck(text, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "China is on track to be the first country to meet its net-zero commitments.",
        "The new terminal will run on wind and solar power.",
        "Dushanbe is expected to open 20 smart-city projects.",
        "The mayor pledged 3,000 affordable homes.",
        "The ministry plans to double the bus fleet by 2030.",
        "К 2030 году Душанбе будет получать всю энергию от ГЭС.",
        "Правительство планирует построить три новые школы.",
        "中国将在2060年前实现碳中和。",
        "到2030年，该市有望把公交车全部换成电动车。",
    ],
)
def test_predictions_and_promises_are_recognised(text):
    assert dates.is_prediction(text)


@pytest.mark.parametrize(
    "text",
    [
        "The city planted 2000 trees in 2019.",
        "Tajikistan runs more than 20 smart-city projects.",
        "Город посадил 5000 деревьев в прошлом году.",
        "该市去年种植了两千棵树。",
    ],
)
def test_statements_about_the_past_or_present_are_not(text):
    assert not dates.is_prediction(text)
    assert suggest(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The country will reach net zero by 2030.", date(2030, 12, 31)),
        ("The metro line will open by March 2028.", date(2028, 3, 31)),
        ("The bridge will open on 15 March 2028.", date(2028, 3, 15)),
        ("The bridge will open on March 15, 2028.", date(2028, 3, 15)),
        ("The bridge will open on 2028-03-15.", date(2028, 3, 15)),
        ("Москва к 2030 году станет углеродно нейтральной.", date(2030, 12, 31)),
        ("Мост откроют к 15 марта 2028 года, обещает мэр.", date(2028, 3, 15)),
        ("中国到2030年将实现碳达峰。", date(2030, 12, 31)),
        ("该项目有望在2028年3月完工。", date(2028, 3, 31)),
        ("该项目有望在2028年3月15日完工。", date(2028, 3, 15)),
    ],
)
def test_the_date_in_the_claim_is_suggested(text, expected):
    suggestion = suggest(text)
    assert suggestion == dates.Suggestion(expected, named=expected)


def test_a_later_year_wins_over_the_year_it_was_said_in():
    text = "The economy grew 3% in 2026 and will grow 5% a year by the end of 2027."
    assert suggest(text) == dates.Suggestion(date(2027, 12, 31), named=date(2027, 12, 31))


def test_a_year_that_counts_things_is_not_a_date():
    assert dates.dates_named("The city will plant 2000 trees by 2031.") == [date(2031, 12, 31)]


def test_without_a_date_the_default_interval_from_when_it_was_said():
    suggestion = suggest("The mayor pledged 3,000 affordable homes.", default_months=6)
    assert suggestion == dates.Suggestion(date(2026, 11, 20))


def test_a_named_date_already_past_means_re_check_now():
    suggestion = suggest("The dam will be finished by 2025.", said_on=date(2023, 2, 1))
    assert suggestion == dates.Suggestion(TODAY, named=date(2025, 12, 31), passed=True)


def test_the_claim_type_alone_makes_a_prediction():
    assert dates.is_prediction("Net zero by mid-century, the minister said.") is False
    suggestion = suggest("Net zero in 2040, the minister said.", is_prediction_type=True)
    assert suggestion == dates.Suggestion(date(2040, 12, 31), named=date(2040, 12, 31))


def test_add_months_keeps_to_the_end_of_short_months():
    assert dates.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert dates.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
