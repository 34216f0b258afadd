"""A local record of every message sent, so staff can see what went out and when.

One line of JSON per message, appended with a single write to a file opened
for appending (and locked where the system allows), so two sends at once never
mix their lines and a crash leaves at most one unreadable line, which reading
skips. The recipient's address is recorded only when the clinic turns that on
(``mail.log_recipients = true`` in booklet.toml); then the file is private to
its owner. ``booklet email --log`` prints it as a table.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

LOG_NAME = "sent-mail.jsonl"


def default_path(environ=os.environ) -> Path:
    """%LOCALAPPDATA%\\booklet, ~/Library/Application Support/booklet or ~/.local/share/booklet."""
    if sys.platform == "win32":
        base = environ.get("LOCALAPPDATA") or environ.get("APPDATA") or os.path.expanduser("~")
        return Path(base) / "booklet" / LOG_NAME
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Application Support/booklet")) / LOG_NAME
    base = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "booklet" / LOG_NAME


@dataclass(frozen=True)
class Entry:
    time: str            # local time with its UTC offset, to the second
    result: str          # "sent", or "uncertain" when the server's last reply was lost
    edition: str         # the edition id (language, version, paper, format, fingerprint)
    sha256: str          # of the attached PDF
    attachment: str
    clinic: str | None
    server: str
    message_id: str
    to: str | None = None   # only with mail.log_recipients = true
    copy: bool = False      # a copy went to the clinic (--bcc)


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class LogError(OSError):
    pass


def append(path: Path, entry: Entry, private: bool) -> None:
    """Add one line to the log; raises LogError (with a message for staff) when it cannot."""
    line = json.dumps({k: v for k, v in entry.__dict__.items() if v is not None},
                      ensure_ascii=False, sort_keys=False) + "\n"
    data = line.encode("utf-8")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o600 if private else 0o644)
    except OSError as error:
        raise LogError(f"could not open the mail log {path}: {error.strerror or error}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LogError(f"the mail log {path} is not a regular file; nothing was recorded")
        if private and hasattr(os, "fchmod") and os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)   # it holds patients' addresses now
        _lock(fd)
        size = os.fstat(fd).st_size
        if size and _last_byte(path, size) != b"\n":
            data = b"\n" + data   # the last line was cut short (a crash): start a fresh one
        os.write(fd, data)
        os.fsync(fd)
    except LogError:
        raise
    except OSError as error:
        raise LogError(f"could not write to the mail log {path}: {error.strerror or error}"
                       ) from None
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:   # Windows: appends of one write are not interleaved there either
        return
    fcntl.flock(fd, fcntl.LOCK_EX)   # released when the file is closed


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(size - 1)
        return handle.read(1)


def read(path: Path) -> tuple[list[dict], list[int]]:
    """(entries, numbers of the lines that could not be read)."""
    entries, bad = [], []
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                try:
                    entry = json.loads(raw.decode("utf-8"))
                    if not isinstance(entry, dict):
                        raise ValueError
                    entries.append(entry)
                except ValueError:
                    bad.append(number)
    except FileNotFoundError:
        pass
    return entries, bad


def table(path: Path) -> str:
    """The log as staff read it: one message a line, newest last."""
    entries, bad = read(path)
    if not entries and not bad:
        return f"{path}: no messages recorded yet"
    rows = [("time", "result", "edition", "attachment", "sha256", "to")]
    for e in entries:
        rows.append((str(e.get("time", "?")), str(e.get("result", "?")),
                     str(e.get("edition", "?")), str(e.get("attachment", "?")),
                     str(e.get("sha256", "?"))[:12],
                     str(e.get("to", "(not recorded)")) + (" + copy" if e.get("copy") else "")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [f"{path}: {len(entries)} message{'s' if len(entries) != 1 else ''}"]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
    if bad:
        lines.append(f"(lines {', '.join(map(str, bad))} could not be read and were skipped)")
    return "\n".join(lines)
