"""Read a figure's SVG back: where every text sits, and what is wrong with it.

Used by the tests and by the preview tool, so that both judge a drawing the
same way: each ``<text>`` gets a box from its x, y, anchor, font size, weight
and measured width; boxes must not overlap, must stay on the canvas and inside
the panel (``<g id="box-...">`` whose first ``<rect>`` is the panel) they are
drawn in, and no text may be smaller than the theme's label size.

Anchors are physical here: "start" puts the text's left edge at x, "end" its
right edge, in every script; the handout's renderer draws right-to-left labels
the same way (see booklet.drawings).
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable

SVG = "{http://www.w3.org/2000/svg}"
ASCENT, DESCENT = 0.8, 0.22   # of the font size: the box a line of text inks
Matrix = tuple[float, float, float, float, float, float]   # a, b, c, d, e, f as in SVG
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box", slack: float = 0.0) -> bool:
        return (self.x0 < other.x1 - slack and other.x0 < self.x1 - slack
                and self.y0 < other.y1 - slack and other.y0 < self.y1 - slack)

    def contains(self, other: "Box", slack: float = 0.5) -> bool:
        return (other.x0 >= self.x0 - slack and other.x1 <= self.x1 + slack
                and other.y0 >= self.y0 - slack and other.y1 <= self.y1 + slack)


@dataclass
class Text:
    text: str
    size: float        # printed size in canvas units (after any scaling)
    bold: bool
    box: Box
    panels: tuple[str, ...] = ()   # ids of the panels it is drawn inside


@dataclass
class Figure:
    width: float
    height: float
    texts: list[Text] = field(default_factory=list)
    panels: dict[str, Box] = field(default_factory=dict)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _transform(value: str | None) -> Matrix:
    matrix = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", value or ""):
        numbers = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        if name == "translate":
            step = (1, 0, 0, 1, numbers[0], numbers[1] if len(numbers) > 1 else 0)
        elif name == "scale":
            sy = numbers[1] if len(numbers) > 1 else numbers[0]
            step = (numbers[0], 0, 0, sy, 0, 0)
        elif name == "matrix":
            step = tuple(numbers)
        else:  # rotate, skew: a text box would no longer be upright
            raise ValueError(f"unsupported transform {name!r}")
        matrix = _multiply(matrix, step)
    return matrix


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def read(svg: str, measure: Callable[[str, float, bool], float]) -> Figure:
    root = ET.fromstring(svg)
    figure = Figure(float(root.get("width")), float(root.get("height")))

    def walk(node, matrix: Matrix, panels: tuple[str, ...]):
        matrix = _multiply(matrix, _transform(node.get("transform")))
        ident = node.get("id") or ""
        if node.tag == f"{SVG}g" and ident.startswith("box"):
            rect = next((child for child in node if child.tag == f"{SVG}rect"), None)
            if rect is not None:
                x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
                x0, y0 = _apply(matrix, x, y)
                x1, y1 = _apply(matrix, x + float(rect.get("width")),
                                y + float(rect.get("height")))
                figure.panels[ident] = Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
                panels = panels + (ident,)
        if node.tag == f"{SVG}text":
            figure.texts.append(_text(node, matrix, panels, measure))
            return
        for child in node:
            walk(child, matrix, panels)

    walk(root, IDENTITY, ())
    return figure


def _text(node, matrix: Matrix, panels, measure) -> Text:
    scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
    size = float(node.get("font-size")) * scale
    bold = node.get("font-weight") == "bold"
    text = node.text or ""
    x, y = _apply(matrix, float(node.get("x", 0)), float(node.get("y", 0)))
    width = measure(text, size, bold)
    anchor = node.get("text-anchor", "start")
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Text(text, size, bold, Box(x0, y - ASCENT * size, x0 + width, y + DESCENT * size),
                panels)


def problems(figure: Figure, label_size: float, max_height: float | None = None) -> list[str]:
    """Everything wrong with a figure's text, one line each (empty when all is well)."""
    found = []
    if max_height is not None and figure.height > max_height + 1e-6:
        found.append(f"height {figure.height:.1f} > max_height {max_height:g}")
    canvas = Box(0, 0, figure.width, figure.height)
    for item in figure.texts:
        if not item.text.strip():
            continue
        if item.size < label_size - 1e-6:
            found.append(f"{item.text!r}: size {item.size:.2f} < label size {label_size:g}")
        if not canvas.contains(item.box, slack=0.0):
            found.append(f"{item.text!r}: outside the canvas {_fmt(item.box)}")
        for panel in item.panels:
            if not figure.panels[panel].contains(item.box):
                found.append(f"{item.text!r}: outside its panel {panel} {_fmt(item.box)}")
    texts = [t for t in figure.texts if t.text.strip()]
    for i, first in enumerate(texts):
        for second in texts[i + 1:]:
            if first.box.overlaps(second.box, slack=0.01):
                found.append(f"{first.text!r} overlaps {second.text!r}")
    return found


def _fmt(box: Box) -> str:
    return f"({box.x0:.0f},{box.y0:.0f})-({box.x1:.0f},{box.y1:.0f})"
