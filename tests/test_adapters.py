"""The adapters are the only places booklet uses a library beyond its documented API:
booklet/rl_adapter.py (ReportLab), booklet/svglib_adapter.py (svglib),
booklet/text/bidi.py (python-bidi's reference algorithm) and
booklet/pdf/pypdf_adapter.py (pypdf). Each test here exercises one of those uses
against the installed library, so an upgrade that changes what the adapter relies
on fails here, by name, rather than somewhere in a handout."""
from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from booklet import fonts, rl_adapter, svglib_adapter
from booklet.languages import language

LATIN = fonts.FONT_SETS[language("en").font_set]
ARABIC = fonts.FONT_SETS[language("ar").font_set]


@pytest.fixture(scope="module", autouse=True)
def registered():
    fonts.register(LATIN)
    fonts.register(ARABIC)


def _canvas():
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(io.BytesIO(), invariant=1, initialFontName=LATIN.name("regular"))


# --- ReportLab -------------------------------------------------------------------------

def test_page_entries_and_objects_of_our_own_reach_the_file():
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

    canvas = _canvas()
    canvas.drawString(72, 700, "Hello")
    own = rl_adapter.register(canvas, PDFDictionary({"Type": PDFName("StructTreeRoot")}))
    rl_adapter.catalog(canvas).StructTreeRoot = own
    canvas.showPage()
    page = rl_adapter.page_objects(canvas)[0]
    page.StructParents = 7
    page.Tabs = PDFName("S")
    data = rl_adapter.packed_pdf_data(canvas)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.StructTreeRoot.Type == "/StructTreeRoot"
        assert int(pdf.pages[0].StructParents) == 7 and pdf.pages[0].Tabs == "/S"


def test_the_packed_file_is_read_by_every_reader_and_identifies_its_content():
    first, second = _canvas(), _canvas()
    first.drawString(72, 700, "One")
    second.drawString(72, 700, "Two")
    one, two = rl_adapter.packed_pdf_data(first), rl_adapter.packed_pdf_data(second)
    assert one.startswith(b"%PDF-1.7") and b"/ObjStm" in one and b"/XRef" in one
    reader = PdfReader(io.BytesIO(one))
    assert "One" in reader.pages[0].extract_text()
    with pikepdf.open(io.BytesIO(one)) as pdf:
        assert len(pdf.pages) == 1
        first_id = bytes(pdf.trailer.ID[0])
    with pikepdf.open(io.BytesIO(two)) as pdf:
        assert bytes(pdf.trailer.ID[0]) != first_id
    again = _canvas()
    again.drawString(72, 700, "One")
    assert rl_adapter.packed_pdf_data(again) == one


def test_streams_are_compressed_at_our_level_and_reportlabs_filter_is_restored():
    # packed_pdf_data sets the encode of ReportLab's one Flate filter object
    # (pdfdoc.PDFZCompress) while it writes, and removes it after
    import zlib

    from reportlab.pdfbase import pdfdoc

    assert isinstance(pdfdoc.PDFZCompress, pdfdoc.PDFStreamFilterZCompress)
    canvas = _canvas()
    canvas.drawString(72, 700, "Compressed " * 200)
    data = rl_adapter.packed_pdf_data(canvas)
    assert "encode" not in vars(pdfdoc.PDFZCompress)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        raw = pdf.pages[0].Contents.read_raw_bytes()
        plain = pdf.pages[0].Contents.read_bytes()
    assert raw == zlib.compress(plain, rl_adapter.COMPRESSION_LEVEL)


def test_annotations_join_the_page_being_drawn():
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    canvas = _canvas()
    rl_adapter.add_annotation(canvas, PDFDictionary({
        "Type": PDFName("Annot"), "Subtype": PDFName("Link"),
        "Rect": PDFArray([0, 0, 10, 10]), "Contents": PDFString("a link")}))
    canvas.showPage()
    assert rl_adapter.page_reference(canvas, 0) is not None
    with pikepdf.open(io.BytesIO(rl_adapter.packed_pdf_data(canvas))) as pdf:
        assert str(pdf.pages[0].Annots[0].Contents) == "a link"


def test_subset_chunks_glyph_ids_and_font_files():
    canvas = _canvas()
    font = rl_adapter.font(canvas, LATIN.name("regular"))
    chunks = rl_adapter.subset_chunks(canvas, font, "Abc")
    assert len(chunks) == 1
    name, codes = chunks[0]
    assert name.startswith("/") and isinstance(codes, bytes) and len(codes) == 3
    assert rl_adapter.subset_chunks(canvas, font, "A")[0][1] == codes[:1]   # codes kept
    assert isinstance(rl_adapter.glyph_id(font, "A"), int)
    assert rl_adapter.glyph_id(font, "\U0010fffd") is None
    assert rl_adapter.font_path(font).endswith((".ttf", ".otf", ".TTF", ".OTF"))


def test_the_quick_path_for_known_characters_gives_reportlabs_codes():
    # subset_chunks reads ReportLab's per-document code table (font.state[doc]
    # .assignments) when every character already has a code: the same codes as
    # splitString, in the first subset and past it
    canvas = _canvas()
    font = rl_adapter.font(canvas, LATIN.name("regular"))
    many = "".join(chr(c) for c in range(0x41, 0x5b)) + "àáâãäåæçèéêëìíîïñòóôõöùúûüý" * 2
    first = rl_adapter.subset_chunks(canvas, font, many + "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚě")
    assert font.state[canvas._doc].assignments      # the table the quick path reads
    for text in ("ABC", "àé", "Āā", "A\u00a0B", "", "ĀA"):
        quick = rl_adapter.subset_chunks(canvas, font, text)
        slow = [(font.getSubsetInternalName(subset, canvas._doc), chunk)
                for subset, chunk in font.splitString(text, canvas._doc)]
        assert quick == slow, text
    assert first


def test_raw_objects_write_references_as_reportlab_does():
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString, format as pdf_format

    canvas = _canvas()
    target = rl_adapter.register(canvas, PDFDictionary({}))
    raw = rl_adapter.Raw([b"<< /K ", target, b" /T ", PDFString("x"), b" >>"])
    rl_adapter.register(canvas, raw)
    canvas.showPage()
    rl_adapter.packed_pdf_data(canvas)     # numbers every object
    doc = canvas._doc
    assert raw.format(doc) == b"<< /K " + pdf_format(target, doc) + b" /T " + \
        pdf_format(PDFString("x"), doc) + b" >>"


def test_one_file_serving_two_faces_is_one_font():
    from reportlab.pdfbase import pdfmetrics

    rl_adapter.alias_font("booklet-test-alias", LATIN.name("regular"))
    assert pdfmetrics.getFont("booklet-test-alias") is pdfmetrics.getFont(LATIN.name("regular"))


def test_text_maps_are_ours_and_a_raised_first_glyph_does_not_crash():
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen.textobject import PDFTextObject

    assert ttfonts.makeToUnicodeCMap is rl_adapter.make_to_unicode_cmap
    cmap = rl_adapter.make_to_unicode_cmap("ABCDEF+Face", list(range(32, 200)))
    assert "beginbfchar" in cmap and "endcmap" in cmap
    text = PDFTextObject(_canvas())
    text.setRise(2)          # ReportLab itself raises IndexError here (no code yet)


def test_a_glyph_can_read_as_other_letters():
    canvas = _canvas()
    font = rl_adapter.font(canvas, ARABIC.name("regular"))
    char = rl_adapter.glyph_read_as(font, "\ufefb", "\u0644\u0627")   # lam-alef ligature
    assert rl_adapter.letters_of(font, char) == "\u0644\u0627"


def test_drawings_render_to_operators_and_labels():
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib.colors import HexColor

    drawing = Drawing(100, 50)
    drawing.add(Rect(10, 10, 30, 20, fillColor=HexColor("#123456"), strokeColor=None))
    drawing.add(String(50, 25, "label", fontName=LATIN.name("regular"), fontSize=9,
                       fillColor=HexColor("#abcdef"), textAnchor="middle"))
    items = rl_adapter.drawing_items(drawing, LATIN.name("regular"))
    operators = [item for item in items if isinstance(item, str)]
    labels = [item for item in items if not isinstance(item, str)]
    assert any(" re" in op for op in operators)
    assert not any("Helvetica" in op or "BT" in op for op in operators)
    assert labels == [(50.0, 25.0, LATIN.name("regular"), 9.0, "#abcdef", "middle", "label")]


# --- svglib --------------------------------------------------------------------------------

def test_svg_text_in_the_handouts_family_uses_its_registered_font():
    from lxml import etree
    from reportlab.graphics.shapes import String

    svglib_adapter.map_family("booklet-test-family", "bold", "normal", LATIN.name("bold"))
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
           b'<text x="5" y="20" font-family="booklet-test-family" font-weight="bold" '
           b'font-size="10">Hi</text><text x="5" y="35" font-family="NoSuchFamilyXYZ" '
           b'font-size="10">Ho</text></svg>')
    drawing = svglib_adapter.render(etree.fromstring(svg), None)

    def strings(node):
        if isinstance(node, String):
            yield node
        for child in getattr(node, "contents", ()):
            yield from strings(child)

    found = {s.text: s.fontName for s in strings(drawing)}
    assert found["Hi"] == LATIN.name("bold")
    # an unknown family is never looked up on this machine (no system font leaks in)
    from svglib.fonts import FontMap

    assert FontMap().use_fontconfig("NoSuchFamilyXYZ") == (None, False)


# --- python-bidi ----------------------------------------------------------------------------

def test_resolved_levels_come_from_python_bidi_steps():
    from booklet.text.bidi import resolved_levels

    text = "abc \u0627\u0644\u0639 123"
    levels = resolved_levels(text, 0)
    assert len(levels) == len(text)
    assert levels[:3] == (0, 0, 0)
    assert levels[4:7] == (1, 1, 1)                 # Arabic letters, right to left
    assert levels[-3:] == (2, 2, 2) or levels[-3:] == (0, 0, 0)
    rtl = resolved_levels("\u0627\u0644\u0639 abc", 1)
    assert rtl[0] == 1 and rtl[-1] == 2             # Latin inside Arabic: level 2


# --- pypdf ------------------------------------------------------------------------------------

def test_the_imposed_file_keeps_the_identifier_it_is_given():
    from pypdf.generic import ByteStringObject

    from booklet.pdf.pypdf_adapter import set_document_id

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    identifier = [ByteStringObject(b"0123456789abcdef"), ByteStringObject(b"fedcba9876543210")]
    set_document_id(writer, identifier)
    out = io.BytesIO()
    writer.write(out)
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        assert bytes(pdf.trailer.ID[0]) == b"0123456789abcdef"
        assert bytes(pdf.trailer.ID[1]) == b"fedcba9876543210"
