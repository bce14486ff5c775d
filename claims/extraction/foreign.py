"""Russian and Chinese attribution, lighter than the English rules.

Russian: a quote followed by a dash and `сказал Иванов`, `X заявил:` before a quote,
`X заявил, что ...`, `По словам X, ...`. Chinese: `X说` or `X表示` before or after a quote,
`X表示` with a full-width comma and the claim, and `据X介绍`. Names keep their case endings
and word order.
"""

from __future__ import annotations

import re

from claims.extraction import lexicon as lx
from claims.extraction.attribution import Report, last_match, trim
from claims.extraction.speakers import Speaker

_RU_VERBS = (
    r"(?:сказал|заявил|отметил|добавил|сообщил|подчеркнул|пояснил|рассказал|уточнил|"
    r"предупредил|признал|напомнил|указал|заверил|пообещал|считал|говорил|утверждал|писал|"
    r"объяснил|призн[ао]л|констатировал|прогнозировал|оценил|заявлял|утверждал|подчеркивал|"
    r"подчёркивал|отмечал|сообщал|объяснял|рассказывал|предупреждал|добавлял|признавал|"
    r"настаивал|уверял|ответил|отвечал|возразил|призвал)(?:а|и)?|считает|отвечает|говоривш\w*|заявивш\w*|сказавш\w*|отметивш\w*|"
    r"говорит|заявляет|отмечает|подчеркивает|подчёркивает|полагает|уверен(?:а|ы)?|"
    r"рассказывает|утверждает|пишет|пишут|сообщает|сообщают|объясняет|поясняет|говорят|"
    r"уточняет|добавляет|признает|признаёт|прогнозирует|считают|заявляют|отмечают"
)
_RU_VERB = re.compile(rf"(?<!\w)(?:{_RU_VERBS})(?!\w)", re.IGNORECASE)
_RU_AFTER = re.compile(rf"[\s,.\u2014\u2013-]*(?:{_RU_VERBS})(?!\w)\s*", re.IGNORECASE)
# "заявил, что ...", "говорил в Госдуме, будто ...": a short adverbial may sit before the comma.
# ", утверждает Пастухов (а ...)," or ", утверждает экономист Александр Аузан, ...": an aside.
_RU_ASIDE = re.compile(
    rf",\s*(?:{_RU_VERBS})\s+(?P<np>[^,()\u00ab\u00bb\"]{{2,80}}?)\s*(?:,|\()", re.IGNORECASE
)
_RU_INNER = re.compile(
    rf",?\s*[\u2014\u2013-]\s*(?:{_RU_VERBS})\s+(?P<np>[^,.!?\u00ab\u00bb\"]{{2,60}}?),\s*"
    r"[\u2014\u2013-]\s*",
    re.IGNORECASE,
)
_RU_THAT = re.compile(r"[^,.;:!?\u00ab\u00bb\"]{0,40}?,\s*(?:что|будто)\s+")
_RU_ACCORDING = re.compile(
    r"(?:[Пп]о словам|[Пп]о данным|[Пп]о мнению|[Пп]о оценкам|[Пп]о информации|"
    r"[Сс]огласно(?:\s+данным)?|[Кк]ак (?:сообщил|заявил|отметил|пишет|пишут|сообщает|"
    r"сообщают|рассказал|говорит|сказал|отмечает|подчеркнул|считает)(?:а|и)?)\s+"
)
# "«...», - говорится в заявлении министерства": the document's author is the source.
_RU_STATED_IN = re.compile(
    r"[\s,.\u2014\u2013-]*(?:говорится|сказано|отмечается|подчеркивается|подчёркивается)\s+"
    r"в\s+(?:\w+\s+)?(?:обращении|заявлении|сообщении|документе|письме|докладе|отч[её]те|"
    r"пресс-релизе|коммюнике|ответе|постановлении|резолюции)\s+",
    re.IGNORECASE,
)
_RU_WORD = re.compile(r"[^\W\d_][\w\-]*")
# "X сказал так: ...", "X предупреждала наших деятелей: ...": what follows the colon is said.
_RU_COLON = re.compile(r"(?:\s+[^\s,.;:!?\u00ab\u00bb\"]+){0,4}?\s*:\s*")
# "..., заявив о своих планах ...", "..., отметив, что ...": the subject said it.
_RU_HAVING_SAID = re.compile(
    r",\s*(?:заявив|сообщив|отметив|подчеркнув|добавив|пояснив|признав|напомнив|указав|"
    r"предупредив|пообещав)(?:\s*,)?\s+(?:что\s+|о\s+том,\s*что\s+)?",
    re.IGNORECASE,
)
# "..., о чем заявил премьер-министр Нарендра Моди": the claim, then who made it.
_RU_OF_WHICH = re.compile(rf",\s*о\s+ч[её]м\s+(?:\w+\s+)?(?:{_RU_VERBS})\s+", re.IGNORECASE)
# "..., а по расчетам академика ..., ...": a second source starts a claim of its own.
_RU_SECOND_SOURCE = re.compile(
    r",\s*а\s+(?:по\s+(?:словам|данным|расч[её]там|мнению|оценкам)|"
    r"согласно)\s"
)
# Short openers before the speaker: "Например, Александр Бузгалин пишет, что ...".
_RU_OPENERS = lx.words("например впрочем однако кстати между тем правда итак при этом также вот")
_RU_OPENER_PHRASES = _RU_OPENERS | frozenset(
    ("между тем", "при этом", "тем не менее", "кроме того", "в то же время")
)
_RU_PRONOUNS = {"он": "m", "она": "f", "они": ""}
# The speaker speaking of themselves, in a quote or interview: nobody the sentence names.
_RU_FIRST_PERSON = frozenset(("я", "ты", "мы", "вы"))
_RU_TITLES = lx.words(
    "министр мэр глава президент директор эксперт представитель председатель "
    "губернатор аким хоким заместитель пресс-секретарь руководитель спикер советник "
    "аналитик профессор сотрудник депутат премьер-министр вице-премьер замминистра член "
    "специалист начальник академик исследователь учёный ученый инженер экономист "
    "вице-мэр эксперты власти чиновники специалисты учёные ученые аналитики "
    "представители жители декан ректор проректор гендиректор замглавы завкафедрой политолог "
    "социолог журналист корреспондент обозреватель адвокат юрист прокурор судья генерал "
    "полковник посол атташе омбудсмен уполномоченный вице-президент сенатор мэра"
)
_RU_PREPOSITIONS = lx.words("в во на из от для по с со к ко у о об обо при за под над до без через")
# Nouns for people that open a sentence with a capital but name nobody: "Мама сказала".
_RU_PEOPLE = lx.words(
    "папа мама отец мать женщина мужчина девушка парень сын дочь брат сестра жена муж бабушка "
    "дедушка ребенок ребёнок врач учитель сосед соседка собеседник собеседница источник очевидец "
    "свидетель пенсионерка пенсионер студент студентка житель жительница"
)
_STOP = re.compile(r"[,;:.!?\u00ab\u00bb\u201c\u201d\u201e()]")

_ZH_VERBS = (
    # 承认 坦言 宣称 声称 证实 重申 回应
    "\u627f\u8ba4|\u5766\u8a00|\u5ba3\u79f0|\u58f0\u79f0|\u8bc1\u5b9e|\u91cd\u7533|"
    "\u56de\u5e94|"
    "\u8865\u5145\u8bf4|\u8865\u5145\u9053|\u89e3\u91ca\u8bf4|\u8b66\u544a\u8bf4|\u8bf4\u9053|"
    "\u8868\u793a|\u6307\u51fa|\u5f3a\u8c03|\u4ecb\u7ecd|\u900f\u9732|\u8ba4\u4e3a|\u5766\u8a00|"
    "\u5ba3\u5e03|\u63d0\u5230|"
    # 预计 预测 估计 警告 披露 否认 坦承
    "\u9884\u8ba1|\u9884\u6d4b|\u4f30\u8ba1|\u8b66\u544a|\u62ab\u9732|\u5426\u8ba4|"
    "\u5766\u627f|"
    # 告诉记者 报道称 报道 透露
    "\u544a\u8bc9\u8bb0\u8005|\u544a\u8bc9\u672c\u62a5\u8bb0\u8005|"
    "\u544a\u8bc9\u5a92\u4f53|\u544a\u8bc9|\u62a5\u9053\u79f0|\u62a5\u9053|"
    "\u79f0|\u8bf4"
)
_ZH_CHUNK = r"[^\uff0c\u3002\uff01\uff1f\uff1b\uff1a\u201c\u201d\u300c\u300d\u3001,.!?;:\s]"
# 在记者会上, 对记者, 向媒体, 接受采访时: where and to whom, between the speaker and the verb.
_ZH_AT = r"(?:(?:\u5728|\u5bf9|\u5411|\u8ddf|\u63a5\u53d7)" + _ZH_CHUNK + r"{0,20}?)?"
_ZH_AFTER = re.compile(
    r"[\uff0c,\s]*(?P<np>" + _ZH_CHUNK + r"{1,16}?)" + _ZH_AT + r"(?:" + _ZH_VERBS + r")"
)
_ZH_BEFORE = re.compile(
    r"(?P<np>" + _ZH_CHUNK + r"{1,24}?)" + _ZH_AT + r"(?:" + _ZH_VERBS + r")[\uff1a:\uff0c,]?\s*$"
)
_ZH_REPORTED = re.compile(
    r"(?P<np>" + _ZH_CHUNK + r"{1,24}?)" + _ZH_AT + r"(?:" + _ZH_VERBS + r")[\uff0c,\uff1a:]"
)
_ZH_ACCORDING = re.compile(
    r"\u636e(?P<np>" + _ZH_CHUNK + r"{1,20}?)(?:\u4ecb\u7ecd|\u79f0|\u8868\u793a|\u8bf4|"
    r"\u7edf\u8ba1|\u62a5\u9053|\u6d88\u606f)?[\uff0c,]"
)
_ZH_TIME = re.compile(
    r"^(?:\u4eca\u5929|\u6628\u5929|\u65e5\u524d|\u8fd1\u65e5|\u6b64\u524d|\u5f53\u5929|"
    r"\u968f\u540e|\u540c\u65f6|\u6b64\u5916|\u53e6\u5916|\u5bf9\u6b64|"
    r"\u5468[\u4e00-\u4e94\u516d\u65e5]|"
    r"\d+\u6708\d+\u65e5)+"
)
_ZH_ADVERBS = re.compile(
    r"(?:\d{1,2}\u65e5|"
    r"[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u65e5|"
    r"\u8fd8|\u4e5f|\u5219|\u53c8|\u66fe|\u518d\u6b21|\u6700\u540e|"
    r"\u5468[\u4e00-\u4e94\u516d\u65e5]|"
    r"\u4eca\u5929|\u6628\u5929|\u65e5\u524d|\u8fd1\u65e5|\u5f53\u5929|\u6b64\u524d|"
    # 上周 本周 上月 本月 今年 去年 昨日 今日 月初 月底 近期 日前
    r"\u4e0a\u5468|\u672c\u5468|\u4e0a\u6708|\u672c\u6708|\u4eca\u5e74|"
    r"\u53bb\u5e74|\u6628\u65e5|\u4eca\u65e5|\u6708\u521d|\u6708\u5e95|"
    r"\u8fd1\u671f|\d{1,2}\u6708\d{1,2}\u65e5)+$"
)
# 对此， 此外， 与此同时， 不过， 另外， 同时， 随后， 会上， 其中， 他还
_ZH_OPENER = re.compile(
    r"(?:\u5bf9\u6b64|\u6b64\u5916|\u4e0e\u6b64\u540c\u65f6|\u4e0d\u8fc7|"
    r"\u53e6\u5916|\u540c\u65f6|\u968f\u540e|\u4f1a\u4e0a|\u5176\u4e2d|"
    r"\u6b64\u524d|\u76ee\u524d)[\uff0c,]\s*"
)
# 有分析人士, 知情人士, 业内人士, 专家, 官员, 消息人士, 网友: sources that name nobody.
_ZH_UNNAMED = re.compile(
    r"^(?:\u6709)?\S{0,8}?(?:\u5a92\u4f53|\u5916\u5a92|\u4eba\u58eb|"
    r"\u4e13\u5bb6\u4eec|\u4e13\u5bb6|\u5b98\u5458|\u6d88\u606f\u4eba\u58eb|"
    r"\u7f51\u53cb|\u5c45\u6c11|\u6c11\u4f17|\u5b66\u8005|"
    r"\u5206\u6790\u5e08\u4eec|\u4e1a\u5185\u4eba\u58eb|\u77e5\u60c5\u4eba\u58eb|"
    r"\u6709\u5173\u8d1f\u8d23\u4eba|\u8d1f\u8d23\u4eba|\u76f8\u5173\u4eba\u58eb|"
    r"\u6709\u5173\u4eba\u58eb)$"
)
# 据悉, 据了解: "it is learnt", no source at all.
_ZH_NO_SOURCE = frozenset(("\u6089", "\u4e86\u89e3"))
# A job title's last character, after which a name of two or three characters follows:
# 预报员孙健, 院士李明, 律师王芳, 队长赵刚.
_ZH_TITLE_END = re.compile(
    r"(?:\u5458|\u5e08|\u957f|\u5b98|\u58eb|\u5bb6|\u8005|\u624b|\u4e3b\u4efb|"
    r"\u4e66\u8bb0|\u603b\u76d1|\u5927\u4f7f|\u8bae\u5458|\u6559\u7ec3|"
    r"\u4e3b\u5e2d|\u603b\u88c1|\u7ecf\u7406|\u8463\u4e8b|"
    r"\u4ee3\u8868)(?P<name>[\u4e00-\u9fff]{2,3})$"
)
# 援引知情人士的话: whom the outlet cites, after the outlet.
_ZH_CITING = "\u63f4\u5f15"
# 新华社, 外交部, 国家统计局, 清华大学 ...: a body's name, not a title and a person.
_ZH_BODY = re.compile(
    r"(?:\u793e|\u90e8|\u5c40|\u59d4|\u9662|\u4f1a|\u5385|\u7f72|\u529e|"
    r"\u516c\u53f8|\u94f6\u884c|\u96c6\u56e2|\u5927\u5b66|\u653f\u5e9c|\u62a5|"
    r"\u53f0|\u7f51|\u4e2d\u5fc3|\u7ec4\u7ec7)$"
)
# 报道 发文 撰文 数据 统计 消息 公布的数据: what the source put out, after the source.
_ZH_SOURCE_ENDINGS = (
    "\u516c\u5e03\u7684\u6570\u636e",
    "\u53d1\u5e03\u7684\u6570\u636e",
    "\u62a5\u9053",
    "\u53d1\u6587",
    "\u64b0\u6587",
    "\u6570\u636e",
    "\u7edf\u8ba1",
    "\u6d88\u606f",
)
# "According to statistics" names no source.
_ZH_GENERIC = frozenset(
    ("\u7edf\u8ba1", "\u62a5\u9053", "\u6d88\u606f", "\u4ecb\u7ecd", "\u6570\u636e")
)
_ZH_PRONOUNS = {"\u4ed6": "m", "\u5979": "f", "\u4ed6\u4eec": "", "\u5979\u4eec": "f"}
_ZH_TITLES = sorted(
    lx.words(
        "\u526f\u5e02\u957f \u5e02\u957f \u526f\u90e8\u957f \u90e8\u957f \u5c40\u957f "
        "\u4e3b\u4efb \u4e3b\u5e2d \u603b\u7edf \u603b\u7406 \u4e13\u5bb6 "
        "\u6559\u6388 \u9662\u957f \u7ecf\u7406 \u4e66\u8bb0 \u53d1\u8a00\u4eba "
        "\u8d1f\u8d23\u4eba \u603b\u88c1 \u8463\u4e8b\u957f \u7814\u7a76\u5458 \u5206\u6790\u5e08 "
        "\u5de5\u7a0b\u5e08 \u4ee3\u8868 \u5b98\u5458 \u5904\u957f \u53bf\u957f "
        "\u7701\u957f "
        # 首席预报员 预报员 院士 律师 医生 大使 议员 州长 校长 会长 总经理 首席执行官 创始人 秘书长
        "\u9996\u5e2d\u9884\u62a5\u5458 \u9884\u62a5\u5458 \u9662\u58eb \u5f8b\u5e08 "
        "\u533b\u751f \u5927\u4f7f \u8bae\u5458 \u5dde\u957f \u6821\u957f "
        "\u4f1a\u957f \u603b\u7ecf\u7406 \u9996\u5e2d\u6267\u884c\u5b98 "
        "\u521b\u59cb\u4eba \u79d8\u4e66\u957f \u65b0\u95fb\u53d1\u8a00\u4eba "
        "\u9996\u76f8 \u5916\u76f8 \u56fd\u52a1\u537f \u5916\u957f \u9632\u957f"
    ),
    key=len,
    reverse=True,
)


def inner_attribution(text: str, lo: int, hi: int) -> tuple[Speaker, int, int] | None:
    """Russian puts the attribution inside the quotation marks between dashes: «Траншею копали
    сами, - говорит Апраушев, - холода наступали». The speaker and the span to leave out."""
    found = _RU_INNER.search(text, lo, hi)
    if found is None:
        return None
    speaker = _ru_phrase(text, found.start("np"), found.end("np"))
    if speaker is None or not speaker.name:
        return None
    return speaker, found.start(), found.end()


def after_quote(text: str, lo: int, hi: int, language: str) -> Speaker | None:
    if language == "zh":
        found = _ZH_AFTER.match(text, lo, hi)
        return _zh_speaker(found.group("np"), found.start("np")) if found else None
    found = _RU_AFTER.match(text, lo, hi) or _RU_STATED_IN.match(text, lo, hi)
    if found is None:
        return None
    stop = _STOP.search(text, found.end(), hi)
    return _ru_phrase(text, found.end(), stop.start() if stop else hi)


def before_quote(text: str, lo: int, hi: int, language: str) -> Speaker | None:
    start, end = trim(text, lo, hi)
    if language == "zh":
        found = _ZH_BEFORE.search(text, max(start, end - 40), end)
        return _zh_speaker(found.group("np"), found.start("np")) if found else None
    last = last_match(_RU_VERB, text, max(start, end - 200), end)
    if last is None or text[last.end() : end].strip(" ,:"):
        according = _RU_ACCORDING.match(text, start, end)
        if according is not None and text[lo:hi].rstrip()[-1:] in (":", ","):
            # "По мнению Ирины, государство ...: «...»": the quote is hers too.
            comma = text.find(",", according.end(), end)
            if comma > 0:
                return _ru_phrase(text, according.end(), comma)
        return None
    stop = last_match(_STOP, text, start, last.start())
    speaker = _ru_phrase(text, stop.end() if stop else start, last.start())
    if (
        speaker is None
        and stop is not None
        and stop.group() == ","
        and "\u0432\u0448" in last.group()
    ):
        # "Вспомните Гека Финна, говорившего: ...": a participle after the person's name.
        before = last_match(_STOP, text, start, stop.start())
        speaker = _ru_phrase(text, before.end() if before else start, stop.start())
    return speaker


def reported(text: str, lo: int, hi: int, language: str) -> list[Report]:
    if language == "zh":
        return _zh_reported(text, lo, hi)
    aside = _RU_ASIDE.search(text, lo, hi)
    if aside is not None:
        found = _aside(text, lo, hi, aside)
        if found:
            return found
    according = _RU_ACCORDING.match(text, lo, hi)
    if according:
        comma = text.find(",", according.end(), hi)
        speaker = _ru_phrase(text, according.end(), comma) if comma > 0 else None
        if speaker is not None:
            return _report(text, speaker, comma + 1, hi)
    of_which = _RU_OF_WHICH.search(text, lo, hi)
    if of_which is not None:
        stop = _STOP.search(text, of_which.end(), hi)
        speaker = _ru_phrase(text, of_which.end(), stop.start() if stop else hi)
        if speaker is not None and speaker.name:
            return _report(text, speaker, lo, of_which.start())
    for verb in _RU_VERB.finditer(text, lo, hi):
        that = _RU_THAT.match(text, verb.end(), hi)
        head = _opened(text, lo, verb.start())
        if that and not _STOP.search(text, head, verb.start()):
            speaker = _ru_phrase(text, head, verb.start())
            if speaker is not None:
                return _report(text, speaker, that.end(), hi)
        colon = _RU_COLON.match(text, verb.end(), hi)
        if colon is not None:
            stop = last_match(_STOP, text, lo, verb.start())
            speaker = _ru_phrase(text, stop.end() if stop else lo, verb.start())
            if speaker is not None and (speaker.name or speaker.pronoun):
                return _report(text, speaker, colon.end(), hi)
        tail = hi
        while tail > verb.end() and text[tail - 1] in " .!?":
            tail -= 1
        if _STOP.search(text, verb.end(), tail) is None:
            comma = text.rfind(",", lo, verb.start())
            if comma > lo and not text[comma + 1 : verb.start()].strip(" \u2014\u2013-"):
                speaker = _ru_phrase(text, verb.end(), hi)
                if speaker is not None:
                    return _report(text, speaker, lo, comma)
    having = _RU_HAVING_SAID.search(text, lo, hi)
    if having is not None:
        subject = _ru_subject(text, lo, having.start())
        if subject is not None:
            return _report(text, subject, having.end(), hi)
    return []


def _opened(text: str, lo: int, hi: int) -> int:
    """Past a short opener and its comma ("Например, ..."), or `lo`."""
    comma = text.find(",", lo, hi)
    if comma > lo and text[lo:comma].strip().lower() in _RU_OPENER_PHRASES:
        return comma + 1
    return lo


def _ru_subject(text: str, lo: int, hi: int) -> Speaker | None:
    """The person a sentence opens with, when a full name (two capitalised words) comes before
    its first comma: "11 апреля оппозиционер Илья Яшин бросил вызов ..., заявив ..."."""
    words = [(m.group(), m.start(), m.end()) for m in _RU_WORD.finditer(text, lo, hi)]
    for index in range(1, min(len(words), 12)):
        first, second = words[index - 1], words[index]
        if text.find(",", lo, second[2]) >= 0:
            return None
        if (
            first[0][0].isupper()
            and second[0][0].isupper()
            and index - 1 > 0
            and first[0].lower() not in _RU_TITLES
        ):
            return _ru_phrase(text, lo, second[2])
    return None


def _aside(text: str, lo: int, hi: int, aside: re.Match[str]) -> list[Report]:
    """ "Свои деньги, утверждает экономист Александр Аузан, декан экономфака МГУ, в России
    есть": the attribution sits between commas inside the claim."""
    after = aside.end()
    if text[after - 1] == "(":
        close = text.find(")", after, hi)
        if close < 0:
            return []
        after = close + 1
    else:
        # An apposition after the name ("декан экономфака МГУ,") belongs to the speaker.
        nxt = _RU_WORD.match(text, _skip_spaces(text, after, hi), hi)
        comma = text.find(",", after, hi)
        if nxt is not None and nxt.group().lower() in _RU_TITLES and comma > 0:
            after = comma + 1
    speaker = _ru_phrase(text, aside.start("np"), aside.end("np"))
    if speaker is None or not speaker.name:
        return []
    head_start, head_end = trim(text, lo, aside.start())
    tail_start, tail_end = trim(text, after, hi)
    if tail_end - tail_start < 6:
        return []
    if text[head_start:head_end].lower() in _RU_OPENER_PHRASES:
        # "Между тем, утверждает Аузан, ...": an opener, not part of the claim.
        return [Report(speaker, tail_start, tail_end)]
    joined = f"{text[head_start:head_end]} {text[tail_start:tail_end]}"
    return [Report(speaker, head_start, tail_end, joined)]


def _skip_spaces(text: str, at: int, hi: int) -> int:
    while at < hi and text[at].isspace():
        at += 1
    return at


def _report(text: str, speaker: Speaker, start: int, end: int) -> list[Report]:
    second = _RU_SECOND_SOURCE.search(text, start, end)
    if second is not None:
        end = second.start()
    start, end = trim(text, start, end)
    return [Report(speaker, start, end)] if end - start >= 6 else []


def _ru_phrase(text: str, lo: int, hi: int) -> Speaker | None:
    words = [(m.group(), m.start(), m.end()) for m in _RU_WORD.finditer(text, lo, hi)][-8:]
    if not words:
        return None
    if len(words) == 1 and words[0][0].lower() in _RU_FIRST_PERSON:
        return None
    if len(words) == 1 and words[0][0].lower() in _RU_PRONOUNS:
        pronoun = words[0][0].lower()
        return Speaker("", "", pronoun, _RU_PRONOUNS[pronoun], words[0][1], words[0][2])
    run = len(words)
    while (
        run > 0 and words[run - 1][0][0].isupper() and words[run - 1][0].lower() not in _RU_TITLES
    ):
        run -= 1
    if len(words) - run == 1 and words[run][0].lower() in _RU_PEOPLE:
        run = len(words)
    end = len(words)
    if run == end:
        # "глава ВТБ Андрей Костин в этом же зале высокомерно": a full name, then adverbials.
        last = next(
            (
                i
                for i in range(end - 1, max(-1, end - 7), -1)
                if words[i][0][0].isupper()
                and words[i][0].lower() not in _RU_TITLES | _RU_PEOPLE
                # "в интервью МК": an outlet's initials, not the speaker
                and not (len(words[i][0]) > 1 and words[i][0].isupper())
            ),
            -1,
        )
        first = last
        while (
            first > 0
            and words[first - 1][0][0].isupper()
            and words[first - 1][0].lower() not in _RU_TITLES
        ):
            first -= 1
        if last - first >= 1 and (
            first == 0 or words[first - 1][0].lower() not in _RU_PREPOSITIONS
        ):
            run, end = first, last + 1
    if run < end and run > 0 and words[run - 1][0].lower() in _RU_PREPOSITIONS:
        run = end  # "эксперт в Москве": a place, not a name
    while end - run > 2 and (
        words[run][0].isupper() or words[run][0].lower().endswith(("ите", "йте", "ьте"))
    ):
        # "глава ВТБ Андрей Костин": the bank is where he works; "Вспомните Петра Орлова":
        # a verb opening the sentence.
        run += 1
    name = " ".join(w for w, _, _ in words[run:end])
    description = " ".join(w for w, _, _ in words[:run])
    if end - run == 1 and name.isupper() and run > 0 and words[run - 1][0].lower() in _RU_TITLES:
        # "Представитель СБУ": the body the person speaks for, nobody named.
        name, description = "", " ".join(w for w, _, _ in words[:end])
    if not name and not any(w.lower() in _RU_TITLES | _RU_PEOPLE for w, _, _ in words):
        return None
    return Speaker(name, description, "", "", words[0][1], words[-1][2])


def _zh_speaker(phrase: str, at: int) -> Speaker | None:
    phrase = _ZH_ADVERBS.sub("", _ZH_TIME.sub("", phrase))
    if not phrase or phrase in _ZH_NO_SOURCE:
        return None
    citing = phrase.find(_ZH_CITING)
    if citing > 0:
        phrase = phrase[:citing]  # 路透社援引知情人士的话: the outlet reports it
    for ending in _ZH_SOURCE_ENDINGS:
        if phrase.endswith(ending) and len(phrase) > len(ending):
            phrase = phrase[: -len(ending)]
    opened, closed = phrase.find("\u300a"), phrase.find("\u300b")
    if 0 <= opened < closed:
        # 美国《纽约时报》, 《人民日报》: the title is the name, the rest says where it is from.
        name = phrase[opened + 1 : closed]
        return Speaker(name, phrase[:opened], "", "", at, at + len(phrase))
    if _ZH_UNNAMED.match(phrase):
        return Speaker("", phrase.removeprefix("\u6709"), "", "", at, at + len(phrase))
    if not phrase:
        return None
    if phrase in _ZH_PRONOUNS:
        return Speaker("", "", phrase, _ZH_PRONOUNS[phrase], at, at + len(phrase))
    if phrase in _ZH_GENERIC:
        return Speaker("", phrase, "", "", at, at + len(phrase))
    for title in _ZH_TITLES:
        cut = phrase.rfind(title)
        if cut >= 0:
            name = phrase[cut + len(title) :]
            description = phrase[: cut + len(title)]
            if 2 <= len(name) <= 4:
                return Speaker(name, description, "", "", at, at + len(phrase))
            return Speaker("", phrase, "", "", at, at + len(phrase))
    titled = _ZH_TITLE_END.search(phrase)
    if titled is not None and not _ZH_BODY.search(phrase):
        name = titled.group("name")
        return Speaker(name, phrase[: titled.start("name")], "", "", at, at + len(phrase))
    if len(phrase) > 10:
        return None
    return Speaker(phrase, "", "", "", at, at + len(phrase))


def _zh_reported(text: str, lo: int, hi: int) -> list[Report]:
    opener = _ZH_OPENER.match(text, lo, hi)
    lo = opener.end() if opener else lo
    found = _ZH_ACCORDING.match(text, lo, hi) or _ZH_REPORTED.match(text, lo, hi)
    if found is None:
        return []
    speaker = _zh_speaker(found.group("np"), found.start("np"))
    if speaker is None:
        return []
    start, end = trim(text, found.end(), hi)
    return [Report(speaker, start, end)] if end - start >= 4 else []
