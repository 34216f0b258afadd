"""Benchmark against Typst on the same handout: ``python -m booklet.bench`` prints one JSON line.

booklet, measured as users run it (compiled-module caching on):
  cold_s         median wall time of `python build_pdf.py` (default edition), warm caches: the
                 edition was built before, so it comes from the cache of finished editions
  rebuild_s      the same with that cache off (BOOKLET_NO_EDITION_CACHE=1): laid out and
                 written anew, figures from the figure cache
  first_s        one `python build_pdf.py` with an empty cache folder (figures drawn anew)
  ten_s          ten distinct English editions (five clinics x two papers) in one process,
                 after one warm-up build, figure cache warm; no finished pages are reused;
                 the median of three such processes, taken in turns with Typst's
  batch_s        every language in both papers, built in parallel (`--lang all --paper all`)
  peak_rss_mb    the largest resident memory of the cold runs
  pdf_bytes      the size of the default edition

Typst (when the `typst` package is importable and the shared Typst version of the handout
is found: ../shared/perf, or BOOKLET_TYPST_PERF), on the same English content, words,
fonts and figures: typst_cold_s, typst_first_s (YAML to Typst and compile, one process),
typst_ten_s (ten changed documents in one process), typst_peak_rss_mb, typst_pdf_bytes,
and the ratios booklet/Typst. Machines here are shared: quote ratios, not times.

Options: --runs N (cold runs, default 7), --no-batch, --no-typst.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure what users get: Python caches compiled modules (.pyc) on their machines;
# some sandboxes switch that off, which would time the compiler.
ENV = {key: value for key, value in os.environ.items()
       if key not in ("PYTHONDONTWRITEBYTECODE", "BOOKLET_NO_EDITION_CACHE", "BOOKLET_NO_CACHE")}
TEN_ROUNDS = 3     # loops of ten distinct editions per tool, taken in turns
CLINIC_NAMES = ("Riverside Mood Clinic", "Lakeview Psychiatry", "Northgate Health",
                "Cedar Street Clinic", "Harbor Behavioral Care")


def _run(argv, env=None, cwd=ROOT) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, argv))}\n"
                         f"{process.stderr.read().decode(errors='replace')[-800:]}")
    return wall, usage.ru_maxrss / 1024


def _clinics(folder: Path) -> list[Path]:
    """Five clinic profiles (the example's fields, different names, phones and colours)."""
    example = (ROOT / "clinics" / "example" / "clinic.yaml").read_text("utf-8")
    colours = ("#2a7f62", "#1f5f99", "#8a3b12", "#5b3a8c", "#0b5e73")
    paths = []
    for index, (name, colour) in enumerate(zip(CLINIC_NAMES, colours)):
        text = re.sub(r"(?m)^name: .*$", f"name: {name}", example)
        text = re.sub(r"(?m)^brand_colour: .*$", f'brand_colour: "{colour}"', text)
        text = re.sub(r"555-0142", f"555-01{50 + index}", text)
        text = re.sub(r"(?m)^logo: .*$", "", text)
        path = folder / f"clinic-{index}" / "clinic.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


TEN_SCRIPT = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from booklet.build import EditionRequest, build_edition
from booklet.output import write_atomic
sections, out = Path({root!r}) / "sections", Path({out!r})
build_edition(EditionRequest(sections, "en"))              # warm-up: imports, fonts
requests = [EditionRequest(sections, "en", Path(clinic), paper)
            for clinic in {clinics!r} for paper in ("letter", "a4")]
start = time.perf_counter()
for index, request in enumerate(requests):
    write_atomic(out / f"ten{{index}}.pdf", build_edition(request).pdf)
print(time.perf_counter() - start)
"""


def measure_booklet(folder: Path, runs: int, batch: bool) -> dict:
    out = folder / "booklet"
    out.mkdir()
    build = [sys.executable, "build_pdf.py", "--out", str(out / "cold.pdf")]
    ENV["BOOKLET_CACHE_DIR"] = str(folder / "cache")    # the benchmark's own cache
    _run(build)                                        # caches warm, .pyc written
    colds = [_run(build) for _ in range(runs)]
    rebuild_env = dict(ENV, BOOKLET_NO_EDITION_CACHE="1")
    rebuilds = [_run(build, env=rebuild_env) for _ in range(runs)]
    fresh = dict(ENV, BOOKLET_CACHE_DIR=str(folder / "empty-cache"))
    first, _ = _run(build, env=fresh)
    clinics = [str(p) for p in _clinics(folder / "clinics")]
    script = TEN_SCRIPT.format(root=str(ROOT), out=str(out), clinics=clinics)

    def ten() -> float:
        return float(subprocess.run([sys.executable, "-c", script], env=ENV,
                                    capture_output=True, text=True,
                                    check=True).stdout.split()[-1])

    ten()    # fills the figure cache for the new page sizes
    result = {"cold_s": round(statistics.median(w for w, _ in colds), 4),
              "rebuild_s": round(statistics.median(w for w, _ in rebuilds), 4),
              "first_s": round(first, 4), "ten_s": ten,
              "peak_rss_mb": round(max(m for _, m in colds + rebuilds), 1),
              "pdf_bytes": (out / "cold.pdf").stat().st_size}
    if batch:
        wall, _ = _run([sys.executable, "build_pdf.py", "--lang", "all", "--paper", "all",
                        "--out-dir", str(out / "batch")])
        result["batch_s"] = round(wall, 3)
        result["batch_editions"] = len(list((out / "batch").glob("*.pdf")))
    return result


# --- Typst -------------------------------------------------------------------------------

def _typst_perf() -> Path | None:
    configured = os.environ.get("BOOKLET_TYPST_PERF")
    for candidate in ([Path(configured)] if configured else []) + \
            [ROOT.parent / "shared" / "perf", ROOT.parent.parent / "shared" / "perf"]:
        if (candidate / "to_typst.py").is_file() and (candidate / "typst_run.py").is_file():
            return candidate
    return None


def _typst_sections(folder: Path) -> Path:
    """The English content as the shared Typst converter reads it: it knows the 1.0
    block kinds, so each call-guide row becomes a warning box with the same words."""
    import yaml

    target = folder / "typst-sections" / "en"
    shutil.copytree(ROOT / "sections" / "en", target)
    for path in target.glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or "blocks" not in data:
            continue
        blocks = []
        for block in data["blocks"]:
            if "call_guide" in block:
                blocks += [{"warning": {k: v for k, v in tier.items() if k != "level"}}
                           for tier in block["call_guide"]]
            else:
                blocks.append(block)
        data["blocks"] = blocks
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def measure_typst(folder: Path, runs: int) -> dict | None:
    perf = _typst_perf()
    try:
        import typst  # noqa: F401 - only to know it can run
    except ImportError:
        return None
    if perf is None:
        return None
    import fontpkg_atkinson_hyperlegible

    fonts = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
    figures = folder / "typst-figures"
    subprocess.run([sys.executable, "build_pdf.py", "--figures-dir", str(figures), "--out",
                    str(folder / "unused.pdf")], cwd=ROOT, env=ENV, check=True,
                   capture_output=True)
    sections = _typst_sections(folder)
    typ = figures / "handout.typ"
    subprocess.run([sys.executable, str(perf / "to_typst.py"), str(sections),
                    str(figures / "en"), str(typ)], env=ENV, check=True, capture_output=True)
    run = [sys.executable, str(perf / "typst_run.py")]
    cold = [run + ["cold", str(typ), str(folder / "t.pdf"), str(fonts)]][0]
    _run(cold)
    colds = [_run(cold) for _ in range(runs)]
    first, _ = _run(run + ["cold-yaml", str(sections), str(figures / "en"),
                           str(folder / "t-first.pdf"), str(fonts)])

    def ten() -> float:
        vary = subprocess.run(run + ["warm-vary", str(sections), str(figures / "en"),
                                     str(folder / "tv"), str(fonts), "10"], env=ENV,
                              check=True, capture_output=True, text=True).stdout
        return json.loads(vary.strip().splitlines()[-1])["total_loop_s"]

    ten()    # a first run, as booklet's: files and the system's caches warm
    return {"typst_cold_s": round(statistics.median(w for w, _ in colds), 4),
            "typst_first_s": round(first, 4), "typst_ten_s": ten,
            "typst_peak_rss_mb": round(max(m for _, m in colds), 1),
            "typst_pdf_bytes": (folder / "t.pdf").stat().st_size}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "-h" in argv or "--help" in argv:
        print(__doc__)
        return 0
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 7
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = measure_booklet(folder, runs, batch="--no-batch" not in argv)
        typst = None if "--no-typst" in argv else measure_typst(folder, runs)
        # ten distinct editions: booklet and Typst in turns, the median of each (one
        # loop of ten moves with whatever else the machine is doing)
        tens, typst_tens = [], []
        for _ in range(TEN_ROUNDS):
            tens.append(result["ten_s"]())
            if typst:
                typst_tens.append(typst["typst_ten_s"]())
        result["ten_s"] = round(statistics.median(tens), 4)
        if typst:
            typst["typst_ten_s"] = round(statistics.median(typst_tens), 4)
    if typst:
        result.update(typst)
        for key in ("cold_s", "first_s", "ten_s", "peak_rss_mb", "pdf_bytes"):
            result[f"ratio_{key}"] = round(result[key] / result[f"typst_{key}"], 3)
        result["ratio_rebuild_s"] = round(result["rebuild_s"] / result["typst_cold_s"], 3)
    else:
        result["typst"] = "not measured (install `typst` and keep ../shared/perf)"
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
