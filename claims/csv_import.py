"""Bulk import of claims from a CSV file. Every row is checked by the same form people use; a
dry run lists the problems per row, and a real import is all-or-nothing.

Columns (header row required; only `text` is required, the rest may be empty or missing):
    text, language, claim_type, claimant, claimant_kind, claimant_description,
    claimant_same_as, appeared_url, appeared_outlet, appeared_on (YYYY-MM-DD), tags (comma- or
    semicolon-separated)
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from claims import services
from claims.forms import ClaimForm
from claims.models import Claim

COLUMNS = (
    "text",
    "language",
    "claim_type",
    "claimant",
    "claimant_kind",
    "claimant_description",
    "claimant_same_as",
    "appeared_url",
    "appeared_outlet",
    "appeared_on",
    "tags",
)
MAX_ROWS = 5000


class CsvError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Problem:
    row: int  # the line number in the file, header = 1
    column: str
    message: str


@dataclass(frozen=True)
class Checked:
    """A row as checked: its line and what the form made of it (an empty string where the
    row's value was refused), for the dry run's matching."""

    row: int
    text: str
    language: str = ""
    claimant: str = ""
    claimant_role: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""


@dataclass
class Report:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: list[Claim] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvError(_("The file is UTF-16, not UTF-8. Save it as CSV (UTF-8)."))
    if b"\x00" in raw[:4096]:
        raise CsvError(_("This is not a text file (it has binary data). Save it as CSV, UTF-8."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(
            _("The file is not UTF-8 (byte %(byte)s cannot be read). Save it as CSV, UTF-8.")
            % {"byte": f"{error.start:,}"}
        ) from None


def _form_data(row: dict[str, str]) -> dict[str, str]:
    def get(name: str) -> str:
        return (row.get(name) or "").strip()

    return {
        "text": get("text"),
        "language": get("language"),
        "claim_type": get("claim_type") or Claim.Type.OTHER,
        "new_claimant_name": get("claimant"),
        "new_claimant_kind": get("claimant_kind") or "person",
        "new_claimant_description": get("claimant_description"),
        "new_claimant_same_as": get("claimant_same_as"),
        "appeared_url": get("appeared_url"),
        "appeared_outlet": get("appeared_outlet"),
        "appeared_on": get("appeared_on"),
        "tags": get("tags").replace(";", ","),
    }


_FIELD_COLUMNS = {
    "new_claimant_name": "claimant",
    "new_claimant_kind": "claimant_kind",
    "new_claimant_description": "claimant_description",
    "new_claimant_same_as": "claimant_same_as",
}


def _checked(line: int, form: ClaimForm) -> Checked:
    data = form.cleaned_data
    day = data.get("appeared_on")
    return Checked(
        row=line,
        text=data.get("text") or "",
        language=data.get("language") or "",
        claimant=data.get("new_claimant_name") or "",
        claimant_role=data.get("new_claimant_description") or "",
        outlet=data.get("appeared_outlet") or "",
        url=data.get("appeared_url") or "",
        date=day.isoformat() if day else "",
    )


def check_and_import(raw: bytes, *, actor: Any, dry_run: bool) -> Report:
    text = _decode(raw)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
    except csv.Error as malformed:
        raise CsvError(
            _("The first row (the column names) is malformed: %(problem)s.")
            % {"problem": malformed}
        ) from None
    if "text" not in header:
        raise CsvError(_("The first row must name the columns, and one of them must be 'text'."))
    unknown = [name for name in header if name and name not in COLUMNS]
    report = Report()
    if unknown:
        report.problems.append(Problem(1, ", ".join(unknown), _("Unknown column; see the list.")))
    reader.fieldnames = header
    valid: list[services.ClaimFields] = []
    try:
        for row in reader:
            report.rows += 1
            if report.rows > MAX_ROWS:
                raise CsvError(
                    _("The file has more than %(max)s rows; split it.") % {"max": f"{MAX_ROWS:,}"}
                )
            form = ClaimForm(_form_data(row), shown=False)
            valid_row = form.is_valid()
            report.checked.append(_checked(reader.line_num, form))
            if valid_row:
                valid.append(form.to_fields())
                continue
            for name, errors in form.errors.items():
                column = _FIELD_COLUMNS.get(name, name)
                for message in errors:
                    report.problems.append(Problem(reader.line_num, column, str(message)))
    except csv.Error as error:
        raise CsvError(
            _("The CSV is malformed near line %(line)s: %(problem)s.")
            % {"line": reader.line_num, "problem": error}
        ) from None
    if report.rows == 0:
        raise CsvError(_("The file has a header but no rows."))
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        report.created = [services.claim_create(actor=actor, fields=fields) for fields in valid]
    return report
