"""The shape of the package: a small public face, one root error, layers kept apart.

These hold the promises of CONTRIBUTING.md ("Where things live") so that a change that
breaks them fails here rather than in a reviewer's reading.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import agroutes
import agroutes.profiles
import agroutes.results
import agroutes.tables

PACKAGE = Path(agroutes.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
CONTRACT = {"resolve", "diagnose", "client", "route_table", "diagnose_path", "suggest_rewrite"}
CONTRACT |= {"triage", "cache_clear", "ProblemKind", "AgroutesError"}

# Layers, lowest first (CONTRIBUTING.md): a module imports only from its layer and below.
LAYERS = {
    "_errors": 0,
    "_vocab": 0,
    "_redact": 0,
    "_cache": 0,
    "_slots": 0,
    "_documents": 0,
    "_texts": 0,
    "_texts_live": 0,
    "_baseurl": 1,
    "_joins": 2,
    "_profiles": 2,
    "_clients": 2,
    "_clients_python": 2,
    "_clients_node": 2,
    "_clients_source": 2,
    "_clientdata": 2,
    "_families": 2,
    "_resolve": 2,
    "_patterns": 3,
    "_routers": 3,
    "_compile": 3,
    "_matcher": 3,
    "_table": 3,
    "_presets": 3,
    "_tabledata": 3,
    "_antigravity_admin": 3,
    "_correct": 4,
    "_working": 4,
    "_diagnosis": 4,
    "_checked": 4,
    "_senders": 4,
    "_structural": 4,
    "_logpath": 4,
    "_rewrite": 4,
    "_triage": 4,
    "_json": 5,
    "_cli_output": 5,
    "_cli_commands": 5,
    "_cli": 5,
    "__main__": 5,
    "__init__": 5,
    "profiles": 5,
    "tables": 5,
    "results": 5,
    "strategies": 5,
    "_hypothesis_plugin": 5,
    # The live layer (DESIGN.md layer 6): above the diagnosis and the faces; the command
    # line reaches _cli_probe only through a function-level import.
    "_probe_http": 6,
    "_fingerprint": 6,
    "_probe_report": 6,
    "_probe": 6,
    "_cli_probe": 6,
    "live": 6,
}
CLIENT_SIDE = {
    "_joins",
    "_profiles",
    "_clients",
    "_clients_python",
    "_clients_node",
    "_clients_source",
    "_clientdata",
    "_families",
    "_resolve",
}
ROUTE_SIDE = {
    "_patterns",
    "_routers",
    "_matcher",
    "_compile",
    "_table",
    "_presets",
    "_tabledata",
    "_antigravity_admin",
}


def _imports(path: Path, *, top_level_only: bool) -> list[tuple[str, str]]:
    """(module imported from, name) for every relative import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: list[tuple[str, str]] = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.extend((node.module or "__init__", alias.name) for alias in node.names)
    return found


def test_the_public_face_is_small_and_holds_the_contract() -> None:
    assert len(agroutes.__all__) <= 30
    assert set(agroutes.__all__) >= CONTRACT
    for module in (agroutes, agroutes.profiles, agroutes.tables, agroutes.results):
        assert sorted(module.__all__) == sorted(set(module.__all__)), module.__name__
        assert all(hasattr(module, name) for name in module.__all__), module.__name__


@pytest.mark.parametrize("module", [agroutes, agroutes.profiles, agroutes.tables])
def test_public_classes_name_their_public_module(module: object) -> None:
    for name in module.__all__:  # type: ignore[attr-defined]
        value = getattr(module, name)
        if inspect.isclass(value):
            assert value.__module__ in {"agroutes", module.__name__}, name  # type: ignore[attr-defined]


def test_every_agroutes_error_derives_from_the_root_error() -> None:
    errors = [
        value
        for module in (agroutes, agroutes.tables, agroutes.profiles)
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, Exception)
    ]
    assert len(errors) >= 8
    assert all(issubclass(e, agroutes.AgroutesError) for e in errors)


def test_no_module_is_over_600_lines_and_none_generates_code() -> None:
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= 600, path.name
        # Issue 17: the matcher compiles each table into a generated function (its module
        # docstring says why); that one module may exec the code agroutes._compile writes.
        if path.name != "_matcher.py":
            assert "exec(" not in text, path.name
    assert not (PACKAGE / "_construct.py").exists()
    assert all("plain_join" not in p.read_text(encoding="utf-8") for p in MODULES)


def test_layers_import_only_from_below_and_routes_know_no_clients() -> None:
    assert {p.stem for p in MODULES} == set(LAYERS), "a new module needs a layer here"
    for path in MODULES:
        own = LAYERS[path.stem]
        for module, _name in _imports(path, top_level_only=True):
            assert LAYERS[module] <= own, f"{path.stem} imports {module}"
            if path.stem in ROUTE_SIDE:
                assert module not in CLIENT_SIDE, f"{path.stem} imports {module}"
            if path.stem in CLIENT_SIDE:
                assert module not in ROUTE_SIDE, f"{path.stem} imports {module}"


def test_private_names_are_not_imported_across_modules() -> None:
    crossing = [
        (path.stem, module, name)
        for path in MODULES
        for module, name in _imports(path, top_level_only=False)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert len(crossing) <= 3, crossing
