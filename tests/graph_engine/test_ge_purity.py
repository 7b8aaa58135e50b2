"""graph_engine stays pure: standard library + networkx, no clock, no randomness, no I/O."""

from __future__ import annotations

import ast
import pathlib
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "graph_engine"
SOURCES = sorted(PACKAGE.glob("*.py"))
ALLOWED_THIRD_PARTY = {"networkx"}
FORBIDDEN_MODULES = {"random", "uuid", "secrets", "os", "io", "pathlib", "socket", "subprocess", "shutil",
                     "tempfile", "time", "threading", "asyncio", "urllib", "http", "sqlite3", "logging"}
FORBIDDEN_ATTRS = {"now", "utcnow", "today", "urandom"}
FORBIDDEN_CALLS = {"open", "input", "print", "__import__"}


def _imports(tree):
    for item in ast.walk(tree):
        if isinstance(item, ast.Import):
            yield from (alias.name.split(".")[0] for alias in item.names)
        elif isinstance(item, ast.ImportFrom) and item.level == 0:
            yield item.module.split(".")[0]


def test_the_package_has_modules():
    assert {p.name for p in SOURCES} >= {"__init__.py", "model.py", "codec.py", "validate.py", "rules.py",
                                         "interpreter.py", "simulate.py", "errors.py"}


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_imports_only_stdlib_and_networkx(path):
    tree = ast.parse(path.read_text())
    for module in _imports(tree):
        assert module in sys.stdlib_module_names or module in ALLOWED_THIRD_PARTY, f"{path.name} imports {module}"
        assert module not in FORBIDDEN_MODULES, f"{path.name} imports {module}"


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_no_clock_no_io_calls(path):
    tree = ast.parse(path.read_text())
    for item in ast.walk(tree):
        if isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute):
            assert item.func.attr not in FORBIDDEN_ATTRS, f"{path.name}:{item.lineno} calls .{item.func.attr}()"
        if isinstance(item, ast.Call) and isinstance(item.func, ast.Name):
            assert item.func.id not in FORBIDDEN_CALLS, f"{path.name}:{item.lineno} calls {item.func.id}()"


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_public_functions_are_documented(path):
    tree = ast.parse(path.read_text())
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for item in tree.body:
        if isinstance(item, (ast.FunctionDef, ast.ClassDef)) and not item.name.startswith("_"):
            assert ast.get_docstring(item), f"{path.name}: {item.name} has no docstring"


def test_importing_pulls_in_no_forbidden_packages():
    import importlib
    for name in [m for m in sys.modules if m == "graph_engine" or m.startswith("graph_engine.")]:
        del sys.modules[name]
    before = set(sys.modules)
    importlib.import_module("graph_engine")
    new = {m.split(".")[0] for m in set(sys.modules) - before}
    assert not new & {"flask", "sqlalchemy", "marshmallow", "redis", "rq", "backend"}
