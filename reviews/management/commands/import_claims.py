from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exports import importer


class Command(BaseCommand):
    help = (
        "Load a JSON Lines export (export_claims --format jsonl) into an empty desk: claims keep "
        "their numbers, timestamps, evidence, verdicts, audit trail and comments. All or "
        "nothing: a bad line stops the import and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.jsonl")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as lines:
                result = importer.claims_import(lines)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        except importer.ImportFailed as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.claims:,} claims with {result.evidence:,} evidence items, "
                f"{result.verdicts:,} verdicts, {result.events:,} audit events and "
                f"{result.comments:,} comments."
            )
        )
        if result.created_users:
            self.stdout.write(
                "Created these users, inactive, without a password and without groups (an "
                "administrator decides what they may do): " + ", ".join(result.created_users)
            )
        if result.created_ratings:
            self.stdout.write(
                "Created these ratings, not offered to reviewers until an editor places them "
                "on the scale: " + ", ".join(result.created_ratings)
            )
        if result.missing_similar:
            self.stdout.write(
                f"Left out {result.missing_similar:,} near-duplicate links to claims not in "
                "the file."
            )
        if result.missing_duplicates:
            shown = ", ".join(str(n) for n in result.missing_duplicates)
            self.stdout.write(
                f"These claims were dismissed as duplicates of claims not in the file; the "
                f"link was left out: {shown}"
            )
