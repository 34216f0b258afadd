"""Writing what booklet makes: PDFs, manifests, messages, figure files.

Never a half-written file: data goes to a temporary file in the same folder
and is renamed over the target in one step.

Only regular files or new paths are written. A rename replaces whatever
directory entry holds the name, so without a check ``--out /dev/null`` run as
root would replace the machine's ``/dev/null`` with a PDF; devices, FIFOs,
sockets, folders and symbolic links at the target are refused instead. A
symbolic link is refused even when it points at a regular file: replacing the
link would silently break it, and writing through it would let whoever made
it choose where the output lands. Folders *above* the target may be links (a
home folder on another disk is common); the rename happens inside the real
folder they lead to.

Permissions: a new file gets what the umask allows (0644 under umask 022,
0600 under umask 077); a replaced file keeps its mode (and, for root, its
owner); ``mode=0o600`` makes a private file whatever the umask, for messages
that hold a patient's address.
"""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import BuildError
from .safe_files import kind_of


def _refuse_special(path: Path) -> os.stat_result | None:
    """The target's status when it is a regular file, None when it is new."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BuildError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISLNK(info.st_mode):
        kind = "a symbolic link"
    elif not stat.S_ISREG(info.st_mode):
        kind = kind_of(info.st_mode)
    else:
        return info
    raise BuildError(f"{path} is {kind}; booklet writes only to regular files or new paths, "
                     f"so it was left as it is; give another file name")


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that it holds the old file or the new, never half.

    Refuses (BuildError) a target that is not a regular file; see the module
    notes for folders reached through links and for permissions.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot write {path}: the folder {path.parent} cannot be made "
                         f"({error.strerror or error})") from None
    existing = _refuse_special(path)
    tmp = path.parent / f".{path.name[:100]}.{secrets.token_hex(6)}.part"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_CLOEXEC", 0)
    try:
        # 0o666 lets the umask decide, as for any file a program creates
        descriptor = os.open(tmp, flags, 0o666 if mode is None else mode & 0o777)
    except OSError as error:
        raise BuildError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode & 0o7777)
            elif existing is not None:
                os.fchmod(out.fileno(), stat.S_IMODE(existing.st_mode))
            if existing is not None and os.geteuid() == 0:
                try:  # root replacing a user's file leaves it the user's
                    os.fchown(out.fileno(), existing.st_uid, existing.st_gid)
                except OSError:
                    pass
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _refuse_special(path)  # once more, just before the rename
        os.replace(tmp, path)
    except BaseException as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise BuildError(f"cannot write {path}: {error.strerror or error}") from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
