"""File names of built editions, and of the clinics they are built for.

An edition's name carries everything that tells it apart from the others of
one run: clinic, language, paper and format, e.g.
``handout-riverside-es-letter-booklet.pdf``.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import UsageError

PROFILE_FILE = "clinic.yaml"   # the name `booklet clinic new` and the example use


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens: 'Riverside Mood' -> 'riverside-mood'.

    Letters of any script are kept (a Vietnamese or Chinese clinic keeps its name);
    everything else, path separators included, becomes a hyphen.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"-{2,}", "-", "".join(ch if ch.isalnum() else "-" for ch in text)).strip("-")


def clinic_slug(profile: Path) -> str:
    """The clinic's part of a file name: its folder for clinics/<name>/clinic.yaml, else the
    profile's own name (clinics/riverside.yaml -> riverside)."""
    stem = profile.stem
    if profile.name.lower() in (PROFILE_FILE, "clinic.yml"):
        stem = profile.resolve().parent.name
    return slug(stem) or "clinic"


def format_name(large_print: bool, booklet: bool) -> str:
    if large_print and booklet:
        return "large-print-booklet"
    return "large-print" if large_print else ("booklet" if booklet else "plain")


def output_name(request) -> str:
    parts = ["handout"]
    if request.clinic_path is not None:
        parts.append(clinic_slug(request.clinic_path))
    parts += [request.lang, request.paper]
    if request.large_print:
        parts.append("large-print")
    if request.booklet:
        parts.append("booklet")
    return "-".join(parts) + ".pdf"


def check_distinct(requests, out_dir: Path) -> None:
    """Stop before building when two editions of one run would write the same file."""
    seen = {}
    for request in requests:
        name = output_name(request).casefold()  # Windows and macOS ignore case
        other = seen.get(name)
        if other is not None and other != request:
            raise UsageError(
                f"two editions would both be written to {out_dir / output_name(request)}: "
                f"the clinic profiles {other.clinic_path} and {request.clinic_path} have the "
                f"same name; rename one of their folders or files")
        seen[name] = request
