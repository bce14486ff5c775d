import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from claims.models import Claim
from reviews.exports import stream


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Export claims as ClaimReview JSON-LD (a schema.org DataFeed of the published "
        "fact-checks), CSV (one row per claim) or JSON Lines (one complete record per claim, "
        "which import_claims loads). Writes to standard output unless --output is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=stream.FORMATS)
        parser.add_argument(
            "--since", metavar="DATE", help="only claims changed on or after this day"
        )
        parser.add_argument("--status", choices=Claim.Status.values, help="only this status")
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        claims = Claim.objects.all()
        if options["since"]:
            start = datetime.combine(_day(options["since"]), time.min)
            claims = claims.filter(updated_at__gte=timezone.make_aware(start))
        if options["status"]:
            claims = claims.filter(status=options["status"])
        chunks = stream.export_rows(claims, options["format"])
        if not options["output"]:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        target = Path(options["output"])
        # Written aside and moved into place: a failed export never leaves a truncated file.
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="") as out:
                for chunk in chunks:
                    out.write(chunk)
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {target}: {exc.strerror or exc}") from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stderr.write(f"Wrote {target}.")
