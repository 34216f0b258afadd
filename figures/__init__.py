"""The handout's figures, one module per figure, each a pure ``draw(labels, theme)``.

``FIGURES`` maps a figure's name (as content refers to it) to its module. A
module exposes ``LABEL_KEYS`` (the labels it needs from content) and ``draw``.
"""
from __future__ import annotations

import ast
import importlib
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType

_LITERAL_KEYS = re.compile(r"^LABEL_KEYS(?:\s*:[^=\n]*)?\s*=\s*(\([^)]*\)|\[[^\]]*\])",
                           re.MULTILINE)
FIGURE_NAMES = ("synapse", "road_repair", "brain_regions", "cascade", "timeline",
                "session_day")


@lru_cache(maxsize=None)
def label_keys(name: str) -> tuple[str, ...]:
    """A figure's LABEL_KEYS, read from its source without importing it.

    Validating content needs only the keys; importing the drawing code (and
    svgwrite) is left to the builds that actually draw.
    """
    if name not in FIGURE_NAMES:
        raise KeyError(name)
    source = (Path(__file__).parent / f"{name}.py").read_text("utf-8")
    # the assignment alone, not the whole module: parsing a module costs a cold start 5 ms
    found = _LITERAL_KEYS.search(source)
    if found:
        try:
            return tuple(ast.literal_eval(found.group(1)))
        except (ValueError, SyntaxError):
            pass
    tree = ast.parse(source)
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else \
            getattr(node, "targets", [])
        if any(getattr(t, "id", None) == "LABEL_KEYS" for t in targets):
            try:
                return tuple(ast.literal_eval(node.value))
            except ValueError:  # computed keys: import the module after all
                break
    return tuple(figure_module(name).LABEL_KEYS)


def figure_module(name: str) -> ModuleType:
    if name not in FIGURE_NAMES:
        raise KeyError(name)
    return importlib.import_module(f"figures.{name}")
