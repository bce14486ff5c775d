"""Languages in a real browser: a reviewer switches the desk to Russian and to Chinese from the
header, on a filtered claims list, and comes back to the same list; a reader does the same on a
public fact-check. Chinese text is drawn with a CJK font (asked of Chromium itself, not guessed
from CSS), and no page logs an error or a CSP violation (the fixture checks that)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from reviews.exports import claimreview
from tests import factories
from tests.reviews import workflow as wf

from .conftest import E2E

pytestmark = E2E

CHINESE_CLAIM = "中国计划在2060年之前实现碳中和。"
ARABIC_CLAIM = "تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة"


def _switch(page: Any, language: str) -> None:
    page.select_option("#language-select", language)
    with page.expect_navigation():
        page.click(".language-switcher button[type=submit]")
    page.wait_for_load_state("load")


def _html(page: Any) -> dict[str, str]:
    return dict(page.evaluate("() => ({lang: document.documentElement.lang, dir: document.dir})"))


def _fonts(page: Any, selector: str) -> list[str]:
    """The fonts Chromium actually drew the element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [font["familyName"] for font in fonts]


def _published_chinese_claim() -> str:
    users = get_user_model().objects
    verdict = wf.published(
        users.get(username="reviewer"),
        users.get(username="editor"),
        text=CHINESE_CLAIM,
        language="zh",
        claimant=factories.ClaimantFactory(name="周岚", description="气候政策研究员"),
    )
    return claimreview.public_path(verdict.claim_id, verdict.summary)


def test_reviewer_switches_the_claims_list_to_russian_and_chinese(desk: Any) -> None:
    factories.ClaimFactory(
        text=CHINESE_CLAIM, language="zh", claimant=factories.ClaimantFactory(name="周岚")
    )
    factories.ClaimFactory(text=ARABIC_CLAIM, language="ar")
    page = desk.page_as("reviewer")
    assert _html(page) == {"lang": "en", "dir": "ltr"}

    # Filter the list (htmx pushes the new address), then switch: the same list comes back.
    page.select_option("#id_status", "new")
    page.wait_for_url("**/?*status=new*")
    filtered = page.url
    _switch(page, "ru")
    assert page.url == filtered
    assert _html(page) == {"lang": "ru", "dir": "ltr"}
    assert page.input_value("#id_status") == "new"
    assert page.locator("h1").inner_text() == "Утверждения"
    assert page.locator(".queues a.active").inner_text() == "Все утверждения"
    assert page.locator(".result-count").inner_text().startswith("2 утверждения")
    assert page.locator("#language-select").input_value() == "ru"
    desk.shot(page, "01-claims-list-ru")

    _switch(page, "zh-hans")
    assert page.url == filtered
    assert _html(page) == {"lang": "zh-hans", "dir": "ltr"}
    assert page.locator("h1").inner_text() == "说法"
    assert page.locator(".site-nav .nav-links a").first.inner_text() == "说法"
    assert "通知" in page.locator(".site-nav .nav-links").inner_text()
    # The claims keep their own language and direction inside the Chinese interface.
    chinese = page.locator("a.clamp", has_text=CHINESE_CLAIM)
    assert chinese.get_attribute("lang") == "zh"
    arabic = page.locator("a.clamp", has_text=ARABIC_CLAIM)
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Interface and claim alike are drawn with a CJK font, not as empty boxes.
    assert any("CJK" in font for font in _fonts(page, "h1")), _fonts(page, "h1")
    assert any("CJK SC" in font for font in _fonts(page, "a.clamp[lang=zh]"))
    desk.shot(page, "02-claims-list-zh")

    # The claim page follows: its panels in Chinese, the claim in its own language.
    with page.expect_navigation():
        chinese.click()
    assert page.locator("#evidence-heading").inner_text().startswith("证据")
    assert page.locator("#verdict-heading").inner_text() == "结论"
    assert page.locator("blockquote.claim-text").get_attribute("lang") == "zh"
    desk.shot(page, "03-claim-page-zh")

    _switch(page, "en")
    assert _html(page)["lang"] == "en"
    assert page.locator("#evidence-heading").inner_text().startswith("Evidence")


def test_reader_switches_a_public_fact_check_to_russian_and_chinese(desk: Any) -> None:
    path = _published_chinese_claim()
    page = desk.page_as(None)
    page.goto(desk.base + path)
    assert _html(page)["lang"] == "en"
    assert page.locator("#conclusion-heading").inner_text() == "Our conclusion"

    _switch(page, "ru")
    assert page.url == desk.base + path
    assert _html(page) == {"lang": "ru", "dir": "ltr"}
    assert page.locator("#conclusion-heading").inner_text() == "Наш вывод"
    assert page.locator("#evidence-heading").inner_text() == "Доказательства"
    assert page.locator(".claim-text").get_attribute("lang") == "zh"
    assert any("CJK SC" in font for font in _fonts(page, ".claim-text"))
    desk.shot(page, "01-fact-check-ru")

    _switch(page, "zh-hans")
    assert page.url == desk.base + path
    assert _html(page) == {"lang": "zh-hans", "dir": "ltr"}
    assert page.locator("#conclusion-heading").inner_text() == "我们的结论"
    assert page.locator(".site-nav .nav-links a").first.inner_text() == "全部核查"
    assert any("CJK" in font for font in _fonts(page, "#conclusion-heading"))
    desk.shot(page, "02-fact-check-zh")

    # The index and its search in Chinese too.
    page.click(".site-nav .nav-links a:has-text('全部核查')")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "事实核查"
    assert page.locator("label[for=public-q]").inner_text() == "搜索事实核查"
    desk.shot(page, "03-public-index-zh")
