"""Propose the claims in an article: one JSON object per candidate on standard output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import intake, languages


class Command(BaseCommand):
    help = (
        "Propose the check-worthy claims in an article (a file, or - for standard input, or an "
        "http(s) address), one JSON object per line; with --create, add them to the desk."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a path, - for standard input, or an http(s) URL")
        parser.add_argument("--language", default="", help="ISO 639-1 code; detected if absent")
        parser.add_argument("--create", action="store_true", help="create the claims")
        parser.add_argument("--user", help="who the claims are added by (default: a superuser)")
        parser.add_argument("--min-score", type=float, default=0.0, help="skip weaker candidates")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options["language"]
        if language and language not in languages.LANGUAGES:
            raise CommandError(f"Unknown language {language!r}.")
        source = self._source(options["source"], language)
        candidates = [
            c
            for c in intake.extract(source.text, source.language)
            if c.score >= options["min_score"]
        ]
        for candidate in candidates:
            self.stdout.write(json.dumps(candidate.to_dict(), ensure_ascii=False))
        if not options["create"]:
            return
        actor = self._actor(options.get("user"))
        article = intake.article_store(actor=actor, source=source)
        picks = [intake.Pick.from_candidate(c) for c in candidates]
        created = intake.claims_create_from_article(actor=actor, article=article, picks=picks)
        self.stderr.write(f"{len(created)} claims created from article {article.pk}.")

    def _source(self, where: str, language: str) -> intake.Source:
        try:
            if where.startswith(("http://", "https://")):
                return intake.from_url(where, language=language)
            path = Path("/dev/stdin" if where == "-" else where)
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(f"Cannot read {where}: {error.strerror}.") from None
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise CommandError(f"{where} is not UTF-8 text.") from None
            return intake.from_paste(text, language=language)
        except intake.IntakeError as error:
            raise CommandError(str(error)) from None

    def _actor(self, username: str | None) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("Say who adds the claims: --user USERNAME (a desk member).")
        return actor
