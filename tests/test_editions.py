"""Print formats: A4 reflows, large print is large, the booklet is imposed in fold order."""
from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet.impose import sheet_order
from conftest import run_cli


_BUILT: dict = {}


def _build(tmp_path, *options):
    """The edition the command line writes for ``options`` (built once per module:
    the tests only read it)."""
    out = tmp_path / "handout.pdf"
    if options in _BUILT:
        out.write_bytes(_BUILT[options])
        return out
    result = run_cli("--out", out, *options)
    assert result.code == 0, result.err
    _BUILT[options] = out.read_bytes()
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


def _halves(path):
    """Each half-sheet's text, in booklet page order (left then right, side by side)."""
    with pdfplumber.open(path) as pdf:
        out = []
        for side in pdf.pages:
            w, h = side.width, side.height
            out.append(side.crop((0, 0, w / 2, h)).extract_text() or "")
            out.append(side.crop((w / 2, 0, w, h)).extract_text() or "")
    return out


@pytest.mark.parametrize("lang,rtl", [("en", False), ("ar", True)])
def test_booklet_is_imposed_in_fold_order(tmp_path, lang, rtl):
    out = _build(tmp_path, "--booklet", "--lang", lang)
    reader = PdfReader(out)
    sides = reader.pages
    width, height = float(sides[0].mediabox.width), float(sides[0].mediabox.height)
    assert width > height  # landscape sheets
    page_count = 2 * len(sides)
    assert page_count % 4 == 0
    halves = _halves(out)
    placed = [index for pair in sheet_order(page_count, rtl) for index in pair]
    by_page = dict(zip(placed, halves))
    manifest_title = "Ketamine treatment for depression" if lang == "en" else None
    for index, text in by_page.items():
        number = index + 1
        numbers = {int(n) for n in re.findall(r"(?<![\w-])\d+(?![\w-])", text)}
        if number == 1:
            assert manifest_title is None or manifest_title in " ".join(text.split())
        elif number < page_count - 1:        # body and notes pages carry "page n of N"
            assert {number, page_count} <= numbers, (number, text[-120:])
    # the first side: the cover on the right for left-to-right, on the left for Arabic
    first_left, first_right = sheet_order(page_count, rtl)[0]
    assert (first_left, first_right) == ((0, page_count - 1) if rtl else (page_count - 1, 0))


def test_right_to_left_sheet_order_mirrors_left_to_right():
    assert sheet_order(8, rtl=True) == [(0, 7), (6, 1), (2, 5), (4, 3)]


def test_a4_booklet_prints_on_a4_landscape_sheets(tmp_path):
    out = _build(tmp_path, "--booklet", "--paper", "a4")
    page = PdfReader(out).pages[0]
    millimetres = [round(float(v) / 72 * 25.4) for v in (page.mediabox.width,
                                                          page.mediabox.height)]
    assert millimetres == [297, 210]
    letter = _build(tmp_path, "--booklet")
    page = PdfReader(letter).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (792, 612)


def test_imposed_booklet_keeps_outline_metadata_language_and_id(tmp_path):
    import pikepdf

    single = _build(tmp_path, "--booklet")
    reader = PdfReader(single)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Ketamine treatment for depression"
    assert reader.trailer["/ID"]
    halves = _halves(single)
    placed = [i for pair in sheet_order(2 * len(reader.pages)) for i in pair]
    side_of = {page: position // 2 for position, page in enumerate(placed)}
    for item in reader.outline:
        side = reader.get_destination_page_number(item)
        # the sheet side that outline entry opens holds the section's title
        texts = " ".join(" ".join(halves[2 * side + k].split()) for k in (0, 1))
        assert " ".join(item.title.split()) in texts, item.title
        assert side in side_of.values()
    with pikepdf.open(single) as pdf:
        for side in pdf.pages:
            assert "/Annots" not in side      # no links to pages the print file lacks
        assert len(pdf.pages) == len(reader.pages)
    again = tmp_path / "again.pdf"
    assert run_cli("--booklet", "--out", again).code == 0
    assert again.read_bytes() == single.read_bytes()


def test_booklet_pads_with_notes_pages_before_the_back_cover(tmp_path):
    out = _build(tmp_path, "--booklet")
    reader = PdfReader(out)
    page_count = 2 * len(reader.pages)
    placed = [index for pair in sheet_order(page_count) for index in pair]
    by_page = dict(zip(placed, _halves(out)))
    ordered = [by_page[i] for i in range(page_count)]
    assert "From your care team" in ordered[-1]       # the back cover ends the booklet
    notes = [i for i, text in enumerate(ordered) if "Notes" in text.splitlines()]
    sources = max(i for i, text in enumerate(ordered)
                  if "Where this information comes from" in " ".join(text.split()))
    # the notes pages pad the booklet just before its back cover, after the last section
    assert notes == list(range(page_count - 1 - len(notes), page_count - 1))
    assert all(n > sources for n in notes)


@pytest.mark.parametrize("lang", ["vi", pytest.param("en", marks=pytest.mark.slow),
                                  pytest.param("zh-Hans", marks=pytest.mark.slow)])
def test_every_page_of_a_large_print_booklet_carries_the_edition_id(lang):
    # on a half page at 16 pt the whole id may not fit beside the page number: the short
    # id (language, version, fingerprint) does, the same on every page
    import io

    from booklet.build import EditionRequest, resolve_edition
    from booklet.pdf.writer import render
    from conftest import ROOT, SECTIONS

    edition = resolve_edition(EditionRequest(SECTIONS, lang, ROOT / "clinics" / "example" /
                                             "clinic.yaml", "letter", True, True))
    pdf, pages = render(edition)
    ids = (edition.edition_id, edition.short_edition_id)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        footers = []
        for page in document.pages[1:-2]:       # between the cover and the back cover,
            # notes pages too
            text = page.extract_text() or ""
            found = [edition_id for edition_id in ids if edition_id in text]
            assert found, (page.page_number, text[-120:])
            footers.append(found[0])
    assert len(set(footers)) == 1, Counter(footers)
