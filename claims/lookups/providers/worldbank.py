"""World Bank indicators for quantity claims about countries.

API: GET {WORLDBANK_API_URL}/country/{iso3}/indicator/{code}?format=json&mrnev=1
(`mrnev=1`: the most recent non-empty value). Answer: [page info, [rows]] where a row is
{"indicator": {"id", "value"}, "country": {"id", "value"}, "countryiso3code", "date", "value"}.
Errors come with HTTP 200 as [{"message": [{"id": "120", "key": "Invalid value", "value": …}]}].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.lookups import conf
from claims.lookups.errors import Permanent, UnexpectedResponse
from claims.lookups.providers import countries
from claims.lookups.providers.base import ClaimInput, Provider, RequestSpec, ResultItem
from claims.lookups.responses import FetchResult, redact_url

MAX_COUNTRIES = 3
MAX_INDICATORS = 2
MAX_REQUESTS = 4
DATA_PAGE = "https://data.worldbank.org/indicator"


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str
    pattern: re.Pattern[str]


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Codes as published in the World Development Indicators, checked against what I know of the
# 2024-2025 catalogue; the API is the final word and answers error 120/175 for a bad code.
# - CO2 and all greenhouse gases moved in 2024 to the EDGAR-based EN.GHG.* series (Mt CO2e);
#   the old EN.ATM.CO2E.KT and EN.ATM.GHGT.KT.CE are archived.
# - The electricity-mix shares (EG.ELC.HYRO.ZS, EG.ELC.RNEW.ZS) are IEA-sourced and were not
#   updated for years; they may answer with an old year, which the result shows. Uncertain
#   whether they remain in the current WDI at all.
# - EN.ATM.PM25.MC.M3 (mean PM2.5 exposure) is still published but updated with a lag.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "EN.GHG.CO2.MT.CE.AR5",
        "Mt CO2e",
        _words(r"\bco[2₂]\b|carbon (dioxide|emissions?)|углекисл|выброс\w* co2|二氧化碳|碳排放"),
    ),
    Indicator(
        "EN.GHG.ALL.MT.CE.AR5",
        "Mt CO2e",
        _words(r"greenhouse|\bghg\b|парников|温室气体"),
    ),
    Indicator(
        "EG.ELC.HYRO.ZS",
        "% of electricity production",
        _words(r"hydro|\bгэс\b|гидроэл|гидроэнерг|水电|水力发电"),
    ),
    Indicator(
        "EG.ELC.RNEW.ZS",
        "% of electricity output",
        _words(
            r"renewabl|solar|wind (power|energy|turbines?|farms?)"
            r"|возобновля|солнечн|ветров|可再生|太阳能|风电|风能"
        ),
    ),
    Indicator(
        "EG.ELC.ACCS.ZS",
        "% of population",
        _words(r"access to electricity|electrifi|доступ\w* к электр|电力普及|通电"),
    ),
    Indicator(
        "NY.GDP.PCAP.CD",
        "current US$",
        _words(
            r"gdp per (capita|person|head)|per capita (gdp|income)"
            r"|ввп на душу|人均(国内生产总值|gdp)"
        ),
    ),
    Indicator(
        "NY.GDP.MKTP.KD.ZG",
        "% a year",
        _words(r"gdp growth|economic growth|economy grew|рост\w* ввп|экономическ\w* рост|经济增长"),
    ),
    Indicator(
        "NY.GDP.MKTP.CD",
        "current US$",
        _words(r"\bgdp\b|gross domestic product|\bввп\b|валов\w* внутренн\w* продукт|国内生产总值"),
    ),
    Indicator(
        "SP.URB.TOTL.IN.ZS",
        "% of population",
        _words(r"urban|city dwellers|городск\w* населени|урбаниз|城镇化|城市人口"),
    ),
    Indicator(
        "SP.POP.TOTL",
        "people",
        _words(r"population|inhabitants|residents|населени|жител|人口"),
    ),
    Indicator(
        "EN.ATM.PM25.MC.M3",
        "µg/m³",
        _words(r"pm ?2[.,]5|fine particulate|air pollution|загрязнени\w* воздух|空气污染|细颗粒物"),
    ),
    Indicator(
        "SL.UEM.TOTL.ZS",
        "% of labour force",
        _words(r"unemploy|jobless|безработ|失业"),
    ),
    Indicator(
        "FP.CPI.TOTL.ZG",
        "% a year",
        _words(r"inflation|consumer prices|инфляц|通货膨胀|通胀"),
    ),
    Indicator(
        "SP.DYN.LE00.IN",
        "years",
        _words(r"life expectancy|продолжительност\w* жизни|预期寿命"),
    ),
    Indicator(
        "AG.LND.FRST.ZS",
        "% of land area",
        _words(r"forest|\bлес(а|ов|ами|ах|ной|ные|ных|истост\w*)?\b|森林"),
    ),
    Indicator(
        "IT.NET.USER.ZS",
        "% of population",
        _words(r"internet (users|access|use)|пользовател\w* интернет|互联网|网民"),
    ),
)
_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def find_indicators(text: str) -> list[Indicator]:
    """Indicators a claim's words point to, in order of first mention."""
    hits = []
    for indicator in INDICATORS:
        match = indicator.pattern.search(text)
        if match:
            hits.append((match.start(), indicator))
    found = [indicator for _, indicator in sorted(hits, key=lambda hit: hit[0])]
    codes = {indicator.code for indicator in found}
    if "NY.GDP.PCAP.CD" in codes:  # "GDP per capita" is not also a claim about total GDP
        found = [indicator for indicator in found if indicator.code != "NY.GDP.MKTP.CD"]
    return found


def claim_countries(claim: ClaimInput) -> list[str]:
    hint = [claim.country.upper()] if claim.country else []
    return list(dict.fromkeys(hint + countries.find_countries(claim.text)))


class WorldBankProvider(Provider):
    name = "worldbank"
    label = "The World Bank"

    def applies_to(self, claim: ClaimInput) -> bool:
        return (
            claim.claim_type == "quantity"
            and bool(claim_countries(claim))
            and bool(find_indicators(claim.text))
        )

    def build_requests(self, claim: ClaimInput) -> list[RequestSpec]:
        base = conf.worldbank_api_url()
        specs = [
            RequestSpec(
                url=f"{base}/country/{iso3}/indicator/{indicator.code}",
                params={"format": "json", "mrnev": 1},
                kind="indicator",
                context={"country": iso3, "indicator": indicator.code, "unit": indicator.unit},
            )
            for indicator in find_indicators(claim.text)[:MAX_INDICATORS]
            for iso3 in claim_countries(claim)[:MAX_COUNTRIES]
        ]
        return specs[:MAX_REQUESTS]

    def parse(self, spec: RequestSpec, result: FetchResult) -> list[ResultItem]:
        data = result.json(service=self.label)
        _raise_for_message(data, result)
        if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], dict):
            raise UnexpectedResponse(
                f"unexpected shape from {redact_url(result.url)}: {result.text[:120]!r}",
                plain=f"{self.label} sent an answer in a shape we do not know.",
            )
        meta, rows = data[0], data[1] or []
        code = str(spec.context.get("indicator", ""))
        unit = str(spec.context.get("unit", "")) or (
            _BY_CODE[code].unit if code in _BY_CODE else ""
        )
        items: list[ResultItem] = []
        for row in rows:
            if not isinstance(row, dict) or row.get("value") is None:
                continue
            indicator = row.get("indicator") or {}
            country = row.get("country") or {}
            date = str(row.get("date", ""))
            year = int(date) if date.isascii() and date.isdigit() else None
            value = float(row["value"])
            code = indicator.get("id") or code
            row_unit = row.get("unit") or unit
            items.append(
                ResultItem(
                    rank=len(items) + 1,
                    title=f"{indicator.get('value', code)}: {country.get('value', '')}",
                    url=f"{DATA_PAGE}/{code}?locations={country.get('id', '')}",
                    snippet=f"{format_value(value)} {row_unit} ({row.get('date', '')})",
                    publisher="World Bank",
                    value=value,
                    unit=row_unit,
                    year=year,
                    extra={
                        "indicator": code,
                        "indicator_name": indicator.get("value", ""),
                        "country": country.get("value", ""),
                        "country_iso3": row.get("countryiso3code") or spec.context.get("country"),
                        "source": meta.get("sourcename", ""),
                        "last_updated": meta.get("lastupdated", ""),
                    },
                )
            )
        return items


def _raise_for_message(data: object, result: FetchResult) -> None:
    """World Bank errors arrive with HTTP 200 as [{"message": [{"id", "key", "value"}]}]."""
    if not (isinstance(data, list) and data and isinstance(data[0], dict)):
        return
    messages = data[0].get("message")
    if not messages:
        return
    first = messages[0] if isinstance(messages, list) and messages else {}
    ident, text = str(first.get("id", "")), str(first.get("value") or first.get("key") or "")
    detail = f"World Bank error {ident} from {redact_url(result.url)}: {text}"
    if ident == "120":
        raise Permanent(
            detail,
            plain="The World Bank did not recognise the country or indicator we asked for.",
        )
    if ident == "175":
        raise Permanent(detail, plain="The World Bank has retired this indicator.")
    raise UnexpectedResponse(detail, plain=f"The World Bank reported a problem: {text}")


def format_value(value: float) -> str:
    """Readable numbers: 1 412 360 000 → '1.41 billion', 10.7 → '10.7'."""
    magnitude = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= size:
            return f"{value / size:.3g} {word}"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"
