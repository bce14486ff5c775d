"""Which countries a claim mentions, in English, Russian or Chinese, as ISO 3166-1 alpha-3 codes.

A small table on purpose: Central Asia and its neighbours, China, Russia and the G20. Alias
syntax: a plain alias matches a whole word (case-insensitive); a trailing `*` matches word
endings (Russian cases: `Китай*`); an all-capitals alias (`US`, `США`) matches case-sensitively;
`re:` starts a raw regular expression. Chinese aliases match anywhere (no spaces to bound a
word), and the longest match wins, so 印度尼西亚 is Indonesia, not India.
"""

from __future__ import annotations

import re
from functools import cache

# Not "US" before "$" or "dollars": "12 billion US dollars" is about money, not America.
_US = r"re:(?<![\w$])U\.?S\.?(?!\w|\s*\$|\s+dollars?)"

# iso3: (iso2, English name, aliases)
COUNTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # Central Asia
    "KAZ": (
        "KZ",
        "Kazakhstan",
        ("Kazakhstan", "Kazakhstani", "Kazakh", "Qazaqstan", "Казахстан*", "哈萨克斯坦"),
    ),
    "KGZ": (
        "KG",
        "Kyrgyz Republic",
        (
            "Kyrgyzstan",
            "Kyrgyz Republic",
            "Kyrgyz",
            "Kirghizia",
            "Кыргыз*",
            "Киргиз*",
            "吉尔吉斯斯坦",
            "吉尔吉斯",
        ),
    ),
    "TJK": (
        "TJ",
        "Tajikistan",
        ("Tajikistan", "Tajik", "Tadjikistan", "Таджик*", "Тоҷикистон", "塔吉克斯坦", "塔吉克"),
    ),
    "TKM": ("TM", "Turkmenistan", ("Turkmenistan", "Turkmen", "Туркмен*", "土库曼斯坦", "土库曼")),
    "UZB": (
        "UZ",
        "Uzbekistan",
        ("Uzbekistan", "Uzbek", "Узбек*", "Oʻzbekiston", "乌兹别克斯坦", "乌兹别克"),
    ),
    # Neighbours
    "AFG": ("AF", "Afghanistan", ("Afghanistan", "Afghan", "Афганистан*", "阿富汗")),
    "MNG": ("MN", "Mongolia", ("Mongolia", "Mongolian", "Монголи*", "蒙古国", "蒙古")),
    "PAK": ("PK", "Pakistan", ("Pakistan", "Pakistani", "Пакистан*", "巴基斯坦")),
    "AZE": ("AZ", "Azerbaijan", ("Azerbaijan", "Azerbaijani", "Азербайджан*", "阿塞拜疆")),
    "ARM": ("AM", "Armenia", ("Armenia", "Armenian", "Армени*", "亚美尼亚")),
    "BLR": ("BY", "Belarus", ("Belarus", "Belarusian", "Беларус*", "Белорусси*", "白俄罗斯")),
    "UKR": ("UA", "Ukraine", ("Ukraine", "Ukrainian", "Украин*", "乌克兰")),
    # China and Russia
    "CHN": (
        "CN",
        "China",
        (
            "China",
            "Chinese",
            "People's Republic of China",
            "PRC",
            "Китай*",
            "Китая",
            "Китаю",
            "Китаем",
            "Китае",
            "КНР",
            "中国",
            "中华人民共和国",
        ),
    ),
    "RUS": (
        "RU",
        "Russian Federation",
        ("Russia", "Russian Federation", "Russian", "Росси*", "РФ", "俄罗斯", "俄国"),
    ),
    # The rest of the G20
    "ARG": ("AR", "Argentina", ("Argentina", "Argentine", "Argentinian", "Аргентин*", "阿根廷")),
    "AUS": ("AU", "Australia", ("Australia", "Australian", "Австрали*", "澳大利亚", "澳洲")),
    "BRA": ("BR", "Brazil", ("Brazil", "Brazilian", "Бразили*", "巴西")),
    "CAN": ("CA", "Canada", ("Canada", "Canadian", "Канад*", "加拿大")),
    "FRA": ("FR", "France", ("France", "French", "Франци*", "法国")),
    "DEU": ("DE", "Germany", ("Germany", "German", "Германи*", "德国")),
    "IND": (
        "IN",
        "India",
        ("India", "Indian", "Индия", "Индии", "Индию", "Индией", "индийск*", "印度"),
    ),
    "IDN": ("ID", "Indonesia", ("Indonesia", "Indonesian", "Индонези*", "印度尼西亚", "印尼")),
    "ITA": ("IT", "Italy", ("Italy", "Italian", "Итали*", "意大利")),
    "JPN": ("JP", "Japan", ("Japan", "Japanese", "Япони*", "日本")),
    "KOR": (
        "KR",
        "Korea, Rep.",
        ("South Korea", "Republic of Korea", "Korea", "Южн* Коре*", "Республик* Коре*", "韩国"),
    ),
    "PRK": (
        "KP",
        "Korea, Dem. People's Rep.",
        ("North Korea", "DPRK", "Северн* Коре*", "КНДР", "朝鲜"),
    ),
    "MEX": ("MX", "Mexico", ("Mexico", "Mexican", "Мексик*", "墨西哥")),
    "SAU": ("SA", "Saudi Arabia", ("Saudi Arabia", "Saudi", "Саудовск*", "沙特阿拉伯", "沙特")),
    "ZAF": (
        "ZA",
        "South Africa",
        ("South Africa", "South African", "ЮАР", "Южно-Африканск*", "南非"),
    ),
    "TUR": (
        "TR",
        "Turkiye",
        ("Turkey", "Türkiye", "Turkiye", "Turkish", "Турци*", "Турецк*", "土耳其"),
    ),
    "GBR": (
        "GB",
        "United Kingdom",
        (
            "United Kingdom",
            "Great Britain",
            "Britain",
            "British",
            "UK",
            "U.K.",
            "Великобритани*",
            "Британи*",
            "英国",
        ),
    ),
    "USA": (
        "US",
        "United States",
        (
            "United States of America",
            "United States",
            "USA",
            _US,
            "США",
            "Соединённые Штаты",
            "Соединенн* Штат*",
            "美国",
        ),
    ),
    "EUU": (
        "EU",
        "European Union",
        ("European Union", "EU", "Евросоюз*", "Европейск* союз*", "ЕС", "欧盟"),
    ),
}


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def _compile(alias: str) -> re.Pattern[str]:
    if alias.startswith("re:"):
        return re.compile(alias[3:])
    if _is_cjk(alias):
        return re.compile(re.escape(alias))
    body = re.escape(alias.rstrip("*")) + (r"\w*" if alias.endswith("*") else "")
    body = body.replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
    letters = [char for char in alias if char.isalpha()]
    flags = 0 if letters and all(char.isupper() for char in letters) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (_compile(alias), iso3) for iso3, (_, _, aliases) in COUNTRIES.items() for alias in aliases
    )


def find_countries(text: str) -> list[str]:
    """ISO3 codes of the countries mentioned, in order of first mention."""
    spans = [
        (match.start(), match.end(), iso3)
        for pattern, iso3 in _patterns()
        for match in pattern.finditer(text)
    ]
    taken: list[tuple[int, int, str]] = []
    for start, end, iso3 in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in taken):
            taken.append((start, end, iso3))
    ordered = [iso3 for _, _, iso3 in sorted(taken)]
    return list(dict.fromkeys(ordered))


def iso2(iso3: str) -> str:
    return COUNTRIES[iso3][0] if iso3 in COUNTRIES else ""
