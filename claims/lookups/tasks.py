"""One Celery task per network provider (so each gets its own rate limit), and one for the
providers that need no network. Tasks are thin: they take a job id and call the service."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from claims.lookups import conf, providers, services


def _runner(self: Task[Any, Any], job_id: int) -> None:
    outcome = services.lookup_run(job_id=job_id)
    if outcome.retry_in is not None:
        # A short wait goes back to the broker; longer ones wait in the table for the sweeper.
        raise self.retry(countdown=outcome.retry_in)


def _task(name: str, rate_limit: str | None) -> Any:
    return shared_task(
        name=f"claims.lookups.run.{name}",
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        rate_limit=rate_limit,
        # As often as the service asks: `retry(max_retries=None)` alone keeps Celery's three.
        max_retries=None,
    )(_runner)


PROVIDER_TASKS = {name: _task(name, conf.rate_limit(name) or None) for name in providers.BUILT_IN}
run_local = _task("local", None)  # providers registered later, with no network to spare


def task_for(provider: str) -> Any:
    """The task object (for tests and benchmarks); services send by name (providers.task_name)."""
    return PROVIDER_TASKS.get(provider, run_local)
