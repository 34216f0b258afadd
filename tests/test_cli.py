"""The command line's contract: exit codes, --check, --figures-dir, atomic output."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import SECTIONS, assert_no_traceback, run_cli


def test_unknown_option_is_a_usage_error():
    result = run_cli("--colour", "red")
    assert result.code == 2
    assert "unrecognized arguments: --colour" in result.err
    assert_no_traceback(result.err)


def test_lang_without_content_is_a_usage_error():
    result = run_cli("--lang", "fr", "--check")
    assert result.code == 2
    assert "no content for --lang fr" in result.err


def test_missing_sections_folder_is_a_usage_error(tmp_path):
    result = run_cli("--sections", tmp_path / "nowhere", "--check")
    assert result.code == 2
    assert "does not exist" in result.err


def test_missing_clinic_file_is_a_usage_error(tmp_path):
    result = run_cli("--clinic", tmp_path / "clinic.yaml", "--check")
    assert result.code == 2
    assert "clinic profile" in result.err and "does not exist" in result.err


def test_out_with_several_editions_is_a_usage_error(tmp_path):
    result = run_cli("--paper", "all", "--out", tmp_path / "x.pdf")
    assert result.code == 2


def test_check_validates_grades_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--sections", SECTIONS, "--check")
    assert result.code == 0, result.err
    assert "check passed" in result.out
    assert "grade" in result.out
    assert list(tmp_path.iterdir()) == []


def test_check_fails_when_a_section_reads_above_the_limit(sections_copy):
    manifest = sections_copy / "en" / "handout.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("reading_grade_max: 6.5", "reading_grade_max: 2"), "utf-8")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert "above the limit of 2" in result.err
    assert "sections/en/" in result.err


def test_reading_grade_of_every_section_is_within_the_limit(english_content):
    from booklet.readability import grade_sections

    grades = grade_sections(english_content, {"crisis_line": "call or text 988",
                                              "emergency_number": "911",
                                              "clinic_name": "your clinic",
                                              "clinic_phone": "your clinic's number"})
    assert len(grades) == len(english_content.sections)
    for grade in grades:
        assert grade.grade <= english_content.manifest.reading_grade_max, grade


def test_figures_dir_writes_standalone_svgs(tmp_path):
    out = tmp_path / "pdf" / "h.pdf"
    figures = tmp_path / "figures"
    result = run_cli("--out", out, "--figures-dir", figures)
    assert result.code == 0, result.err
    written = sorted(p.name for p in (figures / "en").iterdir())
    assert written == ["brain_regions.svg", "road_repair.svg", "session_day.svg", "synapse.svg",
                       "timeline.svg"]
    for path in (figures / "en").iterdir():
        root = ET.parse(path).getroot()
        assert root.tag.endswith("svg")


def test_output_is_written_atomically(tmp_path):
    out = tmp_path / "h.pdf"
    result = run_cli("--out", out)
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
    assert out.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]  # no temporary left behind


def test_help_exits_zero():
    result = run_cli("--help")
    assert result.code == 0
    assert "--large-print" in result.out
