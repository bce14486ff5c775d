"""What every persona gets from every route, written down by reading the views.

One line per named route: "object | GET | POST", where object is the desk object whose pk fills
<pk> ("-" for none), GET is what a plain GET gets, and POST what a POST with an empty body gets.
Each answer lists one result per persona, in this order (one word alone means all five):

    anonymous  outsider  rita (reviewer: assignee and author)  rob (reviewer)  eddie (editor)

Results: ok (2xx, or a redirect that is not to a login page), login (a redirect to the login
page), or a status: 400, 403 (may see, may not do), 404 (may not see), 405 (wrong method),
409 (stale version). 500 is never an answer.

Objects (tests/security/desk.py): new (unassigned), working (in review, rita's, with E1 and a
draft), evidence (E1), awaiting (a verdict submitted by rita), published, dismissed, article,
lookup (a failed lookup on `working`), export (rita's finished export), endpoint (a webhook
endpoint eddie registered).

Every POST is rolled back after it is judged, so each line is read against the same desk. A route
in the URLconf that is missing here fails the walk (tests/security/test_urlconf_walk.py): a new
view must say who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSONAS = ("anonymous", "outsider", "reviewer", "reviewer2", "editor")

# fmt: off
TABLE: dict[str, str] = {
    # route                            "object    | GET                   | POST (empty body)"
    "healthz":                         "-         | ok                    | 405",
    # The language switcher (django.views.i18n.set_language): sets the language cookie and
    # sends the browser back to a page of this site, for anyone.
    "set_language":                    "-         | ok                    | ok",
    # django.contrib.auth: login and password reset are public; logout is POST only.
    "login":                           "-         | ok                    | ok",
    "logout":                          "-         | login 405 405 405 405 | login",
    "password_change":                 "-         | login ok ok ok ok     | login ok ok ok ok",
    "password_change_done":            "-         | login ok ok ok ok     | login 405 405 405 405",
    "password_reset":                  "-         | ok                    | ok",
    "password_reset_done":             "-         | ok                    | 405",
    "password_reset_confirm":          "-         | ok                    | ok",
    "password_reset_complete":         "-         | ok                    | 405",
    # claims: the list and intake need a desk member; intake needs claims.add_claim.
    "claims:list":                     "-         | login 403 ok ok ok    | login 405 405 405 405",
    "claims:help":                     "-         | login ok ok ok ok     | login 405 405 405 405",
    "claims:create":                   "-         | login 403 ok ok ok    | login 403 ok ok ok",
    "claims:edit":                     "working   | login 404 ok ok ok    | login 404 ok ok ok",
    "claims:claimant-options":         "-         | login 403 ok ok ok    | login 405 405 405 405",
    "claims:article-new":              "-         | login 403 ok ok ok    | login 403 ok ok ok",
    "claims:import":                   "-         | login 403 ok ok ok    | login 403 ok ok ok",
    "claims:article":                  "article   | login 403 ok ok ok    | login 405 405 405 405",
    "claims:article-candidates":       "article   | login 403 ok ok ok    | login 403 ok ok ok",
    # Matching decisions (the doors' "same claim" / "not the same"): who may add claims; an
    # empty body is a 400 with a message.
    "claims:match-same":               "-         | login 405 405 405 405 | login 403 400 400 400",
    "claims:match-not-same":           "-         | login 405 405 405 405 | login 403 400 400 400",
    "claims:suggestions":              "-         | login 403 ok ok ok    | login 405 405 405 405",
    # Followed sources: desk members see them, editors change them; anyone who may add claims
    # decides alerts and takes proposals (an empty source form is re-shown with its errors).
    # Re-checks: every desk member sees the queue; editors decide (an empty body: still holds,
    # or a correction drafted by the editor who asked).
    "reviews:rechecks":                "-         | login 403 ok ok ok    | login 405 405 405 405",
    "reviews:recheck-hold":            "recheck   | login 405 405 405 405 | login 404 403 403 ok",
    "reviews:recheck-correct":         "recheck   | login 405 405 405 405 | login 404 403 403 ok",
    "claims:sources":                  "-         | login 403 ok ok ok    | login 405 405 405 405",
    "claims:source-new":               "-         | login 403 403 403 ok  | login 403 403 403 ok",
    "claims:source":                   "source    | login 403 ok ok ok    | login 405 405 405 405",
    "claims:source-edit":              "source    | login 403 403 403 ok  | login 403 403 403 ok",
    "claims:source-pause":             "source    | login 405 405 405 405 | login 403 403 403 ok",
    "claims:source-resume":            "source    | login 405 405 405 405 | login 403 403 403 ok",
    "claims:source-poll":              "source    | login 405 405 405 405 | login 403 403 403 ok",
    "claims:seen-again":               "-         | login 403 ok ok ok    | login 405 405 405 405",
    "claims:seen-again-confirm":       "alert     | login 405 405 405 405 | login 403 ok ok ok",
    "claims:seen-again-dismiss":       "alert     | login 405 405 405 405 | login 403 ok ok ok",
    "claims:morning":                  "-         | login 403 ok ok ok    | login 405 405 405 405",
    # Readers' questions: the queue is the desk's (e-mails shown to editors only).
    "claims:readers":                  "-         | login 403 ok ok ok    | login 405 405 405 405",
    "claims:morning-email":            "-         | login 405 405 405 405 | login 403 ok ok ok",
    "claims:proposal-take":            "proposal  | login 405 405 405 405 | login 403 ok ok ok",
    # Webhooks: editors only, even to look (an endpoint's secret and where events go); an
    # empty form is re-shown with its errors; the controls are POSTs.
    "webhooks:endpoints":              "-         | login 403 403 403 ok  | login 405 405 405 405",
    "webhooks:endpoint-new":           "-         | login 403 403 403 ok  | login 403 403 403 ok",
    "webhooks:endpoint":               "endpoint  | login 403 403 403 ok  | login 405 405 405 405",
    "webhooks:endpoint-edit":          "endpoint  | login 403 403 403 ok  | login 403 403 403 ok",
    "webhooks:endpoint-pause":         "endpoint  | login 405 405 405 405 | login 403 403 403 ok",
    "webhooks:endpoint-resume":        "endpoint  | login 405 405 405 405 | login 403 403 403 ok",
    "webhooks:endpoint-ping":          "endpoint  | login 405 405 405 405 | login 403 403 403 ok",
    "webhooks:endpoint-secret":        "endpoint  | login 405 405 405 405 | login 403 403 403 ok",
    "webhooks:endpoint-rotate":        "endpoint  | login 405 405 405 405 | login 403 403 403 ok",
    # reviews: the claim page and its actions. Outsiders cannot see claims at all (404).
    "reviews:claim":                   "working   | login 404 ok ok ok    | login 405 405 405 405",
    "reviews:take":                    "new       | login 405 405 405 405 | login 404 ok ok ok",
    "reviews:assign":                  "-         | login 405 405 405 405 | login 403 403 403 ok",
    # The public page a verdict in progress would publish: editors and the claim's assignee.
    "reviews:public-preview":          "working   | login 404 ok 403 ok   | login 405 405 405 405",
    "reviews:bulk-tag":                "-         | login 405 405 405 405 | login 403 403 403 ok",
    "reviews:bulk-dismiss":            "-         | login 405 405 405 405 | login 403 403 403 ok",
    # An empty dismissal is a form error, shown to anyone who can see the claim.
    "reviews:dismiss":                 "new       | login 405 405 405 405 | login 404 ok ok ok",
    "reviews:reopen":                  "dismissed | login 405 405 405 405 | login 404 403 403 ok",
    # "Same claim — make this an appearance of #N": editors (the duplicate flow); empty is a 400.
    "reviews:merge-appearance":        "new       | login 405 405 405 405 | login 404 403 403 400",
    "reviews:evidence-add":            "working   | login 404 ok 403 ok   | login 404 ok 403 ok",
    "reviews:evidence-edit":           "evidence  | login 404 ok 403 403  | login 404 ok 403 403",
    "reviews:evidence-remove":         "evidence  | login 405 405 405 405 | login 404 ok 403 403",
    # A snapshot line (htmx polls it) is seen by whoever sees the claim; without htmx, a GET is
    # sent to the item on the claim page. Retrying is for who works the claim: its assignee and
    # editors, until the decision (E1's snapshot is still owed here, so nothing is re-sent).
    "reviews:evidence-snapshot":       "evidence  | login 404 ok ok ok    | login 405 405 405 405",
    "reviews:evidence-snapshot-retry": "evidence  | login 405 405 405 405 | login 404 ok 403 ok",
    # An empty draft carries no version: a conflict with rita's draft, never an overwrite.
    "reviews:verdict-save":            "working   | login 405 405 405 405 | login 404 409 403 403",
    "reviews:verdict-autosave":        "working   | login 405 405 405 405 | login 404 ok 403 403",
    "reviews:verdict-submit":          "working   | login 405 405 405 405 | login 404 409 403 403",
    # The rationale's preview is for who drafts it; without htmx it is the page, nothing saved.
    "reviews:verdict-preview":         "working   | login 405 405 405 405 | login 404 ok 403 403",
    "reviews:correction-open":         "published | login 405 405 405 405 | login 404 403 403 ok",
    "reviews:verdict-approve":         "awaiting  | login 405 405 405 405 | login 404 403 403 ok",
    # The approve control with its warning about evidence not archived: deciders only.
    "reviews:verdict-approval":        "awaiting  | login 404 403 403 ok  | login 405 405 405 405",
    "reviews:verdict-request-changes": "awaiting  | login 405 405 405 405 | login 404 403 403 ok",
    "reviews:comment-add":             "working   | login 405 405 405 405 | login 404 ok ok ok",
    # Panels answer htmx; a plain GET is sent to the claim page.
    "reviews:sources":                 "working   | login 404 ok ok ok    | login 405 405 405 405",
    "reviews:analysis":                "working   | login 404 ok ok ok    | login 405 405 405 405",
    "reviews:lookup-retry":            "lookup    | login 405 405 405 405 | login 404 ok ok ok",
    "reviews:notifications":           "-         | login 403 ok ok ok    | login 405 405 405 405",
    "reviews:notifications-read":      "-         | login 405 405 405 405 | login 403 ok ok ok",
    "reviews:notifications-email":     "-         | login 405 405 405 405 | login 403 ok ok ok",
    # Exports: any desk member starts one; a job is seen by who started it and by editors.
    "reviews:export-start":            "-         | login 405 405 405 405 | login 403 400 400 400",
    "reviews:export":                  "export    | login 403 ok 403 ok   | login 405 405 405 405",
    "reviews:export-download":         "export    | login 403 ok 403 ok   | login 405 405 405 405",
    "reviews:dashboard":               "-         | login 403 403 403 ok  | login 405 405 405 405",
    # public: published fact-checks, for everyone. The short address redirects to the slug.
    "public:index":                    "-         | ok                    | 405",
    # Django's Feed answers any method; a POST only reads.
    "public:feed":                     "-         | ok                    | ok",
    "public:fact-check-short":         "published | ok                    | 405",
    "public:fact-check":               "published | ok                    | 405",
    "public:api-list":                 "-         | ok                    | 405",
    "public:api-detail":               "published | ok                    | 405",
    # without text: "text is required."
    "public:api-matches":              "-         | 400                   | 405",
    # A reader's question as JSON: an empty body is a 400 that says so.
    "public:api-submissions":          "-         | 405                   | 400",
    # The write API: a bearer token or nothing (401), whoever is logged in; GET is not a route.
    "public:api-claim-create":         "-         | 405                   | 401",
    "public:api-evidence-add":         "working   | 405                   | 401",
    # A member's API tokens: theirs only (another member's token is a 404).
    "api:tokens":                      "-         | login 403 ok ok ok    | login 403 400 400 400",
    "api:token-revoke":                "token     | login 405 405 405 405 | login 403 ok 404 404",
    "public:openapi":                  "-         | ok                    | 405",
    # Readers ask (no login): an empty question is re-shown with its errors; the status link
    # is read-only; unsubscribing asks on GET and is done by POST (a mail client's one click).
    "public:ask":                      "-         | ok                    | 400",
    "public:ask-status":               "submission | ok                   | 405",
    "public:ask-unsubscribe":          "submission | ok                   | ok",
}
# fmt: on

# The admin is Django's own: the walk checks that nobody but staff gets past its login, and that
# the staff editor reaches the index. Other admin pages depend on model permissions; for the
# editor they only must not fail (below 500).
ADMIN_INDEX = "admin:index"
NOT_STAFF = PERSONAS[:-1]
# "GET | POST" for anonymous, outsider, rita and rob on the admin routes that do not answer
# "login" to all of them.
ADMIN_NOT_STAFF: dict[str, str] = {
    # The login form is shown to anyone (saying so when the user is logged in but not staff).
    "admin:login": "ok | ok",
    # Logging out of the admin is sent to the admin index, which then asks for a login.
    "admin:logout": "login ok ok ok | login ok ok ok",
}


def admin_row(route: str) -> tuple[dict[str, str | int], dict[str, str | int]]:
    get, post = ADMIN_NOT_STAFF.get(route, "login | login").split("|")
    return _answers(get, NOT_STAFF), _answers(post, NOT_STAFF)


# Public routes that take the pk of a claim: they must not show unpublished claims to anyone.
PUBLIC_CLAIM_ROUTES = ("public:fact-check-short", "public:api-detail")


@dataclass(frozen=True)
class Row:
    target: str | None
    get: dict[str, str | int]
    post: dict[str, str | int]


def _answers(text: str, personas: tuple[str, ...] = PERSONAS) -> dict[str, str | int]:
    words = text.split()
    if len(words) == 1:
        words *= len(personas)
    assert len(words) == len(personas), f"{text!r}: one result per persona, or one for all"
    return {p: int(w) if w.isdigit() else w for p, w in zip(personas, words, strict=True)}


def row(route: str) -> Row:
    target, get, post = (part.strip() for part in TABLE[route].split("|"))
    return Row(None if target == "-" else target, _answers(get), _answers(post))
