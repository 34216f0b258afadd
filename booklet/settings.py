"""Settings: the command line, then ``booklet.toml``, then the environment, then defaults.

A settings file holds a clinic's usual choices (sections folder, clinics,
output folder, languages, formats, paper, mail server) so staff type less.
It is found in this order: ``--config FILE``; ``booklet.toml`` in the current
folder; ``booklet.toml`` in the user's config folder (``%APPDATA%\\booklet`` on
Windows, ``~/.config/booklet`` elsewhere). Only the first one found is read.

Every value remembers where it came from, so ``booklet config show`` can say,
and so a bad value is reported as ``booklet.toml:LINE: ...``. tomllib gives no
line numbers for values, so lines are found by scanning the text for the key.
The mail password is never read from the file.
"""
from __future__ import annotations

import difflib
import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

FILE_NAME = "booklet.toml"
FORMATS = ("plain", "large-print", "booklet", "large-print-booklet")
PAPERS = ("letter", "a4")
SECURITY = ("starttls", "ssl", "none")


class SettingsError(UsageError):
    """A settings file or value that cannot be used (exit code 2), as ``path:line: message``."""


@dataclass(frozen=True)
class Key:
    name: str          # dotted: "mail.host"
    kind: str          # path, paths, list, text, int, number, bool, text_or_table
    help: str
    env: str | None = None
    default: object = None


KEYS = (
    Key("sections", "path", "the content folder, one subfolder per language"),
    Key("clinics", "paths", "clinic profiles, or folders of profiles, built by default",
        default=()),
    Key("out_dir", "path", "the folder for built PDFs and manifest.json", default="dist"),
    Key("languages", "list", "languages built by default (codes, or \"all\")", default=("en",)),
    Key("formats", "list", f"formats built by default: {', '.join(FORMATS)}",
        default=("plain",)),
    Key("paper", "list", "paper sizes built by default: letter, a4 (or \"all\")",
        default=("letter",)),
    Key("jobs", "int", "parallel builds (default: every core)"),
    Key("mail.host", "text", "the SMTP server", env="BOOKLET_SMTP_HOST"),
    Key("mail.port", "int", "its port (default 587 with starttls, 465 with ssl, 25 with none)",
        env="BOOKLET_SMTP_PORT"),
    Key("mail.security", "text", "starttls, ssl or none", env="BOOKLET_SMTP_SECURITY",
        default="starttls"),
    Key("mail.user", "text", "the login name, if the server needs one", env="BOOKLET_SMTP_USER"),
    Key("mail.from", "text", "the sender address (default: the clinic profile's email)",
        env="BOOKLET_SMTP_FROM"),
    Key("mail.timeout", "number", "seconds the whole exchange with the server may take",
        env="BOOKLET_SMTP_TIMEOUT", default=30.0),
    Key("mail.bcc", "text", "send a copy of every message to this address (the clinic's own)"),
    Key("mail.subject", "text_or_table",
        "the subject line, or a table of subject lines by language code"),
    Key("mail.attachment_name", "text_or_table",
        "the PDF's file name in the message, or a table of names by language code"),
    Key("mail.log", "path", "the file that records every message sent"),
    Key("mail.log_recipients", "bool",
        "also record each recipient's address in the log (default: false)", default=False),
)
KEYS_BY_NAME = {key.name: key for key in KEYS}
PASSWORD_HELP = ("the mail password never goes in a settings file: set the environment "
                 "variable BOOKLET_SMTP_PASSWORD, or store it in the system keyring with "
                 "`keyring set booklet-smtp USER` (pip install keyring)")


@dataclass(frozen=True)
class Value:
    """A setting's value and where it came from, for messages and ``config show``."""

    value: object
    source: str        # "booklet.toml:3", "command line --lang", "environment X", "default"

    @property
    def where(self) -> str:
        """How a message names the source: ``booklet.toml:3: `` or ``BOOKLET_SMTP_PORT ``."""
        return self.source


# --- paths as people type them -------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def typed_path(text: str, what: str) -> Path:
    """A path typed on any system: backslashes work as folder separators everywhere.

    On Windows both separators already work. Elsewhere a backslash is taken as a
    separator (nobody means a file name with a backslash in it), and a drive
    letter gets a message that says what to write instead.
    """
    text = str(text).strip()
    if not text:
        raise UsageError(f"{what} is empty")
    if os.sep != "\\":
        if _DRIVE.match(text):
            raise UsageError(f"{what} {text!r} is a Windows path with a drive letter; on this "
                             f"computer write the path with / (for example clinics/riverside)")
        text = text.replace("\\", "/")
    return Path(os.path.expanduser(text))


# --- finding and reading the file -------------------------------------------------

def user_config_dir(environ=os.environ) -> Path:
    """The folder for per-user settings: %APPDATA%\\booklet or ~/.config/booklet."""
    if sys.platform == "win32" and environ.get("APPDATA"):
        return Path(environ["APPDATA"]) / "booklet"
    base = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "booklet"


def candidate_files(environ=os.environ) -> list[Path]:
    return [Path(FILE_NAME), user_config_dir(environ) / FILE_NAME]


def find_file(explicit: Path | None, environ=os.environ) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"the settings file {explicit} (from --config) does not exist")
        return explicit
    for path in candidate_files(environ):
        if path.is_file():
            return path
    return None


def _key_lines(text: str) -> dict[str, int]:
    """Line number of every key in a TOML text, by dotted name ("mail.host")."""
    lines: dict[str, int] = {}
    table: list[str] = []
    part = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
    header = re.compile(rf"^\s*\[\s*({part}(?:\s*\.\s*{part})*)\s*\]")
    assignment = re.compile(rf"^\s*({part}(?:\s*\.\s*{part})*)\s*=")

    def names(dotted: str) -> list[str]:
        return [p.strip().strip("\"'") for p in re.findall(part, dotted)]

    for number, line in enumerate(text.splitlines(), 1):
        if match := header.match(line):
            table = names(match.group(1))
            lines.setdefault(".".join(table), number)
        elif match := assignment.match(line):
            lines.setdefault(".".join(table + names(match.group(1))), number)
    return lines


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    """{"mail": {"host": x}} -> {"mail.host": x}; tables of text by language stay whole."""
    flat = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        known = KEYS_BY_NAME.get(name)
        if isinstance(value, dict) and not (known and known.kind == "text_or_table"):
            if known is None and name != "mail":
                flat[name] = value   # reported as unknown below
                continue
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _check_type(key: Key, value, where: str, base: Path) -> object:
    def fail(expected: str):
        raise SettingsError(f"{where}: {key.name} must be {expected}, not {value!r}")

    if key.kind == "path":
        if not isinstance(value, str):
            fail("a path in quotes")
        return _file_path(value, where, key.name, base)
    if key.kind == "paths":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            fail("a path in quotes, or a list of them")
        return tuple(_file_path(i, where, key.name, base) for i in items)
    if key.kind == "list":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            fail("a word in quotes, or a list of them")
        return tuple(i.strip() for i in items if i.strip())
    if key.kind == "text":
        if not isinstance(value, str):
            fail("text in quotes")
        return value
    if key.kind == "text_or_table":
        if isinstance(value, dict):
            if not all(isinstance(v, str) for v in value.values()):
                fail("text in quotes, or a table of texts by language code")
            return dict(value)
        if not isinstance(value, str):
            fail("text in quotes, or a table of texts by language code")
        return value
    if key.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            fail("a whole number")
        return value
    if key.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail("a number")
        return float(value)
    if key.kind == "bool":
        if not isinstance(value, bool):
            fail("true or false")
        return value
    raise AssertionError(key.kind)


def _file_path(text: str, where: str, name: str, base: Path) -> Path:
    """A path from the settings file, relative to the file's own folder."""
    try:
        path = typed_path(text, name)
    except UsageError as error:
        raise SettingsError(f"{where}: {error}") from None
    return path if path.is_absolute() else base / path


def _toml_error(path: Path, text: str, error) -> SettingsError:
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(match.group(1)) if match else max(1, len(text.splitlines()))
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    hint = ""
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\\" in source_line:
        hint = (" (a Windows path in double quotes: write it with / as in "
                "\"C:/Clinic/sections\", or in single quotes as in 'C:\\Clinic\\sections')")
    return SettingsError(f"{path}:{line}: {reason}{hint}")


def read_file(path: Path) -> dict[str, Value]:
    """The settings in ``path``, checked: unknown keys and wrong types name their line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the settings file: "
                            f"{error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError(f"{path}:1: the settings file is not UTF-8; save it as UTF-8"
                            ) from None
    import tomllib   # only when there is a settings file

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(path, text, error) from None
    lines = _key_lines(text)
    base = path.resolve().parent
    values: dict[str, Value] = {}
    for name, value in _flatten(data).items():
        where = f"{path}:{lines.get(name, 1)}"
        if name == "mail.password":
            raise SettingsError(f"{where}: {PASSWORD_HELP}")
        key = KEYS_BY_NAME.get(name)
        if key is None:
            raise SettingsError(f"{where}: unknown setting {name!r}"
                                f"{_suggest(name, KEYS_BY_NAME)}")
        values[name] = Value(_check_type(key, value, where, base), where)
    return values


# --- the settings in force ------------------------------------------------------------

@dataclass
class Settings:
    """Every setting with its value and source; ``file`` is the settings file read, if any."""

    values: dict[str, Value]
    file: Path | None
    looked_at: tuple[Path, ...]

    def get(self, name: str) -> Value:
        return self.values[name]

    def __getitem__(self, name: str):
        return self.values[name].value

    def set_from_command_line(self, name: str, value, option: str) -> None:
        self.values[name] = Value(value, f"command line {option}")


def load(config: Path | None = None, environ=os.environ) -> Settings:
    """File over environment over defaults; the command line is applied by the caller."""
    path = find_file(config, environ)
    from_file = read_file(path) if path else {}
    values: dict[str, Value] = {}
    for key in KEYS:
        if key.name in from_file:
            values[key.name] = from_file[key.name]
        elif key.env and environ.get(key.env, "").strip():
            values[key.name] = Value(environ[key.env].strip(), f"environment {key.env}")
        else:
            values[key.name] = Value(key.default, "default")
    return Settings(values, path, tuple(candidate_files(environ)) if config is None
                    else (config,))


def describe(settings: Settings, environ=os.environ) -> str:
    """What ``booklet config show`` prints: every setting, its value and where it came from."""
    if settings.file:
        head = f"settings file: {settings.file.resolve()}"
    else:
        head = ("settings file: none (looked for "
                + ", ".join(str(p) for p in settings.looked_at) + ")")
    rows = []
    for key in KEYS:
        value = settings.get(key.name)
        rows.append((key.name, _show(value.value), value.source))
    password = ("set" if environ.get("BOOKLET_SMTP_PASSWORD") else "not set",
                "environment BOOKLET_SMTP_PASSWORD" if environ.get("BOOKLET_SMTP_PASSWORD")
                else "from BOOKLET_SMTP_PASSWORD, or keyring service booklet-smtp")
    rows.append(("mail.password", *password))
    width = max(len(name) for name, _, _ in rows)
    value_width = min(48, max(len(value) for _, value, _ in rows))
    lines = [head]
    for name, value, source in rows:
        lines.append(f"  {name:<{width}}  {value:<{value_width}}  ({source})")
    return "\n".join(lines)


def _show(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)
