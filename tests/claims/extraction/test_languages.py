"""Russian and Chinese: sentences with quotes kept whole, the commonest attribution forms;
other languages; language detection."""

from __future__ import annotations

import pytest

from claims.extraction import Candidate, detect_language, extract, sentences
from claims.extraction import quotes as quotes_mod


def attributed(text: str, language: str | None = None) -> list[Candidate]:
    found = [c for c in extract(text, language) if c.kind != "statement"]
    return sorted(found, key=lambda c: c.start)


def _sentences(text: str) -> list[str]:
    spans = sentences.paragraphs(text)
    found = []
    for index, (start, end) in enumerate(spans):
        marks = quotes_mod.find_quotes(text, start, end)
        found += [text[s.start : s.end] for s in sentences.split(text, start, end, index, marks)]
    return found


def test_russian_sentences_keep_quotes_whole() -> None:
    text = (
        "\u00abМы справимся. Работы начнутся в мае\u00bb, \u2014 сказал Иванов. "
        "Город получит 120 автобусов. \u201eЭто рекорд. Такого не было\u201c, \u2014 "
        "добавил он."
    )
    assert _sentences(text) == [
        "\u00abМы справимся. Работы начнутся в мае\u00bb, \u2014 сказал Иванов.",
        "Город получит 120 автобусов.",
        "\u201eЭто рекорд. Такого не было\u201c, \u2014 добавил он.",
    ]


def test_chinese_sentences_keep_quotes_whole() -> None:
    text = (
        "\u201c\u6211\u4eec\u4f1a\u6210\u529f\u3002\u6211\u4eec\u6709500\u4e2a\u5145\u7535\u7ad9"
        "\u3002\u201d\u4ed6\u8bf4\u3002\u300c\u4e00\u534a\u7684\u6c61\u67d3\u6765\u81ea\u7164"
        "\u3002\u300d\u300e\u5168\u5e02\u67091.6\u4e07\u8f86\u516c\u4ea4\u8f66\u3002\u300f"
        "\u6df1\u5733\u662f\u7b2c\u4e00\u4e2a\u57ce\u5e02\u3002"
    )
    assert _sentences(text) == [
        "\u201c\u6211\u4eec\u4f1a\u6210\u529f\u3002\u6211\u4eec\u6709500\u4e2a\u5145\u7535\u7ad9"
        "\u3002\u201d\u4ed6\u8bf4\u3002",
        "\u300c\u4e00\u534a\u7684\u6c61\u67d3\u6765\u81ea\u7164\u3002\u300d",
        "\u300e\u5168\u5e02\u67091.6\u4e07\u8f86\u516c\u4ea4\u8f66\u3002\u300f",
        "\u6df1\u5733\u662f\u7b2c\u4e00\u4e2a\u57ce\u5e02\u3002",
    ]


def test_russian_quotes_and_reported_speech_are_attributed() -> None:
    text = (
        "\u00abК 2030 году доля угля снизится до 20 процентов\u00bb, \u2014 сказал министр "
        "энергетики Иван Петров. Петров сообщил, что строительство начнется в мае 2025 года. "
        "По словам эксперта Анны Смирновой, около 70% пыли зимой дает отопление."
    )
    found = attributed(text)
    assert [c.language for c in found] == ["ru"] * 3
    assert [(c.kind, c.speaker) for c in found] == [
        ("quote", "Иван Петров"),
        ("indirect", "Иван Петров"),
        ("indirect", "Анны Смирновой"),
    ]
    assert found[0].speaker_description == "министр энергетики"
    assert found[0].text == "К 2030 году доля угля снизится до 20 процентов"
    assert "has a number" in found[0].reasons


def test_chinese_quotes_and_reported_speech_are_attributed() -> None:
    text = (
        "\u5317\u4eac\u5e02\u526f\u5e02\u957f\u674e\u4f1f\u5728\u5cf0\u4f1a\u4e0a\u8868\u793a"
        "\uff1a\u201c\u52302030\u5e74\uff0c\u65b0\u80fd\u6e90\u6c7d\u8f66\u6bd4\u4f8b\u5c06"
        "\u8d85\u8fc750%\u3002\u201d\u4ed6\u8bf4\uff0c\u8fd9\u662f\u4e2d\u56fd\u6700\u5927"
        "\u7684\u7535\u52a8\u516c\u4ea4\u8f66\u961f\u3002"
    )
    quote, report = attributed(text)
    assert quote.language == "zh"
    assert (quote.kind, quote.speaker, quote.speaker_description) == (
        "quote",
        "\u674e\u4f1f",
        "\u5317\u4eac\u5e02\u526f\u5e02\u957f",
    )
    assert (report.kind, report.speaker) == ("indirect", "\u674e\u4f1f")
    assert "superlative or first" in report.reasons


def test_other_languages_get_quotes_and_numbers_without_speakers() -> None:
    text = "\u00abLa ville aura 300 bus\u00bb, a dit le maire. Le budget atteint 5 millions."
    found = extract(text, "fr")
    assert {c.language for c in found} == {"fr"}
    assert any(c.kind == "quote" and c.speaker == "" for c in found)


# Language detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The mayor said the city will plant a million trees by 2030.", "en"),
        ("Мэр заявил, что город высадит миллион деревьев к 2030 году.", "ru"),
        (
            "\u5e02\u957f\u8868\u793a\uff0c\u52302030\u5e74\u5168\u5e02\u5c06\u79cd\u690d"
            "\u4e00\u767e\u4e07\u68f5\u6811\u3002",
            "zh",
        ),
        ("Мер заявив, що місто висадить мільйон дерев до 2030 року. Це їхня ціль.", "uk"),
        (
            "\u0642\u0627\u0644 \u0631\u0626\u064a\u0633 "
            "\u0627\u0644\u0628\u0644\u062f\u064a\u0629 \u0625\u0646 "
            "\u0627\u0644\u0645\u062f\u064a\u0646\u0629 \u0633\u062a\u0632\u0631\u0639",
            "ar",
        ),
        ("Le maire a dit que la ville va planter un million d'arbres dans les rues.", "fr"),
        ("", "en"),
        ("12345 !!! ???", "en"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_argument_is_normalised_and_wins_over_detection() -> None:
    found = extract('"The city has 450 buses," said Ali Khan.', "EN-gb")
    assert [c.language for c in found] == ["en"]


def test_russian_opener_before_an_aside_is_not_part_of_the_claim() -> None:
    found = extract(
        "Между тем, утверждает экономист Ирина Лебедева, декан факультета, тарифы вырастут на "
        "12 процентов.",
        "ru",
    )
    assert [(c.speaker, c.text) for c in found] == [
        ("Ирина Лебедева", "тарифы вырастут на 12 процентов.")
    ]


def test_russian_outlet_initials_after_the_speaker_are_not_the_speaker() -> None:
    found = extract(
        'Об этом министр транспорта Павел Орлов в интервью "ТВ" недавно сказал так: мост '
        "выдержит 40 тонн.",
        "ru",
    )
    assert [(c.speaker, c.text) for c in found] == [("Павел Орлов", "мост выдержит 40 тонн.")]


def test_russian_quote_stated_in_a_document_is_its_authors() -> None:
    found = extract("«Тарифы вырастут на 12 процентов», - говорится в сообщении Минэнерго.", "ru")
    assert [(c.kind, c.speaker, c.text) for c in found] == [
        ("quote", "Минэнерго", "Тарифы вырастут на 12 процентов")
    ]
