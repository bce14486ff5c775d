"""Hard cases from published reporting, one group per failure class seen on real wire copy.

Every sentence here is ours, written in the forms real reports use (datelines with timestamps,
"said X with the Y", "per the WHO", Q&A transcripts, 称/承认, — рассказывает); no third-party text.
"""

from __future__ import annotations

import pytest

from claims.extraction import Candidate, extract


def by_text(candidates: list[Candidate], fragment: str) -> Candidate:
    found = [c for c in candidates if fragment in c.text]
    assert found, f"nothing proposed with {fragment!r}: {[c.text for c in candidates]}"
    return found[0]


SUMMIT = """Mayors pledge faster climate action at Tianjin forum

TIANJIN, July 10 (Xinhua) 09:42, July 10, 2025

By Wang Lei and Anna Petrova

China is on track to be the first country to meet its climate and net-zero commitments, said Erik Solheim, a former head of the UN Environment Programme, at the forum on Thursday.

Delegates praised the organisers and thanked the city for its hospitality.

The city's new container terminal runs entirely on power from its own wind turbines and solar panels.

"Cooperation between member states is growing every year," said Rashid Alimov, former secretary-general of SCO.

Russia and China have never been closer economically, said Nikita Lomagin with the European University at St. Petersburg.

They also agreed to set up a joint fund for green buses.

Photo: Delegates at the opening session in Tianjin. (Xinhua/Li Ming)

Editing by Mark Heinrich
"""  # noqa: E501


@pytest.fixture(scope="module")
def summit() -> list[Candidate]:
    return extract(SUMMIT, "en")


def test_no_dateline_byline_caption_or_credit_is_proposed(summit: list[Candidate]) -> None:
    texts = " ".join(c.text for c in summit)
    for furniture in ("09:42", "Wang Lei", "Photo", "Xinhua/Li Ming", "Editing by"):
        assert furniture not in texts


def test_the_key_claim_ranks_first_with_its_speaker_and_role(summit: list[Candidate]) -> None:
    first = summit[0]
    assert first.text.startswith("China is on track to be the first country")
    assert (first.speaker, first.speaker_kind) == ("Erik Solheim", "person")
    assert first.speaker_role == "former head of the UN Environment Programme"
    assert "record or forecast about a named place or body" in first.reasons


def test_roles_and_affiliations_after_the_name_are_kept_apart(summit: list[Candidate]) -> None:
    alimov = by_text(summit, "Cooperation between member states")
    assert (alimov.speaker, alimov.speaker_role) == (
        "Rashid Alimov",
        "former secretary-general of SCO",
    )
    lomagin = by_text(summit, "never been closer economically")
    assert lomagin.speaker == "Nikita Lomagin"
    assert lomagin.speaker_role == "with the European University at St. Petersburg"


def test_they_is_never_given_to_the_last_quoted_expert(summit: list[Candidate]) -> None:
    assert not any(c.speaker and "joint fund" in c.text for c in summit)


def test_an_unattributed_checkable_fact_is_proposed(summit: list[Candidate]) -> None:
    terminal = by_text(summit, "container terminal runs entirely on power")
    assert (terminal.kind, terminal.speaker, terminal.speaker_kind) == ("statement", "", "")


def test_pleasantries_rank_below_the_facts(summit: list[Candidate]) -> None:
    assert all("hospitality" not in c.text for c in summit[:5])


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        ("Smith testified that the company had destroyed 3,000 documents.", "Smith",
         "the company had destroyed 3,000 documents"),
        ("The city will cut bus fares by half next year, reports Reuters.", "Reuters",
         "The city will cut bus fares by half next year"),
        ("Cases rose 40 percent in a week, per the WHO.", "WHO", "Cases rose 40 percent in a week"),
        ('"We never saw a winter like this," Olga Brandt recounted.', "Olga Brandt",
         "We never saw a winter like this"),
        ("Ana Ruiz spoke for an hour, saying that exports had tripled since 2019.", "Ana Ruiz",
         "exports had tripled since 2019"),
    ],
)  # fmt: skip
def test_more_attribution_forms(text: str, speaker: str, claim: str) -> None:
    found = by_text(extract(text, "en"), claim)
    assert found.speaker == speaker
    assert found.kind == "indirect" or found.kind == "quote"


def test_mid_sentence_according_to_leaves_the_claim_whole() -> None:
    found = extract("The plant, according to engineers at the site, produces 1.2 gigawatts.", "en")
    plant = by_text(found, "The plant produces 1.2 gigawatts")
    assert (plant.speaker, plant.speaker_kind) == ("", "unnamed")
    assert plant.speaker_role == "engineers at the site"


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("PG&E's principal meteorologist Scott Strenfel said the utility had recorded the driest "
         "spring since 1921.", "Scott Strenfel", "PG&E's principal meteorologist"),
        ("Former Pennsylvania Gov. Ed Rendell said the budget would double by 2030.",
         "Ed Rendell", "Former Pennsylvania Gov"),
    ],
)  # fmt: skip
def test_titles_before_names_are_roles(text: str, speaker: str, role: str) -> None:
    found = [c for c in extract(text, "en") if c.kind == "indirect"]
    assert [(c.speaker, c.speaker_role, c.speaker_kind) for c in found] == [
        (speaker, role, "person")
    ]


def test_a_pronoun_never_means_an_organisation() -> None:
    text = (
        "The city will cut bus fares by half next year, reports Reuters.\n\n"
        '"We never saw a winter like this," she recounted.'
    )
    quote = by_text(extract(text, "en"), "We never saw a winter")
    assert quote.speaker == ""
    assert "she" in quote.speaker_note


def test_a_pronoun_far_from_any_person_stays_unnamed() -> None:
    paragraphs = ["Ali Khan, the mayor, opened the session."] + [
        f"The budget for district {n} rose by 12 percent." for n in range(5)
    ]
    paragraphs.append("He said the city would add 40 buses by 2027.")
    found = by_text(extract("\n\n".join(paragraphs), "en"), "40 buses")
    assert found.speaker == ""


def test_a_checkable_fact_inside_i_think_is_kept_and_ranked() -> None:
    text = (
        '"I think the line has not suffered a crash since 2002, and it carries 40,000 passengers '
        'a day," said Olga Brandt, who runs it.'
    )
    quote = by_text(extract(text, "en"), "since 2002")
    assert quote.score >= 0.6
    assert "comparison" in quote.reasons


def test_a_regions_first_default_is_a_claim() -> None:
    found = by_text(
        extract("The region reported its first default on a municipal bond last month.", "en"),
        "first default",
    )
    assert "superlative or first" in found.reasons


def test_subheads_and_names_in_capitals_are_not_speakers() -> None:
    text = (
        "The clinic opened in March and treats 300 patients a week.\n\n"
        "WHAT DOCTORS SAY\n\n"
        '"The waiting list has halved since 2021," said DR. NOBODY HERE.'
    )
    found = extract(text, "en")
    assert all("DOCTORS" not in c.text for c in found)
    assert all(c.speaker != "NOBODY HERE" for c in found)


def test_reader_comments_and_print_lines_are_not_proposed() -> None:
    text = (
        "The bridge carries 80,000 vehicles a day, the highest figure in the region.\n\n"
        "A version of this article appears in print on page 12.\n\n"
        "Comments (12)\n\n"
        "Reply: I drive over it every day and it has 100 potholes."
    )
    found = extract(text, "en")
    assert [c.text for c in found] == [
        "The bridge carries 80,000 vehicles a day, the highest figure in the region."
    ]


def test_chinese_transcript_turns_and_reported_speech() -> None:
    text = (
        "记者：请问中方对峰会成果有何评价？\n\n"
        "林剑：本次峰会共签署了20项合作协议。\n\n"
        "据新华社报道，天津港集装箱码头全部使用风电和光伏供电。\n\n"
        "专家王磊称，中国有望成为第一个实现碳中和承诺的国家。\n\n"
        "李伟承认，去年的投资比前年下降了15%。\n\n"
        "责任编辑：张三"
    )
    found = extract(text, "zh")
    pairs = {(c.speaker, c.speaker_kind) for c in found}
    assert ("林剑", "person") in pairs
    assert ("新华社", "organisation") in pairs
    assert ("王磊", "person") in pairs
    assert ("李伟", "person") in pairs
    assert all("请问" not in c.text and "张三" not in c.text for c in found)
    assert found[0].speaker == "王磊"


def test_russian_attribution_forms() -> None:
    text = (
        "МОСКВА, 10 июл — РИА Новости. Инфляция в июне замедлилась до 8 процентов, "
        "рассказывает экономист Ольга Белова.\n\n"
        "Согласно данным Росстата, выпуск стали вырос на 5 процентов.\n\n"
        "Как пишут «Ведомости», бюджет города превысит 3 триллиона рублей.\n\n"
        "Мама сказала, что в городе открылись 20 новых школ."
    )
    found = extract(text, "ru")
    assert all("РИА" not in c.text for c in found)
    inflation = by_text(found, "Инфляция в июне")
    assert (inflation.speaker, inflation.speaker_role) == ("Ольга Белова", "экономист")
    assert by_text(found, "выпуск стали").speaker == "Росстата"
    assert by_text(found, "20 новых школ").speaker == ""


def test_russian_attribution_inside_the_quote_and_as_an_aside() -> None:
    inside = extract(
        "«Мост строили три года, - говорит инженер Павел Орлов, - и он выдержит 40 тонн».", "ru"
    )
    assert [(c.speaker, c.text) for c in inside] == [
        ("Павел Орлов", "Мост строили три года, и он выдержит 40 тонн")
    ]
    aside = extract(
        "Тарифы, утверждает экономист Ирина Лебедева, декан факультета, вырастут на 12 процентов.",
        "ru",
    )
    assert [(c.speaker, c.speaker_role, c.text) for c in aside] == [
        ("Ирина Лебедева", "экономист", "Тарифы вырастут на 12 процентов.")
    ]


def test_a_place_after_a_preposition_is_not_a_russian_speaker() -> None:
    found = extract("Эксперт в Москве заявил, что цены выросли на 10 процентов.", "ru")
    assert [(c.speaker, c.speaker_kind) for c in found] == [("", "unnamed")]


@pytest.mark.parametrize(
    "text",
    [
        # a live blog: timestamps and posts
        "Live: flood updates\n\n10:42 GMT, 3 March 2026\n\nThe river rose 2 metres overnight, "
        "the highest level since 1998.\n\n10:55 GMT, 3 March 2026\n\nShare\n\nComments (41)",
        # bullet points and a table
        "Key facts\n\n• 320 electric buses ordered\n• 60 arrive this year\n\n"
        "| city | buses |\n| Dushanbe | 450 |",
        # all capitals
        "THE CITY WILL BUY 300 BUSES BY 2030, THE MAYOR SAID.\n\nOFFICIALS DID NOT SAY HOW.",
        # mixed languages
        'Мэр сказал: «Город купит 300 автобусов». The mayor said 300 buses would come. 市长说，'
        "到2030年将有300辆公交车。",
        # navigation and comments around the report
        "Home | World | Politics | Sign in\n\nThe bridge carries 80,000 vehicles a day, the "
        "highest figure in the region.\n\nRead more: bridges\n\nReply\n\nLike (3)",
    ],
)  # fmt: skip
def test_awkward_pages_give_sensible_candidates_or_none(text: str) -> None:
    found = extract(text)
    for candidate in found:
        assert text[candidate.start : candidate.end]
        for furniture in ("GMT", "Comments", "Share", "Sign in", "Read more", "Reply", "|"):
            assert furniture not in candidate.text


def test_he_said_reaches_back_a_paragraph_only_in_the_wire_convention() -> None:
    follow_up = extract(
        '"Fares will fall by 20 percent," said Ali Khan, the transport minister.\n\n'
        '"The first new line opens in 2027," he said.',
        "en",
    )
    assert by_text(follow_up, "first new line").speaker == "Ali Khan"
    loose = extract(
        '"Fares will fall by 20 percent," said Ali Khan, the transport minister.\n\n'
        "Right now the network carries 300,000 riders a day, he said.",
        "en",
    )
    riders = by_text(loose, "300,000 riders")
    assert riders.speaker == ""
    assert "he" in riders.speaker_note


# Names parsed wrongly on published reporting (issue 14, round 2): the words around a name that
# describe the person, a bracketed party label, a possessive, a place and its state.
@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("Harbour County Supervisor of Elections Marta Ruiz said 40 ballots were never counted.",
         "Marta Ruiz", "Harbour County Supervisor of Elections"),
        ("Republican Dana Whitfield said the party would lose 10 seats in the spring.",
         "Dana Whitfield", "Republican"),
        ("Columnist Peter Marsh said the budget would double by 2030.", "Peter Marsh",
         "Columnist"),
        ("Danish-born Karen Holm said the ferry carried 2,000 passengers a day.", "Karen Holm",
         "Danish-born"),
        ("Rep. Ellen Brook (D-Ore.), chair of the transport panel, said the line would cost "
         "$4 billion.", "Ellen Brook", "Rep, chair of the transport panel"),
        ("Sen. Mark Adler (Ky.) said the plant employs 3,000 people.", "Mark Adler", "Sen"),
    ],
)  # fmt: skip
def test_descriptions_and_labels_around_a_name_are_not_the_name(
    text: str, speaker: str, role: str
) -> None:
    found = [c for c in extract(text, "en") if c.kind == "indirect"]
    assert [(c.speaker, c.speaker_role) for c in found] == [(speaker, role)]


def test_a_party_word_in_a_body_name_stays_in_the_name() -> None:
    found = extract("The Democratic National Committee said it raised $20 million in May.", "en")
    assert [(c.speaker, c.speaker_kind) for c in found] == [
        ("Democratic National Committee", "organisation")
    ]


def test_a_possessive_is_never_the_speaker() -> None:
    found = extract(
        "Wilson praised Moreno's record on schools and said the mayor had opened 12 new "
        "libraries since 2019.",
        "en",
    )
    assert [c.speaker for c in found] == ["Wilson"]
    spokesman = extract("Moreno's spokesman said the mayor would sign 3 new contracts.", "en")
    assert [(c.speaker, c.speaker_kind) for c in spokesman] == [("", "unnamed")]


def test_a_place_and_its_state_are_not_the_speaker() -> None:
    found = extract(
        "Lena Ortiz, who lost her house in the flood in Dayton, Ohio, in March 2021, said the "
        "county had paid out only 40 percent of the aid.",
        "en",
    )
    assert [c.speaker for c in found] == ["Lena Ortiz"]


def test_a_word_capitalised_only_as_a_sentence_opener_is_not_a_name() -> None:
    text = (
        "Hastily politicizing the vote ― much like he did after the strike in May ― Ostrow cut "
        "the levy, and emphasized that the city had saved $3 million.\n\n"
        "Editor's Note: officials told reporters that 20 schools would close."
    )
    found = extract(text, "en")
    assert by_text(found, "saved $3 million").speaker == ""
    assert all(c.speaker not in ("Note", "Editor's Note") for c in found)


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        # an opening phrase whose comma sits inside a closing quote
        ("Sunday on the station’s “Morning Hour,” Rep. Ana Velez said the port had lost 300 "
         "jobs.", "Ana Velez", "the port had lost 300 jobs"),
        # "saying" without a comma, after a named subject
        ("Gov. Tom Reyes is making a pitch to farmers saying the new dam will irrigate 40,000 "
         "acres.", "Tom Reyes", "the new dam will irrigate 40,000 acres"),
        # an aside between the speaker and the verb
        ("Mr. Okafor, however, said the fund had lost 12 percent in a year.", "Okafor",
         "the fund had lost 12 percent in a year"),
    ],
)  # fmt: skip
def test_speakers_after_openers_and_asides(text: str, speaker: str, claim: str) -> None:
    found = by_text(extract(text, "en"), claim)
    assert (found.speaker, found.kind) == (speaker, "indirect")


def test_a_speaker_in_a_when_clause_is_the_one_who_said_it() -> None:
    text = (
        "Mayor Rosa Lind spoke at the council on Monday.\n\n"
        "Lind was heckled at the meeting when she said the bridge had cost $90 million."
    )
    found = by_text(extract(text, "en"), "the bridge had cost $90 million")
    assert found.speaker == "Rosa Lind"


# Chinese attribution forms seen on published reporting (issue 14, round 2):
# 称 表示 承认 强调 预计, 据…报道 and 据…数据, titles before names (known, or ending in 员 师 长),
# 对此， openers, 对记者说 and 告诉记者, 《…》 titles, 援引, unnamed sources (有分析人士, 业内人士,
# 当地媒体), 据悉 with no source, transcript turns. Every sentence is ours.
@pytest.mark.parametrize(
    ("text", "speaker", "fragment"),
    [
        ("外交部发言人林剑表示，中方已向受灾地区提供了500万元紧急援助。", "林剑", "500万元"),
        ("林剑强调，中国将在2030年前实现碳达峰。", "林剑", "2030年"),
        ("国家统计局称，一季度国内生产总值同比增长5.3%。", "国家统计局", "5.3%"),
        ("据新华社报道，天津港今年吞吐量突破2000万标准箱。", "新华社", "2000万"),
        ("据《人民日报》报道，全国已建成5G基站超过300万个。", "人民日报", "300万"),
        ("李明承认，去年的投资比前年下降了15%。", "李明", "15%"),
        ("王毅在记者会上表示，中美贸易额去年增长了8%。", "王毅", "8%"),
        ("专家王磊称，中国有望成为第一个实现碳中和承诺的国家。", "王磊", "第一个"),
        ("清华大学教授张伟指出，城市人口将在十年内翻番。", "张伟", "翻番"),
        ("“这座大桥每天通行8万辆车，”交通局局长赵刚说。", "赵刚", "8万辆"),
        ("交通局局长赵刚说：“这座大桥每天通行8万辆车。”", "赵刚", "8万辆"),
        ("中国外交部发言人毛宁25日在例行记者会上说，双边贸易额已超过1000亿美元。", "毛宁", "1000亿"),  # noqa: E501
        ("世界银行在报告中预计，今年全球经济增长率将降至2.4%。", "世界银行", "2.4%"),
        ("据海关总署统计，前5个月出口增长了7.2%。", "海关总署", "7.2%"),
        ("市长陈静透露，地铁三号线将于明年年底通车。", "陈静", "三号线"),
        ("他表示，该项目已创造3000个就业岗位。", "", "3000个"),
        ("林剑：本次峰会共签署了20项合作协议。", "林剑", "20项"),
        ("问：中方对此有何评论？\n\n答：中方已经提供了3批援助物资。", "", "3批"),
        ("有关负责人介绍，全省共有120所学校完成改造。", "", "120所"),
        ("俄罗斯总统普京表示，俄中贸易额已突破2000亿美元。", "普京", "2000亿"),
        ("对此，商务部新闻发言人何亚东表示，中方出口管制措施涉及的物项不超过20种。", "何亚东", "20种"),  # noqa: E501
        ("张华在接受采访时表示，今年全市新增就业岗位12万个。", "张华", "12万"),
        ("刘强对记者说，新机场每年可接待旅客4000万人次。", "刘强", "4000万"),
        ("陈刚告诉记者，该厂去年的产量增长了三成，达到50万吨。", "陈刚", "50万吨"),
        ("美国《纽约时报》报道称，该公司去年裁员超过1万人。", "纽约时报", "1万人"),
        ("路透社援引知情人士的话报道，该交易价值约30亿美元。", "路透社", "30亿"),
        ("据悉，该项目总投资超过50亿元。", "", "50亿"),
        ("有分析人士认为，房价今年可能下跌10%。", "", "10%"),
        ("记者：请问中方如何看待这一数据？\n\n毛宁：去年中国对非洲投资增长了25%。", "毛宁", "25%"),
        ("气象台首席预报员孙健预测，今年夏天的降雨量将比往年多三成。", "孙健", "三成"),
        ("市长陈静上周在市人大会议上说，全市公交车将在2027年前全部换成电动车。\n\n她还表示，地铁四号线将于明年通车，每天可运送30万人次。", "陈静", "30万"),  # noqa: E501
        ("国家能源局副局长任京东介绍，截至6月底，全国风电装机容量达到4.7亿千瓦。", "任京东", "4.7亿"),  # noqa: E501
        ("“我们的出口去年增长了12%，”李娜说，“今年还会更多。”", "李娜", "12%"),
        ("他指出，今年的粮食产量创下历史新高。", "", "历史新高"),
        ("国务院新闻办公室发言人寿小丽说，今年上半年全国新增减税降费超过6000亿元。", "寿小丽", "6000亿"),  # noqa: E501
        ("中国人民银行行长潘功胜在论坛上表示，人民币汇率将保持基本稳定。", "潘功胜", "汇率"),
        ("据央视新闻报道，台风造成沿海地区12万人紧急转移。", "央视新闻", "12万人"),
        ("据当地媒体报道，该市的房价去年下跌了8%。", "", "8%"),
        ("世界卫生组织称，全球每年约有700万人死于空气污染。", "世界卫生组织", "700万"),
        ("北京大学经济学教授林毅夫认为，中国经济未来十年仍可保持5%左右的增长。", "林毅夫", "5%"),
        ("该公司首席执行官王涛承认，第三季度利润比去年同期减少了40%。", "王涛", "40%"),
        ("日本首相石破茂12日表示，日本将把防卫预算提高到国内生产总值的2%。", "石破茂", "2%"),
        ("“新线路每天可以运送60万名乘客，”地铁公司总经理郑敏说。", "郑敏", "60万"),
        ("业内人士预计，今年新能源汽车销量将突破1500万辆。", "", "1500万"),
        ("与此同时，财政部部长蓝佛安强调，地方政府债务风险总体可控，债务余额不超过40万亿元。", "蓝佛安", "40万亿"),  # noqa: E501
        ("华春莹：美方已经对中国300多家企业实施制裁。", "华春莹", "300多家"),
        ("美国总统拜登在白宫讲话时称，美国通胀率已降至3%以下。", "拜登", "3%"),
        ("英国广播公司报道称，伦敦的地铁罢工影响了200万名通勤者。", "英国广播公司", "200万"),
        ("据国家统计局数据，10月份全国居民消费价格同比上涨0.3%。", "国家统计局", "0.3%"),
        ("赵明向记者透露，新医院将提供1200张床位。", "赵明", "1200张"),
        ("她说，全村已有90%的家庭用上了太阳能热水器。", "", "90%"),
        ("专家指出，这是该地区五十年来最严重的干旱。", "", "最严重"),
        ("俄罗斯外交部发言人扎哈罗娃说，俄方已驱逐了10名外交官。", "扎哈罗娃", "10名"),
        ("江苏省省长许昆林在政府工作报告中说，全省去年地区生产总值增长5.8%。", "许昆林", "5.8%"),
    ],
)  # fmt: skip
def test_chinese_attribution_forms(text: str, speaker: str, fragment: str) -> None:
    found = by_text(extract(text, "zh"), fragment)
    assert found.speaker == speaker


# Russian forms seen on published reporting (issue 14, round 2). Every sentence is ours.
@pytest.mark.parametrize(
    ("text", "speaker", "fragment"),
    [
        ("Министр финансов Антон Крылов сказал так: дефицит бюджета не превысит 2 процентов.",
         "Антон Крылов", "дефицит бюджета"),
        ("Губернатор Олег Мартынов предупреждал депутатов: в области закроются 15 заводов.",
         "Олег Мартынов", "15 заводов"),
        ("В понедельник мэр города Сергей Лавров открыл новый мост, заявив о планах построить "
         "еще три моста к 2030 году.", "Сергей Лавров", "три моста"),
        ("Недавно Казахстан запустил первый спутник связи, о чем заявил министр цифрового "
         "развития Аскар Жумагалиев.", "Аскар Жумагалиев", "первый спутник"),
        ("Например, экономист Ирина Соколова пишет, что зарплаты выросли на 9 процентов.",
         "Ирина Соколова", "9 процентов"),
        ('"Речь идет не о "сокращении", а о закрытии 40 филиалов", - объясняет ректор '
         "Андрей Волков.", "Андрей Волков", "40 филиалов"),
        ('По мнению Марины, цены будут расти и дальше: "За год хлеб подорожал на 20 процентов".',
         "Марины", "20 процентов"),
        ("Представитель МВД заявил, что задержаны 12 человек.", "", "12 человек"),
        ('Вспомните Петра Орлова, говорившего: "Мы построили 300 километров дорог".',
         "Петра Орлова", "300 километров"),
    ],
)  # fmt: skip
def test_russian_attribution_forms_round_two(text: str, speaker: str, fragment: str) -> None:
    found = by_text(extract(text, "ru"), fragment)
    assert found.speaker == speaker


def test_a_second_russian_source_ends_the_first_claim() -> None:
    found = extract(
        "Министр Павел Орлов говорил в Думе, будто ремонт обошелся в 2 млрд рублей, а по "
        "расчетам аудиторов - в 5 млрд.",
        "ru",
    )
    claim = by_text(found, "2 млрд рублей")
    assert claim.speaker == "Павел Орлов"
    assert "аудиторов" not in claim.text


def test_he_after_two_people_in_one_sentence_stays_unnamed() -> None:
    text = (
        "Mayor Ana Ruiz said the budget would grow by 20 percent. Ruiz met Governor Tom Clark "
        "on Monday, and he said the state would add 300 buses."
    )
    buses = by_text(extract(text, "en"), "300 buses")
    assert buses.speaker == ""
    assert "Tom Clark" in buses.speaker_note


def test_names_inside_a_quote_do_not_make_he_ambiguous() -> None:
    text = (
        "Senator Paul Reed said the state had 12 ports. "
        "“Nobody has voted for more tax cuts than Bernie Walsh, and we cut 40 percent,” he said."
    )
    assert by_text(extract(text, "en"), "40 percent").speaker == "Paul Reed"


def test_told_the_agency_and_plural_sources() -> None:
    told = by_text(
        extract("Podesta told the AP his firm had hired 40 new staff since March.", "en"),
        "his firm had hired 40 new staff",
    )
    assert (told.speaker, told.kind) == ("Podesta", "indirect")
    plural = by_text(
        extract("Many opponents argued that the new rule would cost 2,000 jobs.", "en"),
        "the new rule would cost 2,000 jobs",
    )
    assert (plural.speaker, plural.speaker_kind) == ("", "unnamed")
