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
