"""Shared fixtures: the real handout, built once per session, and a CLI runner."""
from __future__ import annotations

import io
import shutil
import signal
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "sections"
sys.path.insert(0, str(ROOT))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> CliResult:
    """Run the real command line in-process and capture what it prints."""
    from booklet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory):
    """Tests see no settings file of the developer's, and build every edition anew
    (tests of the cache of finished editions turn it back on)."""
    home = tmp_path_factory.mktemp("config-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(home))
        patch.setenv("APPDATA", str(home))
        patch.setenv("BOOKLET_NO_EDITION_CACHE", "1")
        yield


_BUILT: dict = {}


def built_edition(lang: str, clinic=None, paper: str = "letter", large_print: bool = False,
                  booklet: bool = False):
    """An edition of the shipped content, built once per session: tests that only read
    a PDF share it (a test that changes content builds its own)."""
    from booklet.build import EditionRequest, build_edition

    request = EditionRequest(SECTIONS, lang, clinic, paper, large_print, booklet)
    if request not in _BUILT:
        _BUILT[request] = build_edition(request)
    return _BUILT[request]


@pytest.fixture(scope="session")
def english_pdf(tmp_path_factory) -> Path:
    """The default edition, built by the CLI exactly as a user would."""
    out = tmp_path_factory.mktemp("english") / "handout.pdf"
    result = run_cli("--out", out)
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def english_content():
    from booklet.build import load_language_pair

    content, _ = load_language_pair(SECTIONS, "en")
    return content


@pytest.fixture
def sections_copy(tmp_path) -> Path:
    """A private copy of the English content to break on purpose."""
    target = tmp_path / "sections"
    shutil.copytree(SECTIONS / "en", target / "en")
    return target


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


@pytest.fixture
def ctrl_c_works():
    """Python's own Ctrl-C handler, even when the test run was started with SIGINT ignored
    (as a background job is)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
