"""``--check``: validate content, grade its reading level, report translations.

Writes nothing. Exit 1 when any file has a problem or a section of the
source language reads above the manifest's limits (``reading_grade_max`` for
Flesch-Kincaid, ``smog_max`` for SMOG).
"""
from __future__ import annotations

import sys

from .build import EditionRequest, figure_label_keys, load_clinic_profile, load_language_pair
from .errors import ContentError


def run_check(requests: list[EditionRequest]) -> int:
    from .edition import resolve

    failed = False
    seen_langs: set[str] = set()
    seen_clinics: set = set()
    for request in requests:
        if request.clinic_path not in seen_clinics:
            seen_clinics.add(request.clinic_path)
            try:
                clinic, warnings = load_clinic_profile(request.clinic_path)
                for warning in warnings:
                    print(f"warning: {warning}", file=sys.stderr)
            except ContentError as error:
                print(error, file=sys.stderr)
                failed = True
        if request.lang in seen_langs:
            continue
        seen_langs.add(request.lang)
        try:
            content, source = load_language_pair(request.sections_root, request.lang)
        except ContentError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        edition = resolve(content, source, None, needed_labels=figure_label_keys([source]))
        print(f"{content.folder}: {len(content.sections)} sections, content is valid")
        if content.lang == content.manifest.source_language:
            failed |= _print_grades(content, edition.placeholders)
        elif edition.report is not None:
            lines = edition.report.lines()
            if lines:
                print("  translation status: DRAFT (prints as a draft)")
                for line in lines:
                    print(f"  {line}")
            else:
                print("  translation status: complete, current and reviewed")
    print("check failed" if failed else "check passed")
    return 1 if failed else 0


def _print_grades(content, placeholders) -> bool:
    """Print each section's reading level; True when one is above the manifest's limits."""
    from .readability import LONG_SENTENCE, grade_sections

    manifest = content.manifest
    grade_max, smog_max = manifest.reading_grade_max, manifest.smog_max
    limits = f"Flesch-Kincaid (FK) at most {grade_max:g}" + \
        (f", SMOG at most {smog_max:g}" if smog_max is not None else ", SMOG not limited")
    print(f"  reading grade per section ({limits}); 'long': sentences over "
          f"{LONG_SENTENCE} words")
    failed = False
    for grade in grade_sections(content, placeholders):
        problems = grade.over(grade_max, smog_max)
        print(f"  {grade.section_id:<20} FK {grade.grade:>4.1f}  SMOG {grade.smog:>4.1f}  "
              f"{grade.words:>4} words  {grade.sentences:>3} sentences  "
              f"{grade.long_share:>4.0%} long  {'ABOVE the limit' if problems else 'ok'}")
        for problem in problems:
            print(f"{grade.where}: section {grade.section_id!r} reads at {problem}; use "
                  f"shorter sentences and plainer words", file=sys.stderr)
        failed |= bool(problems)
    return failed
