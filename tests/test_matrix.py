"""Every edition a clinic can ask for, checked on the PDF read back.

The matrix: every language x {letter, a4} x {plain, large print, booklet,
large-print booklet} x {no clinic, the example clinic}. The whole matrix runs
in CI (``-m slow``); the quick run checks a seeded sample that always includes
a right-to-left large-print booklet with a clinic.

Booklets are checked as laid out (half-size pages, before imposition), which
is what a reader sees on each half of a sheet; imposition has its own tests.
"""
from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

import pdfcheck
from conftest import ROOT, SECTIONS

LANGS = sorted(p.name for p in SECTIONS.iterdir() if (p / "handout.yaml").is_file())
PAPERS = ("letter", "a4")
FORMATS = {"plain": (False, False), "large-print": (True, False), "booklet": (False, True),
           "large-print-booklet": (True, True)}
EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"
CLINICS = {"no-clinic": None, "example-clinic": EXAMPLE}
MATRIX = list(itertools.product(LANGS, PAPERS, FORMATS, CLINICS))
# the quick run: a right-to-left large-print booklet, a Chinese A4 booklet and English
# with a clinic; the whole matrix runs in CI (slow)
SAMPLE = [("ar", "letter", "large-print-booklet", "example-clinic"),
          ("zh-Hans", "a4", "booklet", "no-clinic"),
          ("en", "letter", "plain", "example-clinic")]


def _id(case) -> str:
    return "-".join(case)


@lru_cache(maxsize=8)
def laid_out(lang: str, paper: str, fmt: str, clinic: str, folder: str):
    """(edition, path of the PDF as laid out) for one cell of the matrix."""
    from booklet.build import EditionRequest, resolve_edition
    from booklet.pdf.writer import render

    large_print, booklet = FORMATS[fmt]
    request = EditionRequest(SECTIONS, lang, CLINICS[clinic], paper, large_print, booklet)
    edition = resolve_edition(request)
    pdf, _ = render(edition)
    path = Path(folder) / f"{_id((lang, paper, fmt, clinic))}.pdf"
    path.write_bytes(pdf)
    return edition, path


def check_edition(edition, path: Path) -> list[str]:
    problems: list[str] = []
    tree = pdfcheck.structure(path)
    texts = pdfcheck.texts_by_element(path)
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        kinds = _page_kinds(edition, len(pages))
        lines_by_page = [pdfcheck.text_lines(page, index) for index, page in enumerate(pages)]
        for index, page in enumerate(pages):
            lines = lines_by_page[index]
            problems += pdfcheck.overlapping_lines(lines)
            problems += pdfcheck.lines_across_boxes(page, lines)
            problems += pdfcheck.near_edges(page, index)
            problems += _sizes(edition, lines, index)
        problems += _page_endings(tree, texts, lines_by_page, kinds)
        problems += _clinic_fields(edition, path, kinds)
        problems += _half_empty(pages, lines_by_page, kinds)
    return problems


def _page_kinds(edition, count: int) -> list[str]:
    """cover, body, notes or back, as the layout made them."""
    from booklet.layout.story import compose
    from booklet.pdf.writer import figure_programs

    composition = compose(edition, figure_programs(edition))
    kinds = [page.kind for page in composition.pages]
    assert len(kinds) == count
    return kinds


def _sizes(edition, lines, index) -> list[str]:
    """Large print: every glyph 16 pt or more. Normal print: figure labels 10 pt or more."""
    problems = []
    for line in lines:
        if edition.large_print and line.size < 16 - 0.05:
            problems.append(f"page {index + 1}: {line.text[:30]!r} at {line.size:.1f} pt "
                            f"in large print")
        elif line.tag == "Figure" and line.size < 10 - 0.05:
            problems.append(f"page {index + 1}: figure label {line.text[:30]!r} at "
                            f"{line.size:.1f} pt")
    return problems


def _page_endings(tree, texts, lines_by_page, kinds) -> list[str]:
    problems = []
    last_body = max(i for i, kind in enumerate(kinds) if kind == "body")
    for index, lines in enumerate(lines_by_page):
        if kinds[index] != "body" or index == last_body:
            continue
        body = [line for line in lines if line.tag != "Artifact" and line.mcid is not None]
        if not body:
            continue
        last = max(body, key=lambda line: line.bottom)
        why = pdfcheck.page_ending(tree, index, last.mcid,
                                   lambda element: texts.get(element.objgen, ""))
        if why:
            problems.append(f"page {index + 1} ends with {why}: {last.text[:40]!r}")
    return problems


def _clinic_fields(edition, path, kinds) -> list[str]:
    """Every field of the profile is printed on the cover or the back page."""
    import subprocess

    clinic = edition.clinic
    if clinic is None:
        return []
    last = max(i for i, kind in enumerate(kinds) if kind in ("body", "back"))
    printed = _squash(" ".join(
        subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), str(path), "-"],
                       capture_output=True, text=True, check=True).stdout
        for i in sorted({0, last})))
    problems = []
    for key in ("name", "phone", "after_hours", "display_website", "email", "address"):
        value = getattr(clinic, key)
        if value and _squash(value) not in printed:
            problems.append(f"the clinic's {key} ({value!r}) is on neither the cover nor "
                            f"the back page")
    return problems


def _half_empty(pages, lines_by_page, kinds) -> list[str]:
    """No page but the last is more than half empty, unless what opens the next page
    (a figure with its caption, a box that stays whole) could not start there."""
    body = [i for i, kind in enumerate(kinds) if kind == "body"]
    content = {i: [line for line in lines_by_page[i] if line.tag != "Artifact"]
               for i in body}
    tops = [min(line.top for line in lines) for lines in content.values() if lines]
    bottoms = [max(line.bottom for line in lines) for lines in content.values() if lines]
    if not tops:
        return []
    frame_top, frame_bottom = min(tops), max(bottoms)
    problems = []
    for index in body[:-1]:
        lines = content[index]
        if not lines:
            problems.append(f"page {index + 1} is empty")
            continue
        used = max(line.bottom for line in lines)
        if (used - frame_top) / (frame_bottom - frame_top) >= 0.5:
            continue
        left = frame_bottom - used
        following = content.get(index + 1, [])
        opening = _opening_height(pages[index + 1], following, frame_top)
        if opening is not None and following:
            # placed after this page's text it needs the space that goes before it
            # (a line's worth: a heading's or a box's space above), which the ink
            # measured at the next page's top does not show
            opening += min(following, key=lambda line: line.top).size * 1.5
        if opening is None or opening <= left:
            problems.append(f"page {index + 1} is more than half empty and what follows "
                            f"could have started there ({left:.0f} pt left, "
                            f"{opening if opening is None else round(opening)} pt needed)")
    return problems


def _opening_height(page, lines, frame_top) -> float | None:
    """The height of what opens a page when it could not be split: a box that stays
    whole, or a figure with its caption (and the short lead-in before it)."""
    if not lines:
        return None
    first = min(lines, key=lambda line: line.top)
    opening = [box for box in pdfcheck.boxes(page)
               if box[1] <= first.top + 2 and box[3] > first.top and box[1] > 40]
    if opening:     # a box (not the draft banner) holds the page's first line
        x0, top, x1, bottom = min(opening, key=lambda box: box[1])
        return bottom - top
    # a heading kept with the box right under it (a section title and its first box)
    if (first.tag or "").startswith("H"):
        boxes = sorted((box for box in pdfcheck.boxes(page) if box[1] > 40),
                       key=lambda box: box[1])
        under = [box for box in boxes if 0 <= box[1] - first.top < 4 * first.size * 1.5]
        if under:
            # boxes that follow one another closely stay together (the call guide)
            bottom = under[0][3]
            for box in boxes:
                if box[1] > under[0][1] and box[1] - bottom < 14:
                    bottom = box[3]
            return bottom - frame_top
    figure = [line for line in lines if line.tag in ("Figure", "Caption")]
    shapes = [s for s in page.curves + page.rects if s.get("tag") == "Figure"]
    tops = [line.top for line in figure] + [s["top"] for s in shapes]
    # a figure at the top, or after the few lines of the lead-in kept with it
    if tops and min(tops) - first.top < 6 * first.size * 1.5:
        bottom = max([line.bottom for line in figure] + [s["bottom"] for s in shapes])
        return bottom - frame_top
    return None


def _squash(text: str) -> str:
    for mark in "\u200e\u200f\u202a\u202b\u202c":
        text = text.replace(mark, "")
    return "".join(text.split())


@pytest.mark.parametrize("case", SAMPLE, ids=_id)
def test_sample_of_the_matrix(case, tmp_path_factory):
    edition, path = laid_out(*case, str(tmp_path_factory.mktemp("matrix")))
    assert check_edition(edition, path) == []


@pytest.mark.slow
@pytest.mark.parametrize("case", MATRIX, ids=_id)
def test_whole_matrix(case, tmp_path_factory):
    edition, path = laid_out(*case, str(tmp_path_factory.mktemp("matrix")))
    assert check_edition(edition, path) == []
