"""What one edition is made from: the content folder, the language, the clinic's
profile, the paper and the format. Light to import: the command line builds these
before anything heavy is loaded."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MANIFEST = "handout.yaml"      # a language folder's manifest


@dataclass(frozen=True)
class EditionRequest:
    sections_root: Path
    lang: str
    clinic_path: Path | None = None
    paper: str = "letter"
    large_print: bool = False
    booklet: bool = False


def languages(sections_root: Path) -> list[str]:
    """Language folders under ``sections_root`` that hold a manifest, sorted."""
    if not sections_root.is_dir():
        return []
    return sorted(p.name for p in sections_root.iterdir()
                  if p.is_dir() and (p / MANIFEST).is_file())
