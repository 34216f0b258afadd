"""The command line: ``booklet [COMMAND] [options]``, also run as ``python build_pdf.py``.

Commands: build (the default when none is given), check, email, translation
(when booklet/translation_cmd.py is present), clinic new, config show.
Options come first from the command line, then booklet.toml, then the
environment, then defaults (booklet.settings).

Exit codes: 0 success, 1 content or build error, 2 usage error, 130 interrupted.
Errors go to stderr as ``path:line: message``; no traceback unless BOOKLET_DEBUG=1.
"""
from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from itertools import product
from pathlib import Path

from . import settings as settings_module
from .errors import BuildError, ContentError, UsageError
from .naming import check_distinct
from .settings import FORMATS, PAPERS, SettingsError, typed_path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("build", "check", "email", "translation", "clinic", "config")

try:   # the translation commands live on their own branch until merged; offer them if there
    translation_cmd = importlib.import_module(f"{__package__}.translation_cmd")
except ModuleNotFoundError as missing:
    if missing.name != f"{__package__}.translation_cmd":
        raise
    translation_cmd = None


def version() -> str:
    from . import __version__

    return __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _path(what: str):
    """An argparse type: a path typed on any system (C:\\ or clinics\\a work or are explained)."""
    def convert(text: str) -> Path:
        return typed_path(text, what)
    convert.__name__ = "path"
    return convert


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


# --- options shared by the commands --------------------------------------------------------

def _config_option(parser, top: bool = False) -> None:
    parser.add_argument("--config", type=_path("--config"), metavar="FILE",
                        default=None if top else argparse.SUPPRESS,
                        help="settings file to read (default: ./booklet.toml, then the user's "
                             "config folder)")


def _content_options(parser, one: bool) -> None:
    """--sections, --lang, --clinic, --paper and the formats; ``one``: a single edition."""
    parser.add_argument("--sections", type=_path("--sections"), metavar="DIR",
                        help="content folder, one subfolder per language (default: the "
                             "settings file's, else ./sections)")
    if one:
        parser.add_argument("--lang", action="append", metavar="CODE",
                            help="the language to send, e.g. en, es, zh-Hans, vi, ar (default: "
                                 "the settings file's, else en)")
        parser.add_argument("--clinic", action="append", type=_path("--clinic"),
                            metavar="FILE",
                            help="the clinic profile to sign and send from (a clinic.yaml, or "
                                 "its folder)")
        parser.add_argument("--paper", action="append", metavar="letter|a4",
                            help="paper size (default: letter)")
        parser.add_argument("--format", action="append", metavar="FORMAT",
                            help=f"one of {', '.join(FORMATS)} (default: plain)")
    else:
        parser.add_argument("--lang", action="append", metavar="CODES",
                            help="languages to build: a code (en, es, zh-Hans, vi, ar), several "
                                 "(--lang es,vi or --lang es --lang vi), or all (default: en)")
        parser.add_argument("--clinic", action="append", type=_path("--clinic"),
                            metavar="PATH",
                            help="clinic profile (a clinic.yaml or a .yaml file), or a folder of "
                                 "them (clinics/ with clinics/<name>/clinic.yaml, or side by "
                                 "side); repeat it to build one edition per clinic")
        parser.add_argument("--paper", action="append", metavar="letter|a4|all",
                            help="paper size, several as letter,a4, or all; the content is "
                                 "reflowed, not scaled (default: letter)")
        parser.add_argument("--format", action="append", metavar="FORMATS",
                            help=f"formats to build, several as plain,booklet: "
                                 f"{', '.join(FORMATS)} (default: plain)")
    parser.add_argument("--large-print", action="store_true",
                        help="the large-print format: body text of 16 pt or more "
                             "(same as --format large-print)")
    parser.add_argument("--booklet", action="store_true",
                        help="the booklet format: two pages per landscape sheet, in fold order "
                             "(same as --format booklet)")


def _build_options(parser) -> None:
    _content_options(parser, one=False)
    parser.add_argument("--out", type=_path("--out"), metavar="PATH",
                        help="where to write the PDF (one edition only)")
    parser.add_argument("--out-dir", type=_path("--out-dir"), metavar="DIR",
                        help="folder for the PDFs and manifest.json (default: the settings "
                             "file's, else dist/)")
    parser.add_argument("--check", action="store_true",
                        help="validate the content, report reading grades and translation "
                             "status; write nothing (same as the check command)")
    parser.add_argument("--figures-dir", type=_path("--figures-dir"), metavar="DIR",
                        help="also write every figure as a standalone .svg")
    parser.add_argument("--jobs", type=_positive, metavar="N",
                        help="parallel builds for several editions (default: all cores)")
    parser.add_argument("--open", action="store_true",
                        help="open the PDF in the system's viewer when it is built (the output "
                             "folder when there are several)")
    _config_option(parser)


def build_parser(prog: str = "booklet") -> argparse.ArgumentParser:
    """The whole command line: every command and its options."""
    parser = _Parser(
        prog=prog, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the patient handout as PDF, in any language, for any clinic.",
        epilog=f"With no command, {prog} builds: `{prog} --lang es` is `{prog} build --lang es`."
               f"\nRun `{prog} COMMAND --help` for the options of one command.")
    parser.add_argument("--version", action="version", version=f"booklet {version()}")
    _config_option(parser, top=True)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command",
                                     parser_class=_Parser)

    build = commands.add_parser(
        "build", help="build PDFs (the default command)",
        description="Build one edition, or every combination of languages, clinics, papers "
                    "and formats asked for (then in parallel, with a manifest.json).")
    _build_options(build)
    build.set_defaults(run=run_build)
    build_help = build.format_help()
    parser.epilog += ("\n\nbuild options (also usable with no command):\n"
                      + build_help[build_help.index("options:\n") + len("options:\n"):])

    check = commands.add_parser(
        "check", help="validate the content; report reading grades and translation status",
        description="Validate the content and clinic profiles, print each section's reading "
                    "grade and each translation's status. Writes nothing.")
    check.add_argument("--sections", type=_path("--sections"), metavar="DIR",
                       help="content folder (default: the settings file's, else ./sections)")
    check.add_argument("--lang", action="append", metavar="CODES",
                       help="languages to check, as for build (default: en; all for every one)")
    check.add_argument("--clinic", action="append", type=_path("--clinic"), metavar="PATH",
                       help="clinic profiles or folders of them to check too")
    _config_option(check)
    check.set_defaults(run=run_check_command)

    email = commands.add_parser(
        "email", help="build one edition and email it to a patient",
        description="Build one edition and send it by email, or write the message to an .eml "
                    "file. The mail server comes from booklet.toml [mail] or BOOKLET_SMTP_* "
                    "variables; the password from BOOKLET_SMTP_PASSWORD or the keyring. "
                    "Every message sent is recorded in the mail log (see --log).")
    email.add_argument("--to", metavar="ADDRESS", help="the patient's address (required)")
    _content_options(email, one=True)
    email.add_argument("--note", metavar="TEXT",
                       help="a personal line added to the message, e.g. \"See you Tuesday.\"")
    email.add_argument("--subject", metavar="TEXT",
                       help="the subject line (default: the clinic profile's or settings', "
                            "else \"Your handout from CLINIC\" in the patient's language)")
    email.add_argument("--bcc", metavar="ADDRESS",
                       help="also send a copy to this address (the clinic's own), unseen by the "
                            "patient (default: the settings file's mail.bcc)")
    email.add_argument("--allow-draft", action="store_true",
                       help="send even when the translation is a draft or stale")
    email.add_argument("--eml", type=_path("--eml"), metavar="FILE",
                       help="write the message to this .eml file instead of sending it")
    email.add_argument("--open", action="store_true",
                       help="open the attached PDF in the system's viewer afterwards")
    email.add_argument("--log", action="store_true",
                       help="print the log of messages sent, and where it is; sends nothing")
    _config_option(email)
    email.set_defaults(run=run_email)

    if translation_cmd is not None:
        translation_cmd.register(commands)

    clinic = commands.add_parser("clinic", help="set up clinic profiles: clinic new NAME",
                                 description="Set up clinic profiles.")
    clinic_commands = clinic.add_subparsers(title="commands", metavar="COMMAND",
                                            dest="clinic_command", parser_class=_Parser)
    clinic.set_defaults(run=lambda args: _missing_command(clinic, "new"))
    new = clinic_commands.add_parser(
        "new", help="make clinics/NAME/clinic.yaml, with every field explained",
        description="Make clinics/NAME/clinic.yaml with every field present and explained. On "
                    "a terminal it asks for the main fields; otherwise it asks nothing. A logo "
                    "in SVG, PNG, JPEG or WebP is checked, converted to PNG when it is a "
                    "picture, made no larger than print needs, and saved beside the profile.")
    new.add_argument("name", metavar="NAME",
                     help="the clinic's folder name, e.g. riverside (letters, digits, - and _)")
    new.add_argument("--logo", type=_path("--logo"), metavar="FILE",
                     help="the clinic's logo: SVG, PNG, JPEG or WebP")
    new.add_argument("--no-input", action="store_true",
                     help="ask nothing, even on a terminal")
    new.add_argument("--dir", type=_path("--dir"), default=Path("clinics"), metavar="DIR",
                     help="the folder that holds clinic folders (default: clinics/)")
    new.set_defaults(run=run_clinic_new)

    config = commands.add_parser("config", help="show the settings in force: config show",
                                 description="Show the settings in force.")
    config_commands = config.add_subparsers(title="commands", metavar="COMMAND",
                                            dest="config_command", parser_class=_Parser)
    config.set_defaults(run=lambda args: _missing_command(config, "show"))
    show = config_commands.add_parser(
        "show", help="print every setting, its value and where it came from",
        description="Print every setting in force and where it came from: the command line, "
                    "the settings file (with its line), the environment, or the default. "
                    "Takes the build options, to show how they combine with the file.")
    _build_options(show)
    show.set_defaults(run=run_config_show)
    parser.commands = commands.choices     # name -> parser, for email_parser and the docs
    return parser


def _missing_command(parser, choices: str) -> int:
    raise UsageError(f"choose a command: {choices}\n{parser.format_usage().strip()}")


def email_parser(prog: str = "booklet") -> argparse.ArgumentParser:
    """The email command's parser (for tests and documentation checks)."""
    return _subparser(build_parser(prog), "email")


def _subparser(parser, name: str) -> argparse.ArgumentParser:
    return parser.commands[name]


def _with_command(argv: list[str]) -> list[str]:
    """Insert `build` when no command is given, after any --config FILE before it."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--config":
            index += 2
        elif token.startswith("--config="):
            index += 1
        else:
            break
    if index >= len(argv):
        return argv + ["build"] if index == len(argv) else argv
    if argv[index] in COMMANDS or argv[index] in ("-h", "--help", "--version"):
        return argv
    return argv[:index] + ["build"] + argv[index:]


# --- resolving what to build -------------------------------------------------------------

def load_settings(args):
    return settings_module.load(getattr(args, "config", None), os.environ)


def _split(values) -> list[str]:
    return [part.strip() for value in values or [] for part in str(value).split(",")
            if part.strip()]


def _apply_command_line(args, settings) -> None:
    """Command-line options win over the settings file."""
    if getattr(args, "sections", None) is not None:
        settings.set_from_command_line("sections", args.sections, "--sections")
    if getattr(args, "clinic", None):
        settings.set_from_command_line("clinics", tuple(args.clinic), "--clinic")
    if getattr(args, "out_dir", None) is not None:
        settings.set_from_command_line("out_dir", args.out_dir, "--out-dir")
    if getattr(args, "lang", None):
        settings.set_from_command_line("languages", tuple(_split(args.lang)), "--lang")
    if getattr(args, "paper", None):
        settings.set_from_command_line("paper", tuple(_split(args.paper)), "--paper")
    if getattr(args, "jobs", None) is not None:
        settings.set_from_command_line("jobs", args.jobs, "--jobs")
    flags = [name for name, on in (("large-print", getattr(args, "large_print", False)),
                                   ("booklet", getattr(args, "booklet", False))) if on]
    if getattr(args, "format", None):
        if flags:
            raise UsageError(f"give the formats either with --format or with --{flags[0]}, "
                             f"not both")
        settings.set_from_command_line("formats", tuple(_split(args.format)), "--format")
    elif flags:
        formats = "large-print-booklet" if len(flags) == 2 else flags[0]
        settings.set_from_command_line("formats", (formats,),
                                       " ".join(f"--{flag}" for flag in flags))


def _from(value) -> str:
    return "" if value.source == "default" else f" (from {value.source})"


def _program_sections() -> Path:
    return Path(__file__).resolve().parent.parent / "sections"


def sections_root(settings) -> Path:
    """--sections, the settings file, ./sections, or a source checkout's own sections."""
    from .request import languages

    value = settings.get("sections")
    if value.value is not None:
        root = Path(value.value)
        if not root.is_dir():
            raise UsageError(f"the sections folder {root}{_from(value)} does not exist")
        return root
    here = Path("sections")
    if here.is_dir():
        return here
    beside = _program_sections()
    if beside.is_dir() and languages(beside):
        return beside
    file_note = (f"the settings file {settings.file} has no `sections`" if settings.file else
                 "no settings file (looked for " +
                 " and ".join(str(p) for p in settings.looked_at) + ")")
    raise UsageError(
        "no content folder found. Looked at: --sections (not given); "
        f"{file_note}; {Path.cwd() / 'sections'} (no such folder); "
        f"{beside} (not there). Give --sections DIR, or set sections = \"DIR\" in booklet.toml, "
        f"or run booklet in the folder that holds sections/")


def languages_for(settings, root: Path) -> list[str]:
    from .request import languages

    value = settings.get("languages")
    wanted = list(value.value)
    found = languages(root)
    if not wanted:
        raise UsageError(f"no language given{_from(value)}")
    if "all" in wanted:
        if not found:
            raise UsageError(f"no language folders with a handout.yaml in {root}")
        return found
    chosen = []
    for lang in wanted:
        if lang not in found:
            raise UsageError(f"there is no content for --lang {lang}{_from(value)} in {root} "
                             f"(found: {', '.join(found) or 'none'})")
        if lang not in chosen:
            chosen.append(lang)
    return chosen


def papers_for(settings) -> list[str]:
    value = settings.get("paper")
    chosen = []
    for paper in value.value:
        names = PAPERS if paper == "all" else (paper,)
        for name in names:
            if name not in PAPERS:
                raise UsageError(f"unknown paper {paper!r}{_from(value)}; choose letter, a4 "
                                 f"or all")
            if name not in chosen:
                chosen.append(name)
    return chosen


def formats_for(settings) -> list[str]:
    value = settings.get("formats")
    chosen = []
    for name in value.value:
        if name == "all":
            return list(FORMATS)
        if name not in FORMATS:
            from .schema import did_you_mean

            raise UsageError(f"unknown format {name!r}{_from(value)}; choose from "
                             f"{', '.join(FORMATS)}{did_you_mean(name, FORMATS)}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def clinic_profiles(paths) -> list[Path]:
    """Profiles from files and folders: a folder gives the *.yaml files in it and the
    clinic.yaml of each folder in it (clinics/a.yaml, clinics/b/clinic.yaml)."""
    from .naming import PROFILE_FILE

    profiles: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted([p for p in path.iterdir()
                            if p.suffix.lower() in (".yaml", ".yml") and p.is_file()]
                           + [p / PROFILE_FILE for p in path.iterdir()
                              if p.is_dir() and (p / PROFILE_FILE).is_file()])
            if not found:
                raise UsageError(f"the clinic folder {path} holds no profiles (looked for "
                                 f"*.yaml in it and */{PROFILE_FILE} in its folders)")
            profiles.extend(found)
        elif path.is_file():
            profiles.append(path)
        else:
            raise UsageError(f"the clinic profile {path} does not exist")
    unique, seen = [], set()
    for profile in profiles:   # the same profile named twice is built once
        key = os.path.normcase(str(profile.resolve()))
        if key not in seen:
            seen.add(key)
            unique.append(profile)
    return unique


def requests_for(settings):
    from .request import EditionRequest

    root = sections_root(settings)
    langs = languages_for(settings, root)
    clinics = clinic_profiles(settings["clinics"]) or [None]
    papers = papers_for(settings)
    formats = formats_for(settings)
    return [EditionRequest(root, lang, clinic, paper, "large-print" in fmt, "booklet" in fmt)
            for lang, clinic, paper, fmt in product(langs, clinics, papers, formats)]


# --- commands ------------------------------------------------------------------------------

def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _pages(outcome) -> str:
    if outcome.booklet:  # an imposed booklet: two pages on each printed side
        return f"{outcome.pages} pages (sheet sides; {outcome.pages * 2} booklet pages)"
    return f"{outcome.pages} pages"


def open_in_viewer(path: Path) -> None:
    """Open a file or folder in the system's viewer; never through a shell."""
    path = Path(path).resolve()
    try:
        if sys.platform == "win32":
            os.startfile(str(path))   # noqa: S606 - the registered viewer, no shell
            return
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError as error:
        print(f"warning: could not open {path} in a viewer ({error.strerror or error}); "
              f"open it yourself", file=sys.stderr)


def _run_info(settings, requests) -> dict:
    """What the manifest says about the run as a whole."""
    def show(name):
        value = settings.get(name)
        raw = value.value
        if isinstance(raw, (tuple, list)):
            raw = [str(v) for v in raw]
        elif raw is not None and not isinstance(raw, (int, float, bool, str)):
            raw = str(raw)
        return {"value": raw, "from": value.source}

    return {"booklet_version": version(),
            "options": {name: show(name) for name in
                        ("sections", "clinics", "languages", "paper", "formats", "out_dir",
                         "jobs")},
            "sections": str(requests[0].sections_root) if requests else None,
            "settings_file": str(settings.file) if settings.file else None}


def run_build(args) -> int:
    from .batch import BUILT, run_batch

    settings = load_settings(args)
    _apply_command_line(args, settings)
    requests = requests_for(settings)
    if args.check:
        from .check import run_check

        return run_check(requests)
    out_dir = Path(settings["out_dir"])
    if args.out and len(requests) > 1:
        raise UsageError(f"--out names one file, but this builds {len(requests)} editions; "
                         f"use --out-dir")
    check_distinct(requests, out_dir)
    if args.figures_dir:
        from .build import build_write_figures

        for request in requests:
            build_write_figures(request, args.figures_dir)
    report = run_batch(requests, out_dir, settings["jobs"], out_path=args.out,
                       run=_run_info(settings, requests))
    warned = set()
    for outcome in report.outcomes:
        if outcome.result != BUILT:
            if len(requests) == 1:
                print(outcome.error or outcome.result, file=sys.stderr)
            elif outcome.result == "failed":
                print(f"FAILED {outcome.label}:\n{outcome.error}", file=sys.stderr)
            else:
                print(f"{outcome.result.upper()} {outcome.label}", file=sys.stderr)
            continue
        _print_warnings(w for w in outcome.warnings if w not in warned)
        warned.update(outcome.warnings)
        if outcome.status_warning and outcome.status_warning not in warned:
            warned.add(outcome.status_warning)
            _print_warnings([outcome.status_warning])
        print(f"{outcome.path}: {_pages(outcome)}, {outcome.bytes:,} bytes")
    built = report.count(BUILT)
    if len(requests) > 1:
        failed = report.count("failed")
        rest = len(requests) - built - failed
        print(f"{built} editions built, {failed} failed"
              + (f", {rest} not started" if rest else "")
              + f"; manifest: {report.manifest}")
    if args.open and built:
        open_in_viewer(Path(report.written[0].path) if len(requests) == 1 else out_dir)
    return EXIT_OK if built == len(requests) else EXIT_CONTENT


def run_check_command(args) -> int:
    from .check import run_check

    settings = load_settings(args)
    _apply_command_line(args, settings)
    return run_check(requests_for(settings))


def _one(settings, name: str, option: str) -> None:
    value = settings.get(name)
    if len(value.value) > 1:
        raise UsageError(f"email sends one edition, but {option} gives "
                         f"{', '.join(map(str, value.value))}{_from(value)}; choose one with "
                         f"{option}")


def run_email(args) -> int:
    from . import mail, maillog

    settings = load_settings(args)
    log_value = settings.get("mail.log")
    log_path = Path(log_value.value) if log_value.value else maillog.default_path(os.environ)
    if args.log:
        print(maillog.table(log_path))
        return EXIT_OK
    if not args.to:
        raise UsageError("email needs --to ADDRESS (or --log to see what was sent)\n"
                         + email_parser().format_usage().strip())
    _apply_command_line(args, settings)
    for name, option in (("languages", "--lang"), ("paper", "--paper"),
                         ("formats", "--format")):
        _one(settings, name, option)
    if any(v in ("all",) for v in settings["languages"] + settings["paper"]):
        raise UsageError("email sends one edition: give one --lang and one --paper, not all")
    clinics = clinic_profiles(settings["clinics"])
    if len(clinics) > 1:
        raise UsageError(f"email sends one edition, but {len(clinics)} clinic profiles are "
                         f"given{_from(settings.get('clinics'))}; choose one with --clinic")
    requests = requests_for(settings)
    job = mail.prepare(requests[0], settings, os.environ, to=args.to, eml=args.eml,
                       note=args.note, bcc=args.bcc, subject=args.subject,
                       allow_draft=args.allow_draft)
    sent = mail.send(job, log_path)
    print(sent.summary)
    if args.open:
        preview = _preview_path(sent.wording.attachment)
        try:
            mail.write_private(preview, sent.built.pdf)
            open_in_viewer(preview)
        except OSError as error:
            print(f"warning: could not write {preview} to open it ({error.strerror or error})",
                  file=sys.stderr)
    return EXIT_OK


def _preview_path(name: str) -> Path:
    """A new private folder for each preview: the viewer reads the file after we exit."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="booklet-preview-")) / name


def run_clinic_new(args) -> int:
    from .clinic_new import run

    return run(args)


def run_config_show(args) -> int:
    settings = load_settings(args)
    _apply_command_line(args, settings)
    if settings["sections"] is None:   # show the folder the build would use, and why
        try:
            root = sections_root(settings)
            where = ("found in the current folder" if root == Path("sections")
                     else "found beside the program")
            settings.values["sections"] = settings_module.Value(root, where)
        except UsageError:
            settings.values["sections"] = settings_module.Value(None, "none found")
    print(settings_module.describe(settings, os.environ))
    return EXIT_OK


# --- the program -------------------------------------------------------------------------------

def main(argv: list[str] | None = None, prog: str = "booklet") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(prog).parse_args(_with_command(argv))
        if args.command == "translation" and getattr(args, "sections", False) is None:
            # the translation commands find content as the build does: settings, ./sections
            settings = load_settings(args)
            args.sections = sections_root(settings)
        return args.run(args)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"usage error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        print(error, file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt as interrupt:
        print(str(interrupt) or "interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exit_:  # --help, --version
        return int(exit_.code or 0)
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("BOOKLET_DEBUG"):
            raise
        print(f"internal error: {type(error).__name__}: {error}\n"
              f"(this is a bug in booklet; run with BOOKLET_DEBUG=1 to see details)",
              file=sys.stderr)
        return EXIT_CONTENT
