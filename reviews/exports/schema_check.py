"""A small schema.org checker for the JSON-LD the desk emits.

It checks that every `@type` is a schema.org type, that every property exists, is used on a type
its `domainIncludes` allows (directly or through a superclass), that nested objects have a type
its `rangeIncludes` accepts, and that literals suit the range (text where Text/URL/Date/DateTime
is allowed, numbers where Number/Integer/Text is). Values the desk does not know are left out,
never emitted empty, so empty strings and nulls are problems too.

It reads only `schemaorg_subset.json` next to this file: the types and properties the desk emits
(EMITTED_TYPES, EMITTED_PROPERTIES) with their ancestors, cut from the full vocabulary by

    python -m reviews.exports.schema_check --build path/to/schemaorg-current-https.jsonld

Run that again after adding a property or type to what the desk emits. A feed or page block can
be checked from the command line: `python -m reviews.exports.schema_check FILE.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SUBSET_PATH = Path(__file__).with_name("schemaorg_subset.json")
SCHEMA = "schema:"

EMITTED_TYPES = (
    "DataFeed",
    "ClaimReview",
    "Rating",
    "Claim",
    "CreativeWork",
    "Person",
    "Organization",
)
EMITTED_PROPERTIES = (
    "dataFeedElement",
    "dateModified",
    "expires",
    "claimReviewed",
    "reviewRating",
    "alternateName",
    "ratingValue",
    "bestRating",
    "worstRating",
    "url",
    "author",
    "name",
    "sameAs",
    "datePublished",
    "itemReviewed",
    "appearance",
    "firstAppearance",
    "inLanguage",
    "jobTitle",
    "description",
    "publisher",
)
DATA_TYPES = ("Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean")
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SUBSET_PATH.read_text(encoding="utf-8"))
    return data


def ancestors(type_name: str) -> set[str]:
    """The type and all its superclasses (empty for a type the subset does not know)."""
    types = vocabulary()["types"]
    if type_name not in types:
        return set()
    seen: set[str] = set()
    todo = [type_name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(types.get(current, {}).get("subClassOf", []))
    return seen


def check(data: Any) -> list[str]:
    """Problems with a JSON-LD document (or a list of them), each naming where it is."""
    problems: list[str] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            _check_node(item, f"$[{index}]", problems, top=True)
    else:
        _check_node(data, "$", problems, top=True)
    return problems


def _check_node(node: Any, path: str, problems: list[str], *, top: bool = False) -> set[str]:
    """Check one object; return the ancestors of its type(s) for the caller's range check."""
    if not isinstance(node, dict):
        problems.append(f"{path}: expected an object, got {type(node).__name__}")
        return set()
    raw_type = node.get("@type")
    names = raw_type if isinstance(raw_type, list) else [raw_type]
    if raw_type is None or not names:
        problems.append(f"{path}: object without @type")
        return set()
    kinds: set[str] = set()
    for name in names:
        found = ancestors(name) if isinstance(name, str) else set()
        if not found:
            problems.append(f"{path}: unknown type {name!r}")
        kinds |= found
    for key, value in node.items():
        where = f"{path}.{key}"
        if key == "@context":
            if not top or value not in CONTEXTS:
                problems.append(f"{where}: only the top object may set @context to schema.org")
        elif key.startswith("@"):
            if key not in {"@type", "@id"}:
                problems.append(f"{where}: unexpected keyword")
        else:
            _check_property(key, value, kinds, where, problems)
    return kinds


def _check_property(
    name: str, value: Any, kinds: set[str], where: str, problems: list[str]
) -> None:
    prop = vocabulary()["properties"].get(name)
    if prop is None:
        problems.append(
            f"{where}: unknown property (not in schema.org, or missing from the vendored "
            "subset: add it to EMITTED_PROPERTIES and rebuild)"
        )
        return
    if prop.get("supersededBy"):
        problems.append(f"{where}: superseded by {', '.join(prop['supersededBy'])}")
    if kinds and not kinds & set(prop["domainIncludes"]):
        allowed = ", ".join(prop["domainIncludes"])
        problems.append(f"{where}: not a property of {_shown(kinds)} (domain: {allowed})")
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        item_where = f"{where}[{index}]" if isinstance(value, list) else where
        _check_value(item, set(prop["rangeIncludes"]), item_where, problems)


def _check_value(value: Any, ranges: set[str], where: str, problems: list[str]) -> None:
    if isinstance(value, dict):
        kinds = _check_node(value, where, problems)
        if kinds and not kinds & ranges:
            problems.append(f"{where}: a {_shown(kinds)} is not allowed here ({_shown(ranges)})")
    elif value is None or value == "":
        problems.append(f"{where}: empty value; leave unknown values out")
    elif isinstance(value, bool):
        if "Boolean" not in ranges:
            problems.append(f"{where}: a boolean is not allowed here ({_shown(ranges)})")
    elif isinstance(value, int | float):
        if not ranges & {"Number", "Integer", "Float", "Text"}:
            problems.append(f"{where}: a number is not allowed here ({_shown(ranges)})")
    elif isinstance(value, str):
        if not _literal_fits(value, ranges):
            problems.append(f"{where}: {value[:40]!r} does not fit {_shown(ranges)}")
    else:
        problems.append(f"{where}: unexpected {type(value).__name__}")


def _literal_fits(value: str, ranges: set[str]) -> bool:
    if "Text" in ranges:
        return True
    checks = {"URL": _is_url, "Date": _is_date, "DateTime": _is_datetime}
    return any(check(value) for kind, check in checks.items() if kind in ranges)


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_datetime(value: str) -> bool:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value and parsed.tzinfo is not None


def _shown(names: set[str]) -> str:
    return " / ".join(sorted(names))


# --- Building the vendored subset ------------------------------------------------------------


def _ids(entry: dict[str, Any], key: str) -> list[str]:
    raw = entry.get(key, [])
    items = raw if isinstance(raw, list) else [raw]
    return sorted(
        item["@id"].removeprefix(SCHEMA) for item in items if item["@id"].startswith(SCHEMA)
    )


def build_subset(vocabulary_path: Path) -> dict[str, Any]:
    graph = json.loads(vocabulary_path.read_text(encoding="utf-8"))["@graph"]
    terms = {entry["@id"].removeprefix(SCHEMA): entry for entry in graph}
    types: dict[str, Any] = {}
    todo = [*EMITTED_TYPES, *DATA_TYPES]
    while todo:
        name = todo.pop()
        if name in types:
            continue
        if name not in terms:
            raise SystemExit(f"{name} is not a schema.org type")
        parents = _ids(terms[name], "rdfs:subClassOf")
        types[name] = {"subClassOf": parents}
        todo.extend(parents)
    properties: dict[str, Any] = {}
    for name in EMITTED_PROPERTIES:
        entry = terms.get(name)
        if entry is None or entry.get("@type") != "rdf:Property":
            raise SystemExit(f"{name} is not a schema.org property")
        properties[name] = {
            "domainIncludes": _ids(entry, "schema:domainIncludes"),
            "rangeIncludes": _ids(entry, "schema:rangeIncludes"),
            "supersededBy": _ids(entry, "schema:supersededBy"),
            "pending": "pending.schema.org" in json.dumps(entry.get("schema:isPartOf", "")),
        }
    return {
        "about": "Subset of the schema.org vocabulary, built by reviews.exports.schema_check",
        "source": vocabulary_path.name,
        "types": dict(sorted(types.items())),
        "properties": dict(sorted(properties.items())),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m reviews.exports.schema_check")
    parser.add_argument("--build", metavar="VOCABULARY", type=Path, help="rebuild the subset")
    parser.add_argument("files", nargs="*", type=Path, help="JSON-LD files to check")
    args = parser.parse_args(argv)
    if args.build:
        subset = build_subset(args.build)
        SUBSET_PATH.write_text(
            json.dumps(subset, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {SUBSET_PATH} ({len(subset['types'])} types)")
    failed = False
    for path in args.files:
        for problem in check(json.loads(path.read_text(encoding="utf-8"))):
            failed = True
            print(f"{path}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
