"""The mock site's modules import each other without cycles, and only at module level (an
import inside a function is how a cycle hides). Pure Python: reads the sources' syntax."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import automation.mocksite

PACKAGE = automation.mocksite.__name__
FOLDER = Path(automation.mocksite.__file__).parent
SOURCES = {path.stem: path for path in sorted(FOLDER.glob("*.py"))}
# What every page module may import: these import no page module themselves.
SHARED = {"web", "sessions", "visit", "state", "i18n", "variants", "store_views"}
PAGE_MODULES = {
    "buyer",
    "my_orders",
    "profile",
    "challenges",
    "sign_in_frame",
    "portal",
    "seller",
    "exit_service",
    "shop",
    "mock_api",
}


def _tree(name: str) -> ast.Module:
    return ast.parse(SOURCES[name].read_text(encoding="utf-8"), filename=str(SOURCES[name]))


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted names ``node`` imports, relative ones resolved against the package."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        base = node.module or ""
    else:
        parent = PACKAGE.rsplit(".", node.level - 1)[0]
        base = f"{parent}.{node.module}" if node.module else parent
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def imports_of(name: str, tree: ast.Module) -> set[str]:
    """The package's modules that ``tree`` (module ``name``) imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _targets(node):
                if target.startswith(f"{PACKAGE}."):
                    module = target.removeprefix(f"{PACKAGE}.").split(".")[0]
                    if module in SOURCES and module != name:
                        found.add(module)
    return found


def function_imports(tree: ast.Module) -> list[int]:
    """The line of every import inside a function or method of ``tree``."""
    lines = set()
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    lines.add(node.lineno)
    return sorted(lines)


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    return {name: imports_of(name, _tree(name)) for name in SOURCES}


def test_the_checks_see_what_they_look_for() -> None:
    sample = ast.parse(
        "from . import faults, web\nfrom .app import create_app\n"
        "import automation.mocksite.state\n"
        "def f():\n    from .seller import seller\n"
    )
    assert imports_of("sample", sample) == {"faults", "web", "app", "state", "seller"}
    assert function_imports(sample) == [5]
    assert {"web", "buyer", "seller", "portal", "mock_api"} <= import_graph()["app"]


def test_no_import_cycle() -> None:
    try:
        order = list(TopologicalSorter(import_graph()).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle in {PACKAGE}: {' -> '.join(error.args[1])}")
    assert set(order) == set(SOURCES)


def test_no_import_inside_a_function() -> None:
    found = {name: lines for name in SOURCES if (lines := function_imports(_tree(name)))}
    assert found == {}


def test_shared_modules_import_no_page_module() -> None:
    graph = import_graph()
    assert set(SOURCES) >= PAGE_MODULES | SHARED, "a module was renamed: update the sets"
    leaks = {name: graph[name] & PAGE_MODULES for name in SHARED if graph[name] & PAGE_MODULES}
    assert leaks == {}


def test_no_page_imports_the_app() -> None:
    importers = {name for name, imports in import_graph().items() if "app" in imports}
    assert importers == {"__init__", "__main__", "server"}
