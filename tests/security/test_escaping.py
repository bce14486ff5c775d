"""Script and template payloads typed into every text field, through the real views, then read
back from every page, fragment, feed and JSON document that shows them: they must come back as
text, never as markup."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, Claimant
from reviews.models import Evidence, Verdict
from tests.reviews import workflow as wf
from tests.security import html_checks

pytestmark = pytest.mark.django_db

# Each payload goes into every field (cut to the field's limit where it is short, such as the
# 75-character summary or a 50-character tag). The first also covers a plain <script>.
PAYLOADS = {
    "end-script": "</script><script>alert(1)</script>",
    "attribute-template": "\"><img src=x onerror=alert(1)>{{7*7}}{% now 'Y' %}",
}
JAVASCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
]
HTMX = {"HTTP_HX_REQUEST": "true"}


def markdown_attack(payload: str) -> str:
    return (
        f"The register [E1] says otherwise. {payload}\n\n"
        '[click](javascript:alert(1)) <a href="javascript:alert(1)">raw</a> '
        "![pic](javascript:alert(1)) [ok](https://example.org/ok)\n\n"
        f"# {payload}\n\n<script>alert(1)</script>"
    )


def url_with(payload: str) -> str:
    """An http(s) address that carries the payload (URLs cannot hold spaces)."""
    return "https://example.org/p/" + payload.replace(" ", "/")


@dataclass
class Scene:
    payload: str
    claim: Claim  # published, with a correction; every field carries the payload
    responses: list[tuple[str, HttpResponse]] = field(default_factory=list)

    def read(
        self, name: str, client: Client, path: str, *, status: int = 200, **extra: Any
    ) -> None:
        """GET a page now, in the state the desk is in now, and keep it for the checks."""
        self._keep(name, client.get(path, extra.pop("data", None), **extra), status)

    def send(
        self, name: str, client: Client, path: str, *, status: int = 200, **extra: Any
    ) -> None:
        self._keep(name, client.post(path, extra.pop("data", None), **extra), status)

    def _keep(self, name: str, response: HttpResponse, status: int) -> None:
        assert response.status_code == status, f"{name}: {response.status_code}"
        self.responses.append((name, response))


def _ok(response: HttpResponse, what: str) -> HttpResponse:
    assert response.status_code == 302, f"{what}: {response.status_code}"
    return response


def _verdict_data(payload: str, version: int | None, **extra: Any) -> dict[str, Any]:
    return {
        "rating": wf.rating().pk,
        "summary": f"S {payload}"[:75],
        "conclusion": f"Conclusion {payload}",
        "rationale": markdown_attack(payload),
        "version": "" if version is None else version,
        **extra,
    }


def _working(claim: Claim) -> Verdict:
    return claim.verdicts.working().get()


def _claim_data(payload: str, text: str) -> dict[str, Any]:
    return {
        "text": text,
        "language": "en",
        "claim_type": "quantity",
        "new_claimant_name": f"Name {payload}",
        "new_claimant_kind": "person",
        "new_claimant_description": f"Role {payload}",
        "appeared_url": url_with(payload),
        "appeared_outlet": f"Outlet {payload}",
        "tags": f"{payload[:45]}, plain tag",
    }


def _create(client: Client, data: dict[str, Any]) -> Claim:
    before = set(Claim.objects.values_list("pk", flat=True))
    _ok(client.post(reverse("claims:create"), data), "create a claim")
    (pk,) = set(Claim.objects.values_list("pk", flat=True)) - before
    return Claim.objects.get(pk=pk)


def _draft_and_review(scene: Scene, claim: Claim, rita: Client, eddie: Client) -> None:
    """Evidence and a verdict, sent back once by the editor, then published."""
    payload, url = scene.payload, claim.get_absolute_url()
    evidence_fields = {
        "url": url_with(payload),
        "title": f"Title {payload}",
        "publisher": f"Publisher {payload}",
        "quote": f"Quote {payload}",
        "note": f"Note {payload}",
        "stance": "refutes",
    }
    _ok(rita.post(reverse("reviews:evidence-add", args=[claim.pk]), evidence_fields), "evidence")
    evidence = Evidence.objects.get(claim=claim)
    save = reverse("reviews:verdict-save", args=[claim.pk])
    _ok(rita.post(save, _verdict_data(payload, None)), "draft")
    edit = reverse("reviews:evidence-edit", args=[evidence.pk])
    scene.read("evidence edit", rita, edit)
    scene.read("evidence edit htmx", rita, edit, **HTMX)
    scene.read("claim page, drafting", rita, url)
    scene.read("claim edit", rita, reverse("claims:edit", args=[claim.pk]))
    autosave = reverse("reviews:verdict-autosave", args=[claim.pk])
    data = _verdict_data(payload, _working(claim).version)
    scene.send("autosave htmx", rita, autosave, data=data, **HTMX)
    scene.send("autosave, too long", rita, autosave, data=data | {"summary": payload * 9}, **HTMX)
    scene.send("verdict form errors htmx", rita, save, data=data | {"rating": payload}, **HTMX)
    submit = reverse("reviews:verdict-submit", args=[claim.pk])
    _ok(rita.post(submit, _verdict_data(payload, _working(claim).version)), "submit")
    verdict = _working(claim)
    decide = {"version": verdict.version, "note": f"Editor note {payload}"}
    scene.read("claim page, awaiting approval", eddie, url)
    _ok(eddie.post(reverse("reviews:verdict-request-changes", args=[verdict.pk]), decide), "ask")
    scene.read("claim page, changes requested", rita, url)
    _ok(rita.post(submit, _verdict_data(payload, _working(claim).version)), "resubmit")
    verdict = _working(claim)
    approve = reverse("reviews:verdict-approve", args=[verdict.pk])
    _ok(eddie.post(approve, {"version": verdict.version}), "approve")


def _correct(scene: Scene, claim: Claim, rita: Client, eddie: Client, rita_pk: int) -> None:
    payload = scene.payload
    correct = reverse("reviews:correction-open", args=[claim.pk])
    _ok(eddie.post(correct, {"assignee": rita_pk}), "open a correction")
    scene.read("claim page, correcting", rita, claim.get_absolute_url())
    note = {"correction_note": f"Correction {payload}"}
    submit = reverse("reviews:verdict-submit", args=[claim.pk])
    _ok(rita.post(submit, _verdict_data(payload, _working(claim).version, **note)), "submit it")
    verdict = _working(claim)
    approve = reverse("reviews:verdict-approve", args=[verdict.pk])
    _ok(eddie.post(approve, {"version": verdict.version}), "publish the correction")
    comment = reverse("reviews:comment-add", args=[claim.pk])
    _ok(rita.post(comment, {"body": f"Comment {payload}"}), "comment")
    scene.send("comment htmx", rita, comment, data={"body": f"Another {payload}"}, **HTMX)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.verdicts.filter(status=Verdict.Status.APPROVED, correction_of__isnull=False)


def _other_claims(scene: Scene, rita: Client, eddie: Client) -> None:
    payload = scene.payload
    dismissed = _create(rita, _claim_data(payload, f"Second claim {payload} 30 percent"))
    why = {"reason": "not_check_worthy", "version": dismissed.version, "note": f"Why {payload}"}
    _ok(eddie.post(reverse("reviews:dismiss", args=[dismissed.pk]), why), "dismiss")
    scene.read("dismissed claim page", eddie, dismissed.get_absolute_url())

    edited = _create(rita, _claim_data("plain", "A third claim about 40 percent of roads"))
    changes = _claim_data(payload, f"Third claim {payload} 40 percent") | {
        "version": edited.version,
        "new_claimant_name": "",
        "claimant": edited.claimant_id,
    }
    _ok(rita.post(reverse("claims:edit", args=[edited.pk]), changes), "edit")
    scene.read("edited claim page", rita, edited.get_absolute_url())
    add = reverse("reviews:evidence-add", args=[edited.pk])
    wrong = {"url": payload, "title": payload, "stance": payload}
    scene.send("evidence form errors htmx", eddie, add, data=wrong, **HTMX)
    scene.read("evidence form, pre-filled", eddie, add, data={"title": payload, "url": payload})

    article_text = (
        f"The minister said on Monday that {payload} would cost 20 million dollars. "
        f'"We built 300 schools in {payload} last year," she told reporters.'
    )
    paste = {"text": article_text, "title": f"Article {payload}", "publisher": f"Pub {payload}"}
    _ok(rita.post(reverse("claims:article-new"), paste), "paste an article")
    article = Article.objects.latest("pk")
    scene.read("article", rita, reverse("claims:article", args=[article.pk]))
    scene.read("article candidates", rita, reverse("claims:article-candidates", args=[article.pk]))

    bad_claim = _claim_data(payload, payload) | {"appeared_on": payload}
    scene.send("claim form errors htmx", rita, reverse("claims:create"), data=bad_claim, **HTMX)
    upload = {"file": _csv(payload), "dry_run": "on"}
    scene.send("import report", rita, reverse("claims:import"), data=upload)


def _lists(scene: Scene, rita: Client, eddie: Client) -> None:
    payload, claim = scene.payload, scene.claim
    url, lists = claim.get_absolute_url(), reverse("claims:list")
    scene.read("claim page", rita, url)
    scene.read("claim page as editor", eddie, url)
    scene.read("sources panel htmx", rita, reverse("reviews:sources", args=[claim.pk]), **HTMX)
    scene.read("analysis panel htmx", rita, reverse("reviews:analysis", args=[claim.pk]), **HTMX)
    scene.read("claim list", rita, lists)
    scene.read("claim list htmx", rita, lists, **HTMX)
    scene.read("claim list, search", rita, lists, data={"q": payload})
    scene.read("claim list, tag", rita, lists, data={"tag": payload[:45].casefold()})
    scene.read("claim list, said by htmx", rita, lists, data={"said_by": payload}, **HTMX)
    bad = {"said_from": payload, "status": payload, "after": payload}
    scene.read("claim list, bad filters", rita, lists, data=bad, status=400)
    scene.read("claim list, bad cursor", rita, lists, data={"after": payload}, status=400)
    options = reverse("claims:claimant-options")
    scene.read("claimant options", rita, options, data={"claimant_query": "Name"})
    scene.read("notifications", rita, reverse("reviews:notifications"))
    scene.read("dashboard", eddie, reverse("reviews:dashboard"))
    scene.read("admin claims", eddie, reverse("admin:claims_claim_changelist"))
    scene.read("admin claimants", eddie, reverse("admin:claims_claimant_changelist"))
    scene.read("public index", rita, reverse("public:index"))
    scene.read("public index, search", rita, reverse("public:index"), data={"q": payload})
    public = reverse("public:fact-check-short", args=[claim.pk])
    scene.read("public fact-check", rita, public, follow=True)


def build_scene(payload: str, rita: Client, eddie: Client, rita_pk: int) -> Scene:
    claim = _create(rita, _claim_data(payload, f"Claim {payload} 20 percent"))
    _ok(rita.post(reverse("reviews:take", args=[claim.pk])), "take")
    scene = Scene(payload, claim)
    _draft_and_review(scene, claim, rita, eddie)
    _correct(scene, claim, rita, eddie, rita_pk)
    _other_claims(scene, rita, eddie)
    _lists(scene, rita, eddie)
    return scene


def _csv(payload: str) -> SimpleUploadedFile:
    quoted = payload.replace('"', '""')
    body = (
        f'text,tags,appeared_on,"{quoted}"\n'
        f'"Row {quoted} with 20 percent","{quoted}{"x" * 60}","{quoted}",x\n'
    )
    return SimpleUploadedFile("claims.csv", body.encode(), content_type="text/csv")


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payloads_come_back_as_text_everywhere(payload: str, reviewer: Any, editor: Any) -> None:
    rita, eddie = Client(), Client()
    rita.force_login(reviewer)
    eddie.force_login(editor)
    scene = build_scene(payload, rita, eddie, reviewer.pk)
    check_pages(scene)
    check_claim_page_text(scene, rita)
    check_json_and_feed(scene, Client())


def check_pages(scene: Scene) -> None:
    problems = []
    shown_in = []
    dangerous = "<" in scene.payload
    for name, response in scene.responses:
        body = response.content.decode()
        page = html_checks.parse(body)
        is_fact_check = name == "public fact-check"
        problems += [f"{name}: {p}" for p in page.problems]
        problems += [
            f"{name}: {p}" for p in html_checks.script_problems(page, json_ld_allowed=is_fact_check)
        ]
        if dangerous and scene.payload in body:
            problems.append(f"{name}: the payload is in the page unescaped")
        code = [s.text for s in page.scripts if s not in page.json_ld]
        if any("alert(1)" in text for text in code):
            problems.append(f"{name}: a script element holds the payload as code")
        if scene.payload in page.visible_text:
            shown_in.append(name)
        if is_fact_check:
            json_problems, data = html_checks.json_ld_problems(page, body)
            problems += [f"{name}: {p}" for p in json_problems]
            if data is not None and not any(
                scene.payload in s for s in html_checks.all_strings(data)
            ):
                problems.append(f"{name}: the JSON-LD lost the payload")
    assert not problems, "\n".join(problems)
    # The checks saw the payload rendered, as text, on most pages.
    assert len(shown_in) >= len(scene.responses) * 2 // 3, shown_in


def check_claim_page_text(scene: Scene, rita: Client) -> None:
    page = html_checks.parse(rita.get(scene.claim.get_absolute_url()).content.decode())
    text = page.visible_text
    for label in (
        "Claim",
        "Name",
        "Role",
        "Outlet",
        "Title",
        "Publisher",
        "Quote",
        "Note",
        "S",
        "Conclusion",
        "Comment",
        "Correction",
    ):
        assert f"{label} {scene.payload}" in text, f"{label} is not shown as typed"
    # Markdown: the payload is text inside the rationale, links to javascript: are dropped.
    assert "The register" in text
    # 7*7 must not have become 49 (times of day such as 03:49 are the page's own).
    untimed = re.sub(r"\d{1,2}:\d{2}(:\d{2})?", "", text.replace("20 percent", ""))
    assert not re.search(r"\b49\b", untimed), "a template ran"


def check_json_and_feed(scene: Scene, client: Client) -> None:
    detail = client.get(reverse("public:api-detail", args=[scene.claim.pk]))
    assert detail["Content-Type"].startswith("application/json")
    data = json.loads(detail.content)
    assert data["claim"]["text"] == f"Claim {scene.payload} 20 percent"
    assert data["claim"]["claimant"]["name"] == f"Name {scene.payload}"
    assert data["correction_note"] == f"Correction {scene.payload}"

    feed = client.get(reverse("public:feed"))
    root = ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed
    titles = [el.text or "" for el in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(scene.payload in t for t in titles), titles
    # A summary of type="html" is markup to every feed reader: what it holds, read as HTML, must
    # be the typed text and nothing a browser would run or load.
    summaries = list(root.iter("{http://www.w3.org/2005/Atom}summary"))
    assert summaries
    for summary in summaries:
        if summary.get("type", "text") != "html":
            continue
        markup = html_checks.parse(summary.text or "")
        assert markup.problems == [], markup.problems
        if "<" in scene.payload:
            assert scene.payload not in (summary.text or ""), "the summary holds live markup"
    assert any(scene.payload in html_checks.parse(s.text or "").visible_text for s in summaries), (
        "the payload is not in any summary as text"
    )


@pytest.mark.parametrize("url", JAVASCRIPT_URLS)
def test_javascript_urls_are_refused_wherever_a_url_is_typed(
    url: str, reviewer_client: Client, reviewer: Any
) -> None:
    claims, claimants = Claim.objects.count(), Claimant.objects.count()
    for field_name in ("appeared_url", "new_claimant_same_as"):
        data = _claim_data("plain", "The bridge cost 20 million dollars") | {field_name: url}
        response = reviewer_client.post(reverse("claims:create"), data)
        assert response.status_code == 200, field_name  # the form, with its error
        assert html_checks.parse(response.content.decode()).problems == []
    assert (Claim.objects.count(), Claimant.objects.count()) == (claims, claimants)

    claim = wf.in_review(reviewer)
    add = reverse("reviews:evidence-add", args=[claim.pk])
    response = reviewer_client.post(add, {"url": url, "stance": "refutes"}, **HTMX)
    assert response.status_code == 200
    assert html_checks.parse(response.content.decode()).problems == []
    assert not Evidence.objects.filter(claim=claim).exists()

    # Pre-filled from a lookup result's address: shown in the form, never as a link.
    response = reviewer_client.get(add, {"url": url, "title": url})
    assert html_checks.parse(response.content.decode()).problems == []

    paste = {"url": url, "title": "An article"}
    before = Article.objects.count()
    response = reviewer_client.post(reverse("claims:article-new"), paste)
    assert response.status_code == 200
    assert Article.objects.count() == before


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
def test_exports_holding_payloads_are_never_opened_as_html(
    fmt: str, reviewer: Any, editor: Any
) -> None:
    """An export holds what reviewers typed, payloads included. A browser must never render one
    as a page: a download (attachment), a type that is not HTML, and no sniffing."""
    payload = PAYLOADS["attribute-template"]
    rita, eddie = Client(), Client()
    rita.force_login(reviewer)
    eddie.force_login(editor)
    build_scene(payload, rita, eddie, reviewer.pk)
    response = eddie.post(reverse("reviews:export-start"), {"format": fmt})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert payload in body or json.dumps(payload)[1:-1] in body  # the payload is in it, as data
    assert response["Content-Disposition"].startswith("attachment;")
    assert "html" not in response["Content-Type"] and "xml" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
