"""The guard on its own: hard cases in English, Russian and Chinese, and across them."""

from __future__ import annotations

import pytest

from claims.matching import guard


def kinds(query: str, candidate: str, **speakers: str) -> set[str]:
    return {d.kind for d in guard.compare(query, candidate, **speakers)}


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("The city cut bus fares by 20 percent.", "The city cut bus fares by 200 percent."),
        ("Fares fell by 20%.", "Проезд подешевел на 2%."),
        ("The metro line opens in 2026.", "The metro line opens in 2028."),
        ("Everest is 8,848.86 metres high.", "Everest is 8,844.43 metres high."),
        ("Everest grows 4 millimetres a year.", "Everest grows 4 centimetres a year."),
        ("Население сократилось до 146 миллионов.", "Население сократилось до 136 миллионов."),
        ("Инфляция составила 7,4%.", "Инфляция составила 4,7%."),
        ("成都今年接待游客超过2亿人次。", "成都今年接待游客超过2000万人次。"),
        ("青岛接待了500万名游客。", "Qingdao welcomed half a million visitors."),
        ("中国承诺在2060年前实现碳中和。", "China pledged carbon neutrality before 2050."),
    ],
)
def test_changed_numbers_are_reported(query, candidate):
    assert "number" in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Shenzhen replaced all of its 16,000 buses.", "深圳已把全部1.6万辆公交车换成了电动车。"),
        ("A fifth of the oxygen comes from the Amazon.", "The Amazon produces 20% of the oxygen."),
        ("More than 65 percent live in cities.", "我国城镇人口占比已超过六成五。"),
        ("The wage will double to $15.", "К 2025 году зарплата удвоится до 15 долларов."),
        ("Qatar spent $200bn.", "卡塔尔花费了超过2000亿美元。"),
        ("China passed 600 gigawatts of solar.", "中国的光伏发电装机容量突破6亿千瓦。"),
        ("Grain stayed above 650 million tonnes.", "粮食产量稳定在1.3万亿斤以上。"),
        ("One in three Russians lives in a big city.", "Каждый третий россиянин живёт в городе."),
        ("Thirty new schools opened.", "Открылись три десятка новых школ."),
        ("Inflation hit a 40-year high.", "Inflation is the highest in four decades."),
        # a paraphrase that leaves a number out contradicts nothing
        ("The city cut bus fares last year.", "The city cut bus fares by 20 percent in 2023."),
    ],
)
def test_the_same_numbers_written_differently_are_not_a_difference(query, candidate):
    assert "number" not in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Vaccines do not cause autism.", "Vaccines cause autism."),
        ("Lightning never strikes twice.", "Lightning often strikes the same place twice."),
        ("Прививка от гриппа не может вызвать грипп.", "Прививка от гриппа может вызвать грипп."),
        ("Антибиотики нельзя покупать без рецепта.", "Антибиотики можно покупать без рецепта."),
        ("吸烟不会增加患肺癌的风险。", "吸烟会增加患肺癌的风险。"),
        ("转基因食品不会导致不孕不育。", "转基因食品会导致不孕不育。"),  # 不孕不育 is no negation
        ("Mobile phones cause brain cancer.", "Мобильные телефоны не вызывают рак мозга."),
        ("5G信号不会伤害人体健康。", "5G signals harm human health."),
    ],
)
def test_a_negation_on_one_side_is_reported(query, candidate):
    assert "negation" in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # negative concord in Russian is one negation
        ("Молния никогда не бьёт в одно место дважды.", "Lightning never strikes twice."),
        # a superlative said with a negation
        ("No African city has more people than Lagos.", "Lagos is the largest city in Africa."),
        ("Ни одна европейская река не длиннее Волги.", "Волга — самая длинная река Европы."),
        ("亚洲没有比长江更长的河。", "长江是亚洲最长的河流。"),
        ("Маткапитал положен не только на первого ребёнка.", "Maternity capital: second child."),
        ("非洲最大的城市是拉各斯。", "Lagos is the largest city in Africa."),  # 非洲 is Africa
        ("莫斯科地铁有250多个车站。", "Moscow's metro has more than 250 stations."),
    ],
)
def test_negations_that_do_not_turn_the_claim_round(query, candidate):
    assert "negation" not in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Unemployment fell to its lowest level.", "Unemployment rose to its highest level."),
        ("Solar is the cheapest power in history.", "Solar is the most expensive power ever."),
        ("Russia was the first to launch one.", "Россия последней запустила такую станцию."),
        ("Ставка повышена до 16 процентов.", "Ставка снижена до 16 процентов."),
        ("Hot water freezes faster than cold.", "Hot water freezes slower than cold."),
        ("城市的空气质量比去年明显改善。", "城市的空气质量比去年明显恶化。"),
        ("青藏铁路是世界上海拔最高的铁路。", "The Qinghai–Tibet line is the lowest railway."),
        ("中国的人口在2022年首次出现负增长。", "中国的人口在2022年首次出现正增长。"),
        ("Coal generates more than half of the power.", "Coal generates less than half of it."),
    ],
)
def test_opposite_superlatives_and_directions_are_reported(query, candidate):
    assert "antonym" in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Joblessness dropped to a 50-year low.", "Unemployment fell to its lowest in 50 years."),
        ("No nation has more forest than Russia.", "Russia has the largest forest area."),
        ("Безработица снизилась до минимума.", "Unemployment fell to a record low."),
    ],
)
def test_the_same_direction_in_other_words_is_not_a_difference(query, candidate):
    assert "antonym" not in kinds(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate", "differs"),
    [
        ("India will reach net zero first.", "China will reach net zero first.", True),
        ("Beijing will reach net zero first.", "China will reach net zero first.", False),
        ("Пекин первым достигнет нулевых выбросов.", "China will reach net zero first.", False),
        ("Cairo is the largest city in Africa.", "Lagos is the largest city in Africa.", True),
        ("黄河是亚洲最长的河流。", "长江是亚洲最长的河流。", True),
        ("В Самаре закрыли трамвайный парк.", "Yekaterinburg closed its tram depot.", True),
        ("新西伯利亚开通了一座大桥。", "A bridge opened in Novosibirsk.", False),
        ("The bridge opened.", "A bridge opened in Novosibirsk.", False),
    ],
)
def test_places(query, candidate, differs):
    assert ("place" in kinds(query, candidate)) is differs


def test_speakers_are_compared_by_name_when_both_are_known():
    same = "Kenya gets 90% of its power from renewables."
    assert "speaker" in kinds(same, same, query_speaker="Rob Kinsella", candidate_speaker="K. A.")
    assert not kinds(same, same, query_speaker="Kwame Asante", candidate_speaker="kwame  asante")
    assert not kinds(same, same, query_speaker="Asante", candidate_speaker="Kwame Asante")
    assert not kinds(same, same, query_speaker="", candidate_speaker="Kwame Asante")
    # names in different scripts cannot be told apart here, so nothing is claimed
    assert not kinds(same, same, query_speaker="Путин", candidate_speaker="Putin")


def test_a_difference_says_what_each_side_says():
    (difference,) = guard.compare("Fares rose by 20%.", "Fares rose by 200%.")
    assert (difference.kind, difference.query, difference.candidate) == ("number", "20%", "200%")
    assert str(difference) == "number: 20% / 200%"


@pytest.mark.parametrize("value", ["", "🙂🙂", "…", "a" * 5000, "二〇二二", "第一第二第三", "%%%"])
def test_odd_text_never_breaks_the_guard(value):
    guard.compare(value, "The city cut bus fares by 20 percent.")
    guard.compare("The city cut bus fares by 20 percent.", value)
