"""Work-arounds for ReportLab bugs met by real content; each says what and why."""
from __future__ import annotations

from reportlab.pdfgen.textobject import PDFTextObject

_original_set_rise = PDFTextObject.setRise


def _set_rise(self, rise):
    # ReportLab 4-5 reads self._code[-1] without checking that a text object has
    # code yet; HarfBuzz-shaped Arabic whose first glyph is raised (a dot mark)
    # hits that with an IndexError.
    if not self._code:
        self._rise = rise
        self._y -= rise
        self._code.append(f"{rise:g} Ts")
        return
    _original_set_rise(self, rise)


PDFTextObject.setRise = _set_rise


def _extend_cannot_start() -> None:
    # ReportLab's line-start rules come from Japanese typesetting and miss the
    # full-width punctuation of Chinese (，；：！？》 and the like), so a comma
    # could open a line. Add them to both copies of the table.
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "\uff0c\uff1b\uff1a\uff01\uff1f\u300b\u3009\u201d\u2019\u2026\u00b7\u30fb"
    table = textsplit.ALL_CANNOT_START + "".join(c for c in extra
                                                 if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = table
    if hasattr(paragraph, "ALL_CANNOT_START"):
        paragraph.ALL_CANNOT_START = table


_extend_cannot_start()
