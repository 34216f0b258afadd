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
            for line in translation_lines(edition):
                print(f"  {line}")
    print("check failed" if failed else "check passed")
    return 1 if failed else 0



# --- translation status ---------------------------------------------------------

_STATE_WORDS = {"reviewed": "reviewed (complete, current and signed off; no draft mark)",
                "draft": "draft (prints as a draft)",
                "stale": "stale (the English changed; prints as a draft)"}


def translation_lines(edition) -> list[str]:
    """Per language: its status, each part with its reviewer and date, and for a stale
    part each changed source sentence beside the current translation."""
    from .translation import HANDOUT, changes

    report, status = edition.report, edition.status
    lang = status.lang
    lines = [f"translation status: {_STATE_WORDS[status.state]}"]
    width = max(len(p.id) for p in report.parts)
    for part in report.parts:
        if part.missing:
            state, who = "missing", "uses the source-language section"
        elif part.stale:
            state = "stale"
            who = "source unknown" if not part.source_known else "source changed"
            if part.void_sign_off:
                who += (f"; the sign-off by {part.void_sign_off.reviewer} on "
                        f"{part.void_sign_off.date.isoformat()} was for the earlier text")
        elif part.reviewed:
            state = "reviewed"
            who = f"{part.sign_off.reviewer} · {part.sign_off.date.isoformat()}"
        else:
            state, who = "translated", "not reviewed"
            if part.void_sign_off:
                who += (f" (the sign-off by {part.void_sign_off.reviewer} on "
                        f"{part.void_sign_off.date.isoformat()} does not match the text: it "
                        f"changed after the review, or the record was edited by hand)")
        lines.append(f"  {part.id:<{width}}  {state:<10}  {who}")
    for label, items in (("missing interface strings", report.missing_strings),
                         ("missing figure labels", report.missing_labels)):
        if items:
            lines.append(f"{lang}: {label}: {', '.join(items)}")
    for part in report.parts:
        if part.missing or not part.stale:
            continue
        what = "the title page text, strings and labels" if part.id == HANDOUT else part.id
        if not part.source_known:
            lines.append(f"{part.file}:{part.record_line}: {what}: the English this translates "
                         f"was never recorded; compare it with today's English by hand")
        else:
            lines.append(f"{part.file}:{part.record_line}: {what}: the English changed since "
                         f"it was translated:")
            for change in changes(part):
                lines.append(f"    {change.key} (line {change.line})")
                if change.old is not None:
                    lines.append(f"      was:  {change.old}")
                lines.append(f"      now:  {change.new if change.new is not None else '(removed from the English)'}")
                lines.append(f"      {lang}:{' ' * max(1, 5 - len(lang))}"
                             f"{change.translation if change.translation is not None else '(not translated yet)'}")
        lines.append(f"    when the translation says what today's English says: "
                     f"`python build_pdf.py translation update --lang {lang} --section "
                     f"{part.id}`, then a reviewer signs it off with `translation review`")
    return lines


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
