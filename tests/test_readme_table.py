"""The README's "Limits and bad input" table names, on every line, the tests that prove it. These
checks keep the table from going stale: a renamed or deleted test fails here, and so does a line
without a test, or a test in tests/test_bad_input.py that no line names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SECTION = "## Limits and bad input"
COLUMNS = ["Input", "Limit or rule", "What the user sees", "Test"]
# A pytest node id without parameters: tests/…/test_x.py::test_y or …::TestClass::test_y
NODE_ID = re.compile(r"^(tests/(?:[\w-]+/)*test_\w+\.py)((?:::\w+){1,2})$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def table() -> list[dict[str, str]]:
    text = README.read_text(encoding="utf-8")
    assert f"\n{SECTION}\n" in text, f"README.md has no {SECTION!r} section"
    section = text.split(f"\n{SECTION}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert len(lines) > 2, "the section has no table"
    header = _cells(lines[0])
    assert header == COLUMNS, header
    return [dict(zip(header, _cells(line), strict=True)) for line in lines[2:]]


def named_tests(cell: str) -> list[str]:
    """The node ids in a Test cell: backticked, separated by commas."""
    return [part.strip().strip("`") for part in cell.split(",") if part.strip()]


def defined_tests(path: Path) -> set[str]:
    """Test functions of a module, as `name` or `Class::name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    names = set()
    for node in tree.body:
        if isinstance(node, functions):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}::{item.name}" for item in node.body if isinstance(item, functions)
            }
    return names


def test_every_line_names_tests_that_exist() -> None:
    rows = table()
    problems = []
    for row in rows:
        where = f"line {row['Input']!r}"
        nodes = named_tests(row["Test"])
        if not nodes:
            problems.append(f"{where} names no test")
        for node in nodes:
            match = NODE_ID.match(node)
            if not match:
                problems.append(f"{where}: {node!r} is not a path::test_name node id")
                continue
            path, name = ROOT / match[1], match[2][2:]
            if not path.is_file():
                problems.append(f"{where}: {match[1]} does not exist")
            elif not name.rsplit("::", 1)[-1].startswith("test_"):
                problems.append(f"{where}: {name} is not a test")
            elif name not in defined_tests(path):
                problems.append(f"{where}: {match[1]} defines no {name}")
    assert not problems, "\n".join(problems)


def test_every_test_written_for_the_table_is_named_in_it() -> None:
    named = {node for row in table() for node in named_tests(row["Test"])}
    path = "tests/test_bad_input.py"
    written = {f"{path}::{name}" for name in defined_tests(ROOT / path) if name.startswith("test_")}
    assert written - named == set(), "tests/test_bad_input.py tests that no README line names"


def test_the_checks_catch_a_stale_name() -> None:
    assert "test_every_line_names_tests_that_exist" in defined_tests(Path(__file__))
    assert "test_no_such_test" not in defined_tests(Path(__file__))
    assert NODE_ID.match("tests/reviews/test_public.py::TestApi::test_rate_limit")
    assert not NODE_ID.match("tests/reviews/test_public.py::TestApi::test_rate_limit[x]")
    assert named_tests("`a.py::test_a`, `b.py::test_b`") == ["a.py::test_a", "b.py::test_b"]
