"""Figures: pure, complete, in every language, and unchanged unless meant to change.

Golden SVGs live in tests/golden/. After an intended change to a figure, look at
it, then regenerate them with:

    BOOKLET_REGENERATE_GOLDEN=1 python -m pytest tests/test_figures.py
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from booklet import drawings, fonts
from booklet.build import EditionRequest, resolve_edition
from booklet.languages import language
from conftest import SECTIONS
from figures import FIGURE_NAMES, figure_module, label_keys

GOLDEN = Path(__file__).parent / "golden"
LANGS = ["en", "es", "zh-Hans", "vi", "ar"]
SVG_NS = "{http://www.w3.org/2000/svg}"


def _edition(lang, **options):
    return resolve_edition(EditionRequest(SECTIONS, lang, **options))


def _svg(edition, name):
    labels = tuple(sorted(edition.figure_labels[name].items()))
    return drawings.figure_svg(name, labels, edition.lang, round(edition.figure_label_units, 2))


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_label_keys_match_the_module(name):
    assert label_keys(name) == tuple(figure_module(name).LABEL_KEYS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_every_figure_renders_in_every_language(name, lang):
    edition = _edition(lang)
    assert set(label_keys(name)) <= set(edition.figure_labels[name])
    svg = _svg(edition, name)
    texts = " ".join(_texts(svg)).replace(" ", "")
    for key in label_keys(name):
        for word in edition.figure_labels[name][key].split():
            assert word.replace(" ", "") in texts or len(word) > 12, (key, word)
    drawing = drawings.svg_to_drawing(svg, name, edition.lang)
    assert drawing.width > 0 and drawing.height > 0


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figures_are_pure(name):
    edition = _edition("en")
    labels = dict(edition.figure_labels[name])
    theme = drawings.figure_theme(edition.lang, 14.0)
    first = figure_module(name).draw(labels, theme).tostring()
    assert figure_module(name).draw(dict(labels), theme).tostring() == first
    assert labels == edition.figure_labels[name]  # inputs untouched


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_no_label_text_is_hard_coded(name):
    """Swap every label for a marker: no English word may remain in the drawing."""
    edition = _edition("en")
    labels = {key: f"L{index}" for index, key in enumerate(label_keys(name))}
    theme = drawings.figure_theme(edition.lang, 14.0)
    for text in _texts(figure_module(name).draw(labels, theme).tostring()):
        assert text.strip() == "" or text.strip().startswith("L") or text.strip() in "?!·", text


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_only_what_svglib_renders(name):
    svg = _svg(_edition("en"), name)
    for banned in ("Gradient", "<pattern", "<mask", "<filter", "<marker", "<textPath",
                   "<foreignObject", "<image", "<tspan", "opacity", "class="):
        assert banned not in svg, banned


@pytest.mark.parametrize("options", [{}, {"large_print": True}, {"booklet": True}])
@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_labels_print_at_8pt_or_more(name, options):
    edition = _edition("en", **options)
    drawing = drawings.figure_drawing(name, tuple(sorted(edition.figure_labels[name].items())),
                                      edition.lang, round(edition.figure_label_units, 2))
    frame = edition.page
    scale = min(frame.frame_width / drawing.width,
                frame.frame_height * 0.72 / drawing.height)
    smallest = min(float(el.get("font-size")) for el in
                   ET.fromstring(_svg(edition, name)).iter(f"{SVG_NS}text"))
    # svglib maps 1 SVG unit to 0.75 pt; the layout then scales the drawing to the frame
    assert smallest * 0.75 * scale >= 8.0 - 1e-6, (smallest, scale)


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_golden_svg(name):
    fonts.register(fonts.FONT_SETS[language("en").font_set])
    svg = _svg(_edition("en"), name)
    golden = GOLDEN / f"{name}.svg"
    if os.environ.get("BOOKLET_REGENERATE_GOLDEN") or not golden.exists():
        golden.write_text(svg, "utf-8")
    assert svg == golden.read_text("utf-8"), (
        f"{name} changed; look at it, then regenerate with BOOKLET_REGENERATE_GOLDEN=1")
