"""Figures: pure, complete, legible at every size, in every language, unchanged
unless meant to change.

Every figure is drawn for every language at every (label size, tallest height)
pair the layout uses, and read back from its SVG (figures._inspect): it must fit
its height, keep every text at or above the label size, inside the canvas and
inside its panel, with no two texts overlapping, and show every label, wrapped
only where a line may break. A figure that numbers its parts and keys its labels
(half-page large print) draws each number once on the picture and once in the key.
The whole grid (360 drawings) is marked slow; a seeded sample of it, the tightest
size in every language and the half-page large print of the keyed figures run in
the quick suite.

Golden SVGs live in tests/golden/ (English, Letter size). After an intended
change to a figure, look at it, then regenerate them with:

    BOOKLET_REGENERATE_GOLDEN=1 python -m pytest tests/test_figures.py
"""
from __future__ import annotations

import dataclasses
import os
import random
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
import svgwrite
import yaml

from booklet import drawings, fonts
from booklet.build import EditionRequest, resolve_edition
from booklet.languages import language
from conftest import SECTIONS
from figures import FIGURE_NAMES, _inspect, figure_module, label_keys
from figures._common import NO_LINE_END, NO_LINE_START
from figures.synapse import LABEL_KEYS as LABEL_KEYS_SYNAPSE

GOLDEN = Path(__file__).parent / "golden"
LANGS = ["en", "es", "zh-Hans", "vi", "ar"]
SVG_NS = "{http://www.w3.org/2000/svg}"
# (label size, tallest drawing) in canvas units, as the layout asks for them:
# Letter, A4, large print Letter and A4, booklet Letter and A5, large-print
# booklet Letter and A5.
PAIRS = [(15.1, 640), (15.7, 700), (23.0, 720), (23.9, 760), (23.6, 800), (22.0, 700),
         (36.0, 780), (33.5, 700),
         # a half page to itself: the English (1000, 895) and a draft translation under
         # its banner (860, 760), Letter and A5
         (36.0, 1000), (36.0, 860), (33.4, 895), (33.4, 760)]
# the figures whose labels become a numbered key when they would squeeze the picture
KEYED = ("synapse",)
GRID = [(name, lang, pair) for name in FIGURE_NAMES for lang in LANGS for pair in PAIRS]
SAMPLE = random.Random(20261130).sample(GRID, 16)
GOLDEN_PAIR = PAIRS[0]


def _edition(lang, **options):
    return resolve_edition(EditionRequest(SECTIONS, lang, **options))


@lru_cache(maxsize=None)
def _labels(lang: str) -> dict:
    return yaml.safe_load((SECTIONS / lang / "figures.yaml").read_text("utf-8"))


@lru_cache(maxsize=None)
def _theme(lang: str, size: float, max_height: float):
    return dataclasses.replace(drawings.figure_theme(language(lang), size), max_height=max_height)


@lru_cache(maxsize=None)
def _measure(lang: str):
    """The real font measurer, remembered across the whole run."""
    measure = fonts.measurer(fonts.FONT_SETS[language(lang).font_set])
    return lru_cache(maxsize=None)(measure)


def _draw(name: str, lang: str, pair) -> str:
    return figure_module(name).draw(dict(_labels(lang)[name]), _theme(lang, *pair)).tostring()


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]


def _squash(text: str) -> str:
    return "".join(text.split())


def _callout_numbers(texts: list[str], labels: dict) -> list[str]:
    """The numbers a figure draws that are not labels of its own (a label may be a
    number: the cascade's steps): the markers of a numbered key, in drawing order."""
    spare = [text for text in labels.values() if text.strip().isdigit()]
    numbers = []
    for text in (t.strip() for t in texts):
        if text.isdigit():
            if text in spare:
                spare.remove(text)
            else:
                numbers.append(text)
    return numbers


def _check_callouts(numbers: list[str], where) -> None:
    """A numbered key: every number 1..n once on the picture and once in the key, the
    key's in order (the picture is drawn first)."""
    if not numbers:
        return
    count = max(int(n) for n in numbers)
    assert sorted(numbers, key=int) == [str(i) for i in range(1, count + 1) for _ in (0, 1)], \
        (where, numbers)
    assert numbers[count:] == [str(i) for i in range(1, count + 1)], (where, numbers)


# --- the grid: every figure, language and size ----------------------------------------

def _check(name: str, lang: str, pair) -> None:
    size, max_height = pair
    svg = _draw(name, lang, pair)
    figure = _inspect.read(svg, _measure(lang))
    assert figure.width == 720
    problems = _inspect.problems(figure, size, max_height)
    assert not problems, f"{name} {lang} {pair}:\n" + "\n".join(problems[:12])

    labels = _labels(lang)[name]
    numbers = _callout_numbers([t.text for t in figure.texts], labels)
    _check_callouts(numbers, (name, lang, pair))
    drawn = _squash("".join(t.text for t in figure.texts))
    for key in label_keys(name):   # every label is drawn, whole and in order
        assert _squash(labels[key]) in drawn, (name, lang, pair, key)

    lines = [t.text.strip() for t in figure.texts if t.text.strip()]
    for number in numbers:
        lines.remove(number)
    if language(lang).line_breaking == "chars":
        for line in lines:   # Chinese: no closing mark starts a line, no opening one ends it
            assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, (name, line)
    else:   # other scripts: lines break between words, never inside one
        words = {w for key in label_keys(name) for w in labels[key].split()}
        for line in lines:
            for word in line.split():
                assert word in words, (name, lang, pair, word, line)


@pytest.mark.slow
@pytest.mark.parametrize("name, lang, pair", GRID)
def test_every_figure_fits_and_reads_at_every_size(name, lang, pair):
    _check(name, lang, pair)


@pytest.mark.parametrize("name, lang, pair", SAMPLE)
def test_a_sample_of_the_grid(name, lang, pair):
    _check(name, lang, pair)


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_large_print_booklet_fits_in_every_language(name):
    """The tightest pair (16 pt labels on a half-letter page) in every language."""
    for lang in LANGS:
        _check(name, lang, (36.0, 780))


# the half-page large-print pairs the booklets ask for: (36.0, 1000) and (33.4, 895) are
# English on Letter and A5, (36.0, 860) and (33.4, 760) a draft translation under its banner
HALF_PAGE_LARGE_PRINT = PAIRS[8:]
SMALLEST_PICTURE = 0.36   # of the canvas width: the synapse at no less than its own size


def _picture_box(svg: str, lang: str) -> _inspect.Box:
    """Where the picture (``<g id="picture">``) inks, in canvas units, as svglib
    draws it for the handout."""
    import copy

    from reportlab.graphics.shapes import Drawing

    drawing = drawings.svg_to_drawing(svg, "figure", language(lang))

    def path_to(group, path=()):
        for child in getattr(group, "contents", []):
            if getattr(child, "svgid", None) == "picture":
                return path + (child,)
            found = path_to(child, path + (child,))
            if found:
                return found
        return None

    path = path_to(drawing)
    assert path, "no picture group"

    def only(group, depth):   # the group with nothing but the way down to the picture
        if depth == len(path) - 1:
            return group
        pruned = copy.copy(group)
        pruned.contents = [only(path[depth + 1], depth + 1)]
        return pruned

    alone = Drawing(drawing.width, drawing.height)
    alone.contents = [only(path[0], 0)]
    x0, y0, x1, y1 = alone.getBounds()
    unit = drawing.width / 720   # points per canvas unit; PDF y runs up
    return _inspect.Box(x0 / unit, (drawing.height - y1) / unit, x1 / unit,
                        (drawing.height - y0) / unit)


@pytest.mark.parametrize("pair", HALF_PAGE_LARGE_PRINT)
def test_half_page_large_print_numbers_the_synapse_parts_and_keys_the_labels(pair):
    """On a half page at 16 pt, labels beside the synapse would squeeze the picture:
    it is drawn large with a numbered marker on each part, and the labels are a key
    of the same numbers, in every language; right-to-left mirrors it."""
    size = pair[0]
    for lang in LANGS:
        _check("synapse", lang, pair)
        svg = _draw("synapse", lang, pair)
        figure = _inspect.read(svg, _measure(lang))
        labels = _labels(lang)["synapse"]
        numbers = _callout_numbers([t.text for t in figure.texts], labels)
        count = len(LABEL_KEYS_SYNAPSE) - 2   # every label but the takeaway and footnote
        assert numbers == [str(i) for i in range(1, count + 1)] * 2, (lang, pair, numbers)

        picture = _picture_box(svg, lang)
        assert picture.x1 - picture.x0 >= SMALLEST_PICTURE * 720, (lang, pair, picture)
        rtl = language(lang).direction == "rtl"
        # the picture on the reading-start side
        assert ((picture.x0 + picture.x1) / 2 > 360) == rtl, (lang, pair, picture)

        digits = [t for t in figure.texts if t.text.strip().isdigit()]
        words = [t for t in figure.texts if not t.text.strip().isdigit()]
        markers, key = digits[:count], digits[count:]
        near = 1.5 * size   # a marker touches its part from outside, at most its width off
        reach = _inspect.Box(picture.x0 - near, picture.y0 - near, picture.x1 + near,
                             picture.y1 + near)
        for marker in markers:   # on the picture, by the part it names
            assert reach.contains(marker.box), (lang, pair, marker.text, marker.box)
        for number in key:       # off the picture, its words on its reading-end side
            assert not number.box.overlaps(picture), (lang, pair, number.text)
            after = [w for w in words if w.box.y0 < number.box.y1 and number.box.y0 < w.box.y1
                     and (0 <= number.box.x0 - w.box.x1 <= size if rtl
                          else 0 <= w.box.x0 - number.box.x1 <= size)]
            assert after, (lang, pair, "no words beside key number", number.text)


@pytest.mark.parametrize("name", KEYED)
def test_ordinary_pages_keep_the_labels_beside_the_picture(name):
    """Letter, A4 and the booklet's own size: no numbered key."""
    for lang in LANGS:
        for pair in PAIRS[:6]:
            assert not _callout_numbers(_texts(_draw(name, lang, pair)), _labels(lang)[name]), \
                (name, lang, pair)


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_a_figure_that_cannot_fit_says_so(name):
    """Labels far too long for the page: a clear error, never smaller text."""
    labels = {key: " ".join([text] * 6) for key, text in _labels("en")[name].items()}
    with pytest.raises(ValueError, match=rf"figure '{name}' does not fit the page at label "
                                         r"size 36: it needs \d+ canvas units"):
        figure_module(name).draw(labels, _theme("en", 36.0, 780))


# --- the inspector itself must catch what it is there to catch ----------------------------

def _svg_with(*texts, height=100, panel=None) -> str:
    dwg = svgwrite.Drawing(size=(720, height), profile="full", debug=False)
    parent = dwg
    if panel:
        parent = dwg.g(id="box-test")
        parent.add(dwg.rect(panel[:2], panel[2:]))
        dwg.add(parent)
    for text, x, y, size, anchor in texts:
        parent.add(dwg.text(text, insert=(x, y), font_size=size, text_anchor=anchor))
    return dwg.tostring()


def test_the_inspector_finds_overlaps_small_text_and_spills():
    def width(text, size, bold):
        return len(text) * size * 0.5

    clean = _inspect.read(_svg_with(("left", 10, 30, 16, "start"),
                                    ("right", 710, 30, 16, "end")), width)
    assert _inspect.problems(clean, 16) == []
    overlapping = _inspect.read(_svg_with(("first words", 10, 30, 16, "start"),
                                          ("second", 40, 36, 16, "start")), width)
    assert any("overlaps" in p for p in _inspect.problems(overlapping, 16))
    small = _inspect.read(_svg_with(("tiny", 10, 30, 12, "start")), width)
    assert any("size 12" in p for p in _inspect.problems(small, 16))
    # an end anchor puts the text left of x, as right-to-left labels are drawn
    spill = _inspect.read(_svg_with(("spills left", 20, 30, 16, "end")), width)
    assert any("outside the canvas" in p for p in _inspect.problems(spill, 16))
    boxed = _inspect.read(_svg_with(("outside", 100, 30, 16, "start"),
                                    panel=(10, 10, 80, 40)), width)
    assert any("outside its panel" in p for p in _inspect.problems(boxed, 16))
    assert any("max_height" in p for p in _inspect.problems(clean, 16, max_height=50))


# --- contracts ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_label_keys_match_the_module(name):
    assert label_keys(name) == tuple(figure_module(name).LABEL_KEYS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_exactly_the_labels_each_figure_draws(lang):
    labels = _labels(lang)
    assert set(labels) == set(FIGURE_NAMES)
    for name in FIGURE_NAMES:
        assert set(labels[name]) == set(label_keys(name)), (lang, name)
        assert all(isinstance(text, str) and text.strip() for text in labels[name].values())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_every_figure_converts_for_the_handout(name, lang):
    edition = _edition(lang)
    labels = tuple(sorted(edition.figure_labels[name].items()))
    svg = drawings.figure_svg(name, labels, edition.lang, round(edition.figure_label_units, 2))
    drawing = drawings.svg_to_drawing(svg, name, edition.lang)
    assert drawing.width > 0 and drawing.height > 0


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figures_are_pure(name):
    labels = dict(_labels("ar")[name])
    theme = _theme("ar", 23.0, 720)
    first = figure_module(name).draw(labels, theme).tostring()
    assert figure_module(name).draw(dict(labels), theme).tostring() == first
    assert labels == _labels("ar")[name]   # inputs untouched
    assert theme == _theme("ar", 23.0, 720)


@pytest.mark.parametrize("pair", [PAIRS[0], PAIRS[6], PAIRS[9]])
@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_no_label_text_is_hard_coded(name, pair):
    """Swap every label for a marker: no other word may appear in the drawing."""
    labels = {key: f"L{index}" for index, key in enumerate(label_keys(name))}
    texts = _texts(figure_module(name).draw(labels, _theme("en", *pair)).tostring())
    numbers = _callout_numbers(texts, labels)   # a numbered key's markers: 1..n, twice
    _check_callouts(numbers, (name, pair))
    for text in texts:
        assert text.strip() in numbers or text.strip() == "" or text.strip().startswith("L"), text


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_only_what_svglib_renders(name):
    for pair in (PAIRS[0], PAIRS[6]):
        svg = _draw(name, "ar", pair)
        for banned in ("Gradient", "<pattern", "<mask", "<filter", "<marker", "<textPath",
                       "<foreignObject", "<image", "<tspan", "opacity", "class=", "rotate("):
            assert banned not in svg, banned


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_right_to_left_mirrors_what_reads_in_a_direction(name):
    """The first label of the figure starts nearer the right edge in Arabic than in
    English: panels, columns and time run the other way."""
    first_key = {"synapse": "takeaway", "road_repair": "before_title",
                 "brain_regions": "takeaway", "cascade": "footnote",
                 "timeline": "lane_ketamine", "session_day": "before_title"}[name]

    def reading_start(lang):
        figure = _inspect.read(_draw(name, lang, PAIRS[0]), _measure(lang))
        first = _labels(lang)[name][first_key].split()[0]
        box = next(t.box for t in figure.texts if t.text.strip().startswith(first))
        return box.x1 if lang == "ar" else box.x0

    assert reading_start("ar") > 720 - reading_start("en") - 80


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_golden_svg(name):
    fonts.register(fonts.FONT_SETS[language("en").font_set])
    svg = _draw(name, "en", GOLDEN_PAIR)
    golden = GOLDEN / f"{name}.svg"
    if os.environ.get("BOOKLET_REGENERATE_GOLDEN") or not golden.exists():
        golden.write_text(svg, "utf-8")
    assert svg == golden.read_text("utf-8"), (
        f"{name} changed; look at it, then regenerate with BOOKLET_REGENERATE_GOLDEN=1")


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_label_keys_read_from_the_source_are_the_modules_own(name):
    """Content is checked against keys read without importing the drawing code; they
    must be the keys the module itself declares."""
    import importlib

    from figures import label_keys

    assert label_keys(name) == tuple(importlib.import_module(f"figures.{name}").LABEL_KEYS)
