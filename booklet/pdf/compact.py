"""The written PDF, packed: its many small objects (the structure tree's elements,
link annotations) go into compressed object streams (PDF 1.5), with qpdf through
pikepdf. A tagged handout then weighs about what an untagged one did.

The file identifier is derived from the content (qpdf's deterministic ID), so
the same edition still gives the same bytes.
"""
from __future__ import annotations

import io


def compact(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      compress_streams=True, recompress_flate=False, deterministic_id=True,
                      qdf=False, linearize=False)
    return out.getvalue()
