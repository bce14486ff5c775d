from __future__ import annotations

import pytest

from claims import text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cities emit 70% of CO2!", "cities  emit 70% of co2"),
        ("“More than 1,000 trees”", '"more than 1000 trees"'),
        ("It grew 3.5 percent.", "it grew 3.5 percent"),
        ("Ｆｕｌｌｗｉｄｔｈ ＣＯ２", "fullwidth co2"),
        ("В Бишкеке — миллион деревьев.", "в бишкеке миллион деревьев"),
        ("中国计划在2060年之前实现碳中和。", "中国计划在2060年之前实现碳中和"),
    ],
)
def test_same_claim_in_different_dress_normalises_alike(a, b):
    assert text.normalize_claim(a) == text.normalize_claim(b)
    assert text.fingerprint(text.normalize_claim(a)) == text.fingerprint(text.normalize_claim(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [("It grew 3.5 percent.", "It grew 35 percent."), ("70% of CO2", "70 of CO2")],
)
def test_different_numbers_stay_different(a, b):
    assert text.normalize_claim(a) != text.normalize_claim(b)


def test_clean_strips_control_characters_and_spacing():
    assert text.clean("  a\u0000b\u200b  c\r\n d ") == "ab c d"


def test_name_key_ignores_case_dots_and_spaces():
    assert text.name_key(" Dr.  Amina  RAKHIMOVA ") == text.name_key("dr amina rakhimova")


def test_search_document_adds_cjk_bigrams_and_separates_digits():
    doc = text.search_document("在2060年实现碳中和")
    assert " 2060 " in doc
    for gram in ("碳中", "中和", "实现"):
        assert gram in doc.split()


def test_search_terms_are_safe_words_only():
    assert text.search_terms("net-zero & 'China':* | !") == ["net", "zero", "china"]
    assert text.search_terms("碳中和 2060") == ["碳中", "中和", "2060"]
    assert text.search_terms("") == []
