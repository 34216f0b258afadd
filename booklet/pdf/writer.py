"""Draw a laid-out edition as a tagged PDF (PDF/UA-1): ``render(edition)``.

Pages are drawn in order on a ReportLab canvas through the painter, which
marks every piece of content for its structure node or as an artifact. Once
every page exists, the structure tree, links, outline and metadata (Info and
XMP, /Lang, the title shown in the window) are written. Dates come from the
content, never from the clock, and the document ID from the content too, so
the same edition always gives the same bytes.
"""
from __future__ import annotations

import io

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from .. import markup
from ..layout.furniture import DRAFT_MARK_EN
from ..layout.story import Composition, compose
from .. import rl_adapter
from .metadata import xmp_packet, xmp_stream
from .painter import Painter
from .tags import Tagger


def figure_programs(edition):
    """``program(name, labels, max_height)`` for the edition's figures."""
    from ..drawings import figure_program

    def program(name, labels, max_height):
        return figure_program(name, labels, edition.lang, round(edition.figure_label_units, 2),
                              round(max_height, 1))

    return program


def render(edition, tagged: bool = True) -> tuple[bytes, int]:
    """The edition's PDF, as bytes, and its page count."""
    composition = compose(edition, figure_programs(edition))
    return write(composition, tagged), len(composition.pages)


def _document_info(edition) -> dict:
    manifest = edition.manifest
    subject = markup.plain(manifest.subtitle)
    keywords = ", ".join(manifest.keywords)
    if edition.is_draft:  # the mark travels with the file, not only on paper
        mark = DRAFT_MARK_EN
        if edition.s("draft_mark") != mark:
            mark = f"{edition.s('draft_mark')} / {mark}"
        subject = f"{mark}. {subject}"
        keywords = f"{keywords}, draft translation, not reviewed"
    return {"title": markup.plain(manifest.title), "author": edition.reviewer_line,
            "subject": subject, "keywords": keywords}


def write(composition: Composition, tagged: bool = True) -> bytes:
    """The PDF of a laid-out edition. ``tagged=False`` leaves out marked content and the
    structure tree: a handout is always tagged; tests use it to measure what tags cost."""
    edition = composition.edition
    page = edition.page
    geometry = composition.geometry
    info = _document_info(edition)
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=(page.width, page.height), invariant=1,
                    pageCompression=1, lang=edition.lang.pdf_lang,
                    initialFontName=composition.styles.fonts.regular)
    reviewed = edition.last_reviewed
    canvas.setDateFormatter(lambda *_: f"D:{reviewed:%Y%m%d}000000+00'00'")
    canvas.setTitle(info["title"])
    canvas.setAuthor(info["author"])
    canvas.setSubject(info["subject"])
    canvas.setKeywords(info["keywords"])
    canvas.setCreator("booklet")
    canvas.setProducer("booklet (ReportLab)")
    tagger = Tagger(composition.document) if tagged else None
    painter = Painter(canvas, tagger, composition.styles.accent)
    furniture = composition.furniture
    total = len(composition.pages)
    x, width = geometry.left, geometry.width
    for index, item in enumerate(composition.pages):
        if index and tagger is not None:
            tagger.new_page()
        if edition.is_draft:   # read once, where the document starts
            furniture.draft_banner(painter, composition.draft_node if index == 0 else None)
        if item.kind == "cover":
            composition.cover.draw(painter, x, geometry.frame_top, width,
                                   geometry.frame_height)
        elif item.kind == "notes":
            furniture.notes_page(painter, geometry)
        else:
            for anchor in item.layout.anchors:
                canvas.bookmarkPage(anchor)
            for placement in item.layout.placements:
                placement.element.draw(painter, x, geometry.frame_top - placement.top, width)
        if item.kind in ("body", "notes"):
            furniture.header_footer(painter, geometry, index + 1, total)
        painter.close()
        canvas.showPage()
    for title, key in composition.outline:
        if key in composition.section_pages:
            canvas.addOutlineEntry(title, key, level=0)
    canvas.showOutline()
    painter.resolve_internal_links()
    if tagger is not None:
        tagger.write(canvas, edition.lang.pdf_lang)
    catalog = rl_adapter.catalog(canvas)
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Metadata = rl_adapter.register(canvas, xmp_stream(xmp_packet(
        title=info["title"], subject=info["subject"], author=info["author"],
        keywords=info["keywords"], lang=edition.lang.pdf_lang,
        date=f"{reviewed:%Y-%m-%d}T00:00:00Z", producer="booklet (ReportLab)")))
    return rl_adapter.packed_pdf_data(canvas)


__all__ = ["render", "write", "PDFName", "PDFString"]
