"""The command line's contract: commands, exit codes, help, paths typed on any system."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from booklet import cli
from conftest import ROOT, SECTIONS, assert_no_traceback, run_cli


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A folder with no sections/ and no settings, and no source checkout to fall back on."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(cli, "_program_sections", lambda: tmp_path / "site-packages" / "sections")
    return tmp_path


# --- commands and help ------------------------------------------------------------------------

def translation_state(lang: str) -> str:
    """The shipped translation's state as the build computes it ("draft" or "stale")."""
    from booklet.build import EditionRequest, resolve_edition

    edition = resolve_edition(EditionRequest(SECTIONS, lang, None, "letter", False, False))
    assert edition.status.is_draft
    return edition.status.state


def test_help_lists_every_command_and_the_build_options():
    result = run_cli("--help")
    assert result.code == 0
    for command in ("build", "check", "email", "clinic", "config"):
        assert f"\n    {command} " in result.out, command
    assert "--large-print" in result.out and "--lang CODES" in result.out


@pytest.mark.parametrize("argv, expected, absent", [
    (["build", "--help"], ["--format FORMATS", "--out-dir DIR", "--jobs N", "--open"], []),
    (["check", "--help"], ["--sections DIR", "--lang CODES"], ["--out-dir"]),
    (["email", "--help"], ["--to ADDRESS", "--note TEXT", "--bcc ADDRESS", "--allow-draft",
                           "--eml FILE", "--lang CODE", "--paper letter|a4", "--log"],
     ["all", "folder of"]),
    (["clinic", "new", "--help"], ["NAME", "--logo FILE", "--no-input", "SVG, PNG, JPEG"], []),
    (["config", "show", "--help"], ["where it came from", "--config FILE"], []),
])
def test_each_command_has_its_own_accurate_help(argv, expected, absent):
    result = run_cli(*argv)
    assert result.code == 0, result.err
    for text in expected:
        assert text in result.out, text
    for text in absent:
        assert not re.search(rf"\b{text}\b", result.out), text


def test_version_prints_the_version():
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"booklet {cli.version()}"
    assert cli.version()[0].isdigit()


def test_clinic_and_config_without_their_command_are_usage_errors():
    for argv in (["clinic"], ["config"]):
        result = run_cli(*argv)
        assert result.code == 2 and "choose a command" in result.err


def test_build_is_the_default_command():
    assert cli._with_command(["--lang", "es"]) == ["build", "--lang", "es"]
    assert cli._with_command([]) == ["build"]
    assert cli._with_command(["--config", "x.toml", "--lang", "es"]) == \
        ["--config", "x.toml", "build", "--lang", "es"]
    assert cli._with_command(["email", "--to", "a@b.c"]) == ["email", "--to", "a@b.c"]
    assert cli._with_command(["--version"]) == ["--version"]


def test_unknown_option_is_a_usage_error():
    result = run_cli("--colour", "red")
    assert result.code == 2
    assert "unrecognized arguments: --colour" in result.err
    assert_no_traceback(result.err)


@pytest.mark.parametrize("argv, message", [
    (["--lang", "fr", "--check"], "no content for --lang fr"),
    (["--lang", "es,fr", "--check"], "no content for --lang fr"),
    (["--paper", "legal", "--check"], "unknown paper 'legal'"),
    (["--format", "bookelt", "--check"], "did you mean 'booklet'?"),
    (["--jobs", "0"], "must be a whole number of 1 or more"),
    (["--paper", "all", "--out", "x.pdf"], "--out names one file, but this builds 2 editions"),
    (["email", "--to", "a@example.com", "--lang", "es,vi"], "email sends one edition"),
    (["email", "--to", "a@example.com", "--paper", "all"], "email sends one edition"),
    (["email", "--to", "a@example.com", "--clinic", "clinics/example/clinic.yaml",
      "--clinic", "tests/../clinics/example"], None),
    (["email"], "email needs --to ADDRESS"),
])
def test_usage_errors_exit_2_before_anything_is_built(argv, message, monkeypatch, tmp_path):
    import booklet.batch
    import booklet.mail

    monkeypatch.chdir(ROOT)
    for module in (booklet.batch, booklet.mail):
        monkeypatch.setattr(module, "build_edition", lambda request: pytest.fail("built"))
    monkeypatch.setenv("BOOKLET_SMTP_HOST", "smtp example")   # itself a usage error, later
    result = run_cli(*argv)
    assert result.code == 2, result.err
    assert result.err.startswith("usage error: ")
    if message:
        assert message in result.err
    assert_no_traceback(result.err)


def test_missing_sections_folder_is_a_usage_error(tmp_path):
    result = run_cli("--sections", tmp_path / "nowhere", "--check")
    assert result.code == 2
    assert "nowhere (from command line --sections) does not exist" in result.err


def test_missing_clinic_file_is_a_usage_error(tmp_path):
    result = run_cli("--clinic", tmp_path / "clinic.yaml", "--check")
    assert result.code == 2
    assert "clinic profile" in result.err and "does not exist" in result.err


def test_without_content_the_message_says_where_it_looked(elsewhere):
    result = run_cli("check")
    assert result.code == 2
    assert "no content folder found" in result.err
    assert "--sections (not given)" in result.err
    assert "no settings file (looked for booklet.toml" in result.err
    assert str(elsewhere / "sections") in result.err
    assert_no_traceback(result.err)


def test_from_any_folder_content_comes_from_sections_or_the_settings_file(elsewhere):
    assert run_cli("check", "--sections", SECTIONS, "--lang", "ar").code == 0
    (elsewhere / "booklet.toml").write_text(f'sections = "{SECTIONS.as_posix()}"\n', "utf-8")
    result = run_cli("check", "--lang", "vi")
    assert result.code == 0, result.err
    assert re.search(r"sections/vi: \d+ sections", result.out)


def test_a_sections_folder_in_the_current_folder_is_used(elsewhere):
    for lang in ("en", "vi"):
        shutil.copytree(SECTIONS / lang, elsewhere / "sections" / lang)
    result = run_cli("check", "--lang", "vi")
    assert result.code == 0, result.err
    assert re.match(r"sections/vi: \d+ sections", result.out)


def test_the_installed_command_runs_from_any_folder(tmp_path):
    """The console script pip installs: in CI it runs from site-packages, not this checkout."""
    command = shutil.which("booklet", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the booklet command is not installed in this environment")
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "BOOKLET_CACHE_DIR": str(tmp_path / "c")}
    version = subprocess.run([command, "--version"], capture_output=True, text=True,
                             cwd=tmp_path, env=env, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("booklet ")
    checked = subprocess.run([command, "check", "--sections", str(SECTIONS), "--lang", "es"],
                             capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert checked.returncode == 0, checked.stderr
    assert "check passed" in checked.stdout


# --- check ------------------------------------------------------------------------------------

def test_check_validates_grades_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--sections", SECTIONS, "--check")   # the old spelling of `check`
    assert result.code == 0, result.err
    assert "check passed" in result.out
    assert "grade" in result.out
    assert list(tmp_path.iterdir()) == []


def test_check_fails_when_a_section_reads_above_the_limit(sections_copy):
    manifest = sections_copy / "en" / "handout.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("reading_grade_max: 6.5", "reading_grade_max: 2"), "utf-8")
    result = run_cli("check", "--sections", sections_copy)
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


# --- building ---------------------------------------------------------------------------------

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
    assert result.out.startswith(f"{out}: ") and "pages" in result.out


def test_a_draft_translation_warns_when_built(tmp_path):
    result = run_cli("--lang", "es", "--out", tmp_path / "es.pdf")
    assert result.code == 0, result.err
    assert "warning: the es edition is a DRAFT translation" in result.err


def test_open_shows_the_pdf_in_the_system_viewer_without_a_shell(tmp_path, monkeypatch):
    """A stand-in xdg-open records what it was asked to open."""
    if sys.platform in ("win32", "darwin"):
        pytest.skip("uses xdg-open")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "opened.txt"
    viewer = bin_dir / "xdg-open"
    viewer.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin")
    out = tmp_path / "a folder; with $(spaces)" / "h.pdf"
    result = run_cli("--out", out, "--open")
    assert result.code == 0, result.err
    for _ in range(100):
        if record.exists() and record.read_text():
            break
        import time
        time.sleep(0.05)
    assert record.read_text().splitlines() == [str(out.resolve())]


def test_open_without_a_viewer_is_a_warning(tmp_path, monkeypatch):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("uses xdg-open")
    monkeypatch.setenv("PATH", str(tmp_path))   # no xdg-open anywhere
    result = run_cli("--out", tmp_path / "h.pdf", "--open")
    assert result.code == 0
    assert "could not open" in result.err and (tmp_path / "h.pdf").exists()


@pytest.mark.slow
def test_several_languages_and_formats_in_one_run(tmp_path):
    out = tmp_path / "print"
    result = run_cli("--lang", "es,vi", "--format", "plain", "--format", "booklet",
                     "--out-dir", out, "--jobs", "2")
    assert result.code == 0, result.err
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == ["handout-es-letter-booklet.pdf", "handout-es-letter.pdf",
                     "handout-vi-letter-booklet.pdf", "handout-vi-letter.pdf"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["options"]["languages"] == {"value": ["es", "vi"],
                                                "from": "command line --lang"}
    assert manifest["options"]["formats"]["value"] == ["plain", "booklet"]
    assert manifest["complete"] is True and manifest["summary"]["built"] == 4
    for edition in manifest["editions"]:
        assert edition["status"]["state"] == translation_state(edition["lang"])
        assert edition["file"] in names
    # one warning per language, not one per edition
    assert result.err.count("the es edition is a DRAFT") == 1


def test_lang_given_twice_builds_both(tmp_path, monkeypatch):
    """A repeated --lang used to keep only the last."""
    seen = []
    monkeypatch.setattr("booklet.check.run_check", lambda requests: seen.extend(requests) or 0)
    assert run_cli("--lang", "es", "--lang", "vi,es", "--check").code == 0
    assert [r.lang for r in seen] == ["es", "vi"]


# --- paths typed on Windows ------------------------------------------------------------------

def test_windows_style_paths_work(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "clinics" / "example", tmp_path / "clinics" / "riverside")
    monkeypatch.chdir(tmp_path)
    sections = str(SECTIONS).replace("/", "\\")
    result = run_cli("--sections", sections, "--clinic", r"clinics\riverside\clinic.yaml",
                     "--out", r"out\riverside\handout.pdf")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "riverside" / "handout.pdf").read_bytes().startswith(b"%PDF")
    (tmp_path / "booklet.toml").write_text(
        f"sections = '{sections}'\nclinics = ['clinics\\riverside']\n", "utf-8")
    result = run_cli("check", "--lang", "es")
    assert result.code == 0, result.err


def test_a_windows_drive_letter_on_another_system_says_to_use_slashes(tmp_path, monkeypatch):
    if sys.platform == "win32":
        pytest.skip("drive letters are right on Windows")
    result = run_cli("--sections", r"C:\Clinic\sections", "--check")
    assert result.code == 2
    assert "Windows path with a drive letter" in result.err and "with /" in result.err


# --- the translation commands (booklet/translation_cmd.py, from the trust branch) -----------

def test_translation_is_offered_exactly_when_its_module_is_there():
    import importlib.util

    present = importlib.util.find_spec("booklet.translation_cmd") is not None
    result = run_cli("--help")
    assert ("\n    translation " in result.out) == present
    if not present:
        assert run_cli("translation", "export").code == 2


@pytest.fixture
def fake_translation_cmd(monkeypatch):
    """A stand-in translation_cmd with one command, wired in as the real one would be."""
    import importlib
    import types

    calls = []
    module = types.ModuleType("booklet.translation_cmd")

    def register(subparsers):
        parser = subparsers.add_parser("translation", help="work on translations")
        commands = parser.add_subparsers(dest="translation_command", metavar="COMMAND")
        commands.required = True
        export = commands.add_parser("export")
        export.add_argument("--sections", type=Path, default=None)
        export.add_argument("--lang", required=True)
        export.set_defaults(run=lambda args: calls.append(args) or 0)

    module.register = register
    monkeypatch.setitem(sys.modules, "booklet.translation_cmd", module)
    importlib.reload(cli)
    yield calls
    monkeypatch.delitem(sys.modules, "booklet.translation_cmd")
    importlib.reload(cli)


def test_translation_commands_are_dispatched_and_find_content_like_the_build(
        fake_translation_cmd, tmp_path, monkeypatch):
    from booklet import cli as reloaded

    assert "\n    translation " in run_cli("--help").out
    monkeypatch.chdir(tmp_path)
    (tmp_path / "booklet.toml").write_text(f'sections = "{SECTIONS.as_posix()}"\n', "utf-8")
    result = run_cli("translation", "export", "--lang", "es")
    assert result.code == 0, result.err
    assert fake_translation_cmd[-1].sections == SECTIONS
    result = run_cli("translation", "export")
    assert result.code == 2 and "--lang" in result.err   # its usage errors are ours too
    assert reloaded.translation_cmd is not None


def test_config_show_says_which_sections_folder_is_used(elsewhere):
    sections_row = run_cli("config", "show").out.splitlines()[1].split()
    assert sections_row == ["sections", "-", "(none", "found)"]
    (elsewhere / "sections").mkdir()
    assert "(found in the current folder)" in run_cli("config", "show").out
