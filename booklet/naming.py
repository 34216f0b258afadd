"""File names of built editions."""
from __future__ import annotations


def output_name(request) -> str:
    parts = ["handout", request.lang, request.paper]
    if request.large_print:
        parts.append("large-print")
    if request.booklet:
        parts.append("booklet")
    if request.clinic_path is not None:
        parts.insert(1, request.clinic_path.stem)
    return "-".join(parts) + ".pdf"
