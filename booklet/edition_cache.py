"""Finished editions, kept by everything they are made from.

Building the same edition twice gives the same bytes, so a request whose
inputs have not changed since it was last built is answered from the data
cache (booklet.cache) without loading the pipeline: the clinic that prints
the same handout every morning waits for a file copy, not a layout.

The key names every input: this program's code and the installed libraries
(booklet.fingerprint), the request (language, paper, format), every file in
the content folder, the clinic's profile and every file beside it (its logo),
and today's date. A value is the PDF and what the build said about it
(pages, warnings, edition id, translation status); it is used only when the
two parts belong together and the PDF's digest matches. Anything else is a
miss, and the edition is built. ``BOOKLET_NO_CACHE=1`` turns it off with
the rest of the cache; ``BOOKLET_NO_EDITION_CACHE=1`` turns off only this part
(every edition is then laid out anew, as the benchmark's distinct editions are).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

from . import cache, fingerprint
from .request import EditionRequest

FORMAT = "edition-1"
MAX_INPUT_BYTES = 32 * 1024 * 1024     # inputs larger than this are not worth hashing
MAX_FILES = 2000
_FIELDS = {"pages": int, "warnings": list, "edition_id": str, "status": dict,
           "status_warning": (str, type(None)), "sha256": str}


class _TooMuch(Exception):
    pass


def _files(folder: Path, recursive: bool):
    """(relative path, bytes) of every regular file, in a stable order."""
    paths = []
    if recursive:
        for top, dirs, names in os.walk(folder, followlinks=False):
            dirs.sort()
            paths += [Path(top) / name for name in sorted(names)]
    else:
        paths = sorted(folder.iterdir())
    if len(paths) > MAX_FILES:
        raise _TooMuch
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if info.st_size > MAX_INPUT_BYTES:
            raise _TooMuch
        yield path.relative_to(folder).as_posix(), path.read_bytes()


def key(request: EditionRequest, today: dt.date | None = None) -> str | None:
    """The cache key for ``request``, or None when its inputs cannot be read whole."""
    digest = hashlib.sha256()

    def add(*parts) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)

    add(FORMAT, fingerprint.code(), fingerprint.libraries(), today or dt.date.today(),
        request.lang, request.paper, request.large_print, request.booklet)
    total = 0
    try:
        for name, data in _files(Path(request.sections_root), recursive=True):
            total += len(data)
            add("content", name, data)
        if request.clinic_path is not None:
            profile = Path(request.clinic_path)
            folder = profile if profile.is_dir() else profile.parent
            add("clinic", profile.name)
            for name, data in _files(folder, recursive=False):
                total += len(data)
                add("clinic file", name, data)
        if total > MAX_INPUT_BYTES:
            return None
    except (OSError, _TooMuch):
        return None
    return digest.hexdigest()


def _enabled() -> bool:
    return not os.environ.get("BOOKLET_NO_EDITION_CACHE")


def get(request: EditionRequest) -> dict | None:
    """The built edition as batch.build_for_writing returns it, or None."""
    if not _enabled():
        return None
    name = key(request)
    if name is None:
        return None
    about = cache.get_json("edition-info", name)
    if not isinstance(about, dict) or about.get("key") != name or \
            not all(isinstance(about.get(field), kind) for field, kind in _FIELDS.items()):
        return None
    pdf = cache.get_bytes("editions", name)
    if pdf is None or not pdf.startswith(b"%PDF-") or \
            hashlib.sha256(pdf).hexdigest() != about["sha256"]:
        return None
    if not all(isinstance(warning, str) for warning in about["warnings"]):
        return None
    return {"pdf": pdf, "pages": about["pages"], "warnings": about["warnings"],
            "edition_id": about["edition_id"], "status": about["status"],
            "status_warning": about["status_warning"]}


def put(request: EditionRequest, built: dict) -> None:
    if not _enabled():
        return
    name = key(request)
    if name is None or "pdf" not in built:
        return
    cache.put_bytes("editions", name, built["pdf"])
    cache.put_json("edition-info", name, {
        "key": name, "sha256": hashlib.sha256(built["pdf"]).hexdigest(),
        "pages": built["pages"], "warnings": list(built["warnings"]),
        "edition_id": built["edition_id"], "status": built["status"],
        "status_warning": built["status_warning"]})
