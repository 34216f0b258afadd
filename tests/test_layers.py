"""Imports point down the pipeline: load and validate content, resolve the edition, draw
figures, lay out, write. A module may use what comes before it, never what comes after;
figure code is pure and uses no part of booklet."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

# stage of each part of booklet; a module may import its own stage or an earlier one
STAGES = [
    # 0: foundations every stage may use
    {"errors", "safe_files", "output", "languages", "request", "fingerprint", "cache",
     "interface", "structure", "markup", "dates", "yamlsource", "schema", "rl_adapter",
     "svglib_adapter", "text", "fonts", "naming"},
    # 1: content, the clinic's profile, translation records
    {"model", "content", "clinic", "logo", "translation", "review", "glyphs", "readability"},
    # 2: the edition
    {"edition"},
    # 3: figures as drawing programs
    {"drawings"},
    # 4: layout
    {"layout"},
    # 5: writing the PDF, imposing the booklet
    {"pdf", "impose"},
    # 6: the pipeline as one call, and what runs it
    {"build", "edition_cache", "batch", "check", "xliff", "translation_cmd", "mail",
     "mailheaders", "mailserver", "maillog", "settings", "clinic_new", "cli", "bench",
     "__main__"},
]
STAGE = {name: index for index, names in enumerate(STAGES) for name in names}


def _part(module: str) -> str:
    """booklet.layout.story -> layout; booklet.edition -> edition."""
    return module.split(".")[1] if module.count(".") >= 1 else module


def _imports(path: Path, package: str) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
            found.update(n for n in names if n.startswith("booklet") or n.startswith("figures"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names
                         if a.name.startswith(("booklet", "figures")))
    return found


MODULES = sorted((ROOT / "booklet").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_point_down_the_pipeline(path):
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    own = _part(module)
    if own == "__init__":
        return
    assert own in STAGE, f"{module}: add its part ({own}) to a stage in this test"
    for imported in _imports(path, package):
        if imported.startswith("figures"):
            assert STAGE[own] >= STAGE["drawings"] or own == "content", \
                f"{module} imports {imported}: figures belong to the drawing stage"
            continue
        target = _part(imported)
        if target in ("booklet", "__init__") or target.startswith("__"):
            continue
        assert target in STAGE, f"{module} imports {imported}, which has no stage"
        assert STAGE[target] <= STAGE[own], \
            f"{module} (stage {STAGE[own]}) imports {imported} (stage {STAGE[target]}), " \
            f"which comes later in the pipeline"


def test_figure_code_is_pure():
    for path in sorted((ROOT / "figures").glob("*.py")):
        for imported in _imports(path, "figures"):
            assert not imported.startswith("booklet"), \
                f"{path.name} imports {imported}: figures take labels and a theme, nothing else"
