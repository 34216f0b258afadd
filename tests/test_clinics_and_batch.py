"""Clinic editions and batch builds: branding, safe logos, manifest, partial failure."""
from __future__ import annotations

import json
import shutil

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet.clinic import contrast_on_white, readable_colour
from conftest import ROOT, SECTIONS, assert_no_traceback, run_cli

EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"


def _text(path):
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture
def clinic_dir(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder


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
    result = run_cli("--clinic", profile, "--check")
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
    result = run_cli("--clinic", profile, "--check")
    assert result.code == 1
    assert "100000 x 100000 pixels" in result.err


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
        pdf = out / edition["path"].split("/")[-1]
        assert pdf.exists() and pdf.stat().st_size == edition["bytes"]
        assert edition["pages"] == len(PdfReader(pdf).pages)
        assert len(edition["sha256"]) == 64 and edition["error"] is None
    assert {e["paper"] for e in editions} == {"letter", "a4"}
    assert "[4/4]" in result.err  # plain progress lines when not on a terminal


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
    assert_no_traceback(result.err)
