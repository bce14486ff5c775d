"""The interface in English, Russian and Simplified Chinese: the header's language switcher, the
committed catalogues (complete for the main screens, compiled, not stale), and claim text that
keeps its own language and direction whatever the interface language."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reviews.exports import claimreview
from tests.factories import ClaimantFactory, ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOGUES = {"ru": "ru", "zh-hans": "zh_Hans"}
COOKIE = settings.LANGUAGE_COOKIE_NAME

# What a reviewer or editor reads on the main screens, with its expected translations. The
# msgids must stay in the catalogues, translated: a test below fails when one is missing.
MAIN_SCREENS = {
    "Claims desk": ("Редакция фактчекинга", "事实核查工作台"),
    "Claims": ("Утверждения", "说法"),
    "All claims": ("Все утверждения", "全部说法"),
    "New claim": ("Новое утверждение", "新建说法"),
    "Log in": ("Вход", "登录"),
    "Log out": ("Выйти", "退出登录"),
    "Notifications": ("Уведомления", "通知"),
    "My claims": ("Мои утверждения", "我的说法"),
    "Unassigned": ("Без исполнителя", "未分配"),
    "Awaiting approval": ("Ждёт одобрения", "待审批"),
    "Apply": ("Применить", "应用"),
    "Claimant": ("Автор", "发言者"),
    "Who made the claim": ("Кто это сказал", "说法出自谁"),
    "Evidence": ("Доказательства", "证据"),
    "Verdict": ("Вердикт", "结论"),
    "Sources": ("Источники", "来源"),
    "Activity": ("История", "动态"),
    "Discussion": ("Обсуждение", "讨论"),
    "Take this claim": ("Взять в работу", "认领这条说法"),
    "Approve and publish": ("Одобрить и опубликовать", "批准并发布"),
    "Claims from an article": ("Утверждения из статьи", "从文章提取说法"),
    "Mark all as read": ("Отметить все как прочитанные", "全部标为已读"),
    "Desk dashboard": ("Сводка редакции", "工作台仪表板"),
    "Export": ("Выгрузить", "导出"),
    "Our conclusion": ("Наш вывод", "我们的结论"),
    "Search the fact-checks": ("Поиск по проверкам", "搜索事实核查"),
    "Back to the claims": ("К списку утверждений", "返回说法列表"),
    "Language": ("Язык", "语言"),
}
PLURALS = {  # msgid: the forms for 1, 3 and 5 claims
    "%(counter)s claim": (
        ("1 утверждение", "3 утверждения", "5 утверждений"),
        ("1 条说法", "3 条说法", "5 条说法"),
    ),
}


# --- Reading pages ----------------------------------------------------------------------------


class Elements(HTMLParser):
    """Start tags with their attributes, and the text directly inside each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.tags.append((tag, dict(attrs), text))
        if tag not in {"input", "br", "meta", "link", "img", "hr"}:
            self._open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].append(data)


def elements(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Elements()
    parser.feed(html)
    return [(tag, attrs, "".join(text).strip()) for tag, attrs, text in parser.tags]


def html_attrs(body: str) -> dict[str, str | None]:
    return next(attrs for tag, attrs, _ in elements(body) if tag == "html")


def holding(body: str, text: str) -> list[dict[str, str | None]]:
    """The attributes of each element in the page's body whose own text is exactly `text`."""
    return [attrs for tag, attrs, own in elements(body) if own == text and tag != "title"]


def switcher(body: str) -> list[tuple[str, dict[str, str | None], str]]:
    """The elements of the header's language switcher."""
    (start,) = [m.start() for m in re.finditer(r'<form class="language-switcher"', body)]
    return elements(body[start : body.index("</form>", start) + len("</form>")])


def switch(client: Client, language: str, next_url: str = "/") -> Any:
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


# --- Fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def claim() -> Any:
    return ClaimFactory(text="The city planted 1,000 trees in the last five years.")


@pytest.fixture
def published(reviewer: Any, editor: Any) -> Any:
    return wf.published(
        reviewer,
        editor,
        text="تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة",
        language="ar",
        claimant=ClaimantFactory(name="حمدان بن محمد", description="ولي عهد دبي"),
    )


def public_url(verdict: Any) -> str:
    return claimreview.public_path(verdict.claim_id, verdict.summary)


# --- The switcher and the interface language --------------------------------------------------


def test_english_is_the_default(reviewer_client: Client, claim: Any) -> None:
    body = reviewer_client.get(reverse("claims:list")).content.decode()
    assert html_attrs(body) == {"lang": "en", "dir": "ltr"}
    assert "All claims" in body and "Все утверждения" not in body


@pytest.mark.parametrize(
    ("language", "login_title"), [("en", "Log in"), ("ru", "Вход"), ("zh-hans", "登录")]
)
def test_switching_sets_the_cookie_and_goes_back(language: str, login_title: str) -> None:
    client = Client()
    response = switch(client, language, next_url="/accounts/login/?next=/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    assert response.cookies[COOKIE].value == language
    body = client.get(response["Location"]).content.decode()
    assert html_attrs(body)["lang"] == language
    assert f"<h1>{login_title}</h1>" in body


def test_switching_refuses_to_send_the_reader_elsewhere(anon_client: Client) -> None:
    response = switch(anon_client, "ru", next_url="https://evil.example.org/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_switching_needs_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = switch(client, "ru")
    assert response.status_code == 403
    assert COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ru", ["Утверждения", "Все утверждения", "Мои утверждения", "Применить", "1 утверждение"]),
        ("zh-hans", ["说法", "全部说法", "我的说法", "应用", "1 条说法"]),
    ],
)
def test_claims_list_in_russian_and_chinese(
    reviewer_client: Client, claim: Any, language: str, texts: list[str]
) -> None:
    switch(reviewer_client, language)
    body = reviewer_client.get(reverse("claims:list")).content.decode()
    assert html_attrs(body) == {"lang": language, "dir": "ltr"}
    for text in texts:
        assert text in body
    assert "All claims" not in body
    assert claim.text in body  # the claim itself is never translated


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ru", ["Доказательства", "Вердикт", "Источники", "История", "Обсуждение"]),
        ("zh-hans", ["证据", "结论", "来源", "动态", "讨论"]),
    ],
)
def test_claim_page_in_russian_and_chinese(
    reviewer_client: Client, claim: Any, language: str, texts: list[str]
) -> None:
    switch(reviewer_client, language)
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert html_attrs(body)["lang"] == language
    for text in texts:
        assert f">{text}" in body
    assert ">Evidence" not in body


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ru", ["Наш вывод", "Доказательства", "Все проверки"]),
        ("zh-hans", ["我们的结论", "证据", "全部核查"]),
    ],
)
def test_public_fact_check_in_russian_and_chinese(
    anon_client: Client, published: Any, language: str, texts: list[str]
) -> None:
    switch(anon_client, language, next_url=public_url(published))
    body = anon_client.get(public_url(published)).content.decode()
    assert html_attrs(body) == {"lang": language, "dir": "ltr"}
    for text in texts:
        assert text in body
    assert "Our conclusion" not in body


def test_the_browser_language_is_used_until_one_is_chosen(anon_client: Client) -> None:
    body = anon_client.get(reverse("public:index"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert html_attrs(body.content.decode())["lang"] == "zh-hans"
    switch(anon_client, "ru")
    body = anon_client.get(reverse("public:index"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert html_attrs(body.content.decode())["lang"] == "ru"


@pytest.mark.parametrize("url_name", ["claims:list", "public:index", "login"])
def test_header_has_a_switcher_that_works_without_javascript(
    reviewer_client: Client, url_name: str
) -> None:
    path = reverse(url_name) + "?q=trees"
    tags = switcher(reviewer_client.get(path).content.decode())
    assert tags[0] == (
        "form",
        {"class": "language-switcher", "method": "post", "action": reverse("set_language")},
        "",
    )
    by_name = {a.get("name"): a for t, a, _ in tags if t in {"input", "select", "button"}}
    assert by_name["csrfmiddlewaretoken"]["type"] == "hidden"
    assert by_name["next"]["value"] == path
    select = by_name["language"]
    labels = [own for t, a, own in tags if t == "label" and a.get("for") == select["id"]]
    assert labels == ["Language"]
    options = [(a["value"], own, a.get("lang")) for t, a, own in tags if t == "option"]
    assert ("ru", "Русский", "ru") in options and ("zh-hans", "简体中文", "zh-hans") in options
    assert ("en", "English", "en") in options
    assert any(t == "button" and a.get("type") == "submit" for t, a, _ in tags)


def test_pages_answering_a_post_leave_next_to_the_referer(reviewer_client: Client) -> None:
    body = reviewer_client.post(reverse("claims:create"), {}).content.decode()
    names = [a.get("name") for _, a, _ in switcher(body)]
    assert "language" in names and "next" not in names


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_every_page_carries_the_interface_language(
    editor_client: Client, published: Any, language: str
) -> None:
    switch(editor_client, language)
    urls = [
        reverse("claims:list"),
        published.claim.get_absolute_url(),
        reverse("claims:create"),
        reverse("claims:article-new"),
        reverse("claims:import"),
        reverse("reviews:notifications"),
        reverse("reviews:dashboard"),
        reverse("public:index"),
        public_url(published),
        "/no-such-page/",
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code in {200, 404}, url
        assert html_attrs(response.content.decode()) == {"lang": language, "dir": "ltr"}, url
    with translation.override(language):
        page = render_to_string("errors/500.html", {"title": "x"})
    assert html_attrs(page) == {"lang": language, "dir": "ltr"}


def test_a_right_to_left_interface_language_turns_the_page(
    anon_client: Client, settings: Any
) -> None:
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    switch(anon_client, "ar")
    body = anon_client.get(reverse("public:index")).content.decode()
    assert html_attrs(body) == {"lang": "ar", "dir": "rtl"}


def test_messages_from_python_are_translated(reviewer_client: Client, claim: Any) -> None:
    switch(reviewer_client, "ru")
    response = reviewer_client.post(reverse("reviews:take", args=[claim.pk]), follow=True)
    assert "Утверждение теперь ваше." in response.content.decode()
    switch(reviewer_client, "zh-hans")
    body = reviewer_client.get(reverse("claims:create")).content.decode()
    assert "按原话记录的说法" in body  # a help text built when the module is imported


def test_desk_js_messages_come_translated_from_the_page(reviewer_client: Client) -> None:
    switch(reviewer_client, "ru")
    body_tag = next(
        a for t, a, _ in elements(reviewer_client.get("/").content.decode()) if t == "body"
    )
    assert body_tag["data-message-request-failed"] == (
        "Не удалось выполнить запрос (ошибка {status}). Попробуйте ещё раз."
    )
    assert body_tag["data-message-unreachable"].startswith("Сервер недоступен")
    script = (Path(settings.BASE_DIR) / "static" / "js" / "desk.js").read_text()
    assert 'message("requestFailed"' in script and 'message("unreachable"' in script


# --- Claim text keeps its language and direction ----------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_claim_page_marks_claim_language_and_direction(
    reviewer_client: Client, published: Any, language: str
) -> None:
    switch(reviewer_client, language)
    claim = published.claim
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    (text,) = holding(body, claim.text)
    assert text["lang"] == "ar" and text["dir"] == "rtl"
    (name,) = holding(body, claim.claimant.name)
    assert name["lang"] == "ar" and name["dir"] == "auto"
    (role,) = holding(body, claim.claimant.description)
    assert role["lang"] == "ar" and role["dir"] == "auto"
    (quote,) = holding(body, "The official count was 12 projects.")
    assert quote["dir"] == "auto"


def test_claims_list_marks_claim_language_and_direction(reviewer_client: Client) -> None:
    chinese = ClaimFactory(
        text="中国计划在2060年之前实现碳中和。",
        language="zh",
        claimant=ClaimantFactory(name="周岚"),
    )
    body = reviewer_client.get(reverse("claims:list")).content.decode()
    (text,) = holding(body, chinese.text)
    assert text["lang"] == "zh" and text["dir"] == "ltr"
    (name,) = holding(body, "周岚")
    assert name["lang"] == "zh" and name["dir"] == "auto"


def test_public_page_marks_claim_language_and_direction(
    anon_client: Client, published: Any
) -> None:
    claim = published.claim
    body = anon_client.get(public_url(published)).content.decode()
    (text,) = holding(body, claim.text)
    assert text["lang"] == "ar" and text["dir"] == "rtl"
    (name,) = holding(body, claim.claimant.name)
    assert name["lang"] == "ar" and name["dir"] == "auto"
    (quote,) = holding(body, "The official count was 12 projects.")
    assert quote["dir"] == "auto"
    (title,) = holding(body, published.summary)
    assert title["dir"] == "auto"


def test_notifications_mark_claim_language(
    reviewer_client: Client, editor_client: Client, reviewer: Any
) -> None:
    claim = ClaimFactory(text="Город высадил тысячу деревьев за пять лет.", language="ru")
    editor_client.post(
        reverse("reviews:assign"), {"claims": [claim.pk], "assignee": reviewer.pk, "next": "/"}
    )
    body = reviewer_client.get(reverse("reviews:notifications")).content.decode()
    (link,) = holding(body, claim.text)
    assert link["lang"] == "ru" and link["dir"] == "auto"


def test_css_gives_cjk_text_a_cjk_first_font_stack() -> None:
    css = (Path(settings.BASE_DIR) / "static" / "css" / "desk.css").read_text()
    variables = dict(re.findall(r"(--font[\w-]*):\s*([^;]+);", css))
    assert "Noto Sans CJK SC" in variables["--font"]  # unmarked text still finds CJK glyphs
    zh = [f.strip().strip('"') for f in variables["--font-zh-hans"].split(",")]
    assert zh[0] == "Noto Sans CJK SC" and zh[-1] == "sans-serif"
    assert ":lang(zh) { font-family: var(--font-zh-hans); }" in css
    assert ":lang(ja) { font-family: var(--font-ja); }" in css
    assert "@font-face" not in css and "url(" not in css  # system fonts only, nothing to fetch


# --- Templates --------------------------------------------------------------------------------


def test_every_template_loads() -> None:
    names = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
    assert "base.html" in names and "partials/language_switcher.html" in names
    for name in names:
        get_template(name)  # a TemplateSyntaxError fails the test, naming the template


# --- Catalogues -------------------------------------------------------------------------------


def read_po(path: Path) -> list[dict[str, Any]]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags. Obsolete
    (#~) entries are left out, as msgfmt leaves them out."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    field: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            flush()
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if match:
            key, index, value = match.group(1), int(match.group(2) or 0), match.group(3)
            field = (key, index)
            if key == "msgstr":
                entry.setdefault("msgstr", []).append("")
            else:
                entry[key] = ""
            line = value
        assert field is not None and line.startswith('"'), f"{path}: cannot read {line!r}"
        text = ast.literal_eval(line)
        if field[0] == "msgstr":
            entry["msgstr"][field[1]] += text
        else:
            entry[field[0]] += text
    return entries


def expected_catalog(entries: list[dict[str, Any]]) -> dict[Any, str]:
    """What msgfmt puts in the .mo file for these entries, keyed as Python's gettext keys it."""
    catalog: dict[Any, str] = {}
    for entry in entries:
        if "fuzzy" in entry.get("flags", set()) and entry["msgid"]:
            continue
        if not all(entry["msgstr"]):
            continue
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for index, text in enumerate(entry["msgstr"]):
                catalog[(msgid, index)] = text
        else:
            catalog[msgid] = entry["msgstr"][0]
    return catalog


def mo_catalog(path: Path) -> dict[Any, str]:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def without_pot_date(catalog: dict[Any, str]) -> dict[Any, str]:
    """msgfmt leaves the template's creation date out of the compiled header."""
    header = "".join(
        line for line in catalog.get("", "").splitlines(True) if not line.startswith("POT-")
    )
    return {**catalog, "": header}


@pytest.mark.parametrize("folder", CATALOGUES.values())
def test_catalogue_has_no_fuzzy_entries_and_sound_placeholders(folder: str) -> None:
    entries = read_po(LOCALE / folder / "LC_MESSAGES" / "django.po")
    header = entries[0]
    assert "fuzzy" not in header.get("flags", set()), "a fuzzy header hides the charset"
    assert "charset=UTF-8" in header["msgstr"][0]
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in entries[1:]:
        assert "fuzzy" not in entry.get("flags", set()), entry["msgid"]
        wanted = set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in entry["msgstr"]:
            if text:
                assert set(placeholder.findall(text)) == wanted, (entry["msgid"], text)


def test_russian_has_three_plural_forms() -> None:
    entries = read_po(LOCALE / "ru" / "LC_MESSAGES" / "django.po")
    assert "nplurals=3;" in entries[0]["msgstr"][0]
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all(len(e["msgstr"]) == 3 and all(e["msgstr"]) for e in plurals)


@pytest.mark.parametrize(("language", "column"), [("ru", 0), ("zh-hans", 1)])
def test_main_screens_are_translated(language: str, column: int) -> None:
    entries = read_po(LOCALE / CATALOGUES[language] / "LC_MESSAGES" / "django.po")
    by_id = {e["msgid"]: e for e in entries}
    for msgid, translations in MAIN_SCREENS.items():
        assert msgid in by_id, f"{msgid!r} is no longer in the {language} catalogue"
        assert by_id[msgid]["msgstr"] == [translations[column]], msgid
    with translation.override(language):
        for msgid, translations in MAIN_SCREENS.items():
            assert translation.gettext(msgid) == translations[column]
        for msgid, forms in PLURALS.items():
            plural = msgid.replace("claim", "claims")
            got = [translation.ngettext(msgid, plural, n) % {"counter": n} for n in (1, 3, 5)]
            assert got == list(forms[column])


@pytest.mark.parametrize("folder", CATALOGUES.values())
def test_compiled_catalogue_matches_the_po_file(folder: str, tmp_path: Path) -> None:
    """The .mo files are committed (a fresh machine has no msgfmt): they must say what the .po
    files say. Run `manage.py compilemessages` after editing a .po file."""
    po = LOCALE / folder / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run manage.py compilemessages"
    expected = without_pot_date(expected_catalog(read_po(po)))
    compiled = without_pot_date(mo_catalog(mo))
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    stale += sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not stale, f"{mo} is stale (run manage.py compilemessages): {stale[:10]}"
    if msgfmt := shutil.which("msgfmt"):  # and where msgfmt is at hand, it agrees
        fresh = tmp_path / "django.mo"
        subprocess.run([msgfmt, "--check", "-o", str(fresh), str(po)], check=True)
        assert without_pot_date(mo_catalog(fresh)) == compiled
