"""Clinic editions and batch builds: branding, safe logos, `clinic new`, several clinics in
one run, a manifest that tells the truth whatever happens."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import batch
from booklet.clinic import PROFILE_KEYS, contrast_on_white, load_clinic, readable_colour
from booklet.errors import Problems
from booklet.translation import EditionStatus
from conftest import ROOT, SECTIONS, assert_no_traceback, run_cli

EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"
README = (ROOT / "README.md").read_text("utf-8")


def translation_state(lang: str) -> str:
    """The shipped translation's state as the build computes it ("draft" or "stale")."""
    from booklet.build import EditionRequest, resolve_edition

    edition = resolve_edition(EditionRequest(SECTIONS, lang, None, "letter", False, False))
    assert edition.status.is_draft
    return edition.status.state


def _text(path):
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture
def clinic_dir(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder


# --- one clinic ---------------------------------------------------------------------------

def test_example_clinic_brands_cover_and_back_page(tmp_path):
    out = tmp_path / "clinic.pdf"
    result = run_cli("--clinic", EXAMPLE, "--out", out)
    assert result.code == 0, result.err
    pages = _text(out)
    assert "Riverside Mood Clinic" in pages[0]
    assert "(217) 555-0142" in pages[0]
    assert "Riverside Mood Clinic" in pages[-1]
    assert "Dana Okafor, MD, psychiatrist" in " ".join(pages)
    assert "October 15, 2026" in pages[0]  # the clinic's own review date
    reader = PdfReader(out)
    cover = reader.pages[0]
    xobjects = (cover.get("/Resources") or {}).get("/XObject") or {}
    assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


def test_crisis_line_comes_from_the_profile(clinic_dir, tmp_path):
    profile = clinic_dir / "clinic.yaml"
    text = profile.read_text("utf-8").replace(
        "en: call or text 988 (the 988 Suicide & Crisis Lifeline)",
        "en: call Samaritans on 116 123 (free, day or night)")
    profile.write_text(text.replace('emergency_number: "911"', 'emergency_number: "999"'),
                       "utf-8")
    out = tmp_path / "uk.pdf"
    result = run_cli("--clinic", profile, "--out", out)
    assert result.code == 0, result.err
    joined = " ".join(" ".join(_text(out)).split())
    assert "116 123" in joined and "999" in joined
    assert "call or text 988" not in joined
    assert "Phone: (217) 555-0142" in joined


def test_light_brand_colour_is_darkened_with_a_warning(clinic_dir, tmp_path):
    profile = clinic_dir / "clinic.yaml"
    profile.write_text(profile.read_text("utf-8").replace("#2a7f62", "#9fe0c8"), "utf-8")
    result = run_cli("--clinic", profile, "--out", tmp_path / "x.pdf")
    assert result.code == 0, result.err
    assert "brand colour #9fe0c8 has contrast" in result.err and "darker" in result.err
    assert contrast_on_white(readable_colour("#9fe0c8")) >= 4.5


@pytest.mark.parametrize("logo, message", [
    ("../outside.svg", "must be a file in the profile's own folder"),
    ("/etc/passwd", "must be a file in the profile's own folder"),
    ("missing.svg", "does not exist"),
    ("logo.gif", "must be an .svg or .png"),
])
def test_logo_paths_stay_in_the_profile_folder(clinic_dir, tmp_path, logo, message):
    (tmp_path / "outside.svg").write_text((clinic_dir / "logo.svg").read_text())
    (clinic_dir / "logo.gif").write_bytes(b"GIF89a")
    profile = clinic_dir / "clinic.yaml"
    profile.write_text(profile.read_text("utf-8").replace("logo: logo.svg", f"logo: {logo}"),
                       "utf-8")
    result = run_cli("check", "--clinic", profile, "--lang", "es")  # es: no grading, quick
    assert result.code == 1
    assert message in result.err and f"{profile}:" in result.err
    assert_no_traceback(result.err)


def test_svg_logo_with_external_entities_is_refused(clinic_dir, tmp_path):
    (clinic_dir / "logo.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>')
    result = run_cli("--clinic", clinic_dir / "clinic.yaml", "--out", tmp_path / "x.pdf")
    assert result.code == 1
    assert "DOCTYPE or entities" in result.err
    assert not (tmp_path / "x.pdf").exists()
    assert_no_traceback(result.err)


def test_huge_png_logo_is_refused(clinic_dir):
    import struct
    import zlib

    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + \
        struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    (clinic_dir / "logo.png").write_bytes(header + struct.pack(">I", zlib.crc32(header[12:])))
    profile = clinic_dir / "clinic.yaml"
    profile.write_text(profile.read_text("utf-8").replace("logo.svg", "logo.png"), "utf-8")
    result = run_cli("check", "--clinic", profile, "--lang", "es")  # es: no grading, quick
    assert result.code == 1
    assert "100000 x 100000 pixels" in result.err


# --- clinic new ---------------------------------------------------------------------------

def _jpeg(path: Path, size=(4000, 3000), exif_orientation: int | None = None) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 8, size[1] // 8, size[0] * 7 // 8, size[1] * 7 // 8),
                 fill="#2a7f62")
    options = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif
    image.save(path, "JPEG", quality=90, **options)
    return path


def _new(tmp_path, *argv):
    return run_cli("clinic", "new", *argv, "--dir", tmp_path / "clinics")


def test_clinic_new_with_a_jpeg_logo_makes_a_print_sized_png(tmp_path):
    from PIL import Image

    photo = _jpeg(tmp_path / "photo.jpg")
    result = _new(tmp_path, "riverside", "--logo", photo, "--no-input")
    assert result.code == 0, result.err
    folder = tmp_path / "clinics" / "riverside"
    assert sorted(p.name for p in folder.iterdir()) == ["clinic.yaml", "logo.png"]
    with Image.open(folder / "logo.png") as logo:
        assert logo.format == "PNG" and logo.size == (600, 450)
    assert "JPEG logo of 4000 x 3000 pixels, saved as PNG at 600 x 450 pixels" in result.out
    assert "300 dpi" in result.out and "84 pt" in result.out
    assert f"booklet --clinic {(folder / 'clinic.yaml').as_posix()}" in result.out
    problems, warnings = Problems(), []
    clinic = load_clinic(folder / "clinic.yaml", problems, warnings)
    assert not problems and clinic.name == "riverside" and clinic.logo.name == "logo.png"


@pytest.mark.slow
def test_a_converted_logo_keeps_the_pdf_small(tmp_path):
    photo = _jpeg(tmp_path / "photo.jpg")
    assert _new(tmp_path, "riverside", "--logo", photo, "--no-input").code == 0
    out = tmp_path / "riverside.pdf"
    result = run_cli("--clinic", tmp_path / "clinics" / "riverside", "--out", out)
    assert result.code == 0, result.err
    images = [image for page in PdfReader(out).pages for image in page.images]
    assert images and all(max(image.image.size) <= 600 for image in images)
    assert out.stat().st_size < 400_000


def test_a_sideways_phone_picture_is_turned_upright(tmp_path):
    from PIL import Image

    photo = _jpeg(tmp_path / "photo.jpg", size=(800, 400), exif_orientation=6)
    assert _new(tmp_path, "north", "--logo", photo, "--no-input").code == 0
    with Image.open(tmp_path / "clinics" / "north" / "logo.png") as logo:
        assert logo.size == (300, 600)


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_logos_keep_their_transparency(tmp_path, kind):
    from PIL import Image

    source = tmp_path / f"logo-in.{kind.lower()}"
    Image.new("RGBA", (1200, 300), (42, 127, 98, 0)).save(source, kind)
    result = _new(tmp_path, "west", "--logo", source, "--no-input")
    assert result.code == 0, result.err
    with Image.open(tmp_path / "clinics" / "west" / "logo.png") as logo:
        assert logo.mode == "RGBA" and logo.size == (600, 150)


def test_an_svg_logo_is_checked_and_copied_as_it_is(tmp_path):
    svg = (ROOT / "clinics" / "example" / "logo.svg").read_bytes()
    (tmp_path / "mark.svg").write_bytes(svg)
    result = _new(tmp_path, "south", "--logo", tmp_path / "mark.svg", "--no-input")
    assert result.code == 0, result.err
    assert (tmp_path / "clinics" / "south" / "logo.svg").read_bytes() == svg
    assert "logo: logo.svg" in (tmp_path / "clinics" / "south" / "clinic.yaml").read_text()


@pytest.mark.parametrize("content, message", [
    (b"GIF89a\x01\x00\x01\x00", "it is a GIF image"),
    (b"just some text", "it is not an image booklet can read"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 truncated", "cannot read this JPEG logo"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="big.png"/>'
     b"</svg>", "refers to another file (big.png)"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg '
     b'xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', "DOCTYPE or entities"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "not well-formed XML"),
])
def test_a_logo_that_cannot_be_used_says_why_and_creates_nothing(tmp_path, content, message):
    (tmp_path / "logo.bin").write_bytes(content)
    result = _new(tmp_path, "east", "--logo", tmp_path / "logo.bin", "--no-input")
    assert result.code == 1
    assert message in result.err and str(tmp_path / "logo.bin") in result.err
    assert not (tmp_path / "clinics").exists()
    assert_no_traceback(result.err)


@pytest.mark.parametrize("name", ["../evil", "a/b", "a\\b", "CON", "nul.txt", ".hidden", " ",
                                  "x:y", "-rf", "tab\there", "a" * 65])
def test_clinic_new_refuses_names_that_are_not_plain_folder_names(tmp_path, name):
    result = run_cli("clinic", "new", "--no-input", "--dir", tmp_path / "clinics", "--", name)
    assert result.code == 2
    assert "use a plain folder name" in result.err
    assert not (tmp_path / "clinics").exists() and not (tmp_path / "evil").exists()


def test_clinic_new_never_overwrites(tmp_path):
    assert _new(tmp_path, "riverside", "--no-input").code == 0
    result = _new(tmp_path, "riverside", "--no-input")
    assert result.code == 2 and "already exists" in result.err


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_clinic_new_asks_on_a_terminal(tmp_path, monkeypatch):
    answers = ["Riverside Mood Clinic", "200 River Road", "(217) 555-0142", "",
               "riverside.example.org", "not an email", "care@riverside.example"]
    monkeypatch.setattr(sys, "stdin", _Terminal("\n".join(answers) + "\n"))
    result = _new(tmp_path, "riverside")
    assert result.code == 0, result.err
    assert "Clinic name, as printed [riverside]:" in result.out
    assert "does not look like an email address" in result.out
    problems, warnings = Problems(), []
    clinic = load_clinic(tmp_path / "clinics" / "riverside" / "clinic.yaml", problems, warnings)
    assert not problems
    assert (clinic.name, clinic.phone, clinic.after_hours, clinic.website, clinic.email,
            clinic.address) == ("Riverside Mood Clinic", "(217) 555-0142", None,
                                "https://riverside.example.org", "care@riverside.example",
                                "200 River Road")


def test_no_input_asks_nothing_even_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    result = _new(tmp_path, "riverside", "--no-input")
    assert result.code == 0 and "Clinic name" not in result.out


def test_the_new_profile_explains_every_field_and_its_examples_are_valid(tmp_path):
    assert _new(tmp_path, "riverside", "--no-input").code == 0
    profile = tmp_path / "clinics" / "riverside" / "clinic.yaml"
    text = profile.read_text("utf-8")
    for key in PROFILE_KEYS:
        assert re.search(rf"^(# )?{key}:", text, re.MULTILINE), f"{key} is not in the profile"
    # every example, once uncommented, is a valid value
    text = text.replace("# logo: logo.svg", "# (no logo)")
    uncommented = re.sub(r"^# (\s*[a-z_]+(-[A-Za-z]+)?:( |$))", r"\1", text, flags=re.MULTILINE)
    full = profile.with_name("full.yaml")
    full.write_text(uncommented, "utf-8")
    problems, warnings = Problems(), []
    clinic = load_clinic(full, problems, warnings)
    assert not problems, problems.items
    assert clinic.phone and clinic.reviewer and clinic.crisis_line_for("es")


# --- several clinics in one run ------------------------------------------------------------

def test_a_folder_of_profiles_in_both_layouts_names_each_file_after_its_clinic(tmp_path):
    clinics = tmp_path / "clinics"
    shutil.copytree(EXAMPLE.parent, clinics / "riverside")
    (clinics / "lakeside.yaml").write_text("name: Lakeside Care\nphone: 555-0100\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("--clinic", clinics, "--out-dir", out, "--jobs", "1")
    assert result.code == 0, result.err
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    files = [e["file"] for e in manifest["editions"]]
    assert files == ["handout-lakeside-en-letter.pdf", "handout-riverside-en-letter.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(files + ["manifest.json"])
    for edition in manifest["editions"]:
        data = (out / edition["file"]).read_bytes()
        assert edition["sha256"] == hashlib.sha256(data).hexdigest()
        assert edition["bytes"] == len(data) and edition["result"] == "built"
    assert "Lakeside Care" in _text(out / "handout-lakeside-en-letter.pdf")[0]
    assert "Riverside Mood Clinic" in _text(out / "handout-riverside-en-letter.pdf")[0]


def test_two_clinics_that_would_share_a_file_stop_the_run_before_building(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "north" / "main")
    shutil.copytree(EXAMPLE.parent, tmp_path / "south" / "main")
    out = tmp_path / "out"
    result = run_cli("--clinic", tmp_path / "north" / "main" / "clinic.yaml",
                     "--clinic", tmp_path / "south" / "main", "--out-dir", out)
    assert result.code == 2
    assert str(tmp_path / "north" / "main" / "clinic.yaml") in result.err
    assert str(tmp_path / "south" / "main" / "clinic.yaml") in result.err
    assert "handout-main-en-letter.pdf" in result.err
    assert not out.exists()


def test_the_same_profile_named_twice_is_built_once(tmp_path):
    out = tmp_path / "out"
    result = run_cli("--clinic", EXAMPLE, "--clinic", EXAMPLE.parent, "--out", out / "x.pdf")
    assert result.code == 0, result.err


def _readme_batch_example() -> list[str]:
    lines = [line for line in README.splitlines()
             if line.startswith("python build_pdf.py ") and "--clinic clinics/ " in line]
    assert lines, "README has no batch example over clinics/"
    return shlex.split(lines[0])[2:]


@pytest.fixture
def shipped_layout(tmp_path, monkeypatch):
    """A folder laid out as the repository ships: sections/ and clinics/example/."""
    (tmp_path / "sections").symlink_to(SECTIONS, target_is_directory=True)
    shutil.copytree(ROOT / "clinics" / "example", tmp_path / "clinics" / "example")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_batch_example_reads_the_shipped_layout(shipped_layout):
    """What the README's example asks for, resolved as the build does (the slow test
    below builds it)."""
    from booklet import cli

    args = cli.build_parser().parse_args(cli._with_command(_readme_batch_example()))
    settings = cli.load_settings(args)
    cli._apply_command_line(args, settings)
    requests = cli.requests_for(settings)
    assert len(requests) == 10   # five languages x two papers x the example clinic
    assert {r.clinic_path for r in requests} == {Path("clinics/example/clinic.yaml")}
    cli.check_distinct(requests, Path("print"))


@pytest.mark.slow
def test_the_readme_batch_example_builds_on_the_shipped_layout(shipped_layout):
    argv = _readme_batch_example()
    result = run_cli(*argv)
    assert result.code == 0, result.err
    out = shipped_layout / argv[argv.index("--out-dir") + 1]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    files = [e["file"] for e in manifest["editions"]]
    assert len(files) == len(set(files)) == 10   # five languages x two papers
    assert all(name.startswith("handout-example-") for name in files)
    for edition in manifest["editions"]:
        assert edition["sha256"] == hashlib.sha256((out / edition["file"]).read_bytes()
                                                   ).hexdigest()


# --- the manifest tells the truth whatever happens ---------------------------------------------

def _fake_build(behaviour):
    """A stand-in for the layout: each language's build does what ``behaviour`` says."""
    def build(request):
        action = behaviour.get(request.lang)
        if callable(action):
            action()
        pdf = f"%PDF-1.4 {request.lang} {request.paper}\n%%EOF\n".encode()
        edition = types.SimpleNamespace(status=EditionStatus(request.lang, "source"),
                                        edition_id=f"{request.lang}-test")
        return types.SimpleNamespace(pdf=pdf, pages=3, warnings=[], edition=edition)
    return build


def _raise(error):
    def action():
        raise error
    return action


def test_a_crash_in_one_edition_still_builds_and_reports_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "build_edition",
                        _fake_build({"es": _raise(RuntimeError("layout exploded"))}))
    out = tmp_path / "out"
    result = run_cli("--lang", "en,es,vi", "--out-dir", out, "--jobs", "1")
    assert result.code == 1
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    results = {e["lang"]: (e["result"], e["error"]) for e in manifest["editions"]}
    assert results["en"] == ("built", None) and results["vi"] == ("built", None)
    assert results["es"][0] == "failed"
    assert "internal error: RuntimeError: layout exploded" in results["es"][1]
    assert manifest["complete"] is False and manifest["summary"]["failed"] == 1
    assert "2 editions built, 1 failed" in result.out
    assert_no_traceback(result.err)


def test_an_interrupt_names_exactly_the_files_it_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "build_edition", _fake_build({"vi": _raise(KeyboardInterrupt)}))
    out = tmp_path / "out"
    out.mkdir()
    (out / "handout-es-letter.pdf").write_bytes(b"an older print run")
    result = run_cli("--lang", "en,es,vi,zh-Hans", "--out-dir", out, "--jobs", "1")
    assert result.code == 130
    assert "no file was changed" not in result.err
    assert "2 of 4 PDFs were written before the interrupt" in result.err
    assert f"{out / 'handout-en-letter.pdf'} (new)" in result.err
    assert f"{out / 'handout-es-letter.pdf'} (replaced the earlier file)" in result.err
    assert "vi-letter" not in result.err and "zh-Hans-letter" not in result.err
    assert sorted(p.name for p in out.iterdir()) == ["handout-en-letter.pdf",
                                                     "handout-es-letter.pdf", "manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["interrupted"] is True
    assert [e["result"] for e in manifest["editions"]] == ["built", "built", "interrupted",
                                                            "not started"]


def test_one_bad_edition_fails_alone(tmp_path):
    sections = tmp_path / "sections"
    shutil.copytree(SECTIONS / "en", sections / "en")
    shutil.copytree(SECTIONS / "es", sections / "es")
    (sections / "es" / "about.yaml").write_text("id: about\ntitle: [broken\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("--sections", sections, "--lang", "all", "--out-dir", out, "--jobs", "2")
    assert result.code == 1
    assert (out / "handout-en-letter.pdf").exists()
    assert not (out / "handout-es-letter.pdf").exists()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    failed = [e for e in manifest["editions"] if e["error"]]
    assert [e["lang"] for e in failed] == ["es"]
    assert "sections/es/about.yaml:3: YAML syntax error" in failed[0]["error"]
    assert "starts on line 2" in failed[0]["error"]
    assert "1 editions built, 1 failed" in result.out
    assert "[2/2]" in result.err  # plain progress lines when not on a terminal
    assert_no_traceback(result.err)


def test_batch_builds_every_combination_with_a_manifest(tmp_path, clinic_dir):
    second = clinic_dir / "second.yaml"
    second.write_text((clinic_dir / "clinic.yaml").read_text("utf-8").replace(
        "Riverside Mood Clinic", "Lakeside Care"), "utf-8")
    out = tmp_path / "out"
    result = run_cli("--lang", "es", "--clinic", clinic_dir, "--paper", "all",
                     "--out-dir", out, "--jobs", "2")
    assert result.code == 0, result.err
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    editions = manifest["editions"]
    assert len(editions) == 4  # two clinics x two papers
    for edition in editions:
        pdf = out / edition["file"]
        assert pdf.exists() and pdf.stat().st_size == edition["bytes"]
        assert edition["pages"] == len(PdfReader(pdf).pages)
        assert len(edition["sha256"]) == 64 and edition["error"] is None
        assert edition["status"]["state"] == translation_state(edition["lang"])
    assert {e["paper"] for e in editions} == {"letter", "a4"}
    assert {e["file"] for e in editions} == {"handout-clinic-es-letter.pdf",
                                             "handout-clinic-es-a4.pdf",
                                             "handout-second-es-letter.pdf",
                                             "handout-second-es-a4.pdf"}


# --- worker processes ------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


linux_only = pytest.mark.skipif(not Path("/proc/self/task").is_dir()
                                or not Path(f"/proc/self/task/{os.getpid()}/children").exists(),
                                reason="reads /proc to find worker processes")


@linux_only
def test_a_worker_that_dies_is_reported_and_the_manifest_is_still_written(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr(batch, "build_edition", _fake_build({"es": lambda: os._exit(3)}))
    out = tmp_path / "out"
    result = run_cli("--lang", "en,es,vi,ar", "--out-dir", out, "--jobs", "2")
    assert result.code == 1
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    editions = {e["lang"]: e for e in manifest["editions"]}
    assert set(editions) == {"en", "es", "vi", "ar"}
    assert editions["es"]["result"] == "failed"
    assert "stopped unexpectedly" in editions["es"]["error"]
    for edition in editions.values():
        assert edition["result"] in ("built", "failed", "not started")
        if edition["result"] == "built":
            data = (out / edition["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == edition["sha256"]
        else:
            assert not (out / edition["file"]).exists()
    assert manifest["complete"] is False
    assert_no_traceback(result.err)


@linux_only
def test_ctrl_c_stops_the_workers_and_names_what_was_written(tmp_path, monkeypatch,
                                                            ctrl_c_works):
    monkeypatch.setattr(batch, "build_edition", _fake_build(
        {lang: (lambda: time.sleep(30)) for lang in ("es", "vi", "ar")}))
    out = tmp_path / "out"
    first = out / "handout-en-letter.pdf"

    def press_ctrl_c_once_the_first_file_is_there():
        for _ in range(400):
            if first.exists():
                break
            time.sleep(0.025)
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)

    presser = threading.Thread(target=press_ctrl_c_once_the_first_file_is_there)
    presser.start()
    started = time.monotonic()
    result = run_cli("--lang", "en,es,vi,ar", "--out-dir", out, "--jobs", "2")
    presser.join()
    assert time.monotonic() - started < 10
    assert result.code == 130
    assert "1 of 4 PDFs were written before the interrupt" in result.err
    assert f"{first} (new)" in result.err
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [e["result"] for e in manifest["editions"]][0] == "built"
    assert {e["result"] for e in manifest["editions"][1:]} <= {"interrupted", "not started"}
    for _ in range(100):   # the workers were told to stop
        if not any(_alive(pid) for pid in _children(os.getpid())):
            break
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in _children(os.getpid()))


@linux_only
def test_workers_exit_when_the_parent_dies(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from booklet import batch
        from booklet.build import EditionRequest
        batch.build_edition = lambda request: time.sleep(60)
        requests = [EditionRequest(Path({str(SECTIONS)!r}), lang) for lang in ("en", "es")]
        batch.run_batch(requests, Path({str(tmp_path / "out")!r}), jobs=2)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        workers: set[int] = set()
        for _ in range(200):
            workers = _children(parent.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(0.3)   # let them run their initializer
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_profile_without_phone_or_after_hours_says_what_prints_instead(tmp_path, lang):
    """#10.6: the build goes on, and says which field is missing and what the handout
    prints in its place."""
    profile = tmp_path / "lakeside" / "clinic.yaml"
    profile.parent.mkdir()
    profile.write_text("name: Lakeside Clinic\nwebsite: https://lakeside.example.org\n",
                       "utf-8")
    out = tmp_path / "handout.pdf"
    result = run_cli("--lang", lang, "--clinic", profile, "--out", out)
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    phone = next(w for w in warnings if "'phone'" in w)
    after = next(w for w in warnings if "'after_hours'" in w)
    assert str(profile) in phone and str(profile) in after
    import yaml

    strings = yaml.safe_load((ROOT / "sections" / lang / "strings.yaml").read_text("utf-8"))
    default = strings["clinic_phone_default"]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert f'says "{default}"' in phone and " ".join(default.split()) in text
    assert "555-0142" not in text and "(nights and weekends)" not in text
