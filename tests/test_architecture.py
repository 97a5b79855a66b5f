"""The package layout is the architecture: imports point one way, and the query path never
loads the tagger or training code."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from search.analysis import analyzer

REPO = Path(__file__).resolve().parent.parent

#: Layers from the bottom up; a module may import its own layer and the ones below it.
#: models, errors, data and the user's cache are the ground every layer stands on.
LAYERS = {
    "search.models": 0, "search.errors": 0, "search.data": 0, "search.cache": 0,
    "search.analysis": 1,
    "search.extract": 2, "search.translit": 2,
    "search.index": 3, "search.query": 3,
    "search.engine": 4,
    "search.cli": 5,
}
FORBIDDEN_IN_SEARCH = ("flask", "werkzeug", "markupsafe", "gunicorn", "web", "training", "tests")


def _layer(module: str) -> int | None:
    if module == "search":  # the package itself holds only its docstring
        return 0
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        if ".".join(parts[:n]) in LAYERS:
            return LAYERS[".".join(parts[:n])]
    return None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SEARCH_MODULES = sorted((REPO / "search").rglob("*.py"))


@pytest.mark.parametrize("path", SEARCH_MODULES, ids=lambda p: _module_name(p))
def test_imports_point_down(path):
    name = _module_name(path)
    own = _layer(name)
    assert own is not None, f"{name} is in no layer of LAYERS"
    for imported in _imports(path):
        root = imported.split(".")[0]
        assert root not in FORBIDDEN_IN_SEARCH, f"{name} imports {imported}"
        layer = _layer(imported)
        if layer is not None:
            assert layer <= own, f"{name} (layer {own}) imports {imported} (layer {layer})"


@pytest.mark.parametrize("path", [*SEARCH_MODULES, *sorted((REPO / "web").rglob("*.py"))],
                         ids=lambda p: _module_name(p))
def test_modules_stay_small(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines < 400, f"{path.relative_to(REPO)} has {lines} lines; split it by concern"


def _loaded_by(statement: str) -> set[str]:
    """Modules that ``python -X importtime -c statement`` reports, in a fresh interpreter."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], cwd=REPO,
                         capture_output=True, text=True, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:")}


def test_the_query_path_loads_no_tagger_and_no_training():
    loaded = _loaded_by("import web, web.views, web.api, web.cli, search.engine")
    assert "search.engine" in loaded and "web.views" in loaded  # the probe sees our modules
    unwanted = {m for m in loaded if m.split(".")[0] in ("pycrfsuite", "training")
                or m.startswith(("search.extract.ner", "search.extract.pipeline",
                                 "search.index.writer"))}
    assert not unwanted, f"importing the web app loads {sorted(unwanted)}"


def test_extraction_does_load_the_tagger():
    """The other side of the probe above: it would notice the tagger if it were loaded."""
    assert "pycrfsuite" in _loaded_by("import search.extract.pipeline")


@pytest.mark.parametrize("name", ["HindiTokenizer", "DevanagariFoldFilter", "ExactCopyFilter",
                                  "HindiStopFilter", "HindiStemFilter", "UniqueTermFilter"])
def test_old_pickled_analyzer_paths_still_resolve(name):
    """Indexes built before the analysis package pickled ``search.analysis.<Class>``."""
    assert getattr(importlib.import_module("search.analysis"), name) is getattr(analyzer, name)
