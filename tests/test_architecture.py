"""The shape of the code, checked: no import cycles between the project's modules, counting
the imports inside functions (which hide a cycle from a reader, not from the interpreter).
Which app may import which is checked by import-linter's contracts (pyproject.toml)."""

from __future__ import annotations

import grimp

PACKAGES = ("config", "foundation", "claims", "reviews")


def _cycles() -> list[list[str]]:
    graph = grimp.build_graph(
        *PACKAGES, include_external_packages=False, exclude_type_checking_imports=True
    )
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # A package importing its own modules (an __init__ that re-exports them) is how
            # a package is built, not a cycle between modules.
            if not imported.startswith(module + "."):
                edges.setdefault(module, set()).add(imported)
    # Tarjan's strongly connected components: every component of more than one module holds
    # a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph.modules):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules() -> None:
    assert _cycles() == []
