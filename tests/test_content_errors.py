"""Content mistakes give `path:line: message`, exit code 1, and no traceback."""
from __future__ import annotations

import pytest

from conftest import assert_no_traceback, run_cli


def _replace(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _check(sections, *extra):
    result = run_cli("--sections", sections, "--check", *extra)
    assert_no_traceback(result.err)
    return result


def test_unknown_key_with_suggestion(sections_copy):
    path = sections_copy / "en" / "about.yaml"
    _replace(path, "title:", "titel:")
    result = _check(sections_copy)
    assert result.code == 1
    line = _line_of(path, "titel:")
    assert f"sections/en/about.yaml:{line}: unknown key 'titel'" in result.err
    assert "did you mean 'title'?" in result.err


def test_unknown_block_kind_with_suggestion(sections_copy):
    path = sections_copy / "en" / "safety.yaml"
    _replace(path, "  - paragraph:", "  - paragraf:")
    result = _check(sections_copy)
    assert result.code == 1
    line = _line_of(path, "paragraf:")
    assert f"sections/en/safety.yaml:{line}: unknown block kind 'paragraf'" in result.err
    assert "did you mean 'paragraph'?" in result.err


def test_duplicate_key_is_an_error(sections_copy):
    path = sections_copy / "en" / "handout.yaml"
    text = path.read_text("utf-8")
    path.write_text(text + "\ntitle: A second title\n", "utf-8")
    result = _check(sections_copy)
    assert result.code == 1
    line = _line_of(path, "A second title")
    assert f"sections/en/handout.yaml:{line}: duplicate key 'title' (first on line 1)" \
        in result.err


def test_yaml_syntax_error_names_the_line(sections_copy):
    path = sections_copy / "en" / "timing.yaml"
    path.write_text("id: timing\ntitle: [unclosed\nblocks: []\n", "utf-8")
    result = _check(sections_copy)
    assert result.code == 1
    assert "sections/en/timing.yaml:" in result.err and "YAML syntax error" in result.err


def test_wrong_type_names_the_line(sections_copy):
    path = sections_copy / "en" / "treatment.yaml"
    text = path.read_text("utf-8")
    path.write_text(text + "  - bullets: just one line, not a list\n", "utf-8")
    result = _check(sections_copy)
    assert result.code == 1
    line = _line_of(path, "just one line")
    assert f"sections/en/treatment.yaml:{line}: the bullets list must be a list" in result.err


def test_unknown_figure_and_placeholder(sections_copy):
    path = sections_copy / "en" / "road-repair.yaml"
    _replace(path, "name: road_repair", "name: road_repiar")
    about = sections_copy / "en" / "about.yaml"
    text = about.read_text("utf-8")
    about.write_text(text + "  - paragraph: Call {{clinic_phon}} today.\n", "utf-8")
    result = _check(sections_copy)
    assert result.code == 1
    assert f"road-repair.yaml:{_line_of(path, 'road_repiar')}: there is no figure named " \
           f"'road_repiar'; did you mean 'road_repair'?" in result.err
    assert f"about.yaml:{_line_of(about, 'clinic_phon')}: unknown placeholder " \
           f"{{{{clinic_phon}}}}; did you mean 'clinic_phone'?" in result.err


def test_every_error_in_every_file_is_reported_at_once(sections_copy):
    _replace(sections_copy / "en" / "about.yaml", "title:", "titel:")
    _replace(sections_copy / "en" / "glossary.yaml", "term:", "trem:")
    (sections_copy / "en" / "history.yaml").write_text("id: history\n- broken\n", "utf-8")
    result = _check(sections_copy)
    assert result.code == 1
    assert "about.yaml" in result.err
    assert "glossary.yaml" in result.err
    assert "history.yaml" in result.err


def test_missing_section_file_points_at_the_manifest(sections_copy):
    (sections_copy / "en" / "timing.yaml").unlink()
    result = _check(sections_copy)
    assert result.code == 1
    manifest = sections_copy / "en" / "handout.yaml"
    line = _line_of(manifest, "- timing")
    assert f"sections/en/handout.yaml:{line}: section 'timing' is listed but" in result.err


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\xff\xfeh\x00i\x00", "UTF-16"),
    (b"id: about\ntitle: caf\xe9\n", "not UTF-8"),
    (b"a: &x [1]\nb: *x\n", "anchors and aliases"),
])
def test_unreadable_files(sections_copy, content, message):
    (sections_copy / "en" / "about.yaml").write_bytes(content)
    result = _check(sections_copy)
    assert result.code == 1
    assert "sections/en/about.yaml:" in result.err and message in result.err


def test_a_byte_order_mark_is_fine(sections_copy):
    path = sections_copy / "en" / "about.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = _check(sections_copy)
    assert result.code == 0, result.err


def test_a_failed_build_leaves_the_old_pdf(sections_copy, tmp_path):
    out = tmp_path / "handout.pdf"
    out.write_bytes(b"%PDF-old")
    _replace(sections_copy / "en" / "about.yaml", "title:", "titel:")
    result = run_cli("--sections", sections_copy, "--out", out)
    assert result.code == 1
    assert out.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf", "sections"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "sections"]
