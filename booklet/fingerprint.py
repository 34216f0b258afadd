"""What a cached result depends on besides its own inputs: this program's code and the
libraries installed beside it. Both are cheap to compute (no library is imported) and
computed once per process."""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code() -> str:
    """A hash of booklet's own modules and the figure modules."""
    digest = hashlib.sha256()
    for folder in (ROOT / "booklet", ROOT / "figures"):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def libraries() -> str:
    """A hash of the Python version and of every installed distribution's name and
    version (their metadata folders' names, which carry both)."""
    names = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                names.update(item.name for item in listing
                             if item.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    text = "\n".join([sys.version, *sorted(names)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
