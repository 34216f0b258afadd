"""Saddle-stitch imposition: half-size pages, two per landscape sheet, in fold order.

The laid-out pages (already padded to a multiple of four with notes pages)
are placed as vectors, untouched, onto sheets twice as wide. Printed duplex,
flipped on the short edge, folded and stapled, they read in order.
"""
from __future__ import annotations

import io


def sheet_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) page indexes for each printed side, front then back per sheet."""
    if page_count % 4:
        raise ValueError("a saddle-stitched booklet needs a multiple of four pages")
    sides = []
    for sheet in range(page_count // 4):
        sides.append((page_count - 1 - 2 * sheet, 2 * sheet))          # front
        sides.append((2 * sheet + 1, page_count - 2 - 2 * sheet))      # back
    return sides


def impose(pdf: bytes) -> tuple[bytes, int]:
    """The imposed PDF and its number of printed sides."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in sheet_order(len(pages)):
        side = writer.add_blank_page(width=2 * width, height=height)
        side.merge_transformed_page(pages[left], Transformation())
        side.merge_transformed_page(pages[right], Transformation().translate(width, 0))
        side.compress_content_streams()  # merged streams come out uncompressed
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()
                             if key not in ("/CreationDate", "/ModDate")})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.compress_identical_objects()  # both kinds of clean-up are the default
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
