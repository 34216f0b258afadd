"""Benchmark: ``python -m booklet.bench`` prints one JSON line of figures.

cold_s       median wall time of `python build_pdf.py` (default edition) over 5 runs
warm_ms      time per edition when one process builds 20 editions
pdf_bytes    size of the default edition
peak_rss_mb  the largest resident memory of any of those runs
batch_s      wall time of every language in both papers (`--lang all --paper all`);
             skipped with --no-batch
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure what users get: Python caches compiled modules (.pyc) on their
# machines; some sandboxes switch that off, which would time the compiler.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _cold_runs(out_dir: Path, runs: int = 5) -> list[float]:
    times = []
    subprocess.run([sys.executable, "build_pdf.py", "--out", str(out_dir / "warmup.pdf")],
                   cwd=ROOT, check=True, capture_output=True, env=ENV)  # warms caches
    for index in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "build_pdf.py", "--out", str(out_dir / f"c{index}.pdf")],
                       cwd=ROOT, check=True, capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
    return times


WARM_SCRIPT = """
import sys, time, resource
from pathlib import Path
sys.path.insert(0, {root!r})
from booklet.build import EditionRequest, build_edition
from booklet.output import write_atomic
request = EditionRequest(Path({root!r}) / "sections", "en")
build_edition(request)
start = time.perf_counter()
for index in range(20):
    built = build_edition(request)
    write_atomic(Path({out!r}) / f"w{{index}}.pdf", built.pdf)
elapsed = time.perf_counter() - start
print(elapsed / 20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    batch = "--no-batch" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = _cold_runs(out)
        warm = subprocess.run([sys.executable, "-c", WARM_SCRIPT.format(root=str(ROOT),
                                                                        out=str(out))],
                              check=True, capture_output=True, text=True, env=ENV).stdout.split()
        result = {
            "cold_s": round(statistics.median(cold), 3),
            "warm_ms": round(float(warm[0]) * 1000, 1),
            "pdf_bytes": (out / "c0.pdf").stat().st_size,
            "peak_rss_mb": round(max(int(warm[1]), resource.getrusage(
                resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 1),
        }
        if batch:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "build_pdf.py", "--lang", "all", "--paper",
                                   "all", "--out-dir", str(out / "batch")],
                                  cwd=ROOT, capture_output=True, text=True, env=ENV)
            result["batch_s"] = round(time.perf_counter() - start, 2)
            result["batch_editions"] = len(list((out / "batch").glob("*.pdf")))
            result["batch_ok"] = done.returncode == 0
    print(json.dumps(result))


if __name__ == "__main__":
    main()
