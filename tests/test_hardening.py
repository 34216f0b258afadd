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


# --- outputs go only to regular files or new paths -------------------------------

def _refused_as(tmp_path, make, kind: str):
    """--out at a special file: exit 1, a clear message, the thing left as it was."""
    target = tmp_path / "handout.pdf"
    make(target)
    before = os.lstat(target)
    result = run_cli("--out", target)
    assert result.code == 1, result.err
    assert f"{target} is {kind}" in result.err  # batch.build_one prints it (cli adds "error: ")
    assert "writes only to regular files or new paths" in result.err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(".part"))
    return result


def test_out_never_replaces_a_fifo(tmp_path):
    _refused_as(tmp_path, os.mkfifo, "a named pipe (FIFO)")


def test_out_never_replaces_a_symlink_or_what_it_points_to(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", "utf-8")
    _refused_as(tmp_path, lambda t: t.symlink_to(precious), "a symbolic link")
    assert precious.read_text("utf-8") == "keep me"


def test_out_never_replaces_a_folder(tmp_path):
    _refused_as(tmp_path, lambda t: t.mkdir(), "a folder")


def test_out_never_replaces_a_device_node(tmp_path):
    """What happened to /dev/null as root, made with a device node in tmp_path."""
    def make(target):
        try:
            os.mknod(target, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    _refused_as(tmp_path, make, "a device")


def test_a_socket_is_refused(tmp_path):
    import socket

    from booklet.errors import BuildError
    from booklet.output import write_atomic

    os.chdir(tmp_path)  # socket paths are limited to about 100 bytes
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("s.sock")
        with pytest.raises(BuildError, match="is a socket"):
            write_atomic(Path("s.sock"), b"data")
    finally:
        server.close()
        os.chdir(ROOT)


def test_out_dir_never_replaces_a_fifo_at_the_edition_name(tmp_path):
    from booklet.build import EditionRequest
    from booklet.naming import output_name

    target = tmp_path / output_name(EditionRequest(SECTIONS, "en"))
    os.mkfifo(target)
    result = run_cli("--out-dir", tmp_path)
    assert result.code == 1
    assert "is a named pipe (FIFO)" in result.err
    assert __import__("stat").S_ISFIFO(os.lstat(target).st_mode)


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    os.umask(previous)

    def set_(value):
        os.umask(value)
    yield set_
    os.umask(previous)


@pytest.mark.parametrize("mask, expected", [(0o077, 0o600), (0o022, 0o644), (0o027, 0o640)])
def test_new_files_follow_the_umask(tmp_path, umask, mask, expected):
    from booklet.output import write_atomic

    umask(mask)
    write_atomic(tmp_path / "new.pdf", b"%PDF")
    assert os.stat(tmp_path / "new.pdf").st_mode & 0o777 == expected


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_an_existing_file_keeps_its_mode(tmp_path, umask, mode):
    from booklet.output import write_atomic

    umask(0o022)
    target = tmp_path / "old.pdf"
    target.write_bytes(b"old")
    os.chmod(target, mode)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == mode


def test_private_files_are_created_private(tmp_path, umask):
    from booklet.output import write_atomic

    umask(0o002)
    write_atomic(tmp_path / "message.eml", b"To: someone", mode=0o600)
    assert os.stat(tmp_path / "message.eml").st_mode & 0o777 == 0o600
    (tmp_path / "old.eml").write_bytes(b"")
    os.chmod(tmp_path / "old.eml", 0o644)
    write_atomic(tmp_path / "old.eml", b"To: someone", mode=0o600)
    assert os.stat(tmp_path / "old.eml").st_mode & 0o777 == 0o600


def test_a_private_pdf_stays_private_through_the_cli(tmp_path, umask):
    umask(0o077)
    out = tmp_path / "handout.pdf"
    result = run_cli("--out", out)
    assert result.code == 0, result.err
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_a_symlinked_parent_folder_is_followed(tmp_path):
    """Folders reached through links (a home on another disk) are fine; only the
    file itself must not be a link."""
    from booklet.output import write_atomic

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    write_atomic(tmp_path / "linked" / "handout.pdf", b"%PDF")
    assert (real / "handout.pdf").read_bytes() == b"%PDF"
    assert not (real / "handout.pdf").is_symlink()


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(tmp_path):
    from booklet.errors import BuildError
    from booklet.output import write_atomic

    (tmp_path / "dist").write_text("a file, not a folder", "utf-8")
    with pytest.raises(BuildError, match="cannot write .*dist"):
        write_atomic(tmp_path / "dist" / "handout.pdf", b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
