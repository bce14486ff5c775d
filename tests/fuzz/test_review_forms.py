"""Anything typed into the review workflow's forms: never a server error, and a refused action
changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import example, given
from hypothesis import strategies as st

from claims.models import Claim
from reviews import services
from reviews.models import Comment, Evidence, Notification, Verdict
from tests.fuzz.helpers import attempt
from tests.fuzz.strategies import (
    FEWER,
    FUZZ,
    any_text,
    form,
    maybe,
    odd_date,
    odd_number,
    short_text,
)
from tests.reviews import workflow as wf
from tests.security.desk import Desk

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _claim_state(pk: int) -> tuple[Any, ...]:
    claim = Claim.objects.get(pk=pk)
    return claim.status, claim.version, claim.assignee_id, claim.duplicate_of_id


def _verdict_state(pk: int) -> tuple[Any, ...]:
    v = Verdict.objects.get(pk=pk)
    return (v.status, v.version, v.rating_id, v.summary, v.conclusion, v.rationale, v.editor_note)


@FEWER
@given(
    data=form(
        {
            "url": maybe("https://example.org/report", any_text),
            "title": any_text,
            "publisher": any_text,
            "published_on": odd_date,
            "quote": any_text,
            "stance": maybe(st.sampled_from(Evidence.Stance.values), any_text),
            "note": any_text,
        }
    ),
    htmx=st.booleans(),
)
@example(data={"url": "https://example.org/r", "stance": "refutes", "quote": "q" * 5001}, htmx=True)
def test_evidence_add(
    data: dict[str, Any], htmx: bool, reviewer_client: Client, desk: Desk
) -> None:
    claim = desk.working
    url = reverse("reviews:evidence-add", args=[claim.pk])
    extra = HTMX if htmx else {}

    def count() -> int:
        return Evidence.objects.filter(claim=claim).count()

    tried = attempt(reviewer_client, "post", url, data, snapshot=count, **extra)
    assert tried.status in {200, 302}
    if tried.after != tried.before:
        assert tried.after == tried.before + 1
        assert tried.status == 302 or (htmx and tried.status == 200)


def verdict_form(version: int) -> Any:
    return form(
        {
            "rating": maybe(str(wf.rating().pk), odd_number),
            "summary": any_text,
            "conclusion": any_text,
            "rationale": maybe("The register [E1] lists 12 projects.", any_text),
            "correction_note": any_text,
            "version": maybe(str(version), odd_number),
        }
    )


@FEWER
@given(data=st.data(), route=st.sampled_from(["verdict-save", "verdict-autosave"]))
def test_verdict_save_and_autosave(
    data: Any, route: str, reviewer_client: Client, desk: Desk
) -> None:
    draft = desk.draft
    values = data.draw(verdict_form(draft.version))
    url = reverse(f"reviews:{route}", args=[desk.working.pk])
    tried = attempt(
        reviewer_client, "post", url, values, snapshot=lambda: _verdict_state(draft.pk), **HTMX
    )
    assert tried.status in {200, 409}
    before_version, after_version = tried.before[1], tried.after[1]
    assert after_version in {before_version, before_version + 1}
    if after_version == before_version:
        assert tried.unchanged  # not saved: nothing half-written


@FEWER
@given(data=st.data())
def test_verdict_submit(data: Any, reviewer_client: Client, desk: Desk) -> None:
    values = data.draw(verdict_form(desk.draft.version))
    url = reverse("reviews:verdict-submit", args=[desk.working.pk])

    def snapshot() -> Any:
        return _claim_state(desk.working.pk), Verdict.objects.get(pk=desk.draft.pk).status

    tried = attempt(reviewer_client, "post", url, values, snapshot=snapshot)
    if tried.status == 302:
        assert tried.after[1] in {Verdict.Status.SUBMITTED, Verdict.Status.DRAFT}
    else:
        assert tried.status in {200, 409}
        assert tried.after[1] == tried.before[1]  # still a draft
        assert tried.after[0][0] == tried.before[0][0]  # the claim still in review


@FEWER
@given(data=st.data(), htmx=st.booleans())
@example(data=None, htmx=True)  # the rationale alone, at its limit and past it
def test_verdict_preview(data: Any, htmx: bool, reviewer_client: Client, desk: Desk) -> None:
    if data is None:
        values: dict[str, Any] = {"rationale": "[E1] " * 4000 + "x"}
    else:
        values = data.draw(verdict_form(desk.draft.version))
    url = reverse("reviews:verdict-preview", args=[desk.working.pk])
    tried = attempt(
        reviewer_client,
        "post",
        url,
        values,
        snapshot=lambda: _verdict_state(desk.draft.pk),
        **(HTMX if htmx else {}),
    )
    assert tried.status in {200, 400}
    assert tried.unchanged  # a preview never saves


@FEWER
@given(data=st.data(), approve=st.booleans())
def test_request_changes_and_approve(
    data: Any, approve: bool, editor_client: Client, desk: Desk
) -> None:
    verdict = desk.awaiting
    values = data.draw(form({"version": maybe(str(verdict.version), odd_number), "note": any_text}))
    route = "reviews:verdict-approve" if approve else "reviews:verdict-request-changes"
    tried = attempt(
        editor_client,
        "post",
        reverse(route, args=[verdict.pk]),
        values,
        snapshot=lambda: _verdict_state(verdict.pk),
    )
    if tried.status != 302:
        assert tried.status in {200, 409}
        assert tried.unchanged


@FEWER
@given(data=st.data())
@example(data=None)
def test_dismiss(data: Any, editor_client: Client, desk: Desk) -> None:
    claim = desk.new
    values = (
        data.draw(
            form(
                {
                    "reason": maybe(st.sampled_from(list(services.REASONS)), any_text),
                    "version": maybe(str(claim.version), odd_number),
                    "duplicate_of": maybe(str(desk.published.pk), odd_number),
                    "note": any_text,
                }
            )
        )
        if data is not None
        else {"reason": "duplicate", "version": claim.version, "duplicate_of": str(2**64)}
    )
    url = reverse("reviews:dismiss", args=[claim.pk])
    tried = attempt(editor_client, "post", url, values, snapshot=lambda: _claim_state(claim.pk))
    if tried.status != 302:
        assert tried.status in {200, 409}
        assert tried.unchanged


@FUZZ
@given(
    assignee=st.one_of(st.sampled_from(["rita", "rob", "otto", "eddie"]), odd_number),
    claims=st.lists(st.one_of(st.sampled_from(["new", "working", "published"]), odd_number)),
    back=st.one_of(
        st.sampled_from(
            [
                "/",
                "//evil.example/",
                "https://evil.example/",
                "javascript:alert(1)",
                "/\\evil.example",
                "\\\\evil.example",
                "http:evil.example",
                " //evil.example",
            ]
        ),
        short_text,
    ),
)
@example(assignee="rita", claims=["new"], back="claims")
@example(assignee="rita", claims=["new", "²", "9" * 30], back="login")
def test_assign(
    assignee: str,
    claims: list[str],
    back: str,
    editor_client: Client,
    desk: Desk,
    reviewer: Any,
    reviewer2: Any,
    outsider: Any,
    editor: Any,
) -> None:
    users = {"rita": reviewer, "rob": reviewer2, "otto": outsider, "eddie": editor}
    chosen = str(users[assignee].pk) if assignee in users else assignee
    picked = [str(desk.target(c).pk) if c in {"new", "working", "published"} else c for c in claims]
    data = {"assignee": chosen, "claims": picked, "next": back}

    def snapshot() -> Any:
        return sorted(Claim.objects.values_list("pk", "assignee_id", "status"))

    url = reverse("reviews:assign")
    tried = attempt(editor_client, "post", url, data, snapshot=snapshot)
    assert tried.status == 302
    location = tried.response["Location"]
    assert url_has_allowed_host_and_scheme(location, {"testserver"}), location
    if not back.startswith("/"):
        assert location == "/"  # never a URL name, a scheme or another host
    if assignee == "otto" or assignee not in users:
        assert tried.unchanged


@pytest.mark.parametrize("back", ["claims", "login", "claims:list", "reviews:notifications", ""])
def test_assign_with_a_next_that_is_a_bare_word(
    back: str, editor_client: Client, desk: Desk, reviewer: Any
) -> None:
    """Regression: `next` went to redirect(), which takes a word without '/' or '.' for a URL
    name: next=claims raised NoReverseMatch (a 500) and next=login redirected to the login
    page. A `next` that is not a path on this site now goes back to the claims list."""
    data = {"assignee": reviewer.pk, "claims": [desk.new.pk], "next": back}
    response = editor_client.post(reverse("reviews:assign"), data)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert Claim.objects.get(pk=desk.new.pk).assignee_id == reviewer.pk  # and it was assigned


@FEWER
@given(body=any_text, htmx=st.booleans())
def test_comment(body: str, htmx: bool, reviewer_client: Client, desk: Desk) -> None:
    url = reverse("reviews:comment-add", args=[desk.working.pk])
    extra = HTMX if htmx else {}
    tried = attempt(
        reviewer_client, "post", url, {"body": body}, snapshot=Comment.objects.count, **extra
    )
    if tried.status == 302 or (htmx and tried.after != tried.before):
        assert tried.after == tried.before + 1
    else:
        assert tried.status == 200
        assert tried.unchanged


@FUZZ
@given(assignee=st.one_of(st.sampled_from(["rita", "otto"]), odd_number))
@example(assignee="²")
@example(assignee="9" * 30)
def test_correction_open(
    assignee: str, editor_client: Client, desk: Desk, reviewer: Any, outsider: Any
) -> None:
    claim = desk.published
    chosen = {"rita": str(reviewer.pk), "otto": str(outsider.pk)}.get(assignee, assignee)
    url = reverse("reviews:correction-open", args=[claim.pk])

    def snapshot() -> Any:
        return Verdict.objects.filter(claim=claim).count(), _claim_state(claim.pk)

    tried = attempt(editor_client, "post", url, {"assignee": chosen}, snapshot=snapshot)
    assert tried.status == 302
    if chosen.strip() and chosen != str(reviewer.pk):
        assert tried.unchanged


@pytest.mark.parametrize("assignee", ["²", "١", "9" * 30, str(2**63), "0"])
def test_correction_open_for_an_assignee_that_is_no_id(
    assignee: str, editor_client: Client, desk: Desk, reviewer: Any
) -> None:
    """Regression: the view checked str.isdigit() and then called int(), but '²' passes
    isdigit() and makes int() raise ValueError: a 500. Digits that are not ASCII, and ids no
    database key can hold, are now refused like any unknown assignee."""
    claim = desk.published

    def snapshot() -> Any:
        return Verdict.objects.filter(claim=claim).count(), _claim_state(claim.pk)

    url = reverse("reviews:correction-open", args=[claim.pk])
    tried = attempt(editor_client, "post", url, {"assignee": assignee}, snapshot=snapshot)
    assert tried.status == 302
    assert tried.unchanged


@FUZZ
@given(ids=st.lists(st.one_of(odd_number, st.just("mine"), st.just("theirs")), max_size=6))
@example(ids=["mine", "²"])
@example(ids=["theirs", "9" * 30])
def test_notifications_read(
    ids: list[str], reviewer_client: Client, desk: Desk, reviewer: Any
) -> None:
    Notification.objects.get_or_create(
        recipient=desk.new.created_by, actor=reviewer, claim=desk.new, verb="assigned"
    )
    mine = list(Notification.objects.filter(recipient=reviewer).values_list("pk", flat=True))
    theirs = list(Notification.objects.exclude(recipient=reviewer).values_list("pk", flat=True))
    assert mine and theirs
    picked = [str(mine[0]) if v == "mine" else str(theirs[0]) if v == "theirs" else v for v in ids]

    def others_unread() -> list[int]:
        return sorted(
            Notification.objects.exclude(recipient=reviewer)
            .filter(read_at__isnull=True)
            .values_list("pk", flat=True)
        )

    url = reverse("reviews:notifications-read")
    tried = attempt(reviewer_client, "post", url, {"id": picked}, snapshot=others_unread)
    assert tried.status == 302
    assert tried.unchanged  # nobody else's notifications


@pytest.mark.parametrize(
    "ids", [["9" * 30], [str(2**63)], ["1", "²"], ["²"], ["١٢"], ["theirs", "9" * 19]]
)
def test_notifications_read_with_ids_no_database_key_can_hold(
    ids: list[str], reviewer_client: Client, desk: Desk, reviewer: Any
) -> None:
    """Regression: notifications_read() passed any str.isdigit() value to int() and to
    filter(pk__in=...): '²' raised ValueError, and on SQLite an id past 64 bits raised
    OverflowError, both a 500. Such ids are now skipped."""
    Notification.objects.get_or_create(
        recipient=desk.new.created_by, actor=reviewer, claim=desk.new, verb="assigned"
    )
    theirs = Notification.objects.exclude(recipient=reviewer).values_list("pk", flat=True)[0]
    picked = [str(theirs) if v == "theirs" else v for v in ids]

    def others_unread() -> list[int]:
        return sorted(
            Notification.objects.exclude(recipient=reviewer)
            .filter(read_at__isnull=True)
            .values_list("pk", flat=True)
        )

    url = reverse("reviews:notifications-read")
    tried = attempt(reviewer_client, "post", url, {"id": picked}, snapshot=others_unread)
    assert tried.status == 302
    assert tried.before and tried.unchanged  # nobody else's notifications
