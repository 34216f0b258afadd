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
