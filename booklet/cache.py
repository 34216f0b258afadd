"""A cache of data only: bytes or JSON by key, never code.

What is slow to make (converted figures, formatted dates) is kept between
runs. Cache folders are shared at clinics and outlive versions, so nothing
read back from one may run code (no pickle, no marshal), and anything damaged,
stale or planted is simply a miss that the caller makes again.

API (``namespace`` is a short word such as ``"figures"``; ``key`` any text
that names everything the value depends on, versions included)::

    from booklet import cache

    data = cache.get_bytes("figures", key)     # bytes, or None on a miss
    cache.put_bytes("figures", key, data)
    value = cache.get_json("dates", key)       # the JSON value, or None on a miss
    cache.put_json("dates", key, value)        # anything json.dumps takes

``put_*`` never fails a build: a value that cannot be stored is not stored.

Where: ``BOOKLET_CACHE_DIR``, else ``$XDG_CACHE_HOME/booklet``, else
``~/.cache/booklet``; ``BOOKLET_NO_CACHE=1`` turns the cache off. A folder
that cannot be used (not creatable, not a folder, not writable, owned by
another user, or writable by other users, who could plant entries; a group
that is the user's own private group does not count) is replaced by a
private temporary folder for the rest of the process, with one warning that
names ``BOOKLET_CACHE_DIR``; the temporary folder is removed at exit.

An entry is one file, ``<root>/<namespace>/<sha256(key)>``, written to a
temporary file and renamed into place (readers see the old entry or the new).
It starts with one header line::

    booklet-cache 1 <kind> <sha256 of the key> <payload length> <sha256 of the payload>

and the payload follows. An entry is read only when it is a regular file (not
a link, FIFO or device) owned by this user and at most MAX_ENTRY_BYTES long,
and only when its header matches the format version, the kind, the key and
the payload's length and hash; anything else is a miss.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from .safe_files import READ_FLAGS, read_at_most

FORMAT = b"booklet-cache 1"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_HEADER_MAX = 256
_NAMESPACE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")

_fallback: Path | None = None      # the temporary folder used instead, once needed
_warned = False


def _reset() -> None:
    """Forget the fallback folder and the warning (for tests)."""
    global _fallback, _warned
    if _fallback is not None:
        shutil.rmtree(_fallback, ignore_errors=True)
    _fallback, _warned = None, False


def configured_root() -> Path:
    """The cache folder people asked for (it may turn out to be unusable)."""
    if os.environ.get("BOOKLET_CACHE_DIR"):
        return Path(os.environ["BOOKLET_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "booklet"


def _enabled() -> bool:
    return not os.environ.get("BOOKLET_NO_CACHE")


def _problem_with(folder: Path) -> str | None:
    """Why ``folder`` cannot hold the cache, or None when it can (it is made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(folder)
    except OSError as error:
        return error.strerror or str(error)
    if stat.S_ISLNK(info.st_mode):  # mkdir accepted a link to a folder; judge the folder
        try:
            info = os.stat(folder)
        except OSError as error:
            return error.strerror or str(error)
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o002 or (info.st_mode & 0o020 and not _private_group(info.st_gid)):
        return "other users can write to it, so they could plant entries"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "it cannot be written"
    return None


def _private_group(gid: int) -> bool:
    """Whether ``gid`` is this user's own group (the user-private group that
    umask 002 systems give everyone), so group write access lets in no one else."""
    try:
        import grp
        import pwd

        group = grp.getgrgid(gid)
        return not group.gr_mem and group.gr_name == pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, OSError):
        return False


def _use_fallback(wanted: Path, reason: str) -> Path:
    global _fallback, _warned
    if _fallback is None:
        _fallback = Path(tempfile.mkdtemp(prefix="booklet-cache-"))
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and shutil.rmtree(_fallback or "",
                                                                       ignore_errors=True))
    if not _warned:
        _warned = True
        print(f"warning: cannot use the cache folder {wanted} ({reason}); using a temporary "
              f"one for this run, so builds are slower; set BOOKLET_CACHE_DIR to a folder "
              f"of your own", file=sys.stderr)
    return _fallback


def _folder(namespace: str) -> Path:
    if not _NAMESPACE.match(namespace):
        raise ValueError(f"cache namespace {namespace!r} must be a short lowercase word")
    if _fallback is not None:
        root = _fallback
    else:
        root = configured_root()
        reason = _problem_with(root)
        if reason is not None:
            root = _use_fallback(root, reason)
    folder = root / namespace
    reason = _problem_with(folder)
    if reason is not None and root is not _fallback:
        folder = _use_fallback(root, f"{namespace}/: {reason}") / namespace
        reason = _problem_with(folder)
    if reason is not None:
        raise OSError(reason)
    return folder


def entry_path(namespace: str, key: str) -> Path:
    """The file that holds (or would hold) an entry."""
    return _folder(namespace) / hashlib.sha256(key.encode("utf-8")).hexdigest()


def _header(kind: bytes, key: str, payload: bytes) -> bytes:
    return b" ".join([FORMAT, kind, hashlib.sha256(key.encode("utf-8")).hexdigest().encode(),
                      str(len(payload)).encode(),
                      hashlib.sha256(payload).hexdigest().encode()]) + b"\n"


def _read(path: Path) -> bytes | None:
    """The raw bytes of an entry file, when it is safe to read at all."""
    try:
        descriptor = os.open(path, READ_FLAGS)
    except OSError:  # missing, or a link (O_NOFOLLOW)
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES + _HEADER_MAX:
            return None
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None
        return read_at_most(descriptor, MAX_ENTRY_BYTES + _HEADER_MAX)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _payload(data: bytes | None, kind: bytes, key: str) -> bytes | None:
    if data is None:
        return None
    end = data.find(b"\n", 0, _HEADER_MAX)
    if end < 0:
        return None
    payload = data[end + 1:]
    return payload if data[:end + 1] == _header(kind, key, payload) else None


def _get(namespace: str, key: str, kind: bytes) -> bytes | None:
    if not _enabled():
        return None
    try:
        path = entry_path(namespace, key)
    except OSError:
        return None
    return _payload(_read(path), kind, key)


def _put(namespace: str, key: str, kind: bytes, payload: bytes) -> None:
    if not _enabled() or len(payload) > MAX_ENTRY_BYTES:
        return
    try:
        path = entry_path(namespace, key)
        tmp = path.parent / f".{path.name[:16]}.{secrets.token_hex(6)}.part"
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                             getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return  # no cache is fine: the next build makes the value again
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(_header(kind, key, payload))
            out.write(payload)
        os.replace(tmp, path)  # replaces a planted link itself, never its target
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def get_bytes(namespace: str, key: str) -> bytes | None:
    """The bytes stored under ``key``, or None (missing, damaged or foreign)."""
    return _get(namespace, key, b"bytes")


def put_bytes(namespace: str, key: str, data: bytes) -> None:
    """Store ``data`` under ``key`` (best effort; never raises)."""
    _put(namespace, key, b"bytes", bytes(data))


def get_json(namespace: str, key: str):
    """The JSON value stored under ``key``, or None (missing, damaged or foreign)."""
    payload = _get(namespace, key, b"json")
    if payload is None:
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError:
        return None


def put_json(namespace: str, key: str, value) -> None:
    """Store a JSON-able ``value`` under ``key`` (best effort; never raises)."""
    try:
        payload = json.dumps(value, ensure_ascii=False, sort_keys=True,
                             allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return
    _put(namespace, key, b"json", payload)


def read_entry_ok(path: Path) -> bool:
    """Whether an entry file is well formed (its key unknown): for tests and tools."""
    data = _read(Path(path))
    if data is None:
        return False
    end = data.find(b"\n", 0, _HEADER_MAX)
    parts = data[:end].split(b" ") if end >= 0 else []
    payload = data[end + 1:]
    return (len(parts) == 6 and b" ".join(parts[:2]) == FORMAT
            and parts[4] == str(len(payload)).encode()
            and parts[5] == hashlib.sha256(payload).hexdigest().encode())
