"""Build many editions at once, over every core, and account for every one of them.

Workers only build: they hand the PDF back and this process writes it, so the
list of files replaced is exact whatever happens. Every edition ends up in the
manifest as built, failed (with the reason), interrupted or not started, and
the manifest is written atomically even when an edition crashes its process or
the run is interrupted. Workers ignore Ctrl-C (this process stops them) and
exit when this process dies.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .request import EditionRequest
from .errors import BuildError, ContentError
from .naming import clinic_slug, format_name, output_name
from .output import write_atomic

BUILT, FAILED, INTERRUPTED, NOT_STARTED = "built", "failed", "interrupted", "not started"


@dataclass
class Outcome:
    lang: str
    clinic: str | None
    paper: str
    format: str
    large_print: bool
    booklet: bool
    path: str | None = None           # where the PDF is (or would have been) written
    result: str = NOT_STARTED
    replaced: bool = False            # an earlier file at `path` was replaced
    pages: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    edition_id: str | None = None
    status: dict | None = None        # translation status: source, reviewed, draft or stale
    status_warning: str | None = None
    warnings: list = field(default_factory=list)
    error: str | None = None

    @property
    def label(self) -> str:
        clinic = f" {clinic_slug(Path(self.clinic))}" if self.clinic else ""
        fmt = "" if self.format == "plain" else f" {self.format}"
        return f"{self.lang}{clinic} {self.paper}{fmt}"

    def manifest_entry(self) -> dict:
        entry = asdict(self)
        entry.pop("status_warning")
        entry["file"] = Path(self.path).name if self.path else None
        return entry


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; the message says exactly which files were written."""


@dataclass
class Report:
    outcomes: list[Outcome]
    manifest: Path | None
    interrupted: bool = False

    def count(self, result: str) -> int:
        return sum(o.result == result for o in self.outcomes)

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.result == BUILT]


def new_outcome(request: EditionRequest, path: Path) -> Outcome:
    return Outcome(request.lang, str(request.clinic_path) if request.clinic_path else None,
                   request.paper, format_name(request.large_print, request.booklet),
                   request.large_print, request.booklet, str(path))


# --- building (in a worker or here) -----------------------------------------------------

def build_edition(request: EditionRequest):
    """The whole pipeline, imported when first needed (the command line starts
    without it)."""
    from .build import build_edition as build

    return build(request)


def build_for_writing(request: EditionRequest) -> dict:
    """Build one edition (or take it from the cache of finished editions, when its
    inputs are what they were); every failure comes back as text, never raised."""
    from . import edition_cache

    try:
        cached = edition_cache.get(request)
        if cached is not None:
            return cached
        built = build_edition(request)
        status = built.edition.status
        result = {"pdf": built.pdf, "pages": built.pages, "warnings": list(built.warnings),
                  "edition_id": built.edition.edition_id, "status": status.as_dict(),
                  "status_warning": status.warning()}
        edition_cache.put(request, result)
        return result
    except ContentError as error:
        return {"error": str(error)}
    except BuildError as error:
        return {"error": str(error)}
    except MemoryError:
        return {"error": "ran out of memory while building this edition"}
    except Exception as error:  # noqa: BLE001 - one broken edition must not end the run
        return {"error": f"internal error: {type(error).__name__}: {error} (a bug in booklet; "
                         f"build this edition alone with BOOKLET_DEBUG=1 to see details)"}


@contextlib.contextmanager
def interrupts_deferred():
    """Hold Ctrl-C until the block ends, so a file is either written and counted or not."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


def write_outcome(outcome: Outcome, built: dict) -> None:
    """Record a worker's result in ``outcome``, writing the PDF when there is one."""
    if "error" in built:
        outcome.result, outcome.error = FAILED, built["error"]
        return
    path = Path(outcome.path)
    pdf = built["pdf"]
    try:
        with interrupts_deferred():
            existed = path.exists()
            write_atomic(path, pdf)
            outcome.result, outcome.replaced = BUILT, existed
    except OSError as error:
        outcome.result = FAILED
        outcome.error = f"could not write {path}: {error.strerror or error}"
        return
    except (ContentError, BuildError) as error:   # the output rules may refuse a path
        outcome.result, outcome.error = FAILED, str(error)
        return
    outcome.pages, outcome.bytes = built["pages"], len(pdf)
    outcome.sha256 = hashlib.sha256(pdf).hexdigest()
    outcome.edition_id, outcome.status = built["edition_id"], built["status"]
    outcome.status_warning = built["status_warning"]
    outcome.warnings = built["warnings"]


# --- workers ---------------------------------------------------------------------------------

_started = None   # in a worker: the queue on which it says which edition it begins


def _exit_with_parent(parent_pid: int) -> None:
    """Make this worker exit when the process that started it dies."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:   # the parent died before the line above took effect
        os._exit(1)
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:   # every platform: wait on the parent's sentinel, then leave
        def watch():
            parent.join()
            os._exit(1)

        threading.Thread(target=watch, name="booklet-parent-watch", daemon=True).start()


def _worker_init(started, parent_pid: int) -> None:
    global _started
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    _exit_with_parent(parent_pid)
    _started = started
    started.put(("worker", os.getpid()))


def _worker_task(index: int, request: EditionRequest) -> dict:
    _started.put(("start", index))
    return build_for_writing(request)


# --- the run ---------------------------------------------------------------------------------

def _progress(total: int):
    """A progress bar on a terminal; plain lines elsewhere (logs, CI)."""
    if total > 1 and sys.stderr.isatty():
        try:
            from tqdm import tqdm

            return tqdm(total=total, unit="edition", file=sys.stderr)
        except ImportError:
            pass
    return None


class _Progress:
    def __init__(self, total: int):
        self.total, self.done, self.bar = total, 0, _progress(total)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(outcome.label)
        elif self.total > 1:
            status = f"{outcome.pages} pages" if outcome.result == BUILT else outcome.result.upper()
            print(f"[{self.done}/{self.total}] {outcome.label}: {status}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(requests: list[EditionRequest], out_dir: Path, jobs: int | None = None,
              manifest_path: Path | None = None, run: dict | None = None,
              out_path: Path | None = None) -> Report:
    """Build and write every edition; returns a report of each, or raises BatchInterrupted
    after writing the manifest. ``manifest_path=None`` with one edition writes none."""
    outcomes = [new_outcome(r, out_path or out_dir / output_name(r)) for r in requests]
    if manifest_path is None and len(requests) > 1:
        manifest_path = out_dir / "manifest.json"
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(requests)))
    progress = _Progress(len(requests))
    interrupted = False
    try:
        if jobs == 1:
            for request, outcome in zip(requests, outcomes):
                outcome.result = INTERRUPTED   # until it is done
                write_outcome(outcome, build_for_writing(request))
                progress.update(outcome)
        else:
            _run_pool(requests, outcomes, jobs, progress)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
        manifest_error = None
        if manifest_path is not None:
            try:
                _write_manifest(manifest_path, outcomes, run or {}, interrupted)
            except (OSError, BuildError, ContentError) as error:
                manifest_error = f"could not write {manifest_path}: " + (
                    error.strerror if isinstance(error, OSError) and error.strerror
                    else str(error))
                manifest_path = None
    report = Report(outcomes, manifest_path, interrupted)
    if interrupted:
        raise BatchInterrupted(interrupt_message(report)
                               + (f"\n{manifest_error}" if manifest_error else ""))
    if manifest_error:
        raise BuildError(manifest_error)
    return report


def _run_pool(requests, outcomes, jobs, progress) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    started = multiprocessing.SimpleQueue()
    began: set[int] = set()
    worker_pids: set[int] = set()

    def drain():
        while not started.empty():
            kind, value = started.get()
            (worker_pids.add if kind == "worker" else began.add)(value)

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                               initargs=(started, os.getpid()))
    try:
        futures = {pool.submit(_worker_task, i, r): i for i, r in enumerate(requests)}
        for future in as_completed(futures):
            index = futures[future]
            outcome = outcomes[index]
            try:
                built = future.result()
            except BrokenProcessPool:
                drain()
                if index in began:
                    built = {"error": "its build process stopped unexpectedly (this edition, or "
                                      "one built at the same time, crashed or ran out of memory)"}
                else:
                    continue   # never started: stays "not started"
            except Exception as error:  # noqa: BLE001 - e.g. a result that could not be sent
                built = {"error": f"internal error: {type(error).__name__}: {error}"}
            write_outcome(outcome, built)
            progress.update(outcome)
    except BaseException:
        drain()
        for index in began:
            if outcomes[index].result == NOT_STARTED:
                outcomes[index].result = INTERRUPTED
        pool.shutdown(wait=False, cancel_futures=True)
        _stop(worker_pids)
        raise
    pool.shutdown(wait=True)


def _stop(pids) -> None:
    """End this run's own workers (by their ids); they write nothing, so nothing is lost."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def _write_manifest(path: Path, outcomes: list[Outcome], run: dict,
                    interrupted: bool) -> None:
    summary = {result: sum(o.result == result for o in outcomes)
               for result in (BUILT, FAILED, INTERRUPTED, NOT_STARTED)}
    data = {
        **run,   # what the caller says about the run: version, options
        "complete": summary[BUILT] == len(outcomes),
        "interrupted": interrupted,
        "summary": summary,
        "editions": [o.manifest_entry() for o in outcomes],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    with interrupts_deferred():
        write_atomic(path, text.encode("utf-8"))


def interrupt_message(report: Report) -> str:
    written = report.written
    lines = ["interrupted."]
    if written:
        lines.append(f"{len(written)} of {len(report.outcomes)} PDFs were written before the "
                     f"interrupt:")
        for outcome in written:
            note = " (replaced the earlier file)" if outcome.replaced else " (new)"
            lines.append(f"  {outcome.path}{note}")
    else:
        lines.append("no PDF was written.")
    rest = len(report.outcomes) - len(written)
    if rest:
        lines.append(f"{rest} edition{'s were' if rest != 1 else ' was'} not written; any "
                     f"earlier file of {'theirs' if rest != 1 else 'its'} is unchanged.")
    if report.manifest:
        lines.append(f"manifest: {report.manifest} (lists each edition)")
    return "\n".join(lines)
