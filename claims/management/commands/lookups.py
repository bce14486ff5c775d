from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.lookups import services
from claims.models import Claim


class Command(BaseCommand):
    help = "Source lookups. `lookups rerun` queues them again for one claim, all, or one provider."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rerun = sub.add_parser("rerun", help="Queue lookups again.")
        which = rerun.add_mutually_exclusive_group()
        which.add_argument("--claim", type=int, action="append", help="a claim id (repeatable)")
        which.add_argument("--all", action="store_true", help="every claim")
        rerun.add_argument("--provider", help="only this provider")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = options.get("provider")
        if provider and provider not in services.provider_names():
            names = ", ".join(services.provider_names())
            raise CommandError(f"Unknown provider {provider!r}; known: {names}.")
        claims = options.get("claim")
        if not claims and not options.get("all") and not provider:
            raise CommandError("Say which lookups: --claim ID, --all, or --provider NAME.")
        if claims:
            missing = set(claims) - set(
                Claim.objects.filter(pk__in=claims).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No claim with id {', '.join(map(str, sorted(missing)))}.")
        count = services.lookups_rerun(claim_ids=claims, provider=provider)
        self.stdout.write(f"{count} lookups queued.")
