"""Read files that staff copied from anywhere, without hanging, bloating or wandering.

A content file, clinic profile or logo is read only when it is a regular file
inside its folder:

- Special files are refused before they are opened for reading: a FIFO would
  block the build forever, ``/dev/zero`` or ``/dev/urandom`` never end, and a
  device may act on being opened. The file is then opened non-blocking and
  checked again on the open descriptor, so a swap between the two looks cannot
  slip a FIFO in.
- Reads are bounded: never more than the limit plus one byte, whatever the
  file claims its size is.
- Symbolic links are followed only when they lead to a regular file inside the
  same folder (a shared ``logo.svg -> brand/logo-2025.svg`` is fine); a link
  that leads elsewhere is refused before anything is read, so no message can
  show lines of a file such as ``/etc/passwd``.

Every refusal is an :class:`UnsafeFile` whose text says what the file is and
what to do, and never quotes what the file holds.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFile(Exception):
    """The file cannot be read safely; ``str()`` is a message for people."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


# open without following a link and without waiting on a FIFO, and never hand the
# descriptor to a child process
READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | \
    getattr(os, "O_CLOEXEC", 0)


def read_at_most(descriptor: int, limit: int) -> bytes | None:
    """All of an open file, or None when it holds more than ``limit`` bytes (read in
    pieces, so a file that grows while it is read is caught too)."""
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks) if total <= limit else None


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_regular(path: Path, folder: Path | None = None) -> Path:
    """The real path of ``path`` once it is known to be a regular file in ``folder``.

    ``folder`` defaults to the folder that holds ``path``. Raises UnsafeFile.
    """
    path = Path(path)
    folder = Path(folder) if folder is not None else path.parent
    try:
        real_folder = Path(os.path.realpath(folder))
        real = Path(os.path.realpath(path))
    except (OSError, ValueError) as error:  # a loop of links, a NUL byte
        raise UnsafeFile(f"cannot follow the path: {getattr(error, 'strerror', None) or error}")
    if not _inside(real, real_folder):
        raise UnsafeFile(f"is a link that leads outside its folder ({folder.name or folder}/); "
                         f"copy the file itself into the folder")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise UnsafeFile("is a link to a file that does not exist") from None
        raise UnsafeFile("does not exist") from None
    except OSError as error:
        raise UnsafeFile(f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(f"is {kind_of(info.st_mode)}, not a regular file; "
                         f"booklet reads only regular files")
    return real


def read_regular_file(path: Path, limit: int, folder: Path | None = None) -> bytes:
    """The bytes of ``path``, a regular file in ``folder`` of at most ``limit`` bytes.

    Raises UnsafeFile with a message that never quotes the file.
    """
    real = check_regular(path, folder)
    try:
        descriptor = os.open(real, READ_FLAGS)
    except OSError as error:
        raise UnsafeFile(f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # swapped for something else since the check
            raise UnsafeFile(f"is {kind_of(info.st_mode)}, not a regular file; "
                             f"booklet reads only regular files")
        if info.st_size > limit:
            raise UnsafeFile(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        data = read_at_most(descriptor, limit)
        if data is None:  # the file grew while it was read
            raise UnsafeFile(f"is more than {limit:,} bytes, the limit")
        return data
    except OSError as error:
        raise UnsafeFile(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
