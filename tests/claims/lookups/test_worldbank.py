from __future__ import annotations

import pytest

from claims.lookups.errors import Permanent
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.countries import find_countries
from claims.lookups.providers.worldbank import WorldBankProvider, find_indicators
from tests.fixture_server import FixtureServer


def quantity(text: str, **extra: str) -> ClaimInput:
    return ClaimInput(id=11, text=text, claim_type="quantity", **extra)


CO2 = quantity("China emitted more than 13 billion tonnes of CO2 last year")


def test_the_latest_value_is_parsed(fixture_http: FixtureServer) -> None:
    fixture_http.use("worldbank", "results")
    [item] = WorldBankProvider().run(CO2).items
    assert item.value == pytest.approx(13259.6423)
    assert (item.unit, item.year) == ("Mt CO2e", 2023)
    assert item.title == (
        "Carbon dioxide (CO2) emissions (total) excluding LULUCF (Mt CO2e): China"
    )
    assert item.snippet == "13,260 Mt CO2e (2023)"
    assert item.url == ("https://data.worldbank.org/indicator/EN.GHG.CO2.MT.CE.AR5?locations=CN")
    assert item.extra["country_iso3"] == "CHN"
    assert fixture_http.requests[0].param("mrnev") == "1"


def test_one_request_per_country(fixture_http: FixtureServer) -> None:
    fixture_http.use("worldbank", "multiple")
    claim = quantity("Tajikistan gets more of its power from hydropower than Kyrgyzstan")
    items = WorldBankProvider().run(claim).items
    assert [(i.extra["country_iso3"], round(i.value or 0, 1), i.year) for i in items] == [
        ("TJK", 97.9, 2015),
        ("KGZ", 86.9, 2015),
    ]


def test_no_data_is_empty(fixture_http: FixtureServer) -> None:
    fixture_http.use("worldbank", "empty")
    assert WorldBankProvider().run(CO2).items == []


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("error_200", "did not recognise the country or indicator"),
        ("archived_indicator", "has retired this indicator"),
    ],
)
def test_errors_inside_http_200(fixture_http: FixtureServer, case: str, words: str) -> None:
    fixture_http.use("worldbank", case)
    with pytest.raises(Permanent) as failure:
        WorldBankProvider().run(CO2)
    assert words in failure.value.plain


def test_applies_to_quantity_claims_naming_a_country_and_a_measure() -> None:
    provider = WorldBankProvider()
    assert provider.applies_to(CO2)
    assert not provider.applies_to(ClaimInput(id=1, text=CO2.text, claim_type="prediction"))
    assert not provider.applies_to(quantity("More than 20 smart-city projects in the region"))
    assert not provider.applies_to(quantity("China opened 20 new airports"))
    assert provider.applies_to(quantity("The population is 10 million", country="TJK"))


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Uzbekistan and Kazakhstan signed", ["UZB", "KAZ"]),
        ("Население Таджикистана превысило 10 млн, как и в Кыргызстане", ["TJK", "KGZ"]),
        ("Выбросы России и Китая", ["RUS", "CHN"]),
        ("印度尼西亚的人口超过2.7亿", ["IDN"]),
        ("哈萨克斯坦和中国", ["KAZ", "CHN"]),
        ("Exports worth 12 billion US dollars to the U.S.", ["USA"]),
        ("The PRC and the EU", ["CHN", "EUU"]),
        ("North Korea's missile", ["PRK"]),
        ("us and them", []),
        ("Turkmen gas reached Türkiye", ["TKM", "TUR"]),
    ],
)
def test_country_detection(text: str, countries: list[str]) -> None:
    assert find_countries(text) == countries


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("CO2 emissions fell", ["EN.GHG.CO2.MT.CE.AR5"]),
        ("greenhouse gas emissions", ["EN.GHG.ALL.MT.CE.AR5"]),
        ("GDP per capita doubled", ["NY.GDP.PCAP.CD"]),
        ("ВВП вырос", ["NY.GDP.MKTP.CD"]),
        ("98% of electricity from hydropower", ["EG.ELC.HYRO.ZS"]),
        ("wind turbines and solar panels", ["EG.ELC.RNEW.ZS"]),
        ("urban population share", ["SP.URB.TOTL.IN.ZS", "SP.POP.TOTL"]),
        ("人口超过", ["SP.POP.TOTL"]),
        ("PM2.5 levels", ["EN.ATM.PM25.MC.M3"]),
        ("access to electricity is universal", ["EG.ELC.ACCS.ZS"]),
    ],
)
def test_indicator_keywords(text: str, codes: list[str]) -> None:
    assert [indicator.code for indicator in find_indicators(text)] == codes


def test_raw_responses_parse_again(fixture_http: FixtureServer) -> None:
    fixture_http.use("worldbank", "multiple")
    claim = quantity("Tajikistan gets more of its power from hydropower than Kyrgyzstan")
    outcome = WorldBankProvider().run(claim)
    assert WorldBankProvider().parse_raw(outcome.raw) == outcome.items
