"""`make prod-smoke`: the desk in production mode, end to end, over HTTP.

Starts PostgreSQL-backed Django under gunicorn (3 workers), a Celery worker and Celery beat
against a private Redis, with production settings from environment variables only (DEBUG off, a
generated SECRET_KEY, manifest static files served by WhiteNoise, Secure cookies, HSTS, behind
the documented TLS-terminating proxy). `check --deploy --fail-level WARNING` must pass; the schema
is migrated into a fresh database (claimdesk_smoke, dropped and created each run and left behind
for inspection). Then a journey: health, security headers, static files, errors, login, the
claims list, a new claim through the form, the worker's analysis and lookups, the public pages
with their ClaimReview, the read API. Everything is stopped at the end, also on failure.

Exit status 0 when every step passed; 1 with the failing step, its reason and the tail of every
process's log otherwise. Logs stay in var/prodstack/smoke/.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from scripts.prodstack import (
    PUBLIC_HOST,
    SITE_URL,
    DeskClient,
    ProdStack,
    Response,
    StackError,
    stop_on_sigterm,
    wait_until,
)

DATABASE = "claimdesk_smoke"
WEB_WORKERS = 3
ONE_YEAR = 31_536_000
WORKER_TIMEOUT = 60.0
# Lookup states that need nothing more from the worker.
SETTLED = {"done", "failed", "not_configured", "skipped"}
# What Django's technical pages say; our own error pages never do.
DEBUG_MARKERS = (
    "DEBUG = True",
    "Traceback",
    "Using the URLconf",
    "technical_500",
    "Page not found at",
    "Request Method:",
)


class SmokeFailure(AssertionError):
    pass


def expect(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def expect_status(response: Response, status: int, what: str) -> Response:
    expect(
        response.status == status,
        f"{what}: expected HTTP {status}, got {response.status} "
        f"(Location: {response.header('Location') or '-'}): {response.text[:300]!r}",
    )
    return response


def form_token(response: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    expect(match, "the form carries no csrfmiddlewaretoken")
    return match.group(1) if match else ""


def our_error_page(response: Response, title: str, what: str) -> None:
    body = response.text
    for marker in DEBUG_MARKERS:
        expect(marker not in body, f"{what}: a debug page ({marker!r} in the body)")
    expect(re.search(rf"<title>[^<]*{title}", body), f"{what}: not our error template (title?)")
    expect(
        re.search(r"/static/css/desk\.[0-9a-f]{12}\.css", body),
        f"{what}: the error page does not link the hashed stylesheet",
    )


class Journey:
    def __init__(self, stack: ProdStack, say: Callable[[str], None]) -> None:
        self.stack = stack
        self.say = say
        self.desk = stack.client()
        self.reader = stack.client()
        self.pages: dict[str, Response] = {}
        self.claim_path = ""
        self.passed = 0

    def run(self) -> None:
        steps: list[tuple[str, Callable[[], str | None]]] = [
            ("healthz: database and broker ok", self.healthz),
            ("plain HTTP is redirected to HTTPS", self.ssl_redirect),
            ("login page with security headers and Secure cookies", self.login_page),
            ("static file: hashed name, far-future caching, compressed", self.static_file),
            ("unknown host: 400", self.unknown_host),
            ("404: our template, not a debug page", self.not_found),
            ("log in as the demo reviewer", self.login),
            ("claims list, a search and the htmx table", self.claims_list),
            ("create a claim through the form", self.create_claim),
            ("claim page", self.claim_page),
            ("worker: analysis shown", self.analysis_done),
            ("worker: lookups settled", self.lookups_settled),
            ("public index and a fact-check with ClaimReview JSON-LD", self.public_pages),
            ("read API and its OpenAPI document", self.read_api),
            ("beat: the sweeper ran on the worker", self.beat_ran),
            ("no server errors in the logs, every process alive", self.logs_clean),
        ]
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step()
            except (OSError, ValueError, KeyError) as error:
                raise SmokeFailure(f"{name}: {type(error).__name__}: {error}") from error
            except (SmokeFailure, StackError) as failure:
                raise SmokeFailure(f"{name}: {failure}") from failure
            took = time.perf_counter() - started
            self.passed += 1
            self.say(f"  ok  {name} ({took:.1f}s){' — ' + detail if detail else ''}")

    # -- steps

    def healthz(self) -> str:
        response = expect_status(self.reader.get("/healthz"), 200, "GET /healthz")
        body = response.json()
        expect(
            body == {"status": "ok", "database": "ok", "broker": "ok"},
            f"/healthz said {body}",
        )
        return json.dumps(body)

    def ssl_redirect(self) -> str:
        response = DeskClient(self.stack.port).get("/accounts/login/", proxy=False)
        expect_status(response, 301, "GET /accounts/login/ without X-Forwarded-Proto")
        location = response.header("Location")
        expect(location == f"{SITE_URL}/accounts/login/", f"redirected to {location!r}, not HTTPS")
        return location

    def login_page(self) -> str:
        response = expect_status(self.desk.get("/accounts/login/"), 200, "GET /accounts/login/")
        self.pages["login"] = response
        hsts = response.header("Strict-Transport-Security")
        max_age = re.search(r"max-age=(\d+)", hsts)
        expect(max_age and int(max_age.group(1)) >= ONE_YEAR, f"HSTS is {hsts!r}")
        expect("includeSubDomains" in hsts and "preload" in hsts, f"HSTS is {hsts!r}")
        csp = response.header("Content-Security-Policy")
        expect("default-src 'self'" in csp and "script-src 'self'" in csp, f"CSP is {csp!r}")
        expect("unsafe-inline" not in csp, f"CSP allows inline code: {csp!r}")
        for name, wanted in [
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("X-Content-Type-Options", "nosniff"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]:
            expect(response.header(name) == wanted, f"{name} is {response.header(name)!r}")
        csrf = self.desk.cookies.get("csrftoken")
        expect(csrf and csrf.secure, "the CSRF cookie is missing or not Secure")
        return f"HSTS {hsts}"

    def static_file(self) -> str:
        body = self.pages["login"].text
        match = re.search(r"/static/css/desk\.([0-9a-f]{12})\.css", body)
        expect(match, "the login page links no hashed stylesheet (manifest storage?)")
        path = match.group(0) if match else ""
        response = self.reader.get(path, headers={"Accept-Encoding": "br, gzip"})
        expect_status(response, 200, f"GET {path}")
        cache = response.header("Cache-Control")
        max_age = re.search(r"max-age=(\d+)", cache)
        expect(
            max_age and int(max_age.group(1)) >= ONE_YEAR and "immutable" in cache,
            f"{path} is cached with {cache!r}",
        )
        expect("text/css" in response.header("Content-Type"), "the stylesheet is not text/css")
        encoding = response.header("Content-Encoding")
        expect(encoding in {"br", "gzip"}, f"the stylesheet came uncompressed ({encoding!r})")
        return f"{path}: {cache}, {encoding}"

    def unknown_host(self) -> str:
        response = self.reader.get("/", headers={"Host": "evil.example.org"})
        expect_status(response, 400, "GET / with Host: evil.example.org")
        our_error_page(response, "Bad request", "the unknown host")
        return "Host: evil.example.org"

    def not_found(self) -> str:
        response = self.reader.get("/no-such-page-prod-smoke/")
        expect_status(response, 404, "GET /no-such-page-prod-smoke/")
        our_error_page(response, "Not found", "the 404 page")
        expect(response.header("Content-Security-Policy"), "the 404 page has no CSP header")
        return ""

    def login(self) -> str:
        token = form_token(self.pages["login"])
        response = self.desk.post(
            "/accounts/login/",
            {
                "username": "reviewer",
                "password": self.stack.demo_password,
                "csrfmiddlewaretoken": token,
                "next": "/",
            },
        )
        expect_status(response, 302, "POST /accounts/login/ as reviewer")
        session = self.desk.cookies.get("sessionid")
        expect(session and session.secure and session.httponly, "session cookie not Secure")
        return f"-> {response.header('Location')}"

    def claims_list(self) -> str:
        response = expect_status(self.desk.get("/"), 200, "GET / (claims list)")
        rows = set(re.findall(r'href="/claims/(\d+)/"', response.text))
        expect(len(rows) >= 5, f"the list shows {len(rows)} claims; the demo desk has more")
        search = expect_status(self.desk.get("/?q=climate"), 200, "GET /?q=climate")
        expect("/claims/" in search.text, "searching for 'climate' found no demo claim")
        fragment = self.desk.get("/?status=new", headers={"HX-Request": "true"})
        expect_status(fragment, 200, "GET /?status=new as htmx")
        expect("<html" not in fragment.text, "the htmx request got a whole page")
        return f"{len(rows)} claims on the first page"

    def create_claim(self) -> str:
        form = expect_status(self.desk.get("/claims/new/"), 200, "GET /claims/new/")
        self.claim_text = (
            f"Khujand now runs 48 electric buses, more than any other city in the region "
            f"(prod smoke {int(time.time())})."
        )
        response = self.desk.post(
            "/claims/new/",
            {
                "csrfmiddlewaretoken": form_token(form),
                "text": self.claim_text,
                "language": "en",
                "claim_type": "quantity",
                "new_claimant_name": "Smoke Test Speaker",
                "new_claimant_kind": "person",
                "appeared_outlet": "Production smoke test",
                "appeared_on": "2026-01-15",
                "tags": "transport, smoke",
            },
        )
        expect_status(response, 302, "POST /claims/new/")
        location = response.header("Location")
        expect(re.fullmatch(r"/claims/\d+/", location), f"redirected to {location!r}")
        self.claim_path = location
        return f"-> {location}"

    def claim_page(self) -> str:
        response = expect_status(self.desk.get(self.claim_path), 200, f"GET {self.claim_path}")
        expect(
            html.escape(self.claim_text, quote=False) in response.text
            or self.claim_text in html.unescape(response.text),
            "the claim page does not show the claim's text",
        )
        return ""

    def _panel(self, name: str) -> Response:
        path = f"{self.claim_path}{name}/"
        response = self.desk.get(path, headers={"HX-Request": "true"})
        return expect_status(response, 200, f"GET {path} as htmx")

    def analysis_done(self) -> str:
        # The panel polls itself (hx-trigger "every 2s") until the worker has analysed the claim.
        panel = wait_until(
            lambda: (r := self._panel("analysis")) and 'hx-trigger="every' not in r.text and r,
            timeout=WORKER_TIMEOUT,
            what="the worker's analysis of the new claim",
            interval=0.5,
        )
        expect("Check-worthiness" in panel.text, "the analysis panel shows no check-worthiness")
        return ""

    def lookups_settled(self) -> str:
        panel = wait_until(
            lambda: (r := self._panel("sources")) and 'hx-trigger="every' not in r.text and r,
            timeout=WORKER_TIMEOUT,
            what="the lookups of the new claim to finish",
            interval=0.5,
        )
        states = Counter(re.findall(r'class="badge lookup-([a-z_]+)"', panel.text))
        expect(states, "the Sources panel lists no lookup")
        unsettled = set(states) - SETTLED
        expect(not unsettled, f"lookups still {sorted(unsettled)}")
        return ", ".join(f"{n} {state}" for state, n in sorted(states.items()))

    def public_pages(self) -> str:
        index = expect_status(self.reader.get("/fact-checks/"), 200, "GET /fact-checks/")
        links = re.findall(r'href="(/fact-checks/\d+-[^"/]+/)"', index.text)
        expect(links, "the public index links no fact-check")
        path = links[0]
        page = expect_status(self.reader.get(path), 200, f"GET {path}")
        blocks = re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page.text, re.S
        )
        expect(blocks, f"{path} has no JSON-LD block")
        data = json.loads(blocks[0])
        items: list[Any] = data if isinstance(data, list) else data.get("@graph", [data])
        review = next((i for i in items if i.get("@type") == "ClaimReview"), None)
        expect(review, f"{path}: the JSON-LD is not a ClaimReview: {blocks[0][:200]!r}")
        assert review is not None
        expect(review.get("reviewRating"), "the ClaimReview has no reviewRating")
        expect(
            str(review.get("url", "")).startswith(SITE_URL),
            f"the ClaimReview's url {review.get('url')!r} is not on {SITE_URL}",
        )
        return f"{len(links)} on the index; {path}"

    def read_api(self) -> str:
        listing = expect_status(
            self.reader.get("/api/v1/fact-checks/"), 200, "GET /api/v1/fact-checks/"
        ).json()
        expect(listing.get("results"), "the API lists no fact-check")
        first = listing["results"][0]
        expect(
            first["api_url"].startswith(f"https://{PUBLIC_HOST}/"), f"api_url {first['api_url']}"
        )
        detail = self.reader.get(f"/api/v1/fact-checks/{first['id']}/")
        expect_status(detail, 200, "GET one fact-check from the API")
        document = expect_status(
            self.reader.get("/api/v1/openapi.json"), 200, "GET /api/v1/openapi.json"
        ).json()
        expect(document.get("openapi", "").startswith("3."), "not an OpenAPI 3 document")
        return f"{len(listing['results'])} fact-checks on the first page"

    def beat_ran(self) -> str:
        # SWEEP_INTERVAL_SECONDS is 5 here: beat sends the sweeper, the worker runs it.
        worker = self.stack.proc("worker")
        wait_until(
            lambda: re.search(
                r"Task foundation\.tasks\.resend_owed\[[^\]]+\] succeeded", worker.output()
            ),
            timeout=20,
            what="the worker to run a sweep sent by beat",
            interval=0.5,
        )
        return ""

    def logs_clean(self) -> str:
        for proc in self.stack.procs:
            expect(proc.alive(), f"{proc.name} has exited ({proc.popen.returncode})")
        web = self.stack.proc("web").output()
        # (An unknown host is logged with its traceback by django.security: that one is meant.)
        for marker in ("Internal Server Error", "ERROR django.request", "[CRITICAL]"):
            expect(marker not in web, f"the web log reports {marker!r}")
        server_errors = re.findall(r'" 5\d\d ', web)
        expect(not server_errors, f"the access log shows {len(server_errors)} 5xx responses")
        requests = len(re.findall(r'"(?:GET|POST) ', web))
        return f"{requests} requests in the access log"


def main() -> int:
    started = time.perf_counter()

    def say(line: str) -> None:
        print(line, flush=True)

    say(
        f"prod-smoke: gunicorn ({WEB_WORKERS} workers), Celery worker and beat, "
        f"PostgreSQL database {DATABASE}, production settings"
    )
    journey: Journey | None = None
    failed = 0
    try:
        with (
            stop_on_sigterm(),
            ProdStack(
                name="smoke",
                database=DATABASE,
                web_workers=WEB_WORKERS,
                extra_env={"SWEEP_INTERVAL_SECONDS": "5"},
                say=say,
            ) as stack,
        ):
            try:
                stack.prepare()
                stack.start()
                say(f"  the desk answers on 127.0.0.1:{stack.port} as {SITE_URL}")
                journey = Journey(stack, say)
                journey.run()
            except (SmokeFailure, StackError):
                print("\nLogs (tails):\n" + stack.logs(), file=sys.stderr, flush=True)
                raise
            finally:
                say("stopping")
    except (SmokeFailure, StackError) as failure:
        failed = 1
        print(f"\nprod-smoke FAILED: {failure}", file=sys.stderr, flush=True)
    took = time.perf_counter() - started
    if not failed:
        say(f"prod-smoke passed in {took:.1f}s (logs: {stack.run_dir})")
    # The plain closing line CI reads: every step of the journey is one check.
    say(f"prod-smoke: {journey.passed if journey else 0} passed, {failed} failed")
    return failed


if __name__ == "__main__":
    sys.exit(main())
