"""The layers only call downward, read from the source's imports (module level and inside functions):

* Qt only in gui/;
* domain/ imports nothing of ours but domain/ (and errors.py): pure rules;
* io/ never imports services/, gui/, commands/ or store/;
* store/ never imports services/, gui/ or commands/ (what it needs from above is handed in);
* services/ never imports gui/ or commands/;
* no import cycle between the capability packages of services/ (rosters, items, notices, …). The
  shared top-level modules (context, authz, guard, read_scope, settings, terms, imports, …) may be
  imported by every package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "portfolio_desktop"
ROOT = "portfolio_desktop"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in the file, wherever it stands; ``from x import y``
    counts as importing ``x.y`` (y may be a module) and ``x``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                name = _module_name(path)
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _sources(layer: str = "") -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _ours(name: str) -> bool:
    return name == ROOT or name.startswith(ROOT + ".")


def _layer(name: str) -> str:
    """portfolio_desktop.services.items.items → "services"; portfolio_desktop.errors → "errors"."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(layer: str, allowed: set[str] | None = None, forbidden: set[str] | None = None) -> list[str]:
    found = []
    for path in _sources(layer):
        for line, name in _imports(path):
            if not _ours(name) or _layer(name) == "":
                continue
            target = _layer(name)
            if (allowed is not None and target not in allowed) or (forbidden is not None and target in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return sorted(set(found))


def test_qt_only_in_gui() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
             for path in _sources() if "gui" not in path.relative_to(PACKAGE).parts[:1]
             for line, name in _imports(path) if name.split(".")[0] in {"PySide6", "shiboken6"}]
    assert found == []


def test_domain_is_pure() -> None:
    assert _violations("domain", allowed={"domain", "errors"}) == []


def test_io_never_reaches_up() -> None:
    assert _violations("io", forbidden={"services", "gui", "commands", "store", "reports"}) == []


def test_store_never_reaches_up() -> None:
    assert _violations("store", forbidden={"services", "gui", "commands", "reports"}) == []


def test_services_never_import_the_gui_or_the_cli() -> None:
    assert _violations("services", forbidden={"gui", "commands", "cli"}) == []


def _capability(name: str) -> str | None:
    """portfolio_desktop.services.items.windows → "items"; a shared top-level module → None."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[1] == "services" and (PACKAGE / "services" / parts[2]).is_dir():
        return parts[2]
    return None


def _capability_graph() -> dict[str, dict[str, list[str]]]:
    """capability package → the packages it imports → where (file:line)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in _sources("services"):
        source = _capability(_module_name(path))
        if source is None:
            continue
        graph.setdefault(source, {})
        for line, name in _imports(path):
            target = _capability(name) if _ours(name) else None
            if target is not None and target != source:
                graph[source].setdefault(target, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return graph


def _cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        for nxt in sorted(graph.get(node, {})):
            found = visit(nxt, [*path, node])
            if found:
                return found
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return None


def test_no_cycle_between_service_capabilities() -> None:
    graph = _capability_graph()
    assert {"rosters", "items", "notices", "accounts", "workgroup"} <= set(graph)
    cycle = _cycle(graph)
    where = [] if cycle is None else [(a, b, graph[a][b][:3]) for a, b in zip(cycle, cycle[1:], strict=False)]
    assert cycle is None, where


@pytest.mark.parametrize("graph, cyclic", [
    ({"a": {"b": ["x"]}, "b": {"c": ["x"]}, "c": {"a": ["x"]}}, True),
    ({"a": {"b": ["x"]}, "b": {"c": ["x"]}, "c": {}}, False),
])
def test_the_cycle_finder_finds_cycles(graph: dict[str, dict[str, list[str]]], cyclic: bool) -> None:
    assert (_cycle(graph) is not None) is cyclic


def test_function_level_imports_are_seen(tmp_path: Path) -> None:
    """An import inside a function counts like one at the top (a hidden cycle is still a cycle)."""
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from portfolio_desktop.services.items import items\n", encoding="utf-8")
    assert (2, "portfolio_desktop.services.items.items") in set(_imports(source))


def test_comments_explain_rules_not_project_history() -> None:
    """A comment cites the rule (seed 001 §六(二)), never the ticket it came from (the word "issue" and its number)."""
    import re

    history = re.compile(r"\bissues? \d+\b", re.IGNORECASE)
    base = Path(__file__).resolve().parents[2]
    found = [f"{path.relative_to(base)}:{n}" for folder in ("portfolio_desktop", "tests")
             for path in (base / folder).rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if history.search(line)]
    assert found == []
