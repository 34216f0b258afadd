"""The real handout, read back from its PDF: order, contents, fonts, vectors, outline."""
from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import markup
from conftest import SECTIONS, run_cli

BASE_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def squash(text: str) -> str:
    """Text without whitespace and hyphen breaks, for robust containment checks."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reader(english_pdf):
    return PdfReader(english_pdf)


@pytest.fixture(scope="module")
def page_texts(reader):
    return [page.extract_text() or "" for page in reader.pages]


def test_page_count_is_a_handout(reader):
    # cover, contents and back page included; see README "Page count"
    assert 8 <= len(reader.pages) <= 15


def test_every_section_title_appears_in_order(page_texts, english_content):
    body = squash("".join(page_texts[2:]))
    position = 0
    for section in english_content.sections:
        title = squash(markup.plain(section.title))
        found = body.find(title, position)
        assert found >= 0, f"section title {section.title!r} missing or out of order"
        position = found + len(title)


def contents_lines(pdf_path):
    """The contents page as (text, number) pairs, read by position on the page."""
    with pdfplumber.open(pdf_path) as pdf:
        words = pdf.pages[1].extract_words()
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["bottom"]):
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) < 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    out = []
    for row in rows:
        row = sorted(row, key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in row if not set(w["text"]) <= {"."})
        out.append(text)
    return out


def test_contents_lists_the_pages_where_sections_start(english_pdf, reader, page_texts,
                                                        english_content):
    outline_pages = {item.title: reader.get_destination_page_number(item) + 1
                     for item in reader.outline}
    lines = contents_lines(english_pdf)
    for number, section in enumerate(english_content.sections, 1):
        title = markup.plain(section.title)
        start = outline_pages[title]
        # the section heading really is on that page
        assert squash(title) in squash(page_texts[start - 1])
        # and its contents line reads "number title ... page"
        line = next(l for l in lines if squash(title) in squash(l))
        assert re.fullmatch(rf"{number} .+ {start}", line), (line, start)


def test_outline_has_one_entry_per_section(reader, english_content):
    titles = [item.title for item in reader.outline]
    assert titles == [markup.plain(s.title) for s in english_content.sections]


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            inner = (xobject.get("/Resources") or {}).get("/Font") or {}
            for font in inner.values():
                font = font.get_object()
                fonts[str(font["/BaseFont"])] = font
    return fonts


def test_fonts_are_embedded_subsets_and_never_base14(reader):
    fonts = _fonts(reader)
    assert fonts
    for name, font in fonts.items():
        assert not any(base in name for base in BASE_14), name
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not a subset"
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # Type0 fonts keep it on the descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    assert any("Atkinson" in name for name in fonts)


def test_no_base14_font_anywhere_in_the_file(english_pdf):
    data = english_pdf.read_bytes()
    for base in BASE_14:
        assert f"/{base}".encode() not in data


def test_figures_are_vectors_not_images(reader, page_texts, english_content):
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for xobject in xobjects.values():
            assert xobject.get_object().get("/Subtype") != "/Image"
    figure_count = sum(1 for s in english_content.sections for b in s.blocks
                       if b.kind == "figure")
    assert figure_count == 5


def test_figure_labels_are_real_text(page_texts, english_content):
    from booklet.build import load_language_pair

    content, _ = load_language_pair(SECTIONS, "en")
    text = squash("".join(page_texts))
    drawn = {b.name for s in content.sections for b in s.blocks if b.kind == "figure"}
    for figure, labels in content.figure_labels.items():
        if figure not in drawn:
            continue
        for key, label in labels.items():
            for line in label.split("\n"):
                assert squash(line) in text, f"{figure}.{key}: {line!r} not found as text"


def test_metadata_language_and_creator(reader):
    info = reader.metadata
    assert info.title == "Ketamine treatment for depression"
    assert info.author and info.subject and info.creator == "booklet"
    assert "ketamine" in (info.get("/Keywords") or "")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_header_and_footer_on_every_page_but_the_cover(page_texts):
    total = len(page_texts)
    assert f"Page 1 of {total}" not in page_texts[0]
    for number, text in enumerate(page_texts[1:], 2):
        assert f"Page {number} of {total}" in text
        assert "Ketamine treatment for depression" in text
        assert "en-v1.1-letter-" in text


def test_cover_and_back_page(page_texts):
    cover = page_texts[0]
    assert "Ketamine treatment for depression" in " ".join(cover.split())
    assert "English edition" in cover and "Last reviewed" in cover
    back = page_texts[-1]
    assert "Berman RM" in back or "Sanacora G" in back


def test_safety_content_is_printed(page_texts):
    text = " ".join(page_texts)
    assert "988" in text and "911" in text
    assert "off-label" in text
    assert "Spravato" in text


def test_two_builds_are_byte_identical(english_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    result = run_cli("--out", again)
    assert result.code == 0, result.err
    assert again.read_bytes() == english_pdf.read_bytes()


def test_default_build_goes_to_dist_and_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--sections", SECTIONS)
    assert result.code == 0, result.err
    pdf = tmp_path / "dist" / "handout-en-letter.pdf"
    assert pdf.exists()
    assert str(pdf.relative_to(tmp_path)) in result.out
    assert re.search(r"\d+ pages, [\d,]+ bytes", result.out)


def _lines_with_sizes(page):
    rows: list[list[dict]] = []
    for char in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) < 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [(max(c["size"] for c in row), "".join(c["text"] for c in row)) for row in rows]


@pytest.mark.parametrize("options", [(), ("--large-print",), ("--paper", "a4")])
def test_a_heading_never_ends_a_page(tmp_path, options):
    out = tmp_path / "h.pdf"
    assert run_cli("--out", out, *options).code == 0
    with pdfplumber.open(out) as pdf:
        for number, page in enumerate(pdf.pages[2:], 3):
            lines = _lines_with_sizes(page)[1:-1]  # without running header and footer
            if not lines:
                continue
            heading_size = 16 * 1.2 if "--large-print" in options else 16 - 0.5
            last_size, last_text = lines[-1]
            assert last_size < heading_size, f"page {number} ends with {last_text!r}"


def test_a_build_does_not_depend_on_what_the_process_built_before(english_pdf):
    """Batch workers build many editions in one process; none may leak into the next."""
    from booklet import drawings
    from booklet.build import EditionRequest, build_edition, resolve_edition

    for lang in ("zh-Hans", "ar", "vi", "es"):
        build_edition(EditionRequest(SECTIONS, lang))
        edition = resolve_edition(EditionRequest(SECTIONS, lang))
        labels = tuple(sorted(edition.figure_labels["synapse"].items()))
        drawings.svg_to_drawing(drawings.figure_svg("synapse", labels, edition.lang, 17.0), "x")
    again = build_edition(EditionRequest(SECTIONS, "en")).pdf
    third = build_edition(EditionRequest(SECTIONS, "en")).pdf  # replayed figure commands
    assert again == third == english_pdf.read_bytes()
