"""Desk members working the claims desk, for locust. Run by `make load` (benchmarks/load), which
starts production mode and writes the plan this file reads (LOAD_PLAN: session keys, claim ids,
tags, search words); see BENCHMARKS.md "Load (production mode)".

Every request goes to gunicorn as the documented TLS-terminating proxy forwards it: the public
Host and X-Forwarded-Proto: https. Each simulated user holds a session of one of the desk's
members (opened by the seed step: logging in 50 times would measure the password hash) and
gets its CSRF cookie from the first page, as a browser does.

Each task carries a tag, so a run can drive one endpoint alone (`--tags list`) to measure its
throughput at saturation. LOAD_WAIT is the think time between actions: "0.5-1.5" seconds, or
"0" for none.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from http.cookiejar import Cookie, DefaultCookiePolicy
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant, constant_throughput, tag, task

PUBLIC_HOST = os.environ.get("LOAD_PUBLIC_HOST", "desk.example.test")
ORIGIN = f"https://{PUBLIC_HOST}"
PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
SESSIONS = itertools.cycle(PLAN["sessions"])
STATUSES = ["new", "in_review", "awaiting_approval", "published", "dismissed"]
LANGUAGES = ["en", "ru", "zh", "ar"]
QUEUES = ["mine", "unassigned", "in_review", "awaiting_approval", "changes_requested"]
PLACES = ["Dushanbe", "Khujand", "Almaty", "Tashkent", "Bishkek", "Osh", "Samarkand"]
SUBJECTS = ["electric buses", "public chargers", "bike lanes", "air-quality sensors", "heat pumps"]


def _wait() -> Any:
    raw = os.environ.get("LOAD_WAIT", "0.5-1.5")
    low, _, high = raw.partition("-")
    return between(float(low), float(high)) if high else constant(float(low))


class DeskMember(FastHttpUser):
    wait_time = _wait()
    default_headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
    # A request that waits longer than this is an error, not a slow success.
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        session = next(SESSIONS)
        self.username = session["user"]
        self.client.cookiejar.set_policy(BehindTheProxy())
        self.client.cookiejar.set_cookie(_cookie("sessionid", session["sessionid"]))
        self.csrf = ""

    # -- the claims list

    @tag("list")
    @task(8)
    def claims_list(self) -> None:
        self._page("/", "list: first page")

    @tag("filtered")
    @task(5)
    def claims_list_filtered(self) -> None:
        choice = random.randrange(5)
        if choice == 0:
            params = {"status": random.choice(STATUSES), "language": random.choice(LANGUAGES)}
        elif choice == 1:
            params = {"tag": random.choice(PLAN["tags"])}
        elif choice == 2:
            params = {"claimant": str(random.choice(PLAN["claimant_ids"]))}
        elif choice == 3:
            params = {"queue": random.choice(QUEUES)}
        else:
            params = {"assignee": "me", "said_from": "2024-03-01", "said_to": "2025-06-30"}
        self._page("/", "list: filtered", params=params)

    @tag("search")
    @task(4)
    def claims_search(self) -> None:
        self._page("/", "list: search", params={"q": random.choice(PLAN["searches"])})

    @tag("table")
    @task(3)
    def claims_table_fragment(self) -> None:
        params = {"status": random.choice(STATUSES)}
        self._fragment("/", "htmx: list table", params=params)

    # -- claim pages and their panels

    @tag("claim")
    @task(6)
    def claim_page(self) -> None:
        self._page(f"/claims/{self._claim()}/", "claim page")

    @tag("worked")
    @task(2)
    def worked_claim_page(self) -> None:
        """A claim with what a reviewer's work leaves on it (benchmarks/claim_page.py)."""
        pk = random.choice(PLAN["worked_claim_ids"])
        self._page(f"/claims/{pk}/", "claim page: worked")

    @tag("sources")
    @task(3)
    def sources_panel(self) -> None:
        self._fragment(f"/claims/{self._claim()}/sources/", "htmx: sources panel")

    @tag("analysis")
    @task(3)
    def analysis_panel(self) -> None:
        self._fragment(f"/claims/{self._claim()}/analysis/", "htmx: analysis panel")

    # -- submits

    @tag("comment")
    @task(2)
    def comment(self) -> None:
        pk = self._claim()
        body = f"Checked the register for #{pk}: the figure is from the 2024 budget."
        with self.client.post(
            f"/claims/{pk}/comments/",
            data={"body": body},
            headers={**self._post_headers(f"/claims/{pk}/"), "HX-Request": "true"},
            name="submit: comment (htmx)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _expect(response, 200, fragment=True, contains=body)

    @tag("create")
    @task(1)
    def create_claim(self) -> None:
        with self.client.get(
            "/claims/new/",
            name="submit: new claim form",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _expect(response, 200, page=True)
        text = (
            f"{random.choice(PLACES)} now has {random.randint(3, 900)} "
            f"{random.choice(SUBJECTS)}, more than any other city in the region."
        )
        data = {
            "csrfmiddlewaretoken": self._csrf(),
            "text": text,
            "language": "en",
            "claim_type": "quantity",
            "claimant": str(random.choice(PLAN["claimant_ids"])),
            "appeared_outlet": "City Summit",
            "appeared_on": "2026-03-14",
            "tags": "transport",
        }
        with self.client.post(
            "/claims/new/",
            data=data,
            headers=self._post_headers("/claims/new/"),
            allow_redirects=False,
            name="submit: new claim",
            catch_response=True,
        ) as response:
            _expect(response, 302)

    # -- the baseline

    @tag("bare")
    @task(3)
    def bare_view(self) -> None:
        with self.client.get(
            "/__bare__/", name="bare view", allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, 200, contains="ok")

    # -- helpers

    def _claim(self) -> int:
        return int(random.choice(PLAN["claim_ids"]))

    def _page(self, path: str, name: str, params: dict[str, str] | None = None) -> None:
        with self.client.get(
            path, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, 200, page=True)

    def _fragment(self, path: str, name: str, params: dict[str, str] | None = None) -> None:
        with self.client.get(
            path,
            params=params,
            headers={"HX-Request": "true"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _expect(response, 200, fragment=True)

    def _post_headers(self, page: str) -> dict[str, str]:
        # What the browser sends from a page of the desk over HTTPS (htmx adds X-CSRFToken
        # from hx-headers on <body>).
        return {"X-CSRFToken": self._csrf(), "Origin": ORIGIN, "Referer": ORIGIN + page}

    def _csrf(self) -> str:
        """The CSRF cookie as a browser gets it: from a page of the desk (the first page, if
        the user has not opened a form yet). Read-only runs never ask for it."""
        if not self.csrf:
            if not self._cookies().get("csrftoken"):
                with self.client.get(
                    "/", name="(first page)", allow_redirects=False, catch_response=True
                ) as response:
                    _expect(response, 200, page=True)
            self.csrf = self._cookies().get("csrftoken", "")
            if not self.csrf:
                raise RuntimeError(f"no csrftoken cookie from the desk: {self._cookies()}")
        return self.csrf

    def _cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value or "" for cookie in self.client.cookiejar}


class Reader(FastHttpUser):
    """A reader asking "is this true?" on the public form (no session): run beside the desk
    members by `make load LOAD_ARGS=--readers 300`. LOAD_READERS readers each ask
    LOAD_READER_RATE questions a second, from addresses of their own (the proxy's
    X-Forwarded-For), a third of them about published claims (answered at once), the rest drawn
    from a small pool so that duplicates fold into requests."""

    fixed_count = int(os.environ.get("LOAD_READERS", "10"))
    wait_time = constant_throughput(float(os.environ.get("LOAD_READER_RATE", "0.334")))
    default_headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(BehindTheProxy())
        self.address = ""

    @tag("readers")
    @task
    def ask(self) -> None:
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        headers = {"X-Forwarded-For": address}
        with self.client.get(
            "/ask/", name="readers: form", headers=headers, catch_response=True
        ) as response:
            _expect(response, 200, page=True, contains="csrfmiddlewaretoken")
        token = {c.name: c.value for c in self.client.cookiejar}.get("csrftoken", "")
        if random.random() < 1 / 3 and PLAN.get("published_texts"):
            text = random.choice(PLAN["published_texts"])
        else:
            number = random.choice([120, 3400, 56])
            text = (
                f"{random.choice(PLACES)} installed {number} {random.choice(SUBJECTS)} last year."
            )
        with self.client.post(
            "/ask/",
            data={"text": text, "outlet": "a reader's channel", "csrfmiddlewaretoken": token},
            headers={**headers, "Origin": ORIGIN, "Referer": ORIGIN + "/ask/"},
            name="readers: ask",
            catch_response=True,
        ) as response:
            _expect(response, 200, page=True, contains="/ask/")


class BehindTheProxy(DefaultCookiePolicy):
    """The desk's cookies are Secure: the browser sends them over HTTPS to the proxy, which
    passes them on over this plain-HTTP hop. A standard jar would hold them back here."""

    def return_ok_secure(self, cookie: Cookie, request: Any) -> bool:
        return True


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain="127.0.0.1",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=True,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""},
    )


def _expect(
    response: Any,
    status: int,
    *,
    page: bool = False,
    fragment: bool = False,
    contains: str = "",
) -> None:
    """A response is a success only if it is what a person would have seen: the status, a
    whole page or a fragment, and the text they were looking for."""
    text = response.text or ""
    if response.status_code != status:
        response.failure(f"HTTP {response.status_code} (wanted {status}): {text[:200]!r}")
    elif response.headers.get("HX-Redirect"):
        response.failure(f"sent to {response.headers['HX-Redirect']} (session lost?)")
    elif page and "<html" not in text:
        response.failure("not a whole page")
    elif fragment and "<html" in text:
        response.failure("a whole page where a fragment was asked for")
    elif contains and contains not in text:
        response.failure(f"{contains[:40]!r} is not in the response")
    else:
        response.success()
