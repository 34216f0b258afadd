"""The command line: ``python build_pdf.py [options]`` and ``python build_pdf.py email ...``.

Exit codes: 0 success, 1 content or build error, 2 usage error. Errors go to
stderr as ``path:line: message``; no traceback unless BOOKLET_DEBUG=1.
"""
from __future__ import annotations

import argparse
import os
import sys
from itertools import product
from pathlib import Path

from .errors import BuildError, ContentError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
PAPERS = ("letter", "a4")


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _default_sections() -> Path:
    here = Path("sections")
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "sections"


def edition_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sections", type=Path, default=None, metavar="DIR",
                        help="content folder, one subfolder per language (default: sections/)")
    parser.add_argument("--lang", default="en", metavar="CODE|all",
                        help="language to build, e.g. en, es, zh-Hans, vi, ar; 'all' builds "
                             "every language found (default: en)")
    parser.add_argument("--clinic", action="append", type=Path, default=[], metavar="FILE",
                        help="clinic profile (YAML); repeat it, or name a folder of profiles, "
                             "to build one edition per clinic")
    parser.add_argument("--paper", default="letter", choices=(*PAPERS, "all"),
                        help="paper size; the content is reflowed, not scaled (default: letter)")
    parser.add_argument("--large-print", action="store_true",
                        help="body text of 16 pt or more, figures at full width")
    parser.add_argument("--booklet", action="store_true",
                        help="saddle-stitch booklet: two pages per landscape sheet, in fold order")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build_pdf.py", description="Build the patient handout as a PDF.")
    edition_options(parser)
    parser.add_argument("--out", type=Path, metavar="PATH",
                        help="where to write the PDF (one edition only)")
    parser.add_argument("--out-dir", type=Path, default=Path("dist"), metavar="DIR",
                        help="folder for the PDFs (default: dist/)")
    parser.add_argument("--check", action="store_true",
                        help="validate the content, report reading grades and translation "
                             "status; write nothing")
    parser.add_argument("--figures-dir", type=Path, metavar="DIR",
                        help="also write every figure as a standalone .svg")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="parallel builds for several editions (default: all cores)")
    return parser


def email_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build_pdf.py email",
                     description="Build an edition and send it by email (SMTP settings come "
                                 "from BOOKLET_SMTP_* environment variables).")
    parser.add_argument("--to", required=True, metavar="ADDRESS", help="recipient address")
    edition_options(parser)
    parser.add_argument("--eml", type=Path, metavar="FILE",
                        help="write the message to this .eml file instead of sending it")
    return parser


# --- resolving options ----------------------------------------------------------

def _sections_root(args) -> Path:
    root = args.sections or _default_sections()
    if not root.is_dir():
        raise UsageError(f"the sections folder {root} does not exist")
    return root


def _languages(root: Path, lang: str) -> list[str]:
    from .content import languages

    found = languages(root)
    if lang == "all":
        if not found:
            raise UsageError(f"no language folders with a handout.yaml in {root}")
        return found
    if lang not in found:
        raise UsageError(f"there is no content for --lang {lang} in {root} "
                         f"(found: {', '.join(found) or 'none'})")
    return [lang]


def _clinics(paths: list[Path]) -> list[Path | None]:
    clinics: list[Path | None] = []
    for path in paths:
        if path.is_dir():
            profiles = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not profiles:
                raise UsageError(f"the clinic folder {path} holds no .yaml profiles")
            clinics.extend(profiles)
        elif path.is_file():
            clinics.append(path)
        else:
            raise UsageError(f"the clinic profile {path} does not exist")
    return clinics or [None]


def _requests(args):
    from .build import EditionRequest

    root = _sections_root(args)
    langs = _languages(root, args.lang)
    clinics = _clinics(args.clinic)
    papers = PAPERS if args.paper == "all" else (args.paper,)
    return [EditionRequest(root, lang, clinic, paper, args.large_print, args.booklet)
            for lang, clinic, paper in product(langs, clinics, papers)]


# --- commands -----------------------------------------------------------------

def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _pages(outcome) -> str:
    if outcome.booklet:  # an imposed booklet: two pages on each printed side
        return f"{outcome.pages} pages (sheet sides; {outcome.pages * 2} booklet pages)"
    return f"{outcome.pages} pages"


def run_build(args) -> int:
    from .batch import build_one, run_batch

    requests = _requests(args)
    if args.check:
        from .check import run_check

        return run_check(requests)
    if args.out and len(requests) > 1:
        raise UsageError("--out names one file, but this builds several editions; "
                         "use --out-dir")
    if args.figures_dir:
        from .build import build_write_figures

        for request in requests:
            build_write_figures(request, args.figures_dir)
    if len(requests) == 1:
        outcome = build_one(requests[0], args.out_dir, args.out)
        if outcome.error:
            print(outcome.error, file=sys.stderr)
            return EXIT_CONTENT
        _print_warnings(outcome.warnings or [])
        print(f"{outcome.path}: {_pages(outcome)}, {outcome.bytes:,} bytes")
        return EXIT_OK
    outcomes = run_batch(requests, args.out_dir, args.jobs)
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        if outcome.error:
            print(f"FAILED {outcome.lang} {outcome.paper} {outcome.clinic or ''}:\n"
                  f"{outcome.error}", file=sys.stderr)
        else:
            _print_warnings(outcome.warnings or [])
            print(f"{outcome.path}: {_pages(outcome)}, {outcome.bytes:,} bytes")
    print(f"{len(outcomes) - len(failed)} editions built, {len(failed)} failed; "
          f"manifest: {args.out_dir / 'manifest.json'}")
    return EXIT_CONTENT if failed else EXIT_OK


def run_email(args) -> int:
    from .mail import send_edition

    requests = _requests(args)
    if len(requests) != 1:
        raise UsageError("email sends one edition: give one --lang, one --clinic and one --paper")
    return send_edition(requests[0], args.to, args.eml)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # TEMPORARY (trust branch): dispatch `translation` here until the cli branch wires
        # translation_cmd.register into its parser; the lead reconciles this at merge.
        if argv[:1] == ["translation"]:
            from . import translation_cmd

            parser = _Parser(prog="build_pdf.py")
            translation_cmd.register(parser.add_subparsers(dest="command"))
            args = parser.parse_args(argv)
            return args.run(args)
        if argv[:1] == ["email"]:
            return run_email(email_parser().parse_args(argv[1:]))
        return run_build(build_parser().parse_args(argv))
    except UsageError as error:
        print(f"usage error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        print(error, file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted; no file was changed", file=sys.stderr)
        return 130
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("BOOKLET_DEBUG"):
            raise
        print(f"internal error: {type(error).__name__}: {error}\n"
              f"(this is a bug in booklet; run with BOOKLET_DEBUG=1 to see details)",
              file=sys.stderr)
        return EXIT_CONTENT
