"""``--check``: validate content, grade its reading level, report translations.

Writes nothing. Exit 1 when any file has a problem or a section of the
source language reads above the manifest's grade limit.
"""
from __future__ import annotations

import sys

from .build import EditionRequest, figure_label_keys, load_clinic_profile, load_language_pair
from .errors import ContentError


def run_check(requests: list[EditionRequest]) -> int:
    from .edition import resolve
    from .readability import grade_sections

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
            limit = content.manifest.reading_grade_max
            for grade in grade_sections(content, edition.placeholders):
                verdict = "ok" if grade.grade <= limit else f"ABOVE the limit of {limit:g}"
                print(f"  {grade.section_id:<20} grade {grade.grade:>4.1f}  "
                      f"{grade.words:>4} words  {verdict}")
                if grade.grade > limit:
                    print(f"{grade.where}: section {grade.section_id!r} reads at grade "
                          f"{grade.grade}, above the limit of {limit:g}; use shorter "
                          f"sentences and plainer words", file=sys.stderr)
                    failed = True
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

