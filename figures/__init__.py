"""The handout's figures, one module per figure, each a pure ``draw(labels, theme)``.

``FIGURES`` maps a figure's name (as content refers to it) to its module. A
module exposes ``LABEL_KEYS`` (the labels it needs from content) and ``draw``.
"""
from __future__ import annotations

import importlib
from types import ModuleType

FIGURE_NAMES = ("synapse", "road_repair", "brain_regions", "cascade", "timeline")


def figure_module(name: str) -> ModuleType:
    if name not in FIGURE_NAMES:
        raise KeyError(name)
    return importlib.import_module(f"figures.{name}")
