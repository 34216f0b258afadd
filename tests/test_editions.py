"""Print formats: A4 reflows, large print is large, the booklet is imposed in fold order."""
from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet.impose import sheet_order
from conftest import run_cli


def _build(tmp_path, *options):
    out = tmp_path / "handout.pdf"
    result = run_cli("--out", out, *options)
    assert result.code == 0, result.err
    return out


def _body_sizes(path):
    """The most common character size on body pages: the body text size."""
    sizes = Counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[2:6]:
            for char in page.chars:
                sizes[round(char["size"], 1)] += 1
    return sizes


def test_body_text_is_at_least_12pt(english_pdf):
    size, _ = _body_sizes(english_pdf).most_common(1)[0]
    assert size >= 12


def test_a4_reflows_instead_of_scaling(tmp_path, english_pdf):
    a4 = _build(tmp_path, "--paper", "a4")
    page = PdfReader(a4).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert _body_sizes(a4).most_common(1)[0][0] == _body_sizes(english_pdf).most_common(1)[0][0]


def test_large_print_has_16pt_body_and_more_pages(tmp_path, english_pdf):
    large = _build(tmp_path, "--large-print")
    size, _ = _body_sizes(large).most_common(1)[0]
    assert size >= 16
    assert len(PdfReader(large).pages) > len(PdfReader(english_pdf).pages)
    text = " ".join(p.extract_text() for p in PdfReader(large).pages)
    assert "Side effects and safety" in text


def test_sheet_order_for_eight_pages():
    assert sheet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    with pytest.raises(ValueError):
        sheet_order(6)


def test_booklet_is_imposed_in_fold_order(tmp_path):
    out = _build(tmp_path, "--booklet")
    reader = PdfReader(out)
    sides = reader.pages
    assert len(sides) % 2 == 0
    width, height = float(sides[0].mediabox.width), float(sides[0].mediabox.height)
    assert width > height  # landscape sheets
    page_count = 2 * len(sides)
    assert page_count % 4 == 0
    # read each half-sheet's footer number back and compare with booklet order
    with pdfplumber.open(out) as pdf:
        for side, (left, right) in zip(pdf.pages, sheet_order(page_count)):
            for index, half in ((left, (0, 0, width / 2, height)),
                                (right, (width / 2, 0, width, height))):
                text = side.crop(half).extract_text() or ""
                number = index + 1
                if number == 1:
                    assert "Ketamine treatment for depression" in " ".join(text.split())  # cover
                else:
                    assert re.search(rf"Page {number} of {page_count}\b", text), \
                        (number, text[-200:])


def test_booklet_pads_with_notes_pages_before_the_back_page(tmp_path):
    out = _build(tmp_path, "--booklet")
    with pdfplumber.open(out) as pdf:
        halves = []
        for side in pdf.pages:
            w, h = side.width, side.height
            halves.append(side.crop((0, 0, w / 2, h)).extract_text() or "")
            halves.append(side.crop((w / 2, 0, w, h)).extract_text() or "")
    count = len(halves)
    by_number = {}
    for text in halves:
        found = re.search(r"Page (\d+) of", text)
        if found:
            by_number[int(found.group(1))] = text
    sources = min(n for n, text in by_number.items() if n > 3  # past the contents
                  and "Where this information comes from" in " ".join(text.split()))
    assert "From your care team" in by_number[count]  # the back page ends the booklet
    notes = sorted(n for n, text in by_number.items() if "Notes" in text.splitlines())
    # the notes pages pad the booklet just before its back cover, after the sources
    assert notes == list(range(count - len(notes), count))
    assert all(n > sources for n in notes)
