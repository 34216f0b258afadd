"""Saddle-stitch imposition: half-size pages, two per landscape sheet, in fold order.

The laid-out pages (already padded to a multiple of four with notes pages)
are placed as vectors, untouched, onto sheets twice as wide: A4 landscape for
A4 editions, Letter landscape for Letter. Printed duplex, flipped on the short
edge, folded and stapled, they read in order. A right-to-left edition folds
the other way: its cover is the left half of the first side and its spine on
the right, so an Arabic reader turns from page 1 to page 2.

The imposed file is a print file: it keeps the outline (each entry opening the
sheet that holds its page), metadata, /Lang and document ID; links are left
out, because they would point at pages the file no longer has.
"""
from __future__ import annotations

import io


def sheet_order(page_count: int, rtl: bool = False) -> list[tuple[int, int]]:
    """(left, right) page indexes for each printed side, front then back per sheet."""
    if page_count % 4:
        raise ValueError("a saddle-stitched booklet needs a multiple of four pages")
    sides = []
    for sheet in range(page_count // 4):
        front = (page_count - 1 - 2 * sheet, 2 * sheet)
        back = (2 * sheet + 1, page_count - 2 - 2 * sheet)
        sides += [front, back]
    if rtl:
        sides = [(right, left) for left, right in sides]
    return sides


def impose(pdf: bytes, rtl: bool = False) -> tuple[bytes, int]:
    """The imposed PDF and its number of printed sides."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, TextStringObject

    from .pdf.pypdf_adapter import set_document_id

    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    side_of_page: dict[int, int] = {}
    for side_index, (left, right) in enumerate(sheet_order(len(pages), rtl)):
        side = writer.add_blank_page(width=2 * width, height=height)
        for index, offset in ((left, 0.0), (right, width)):
            page = pages[index]
            if "/Annots" in page:
                del page[NameObject("/Annots")]     # links would point at dropped pages
            side.merge_transformed_page(page, Transformation().translate(offset, 0))
            side_of_page[index] = side_index
        side.compress_content_streams()  # merged streams come out uncompressed
    for key in ("/StructParents", "/Tabs"):
        for side in writer.pages:
            if key in side:
                del side[NameObject(key)]
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()
                             if key not in ("/CreationDate", "/ModDate")})
    root = reader.trailer["/Root"]
    lang = root.get("/Lang")
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    for item in reader.outline:
        if isinstance(item, list):
            continue
        page_index = reader.get_destination_page_number(item)
        writer.add_outline_item(title=item.title, page_number=side_of_page.get(page_index, 0))
    if reader.outline:
        writer.page_mode = "/UseOutlines"
    identifier = reader.trailer.get("/ID")
    if identifier is not None:
        set_document_id(writer, identifier)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
