"""booklet.toml: where it is found, what wins over what, and errors that name their line."""
from __future__ import annotations

import re
import sys

import pytest

from booklet import settings as settings_module
from conftest import ROOT, SECTIONS, assert_no_traceback, run_cli


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A working folder and a user config folder of the test's own, no BOOKLET_SMTP_*."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    for name in ("HOST", "PORT", "USER", "PASSWORD", "SECURITY", "TIMEOUT", "FROM"):
        monkeypatch.delenv(f"BOOKLET_SMTP_{name}", raising=False)
    return work


def _show(*argv) -> dict[str, tuple[str, str]]:
    """`config show` as {name: (value, source)}."""
    result = run_cli("config", "show", *argv)
    assert result.code == 0, result.err
    rows = {}
    for line in result.out.splitlines()[1:]:
        name, rest = line.strip().split(None, 1)
        value, source = rest.rsplit("(", 1)
        rows[name] = (value.strip(), source.rstrip(")"))
    return rows


def test_without_a_file_every_setting_is_a_default(isolated):
    result = run_cli("config", "show")
    assert result.code == 0
    assert "settings file: none (looked for booklet.toml, " in result.out
    rows = _show()
    assert set(rows) == {key.name for key in settings_module.KEYS} | {"mail.password"}
    assert rows["languages"] == ("en", "default")
    assert rows["out_dir"] == ("dist", "default")
    assert rows["mail.password"][0] == "not set"


def test_command_line_over_file_over_environment_over_default(isolated, monkeypatch):
    (isolated / "booklet.toml").write_text(
        '# our defaults\nlanguages = ["es", "vi"]\nformats = ["plain", "booklet"]\n\n'
        '[mail]\nhost = "smtp.clinic.example"\n', "utf-8")
    monkeypatch.setenv("BOOKLET_SMTP_HOST", "smtp.env.example")
    monkeypatch.setenv("BOOKLET_SMTP_PORT", "2525")
    rows = _show("--lang", "ar")
    assert rows["languages"] == ("ar", "command line --lang")
    assert rows["formats"] == ("plain, booklet", "booklet.toml:3")
    assert rows["mail.host"] == ("smtp.clinic.example", "booklet.toml:6")  # file over environment
    assert rows["mail.port"] == ("2525", "environment BOOKLET_SMTP_PORT")
    assert rows["paper"] == ("letter", "default")


def test_large_print_and_booklet_flags_are_formats(isolated):
    assert _show("--large-print", "--booklet")["formats"][0] == "large-print-booklet"
    assert _show("--format", "plain,booklet", "--format", "large-print")["formats"][0] == \
        "plain, booklet, large-print"
    result = run_cli("--format", "plain", "--booklet", "--check")
    assert result.code == 2 and "either with --format or with --booklet" in result.err


def test_the_user_config_folder_is_read_when_the_current_folder_has_none(isolated, tmp_path):
    folder = tmp_path / "config" / "booklet"
    folder.mkdir(parents=True)
    (folder / "booklet.toml").write_text(f'sections = "{SECTIONS.as_posix()}"\n', "utf-8")
    result = run_cli("check", "--lang", "es")
    assert result.code == 0, result.err
    assert "check passed" in result.out
    rows = _show()
    assert rows["sections"][1] == f"{folder / 'booklet.toml'}:1"


def test_windows_keeps_settings_in_appdata(isolated, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert settings_module.user_config_dir() == tmp_path / "appdata" / "booklet"


def test_config_option_names_the_file_and_paths_are_relative_to_it(isolated, tmp_path):
    elsewhere = tmp_path / "site" / "north"
    elsewhere.mkdir(parents=True)
    (elsewhere / "settings.toml").write_text('out_dir = "print"\nsections = "../../sections"\n',
                                             "utf-8")
    rows = _show("--config", elsewhere / "settings.toml")
    assert rows["out_dir"][0] == str(elsewhere.resolve() / "print")
    result = run_cli("config", "show", "--config", tmp_path / "missing.toml")
    assert result.code == 2 and "missing.toml (from --config) does not exist" in result.err
    # --config may also come before the command
    result = run_cli("--config", elsewhere / "settings.toml", "config", "show")
    assert result.code == 0 and "settings.toml" in result.out


@pytest.mark.parametrize("text, line, message", [
    ('languages = ["es"]\nlangauges = ["vi"]\n', 2,
     "unknown setting 'langauges'; did you mean 'languages'?"),
    ('[mail]\nhost = "x"\nprot = 25\n', 3,
     "unknown setting 'mail.prot'; did you mean 'mail.port'?"),
    ('jobs = "two"\n', 1, "jobs must be a whole number, not 'two'"),
    ('\n\n[mail]\ntimeout = "soon"\n', 4, "mail.timeout must be a number"),
    ('[mail]\nlog_recipients = "yes"\n', 2, "mail.log_recipients must be true or false"),
    ('clinics = [1, 2]\n', 1, "clinics must be a path in quotes, or a list of them"),
    ('[mail]\nuser = "frontdesk"\npassword = "hunter2"\n', 3,
     "the mail password never goes in a settings file"),
    ('out_dir = "x"\nlanguages = ["es"\n', 2, "Unclosed array"),
    ('sections = "C:\\Users\\clinic"\n', 1, 'write it with / as in "C:/Clinic/sections"'),
])
def test_bad_settings_name_the_file_and_line(isolated, text, line, message):
    (isolated / "booklet.toml").write_text(text, "utf-8")
    result = run_cli("--check")
    assert result.code == 2, result.err
    assert f"booklet.toml:{line}:" in result.err
    assert message in result.err
    assert "hunter2" not in result.err
    assert_no_traceback(result.err)


def test_a_settings_file_that_is_not_utf8_is_named(isolated):
    (isolated / "booklet.toml").write_bytes('out_dir = "café"\n'.encode("latin-1"))
    result = run_cli("config", "show")
    assert result.code == 2 and "booklet.toml:1: the settings file is not UTF-8" in result.err


def test_settings_file_defaults_drive_the_build(isolated, tmp_path):
    (isolated / "booklet.toml").write_text(
        f'sections = "{SECTIONS.as_posix()}"\nlanguages = "es"\nout_dir = "print"\n'
        f'clinics = ["{(ROOT / "clinics").as_posix()}"]\n', "utf-8")
    result = run_cli("--check")
    assert result.code == 0, result.err
    assert re.search(r"sections/es: \d+ sections", result.out) and "check passed" in result.out


def test_a_language_from_the_file_that_has_no_content_says_where_it_came_from(isolated):
    (isolated / "booklet.toml").write_text(
        f'sections = "{SECTIONS.as_posix()}"\n\nlanguages = ["es", "fr"]\n', "utf-8")
    result = run_cli("--check")
    assert result.code == 2
    assert "no content for --lang fr (from booklet.toml:3)" in result.err


def test_key_lines_are_found_in_tables_and_dotted_keys():
    text = '# note\nout_dir = "x"\n[mail]\nhost = "a"\n  "port" = 25\n[mail.subject]\nes = "y"\n'
    lines = settings_module._key_lines(text)
    assert lines["out_dir"] == 2 and lines["mail.host"] == 4 and lines["mail.port"] == 5
    assert lines["mail.subject.es"] == 7 and lines["mail.subject"] == 6
    assert settings_module._key_lines('mail.host = "a"\n')["mail.host"] == 1
