"""Planted files, special files and hostile input: refused with `path:line`, never obeyed.

Each test sets up the trap for real (FIFOs, symlinks, devices reached through
links, PNG files, pickles) and goes through the real loader or command line.
Anything that could hang or eat memory if the guard were missing runs in a
child process with a time and memory limit.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SECTIONS, assert_no_traceback, run_cli

LOCATED = r"^\S+:\d+: "


def run_bounded(*argv, timeout: float = 60, memory: int = 2 << 30, env=None):
    """The real command line in a child process that may neither hang nor balloon."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, str(ROOT / "build_pdf.py"), *map(str, argv)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit, env=env or dict(os.environ))


def _every_line_located(text: str) -> None:
    import re

    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "no message at all"
    for line in lines:
        assert re.match(LOCATED + "|^warning: ", line), line


# --- content files are regular files inside their folder ----------------------

def test_a_fifo_content_file_is_refused_without_hanging(sections_copy):
    about = sections_copy / "en" / "about.yaml"
    about.unlink()
    os.mkfifo(about)
    result = run_bounded("--sections", sections_copy, "--check", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "sections/en/about.yaml:1: the file is a named pipe (FIFO), not a regular file" \
        in result.stderr
    assert_no_traceback(result.stderr)


def test_a_link_to_dev_zero_is_refused_without_reading(sections_copy):
    about = sections_copy / "en" / "about.yaml"
    about.unlink()
    about.symlink_to("/dev/zero")
    result = run_bounded("--sections", sections_copy, "--check", timeout=60, memory=1 << 30)
    assert result.returncode == 1, result.stderr
    assert "sections/en/about.yaml:1: the file is a link that leads outside its folder" \
        in result.stderr


def test_a_fifo_reached_through_a_link_inside_the_folder_is_refused(sections_copy):
    os.mkfifo(sections_copy / "en" / "pipe")
    about = sections_copy / "en" / "about.yaml"
    about.unlink()
    about.symlink_to("pipe")
    result = run_bounded("--sections", sections_copy, "--check", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "sections/en/about.yaml:1: the file is a named pipe (FIFO)" in result.stderr


def test_a_link_inside_the_folder_is_followed(sections_copy):
    about = sections_copy / "en" / "about.yaml"
    about.rename(sections_copy / "en" / "about-2025.yaml")
    about.symlink_to("about-2025.yaml")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 0, result.err


@pytest.mark.parametrize("secret", [
    "SECRET-TOKEN-7f3a\nroot:x:0:0:root:/root:/bin/bash\n",       # a plain string
    "id: about\ntitle: [SECRET-TOKEN-7f3a\n",                      # a YAML syntax error
    "- SECRET-TOKEN-7f3a\n- another line\n",                       # a list
])
def test_a_link_to_a_file_elsewhere_never_shows_its_lines(sections_copy, tmp_path, secret):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(secret, "utf-8")
    about = sections_copy / "en" / "about.yaml"
    about.unlink()
    about.symlink_to(outside)
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert "SECRET-TOKEN" not in result.err + result.out
    assert "sections/en/about.yaml:1: the file is a link that leads outside its folder" \
        in result.err


def test_a_profile_linked_to_etc_passwd_never_shows_its_lines(tmp_path):
    profile = tmp_path / "clinic.yaml"
    profile.symlink_to("/etc/passwd")
    result = run_cli("--clinic", profile, "--check")
    assert result.code == 1
    for line in Path("/etc/passwd").read_text("utf-8", "replace").splitlines()[:20]:
        assert line[:12] not in result.err + result.out
    assert f"{profile}:1: the file is a link that leads outside its folder" in result.err


def test_a_file_that_grows_past_the_limit_is_refused(tmp_path):
    from booklet.errors import Problems
    from booklet.yamlsource import MAX_FILE_BYTES, load_yaml

    path = tmp_path / "big.yaml"
    with open(path, "wb") as out:
        out.truncate(MAX_FILE_BYTES * 40)   # sparse: huge by its size, no disk used
    problems = Problems()
    assert load_yaml(path, problems) is None
    assert "the limit is" in problems.items[0].message


# --- YAML nesting: both libyaml wordings ---------------------------------------

@pytest.mark.parametrize("text", [
    "a: " + "[" * 5000 + "]" * 5000,                                # flow: libyaml's own limit
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 1200)),   # block: libyaml's own limit
    "a: " + "[" * 30 + "]" * 30,                                    # only ours
])
def test_deep_nesting_is_refused_in_either_wording(text):
    from booklet.errors import Problems
    from booklet.yamlsource import MAX_DEPTH, parse_yaml_text

    problems = Problems()
    assert parse_yaml_text(text, "deep.yaml", problems) is None
    assert [p.message for p in problems.items] == \
        [f"the content is nested more than {MAX_DEPTH} levels deep"]
