"""``python build_pdf.py translation ...``: the commands translators and reviewers use.

    translation export  --lang LANG --out FILE.xlf [--clinic PROFILE]
    translation import  FILE.xlf
    translation update  --lang LANG --section ID [...]
    translation review  --lang LANG [--section ID ...] --reviewer "NAME, CREDENTIALS" [--date D]
    translation migrate --lang LANG|all

Every command takes ``--sections DIR``. Exit codes: 0 done, 1 a content problem
(``path:line: message``; nothing was written), 2 a usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .errors import UsageError

EXIT_OK, EXIT_CONTENT = 0, 1


def _one_profile(path: Path) -> Path:
    """A profile file, or a clinic's folder holding one (clinics/riverside)."""
    from .naming import PROFILE_FILE

    if path.is_dir() and (path / PROFILE_FILE).is_file():
        return path / PROFILE_FILE
    if not path.is_file():
        raise UsageError(f"the clinic profile {path} does not exist (give the profile file, "
                         f"or the folder that holds its {PROFILE_FILE})")
    return path


def register(subparsers) -> None:
    """Add the ``translation`` command and its subcommands."""
    parser = subparsers.add_parser(
        "translation", help="export, import, update and review translations",
        description="Work on translations: XLIFF export and import for CAT tools, recording "
                    "the source a section translates, and review sign-off.")
    commands = parser.add_subparsers(dest="translation_command", metavar="COMMAND")
    commands.required = True

    export = commands.add_parser("export", help="write one XLIFF 1.2 file for a language")
    _sections_option(export)
    _lang_option(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE.xlf",
                        help="the XLIFF file to write")
    export.add_argument("--clinic", type=Path, metavar="PROFILE",
                        help="also export the profile's printed fields for this language")
    export.set_defaults(run=run_export)

    import_ = commands.add_parser("import", help="write an XLIFF file's translations back")
    _sections_option(import_)
    import_.add_argument("file", type=Path, metavar="FILE.xlf")
    import_.add_argument("--clinic", type=Path, metavar="PROFILE",
                         help="write the file's clinic profile units into this profile")
    import_.set_defaults(run=run_import)

    update = commands.add_parser(
        "update", help="record that sections now translate today's English (unreviewed)")
    _sections_option(update)
    _lang_option(update)
    update.add_argument("--section", action="append", required=True, metavar="ID",
                        help="a section id, or 'handout' for the title page text, interface "
                             "strings and figure labels; repeat for more")
    update.set_defaults(run=run_update)

    review = commands.add_parser("review", help="sign off reviewed sections")
    _sections_option(review)
    _lang_option(review)
    review.add_argument("--section", action="append", metavar="ID",
                        help="a section id or 'handout'; repeat for more (default: every part)")
    review.add_argument("--reviewer", required=True, metavar='"NAME, CREDENTIALS"',
                        help='who reviewed, e.g. "Ana Ruiz, CMI-Spanish, medical translator"')
    review.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the day of the review (default: today)")
    review.set_defaults(run=run_review)

    migrate = commands.add_parser("migrate",
                                  help="convert old records (source_hash) to source text")
    _sections_option(migrate)
    migrate.add_argument("--lang", required=True, metavar="CODE|all")
    migrate.set_defaults(run=run_migrate)


def _sections_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sections", type=Path, default=None, metavar="DIR",
                        help="content folder, one subfolder per language (default: sections/)")


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", required=True, metavar="CODE",
                        help="the translated language, e.g. es, vi, zh-Hans, ar")


# --- shared resolving ----------------------------------------------------------

def _root(args) -> Path:
    root = args.sections
    if root is None:
        here = Path("sections")
        root = here if here.is_dir() else Path(__file__).resolve().parent.parent / "sections"
    if not root.is_dir():
        raise UsageError(f"the sections folder {root} does not exist")
    return root


def _translated_langs(root: Path, lang: str, allow_all: bool = False) -> list[str]:
    from .content import languages

    found = languages(root)
    if allow_all and lang == "all":
        return found
    if lang not in found:
        raise UsageError(f"there is no content for --lang {lang} in {root} "
                         f"(found: {', '.join(found) or 'none'})")
    return [lang]


def _pair(root: Path, lang: str):
    from .build import load_language_pair

    content, source = load_language_pair(root, lang)
    if content.lang == source.lang:
        raise UsageError(f"{lang} is the source language; only translations have records")
    return content, source


def _part_ids(source, named: list[str] | None) -> list[str]:
    from .translation import part_ids

    known = part_ids(source)
    if not named:
        return known
    for part_id in named:
        if part_id not in known:
            from .schema import did_you_mean

            raise UsageError(f"there is no section {part_id!r}{did_you_mean(part_id, known)} "
                             f"(sections: {', '.join(known)})")
    return list(dict.fromkeys(named))


def _finish(outcome) -> int:
    for note in outcome.notes:
        print(f"warning: {note}", file=sys.stderr)
    if outcome.problems:
        for problem in outcome.problems:
            print(problem, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    for line in outcome.done:
        print(line)
    return EXIT_OK


# --- commands ----------------------------------------------------------------------

def run_update(args) -> int:
    from .review import update

    root = _root(args)
    lang = _translated_langs(root, args.lang)[0]
    content, source = _pair(root, lang)
    return _finish(update(source, content, root / lang, _part_ids(source, args.section)))


def reviewer_name(value: str) -> str:
    name, _, credentials = (part.strip() for part in value.partition(","))
    if not name or not credentials:
        raise UsageError(f'--reviewer must name the reviewer and their credentials, as '
                         f'"NAME, CREDENTIALS" (for example "Ana Ruiz, CMI-Spanish"), not '
                         f'{value!r}')
    return " ".join(value.split())


def review_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date must be a date written as YYYY-MM-DD, not {value!r}") from None
    if date > dt.date.today():
        raise UsageError(f"--date {value} is in the future; give the day the review was done")
    return date


def run_review(args) -> int:
    from .review import sign_off

    reviewer = reviewer_name(args.reviewer)
    date = review_date(args.date)
    root = _root(args)
    lang = _translated_langs(root, args.lang)[0]
    content, source = _pair(root, lang)
    return _finish(sign_off(source, content, root / lang, _part_ids(source, args.section),
                            reviewer, date))


def run_migrate(args) -> int:
    from .review import migrate

    root = _root(args)
    code = EXIT_OK
    for lang in _translated_langs(root, args.lang, allow_all=True):
        from .build import load_language_pair

        content, source = load_language_pair(root, lang)
        if content.lang == source.lang:
            continue
        code = max(code, _finish(migrate(source, content, root / lang)))
    return code


def run_export(args) -> int:
    from .xliff import export

    root = _root(args)
    lang = _translated_langs(root, args.lang)[0]
    content, source = _pair(root, lang)
    clinic = None
    if args.clinic is not None:
        from .build import load_clinic_profile

        args.clinic = _one_profile(args.clinic)
        clinic, warnings = load_clinic_profile(args.clinic)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    summary = export(source, content, args.out, clinic)
    print(summary)
    return EXIT_OK


def run_import(args) -> int:
    from .xliff import import_file

    root = _root(args)
    if not args.file.is_file():
        raise UsageError(f"the XLIFF file {args.file} does not exist")
    if args.clinic is not None:
        args.clinic = _one_profile(args.clinic)
    outcome = import_file(args.file, root, args.clinic)
    for note in outcome.notes:
        print(f"warning: {note}", file=sys.stderr)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    for line in outcome.done:
        print(line)
    return EXIT_CONTENT if outcome.problems else EXIT_OK
