"""The apps import one another in layers, never in a loop (STYLE.md: an app may import a
lower one). Read from the source, every module of each app but its migrations, imports
inside functions included: a loop hidden in a function is a loop all the same."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def _project_apps() -> dict[str, Path]:
    """The project's own apps (not the project package, casetracker, which holds the root
    URLs and site-wide pages above every app), by package name."""
    return {
        config.name: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and config.name != "casetracker"
    }


def _imports(app: str, path: Path, names: set[str]) -> dict[str, list[str]]:
    """The other apps ``app`` imports: app -> the places (file:line) it does."""
    found = {}
    for module in path.rglob("*.py"):
        if "migrations" in module.relative_to(path).parts:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for name in modules:
                top = name.split(".")[0]
                if top in names and top != app:
                    where = f"{module.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(top, []).append(where)
    return found


def _loop(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One loop of ``graph`` (its apps in order, the first again at the end), or None."""
    done, path = set(), []

    def visit(app):
        if app in path:
            return [*path[path.index(app) :], app]
        if app in done:
            return None
        path.append(app)
        for other in graph.get(app, {}):
            if found := visit(other):
                return found
        path.pop()
        done.add(app)
        return None

    for app in graph:
        if found := visit(app):
            return found
    return None


def test_no_app_imports_another_in_a_loop():
    found = _project_apps()
    assert {"people", "events", "sources", "places", "publishing"} <= set(found)
    graph = {app: _imports(app, path, set(found)) for app, path in found.items()}
    loop = _loop(graph)
    where = [graph[a][b][0] for a, b in zip(loop, loop[1:], strict=False)] if loop else []
    assert loop is None, f"{' -> '.join(loop)}: {', '.join(where)}"


def test_the_loop_finder_finds_a_loop():
    graph = {"a": {"b": ["a.py:1"]}, "b": {"c": ["b.py:1"]}, "c": {"a": ["c.py:1"]}}
    assert _loop(graph) == ["a", "b", "c", "a"]
    assert _loop({"a": {"b": ["a.py:1"]}, "b": {}}) is None
