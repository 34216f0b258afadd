"""Build many editions at once, over every core; one failure never stops the rest."""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .build import EditionRequest, build_edition
from .naming import output_name
from .output import write_atomic
from .errors import BuildError, ContentError


@dataclass
class Outcome:
    lang: str
    clinic: str | None
    paper: str
    large_print: bool
    booklet: bool
    path: str | None = None
    pages: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    error: str | None = None
    warnings: list | None = None


def build_one(request: EditionRequest, out_dir: Path, out_path: Path | None = None) -> Outcome:
    """Build and write one edition; errors come back as text, never raised."""
    outcome = Outcome(request.lang, str(request.clinic_path) if request.clinic_path else None,
                      request.paper, request.large_print, request.booklet)
    try:
        built = build_edition(request)
        path = out_path or out_dir / output_name(request)
        write_atomic(path, built.pdf)
    except ContentError as error:
        outcome.error = str(error)
        return outcome
    except (BuildError, OSError) as error:
        outcome.error = f"{type(error).__name__}: {error}" if isinstance(error, OSError) \
            else str(error)
        return outcome
    outcome.path = str(path)
    outcome.pages = built.pages
    outcome.bytes = len(built.pdf)
    outcome.sha256 = hashlib.sha256(built.pdf).hexdigest()
    outcome.warnings = built.warnings
    return outcome


def _progress(total: int):
    """A progress bar on a terminal; plain lines elsewhere (logs, CI)."""
    if sys.stderr.isatty():
        try:
            from tqdm import tqdm

            return tqdm(total=total, unit="edition", file=sys.stderr)
        except ImportError:
            pass
    return None


def run_batch(requests: list[EditionRequest], out_dir: Path, jobs: int | None = None,
              manifest_path: Path | None = None) -> list[Outcome]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(requests)))
    outcomes: list[Outcome] = []
    bar = _progress(len(requests))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(build_one, request, out_dir): request for request in requests}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            label = f"{outcome.lang} {outcome.paper}" + (f" {Path(outcome.clinic).stem}"
                                                         if outcome.clinic else "")
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(label)
            else:
                status = f"{outcome.pages} pages" if outcome.error is None else "FAILED"
                print(f"[{len(outcomes)}/{len(requests)}] {label}: {status}", file=sys.stderr)
    if bar is not None:
        bar.close()
    outcomes.sort(key=lambda o: (o.lang, o.clinic or "", o.paper))
    manifest_path = manifest_path or out_dir / "manifest.json"
    data = json.dumps({"editions": [asdict(o) for o in outcomes]}, indent=2, ensure_ascii=False)
    write_atomic(manifest_path, data.encode("utf-8"))
    return outcomes
