from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import F, Q

from claims.matching import model, services
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Compute claims' sentence vectors and terms here, in batches (a backfill, or after a "
        "model change): claims with none, or with one from another model or text; --all for "
        "every claim."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every claim, again")
        parser.add_argument("--batch", type=int, default=256, help="claims per model call")

    def handle(self, *args: Any, **options: Any) -> None:
        claims = Claim.objects.order_by("id")
        if not options["all"]:
            claims = claims.filter(
                Q(embedding__isnull=True)
                | ~Q(embedding__model=model.NAME)
                | ~Q(embedding__fingerprint=F("fingerprint"))
            )
        ids = list(claims.values_list("pk", flat=True))
        written = services.claims_embed(claim_ids=ids, batch=max(1, options["batch"]))
        self.stdout.write(f"{written} claims embedded.")
