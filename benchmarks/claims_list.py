"""Server-side timing of the claims list at scale, against a bare Django view in the same run.

Requests go through Django's full stack in-process (middleware, session, auth, view, template),
so the figures are server time without network noise.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from benchmarks import generate, harness
from claims import pagination
from claims.models import Claim, Tag


def _get(client: Client, url: str, params: dict[str, Any]) -> Any:
    response = client.get(url, params)
    if response.status_code != 200:
        raise RuntimeError(f"{url} {params} answered {response.status_code}")
    return response


def _queries(client: Client, url: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url, params)
    return len(ctx.captured_queries)


def scenarios(client: Client, user: Any) -> list[harness.Scenario]:
    deep = Claim.objects.order_by("-created_at", "-id").values_list("created_at", "id")[90_000]
    deep_cursor = pagination.encode_cursor(*deep)
    tag = Tag.objects.order_by("name").first()
    claimant_id = Claim.objects.values_list("claimant_id", flat=True).first()
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("bare view (baseline)", "/__bare__/", {}),
        ("list: first page", "/", {}),
        ("list: page after row 90,000", "/", {"after": deep_cursor}),
        ("list: status + language", "/", {"status": "in_review", "language": "ru"}),
        ("list: tag", "/", {"tag": tag.name if tag else "x"}),
        ("list: claimant", "/", {"claimant": claimant_id}),
        ("list: assigned to me", "/", {"assignee": "me"}),
        ("list: said between", "/", {"said_from": "2024-03-01", "said_to": "2024-04-30"}),
        ("search: common word", "/", {"q": "buses"}),
        ("search: two words", "/", {"q": "dushanbe chargers"}),
        ("search: Russian", "/", {"q": "выбросы"}),
        ("search: Chinese", "/", {"q": "智慧城市"}),
        (
            "search + status, oldest first",
            "/",
            {"q": "net zero", "status": "published", "sort": "oldest"},
        ),
        ("htmx: table fragment", "/", {"status": "new", "_htmx": "1"}),
    ]
    result = []
    for name, url, params in cases:
        if params.pop("_htmx", None):

            def run(url: str = url, params: dict[str, Any] = params) -> Any:
                return client.get(url, params, HTTP_HX_REQUEST="true")
        else:

            def run(url: str = url, params: dict[str, Any] = params) -> Any:
                return _get(client, url, params)

        run()  # warm caches first: the count is what a page costs once the desk is in use
        scenario = harness.Scenario(name, run)
        scenario.queries = _queries(client, url, params)
        result.append(scenario)
    return result


def main(*, claims: int = 100_000, rounds: int = 60) -> str:
    from django.contrib.auth import get_user_model

    generate.build(claims=claims)
    user = get_user_model().objects.get(username="bench-user-3")
    client = Client()
    client.force_login(user)
    with override_settings(
        ROOT_URLCONF="benchmarks.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        cases = scenarios(client, user)
        harness.measure(cases, rounds=rounds)
        # Apart: emptying the cache each round would empty it for every scenario above.
        cold = _empty_cache_scenarios(client)
        harness.measure(cold, rounds=rounds)
    total = Claim.objects.count()
    report = harness.table(cases, cases[0])
    cold_report = harness.table(cold, cold[0])
    return (
        f"Claims list, {total:,} claims, {connection.vendor}, {rounds} rounds\n\n{report}\n\n"
        f"With the cache emptied before each request (rows, filters, counts, permission sets "
        f"and the session read again; a FLUSHDB of the benchmark's cache database is timed "
        f"with it), beside the bare view asked the same way:\n\n{cold_report}"
    )


def _empty_cache_scenarios(client: Client) -> list[harness.Scenario]:
    result = []
    for name, params in (
        ("bare view, empty cache (baseline)", None),
        ("list: first page, empty cache", {}),
        ("list: status + language, empty cache", {"status": "in_review", "language": "ru"}),
    ):
        url = "/__bare__/" if params is None else "/"

        def run(url: str = url, params: dict[str, Any] | None = params) -> Any:
            cache.clear()
            return _get(client, url, params or {})

        scenario = harness.Scenario(name, run)
        cache.clear()
        scenario.queries = _queries(client, url, params or {})
        result.append(scenario)
    return result
