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


# --- the cache holds data only, checked on every read ---------------------------

@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    from booklet import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(folder))
    monkeypatch.delenv("BOOKLET_NO_CACHE", raising=False)
    cache._reset()
    yield folder
    cache._reset()


def _entry_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_cache_round_trip(cache_dir):
    from booklet import cache

    assert cache.get_bytes("figures", "k1") is None
    cache.put_bytes("figures", "k1", b"\x00drawing\xff")
    cache.put_json("dates", "en|long|2026-01-02", {"text": "January 2, 2026"})
    assert cache.get_bytes("figures", "k1") == b"\x00drawing\xff"
    assert cache.get_json("dates", "en|long|2026-01-02") == {"text": "January 2, 2026"}
    assert cache.get_bytes("figures", "k2") is None
    assert cache.get_json("figures", "k1") is None  # bytes are not JSON: a miss
    for entry in _entry_files(cache_dir):
        assert os.stat(entry).st_mode & 0o077 == 0


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "empty", "other_key",
                                    "pickle"])
def test_a_damaged_or_foreign_entry_is_a_miss_and_is_rebuilt(cache_dir, damage):
    import pickle

    from booklet import cache

    cache.put_bytes("figures", "key", b"payload" * 100)
    cache.put_bytes("figures", "other", b"other payload")
    entry = cache.entry_path("figures", "key")
    data = entry.read_bytes()
    planted = {
        "truncate": data[:-10],
        "flip": data[:-1] + bytes([data[-1] ^ 1]),
        "foreign": os.urandom(300),
        "empty": b"",
        "other_key": cache.entry_path("figures", "other").read_bytes(),
        "pickle": pickle.dumps({"a": 1}),
    }[damage]
    entry.write_bytes(planted)
    assert cache.get_bytes("figures", "key") is None
    cache.put_bytes("figures", "key", b"payload" * 100)  # what a caller does on a miss
    assert cache.get_bytes("figures", "key") == b"payload" * 100


def test_links_fifos_and_huge_files_are_never_read(cache_dir):
    from booklet import cache

    cache.put_bytes("figures", "real", b"the real payload")
    real = cache.entry_path("figures", "real")
    link = cache.entry_path("figures", "link")
    link.symlink_to(real)  # a valid entry, but reached through a link
    assert cache.get_bytes("figures", "link") is None
    fifo = cache.entry_path("figures", "fifo")
    os.mkfifo(fifo)
    assert cache.get_bytes("figures", "fifo") is None  # returns at once: no writer needed
    huge = cache.entry_path("figures", "huge")
    with open(huge, "wb") as out:
        out.truncate(cache.MAX_ENTRY_BYTES * 4)
    assert cache.get_bytes("figures", "huge") is None
    cache.put_bytes("figures", "link", b"rebuilt")  # replaces the link, not its target
    assert not link.is_symlink() and real.exists()
    assert cache.get_bytes("figures", "real") == b"the real payload"


def test_an_unusable_cache_folder_falls_back_with_one_warning(tmp_path, monkeypatch, capsys):
    from booklet import cache

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", "utf-8")
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(blocker))
    cache._reset()
    try:
        cache.put_bytes("figures", "a", b"1")
        cache.put_json("dates", "b", [2])
        assert cache.get_bytes("figures", "a") == b"1"   # the temporary cache works
        assert cache.get_json("dates", "b") == [2]
        err = capsys.readouterr().err
        assert err.count("warning:") == 1, err
        assert "BOOKLET_CACHE_DIR" in err and str(blocker) in err
        assert blocker.read_text("utf-8").startswith("a file")
    finally:
        cache._reset()


def test_a_cache_folder_others_can_write_is_not_trusted(tmp_path, monkeypatch, capsys):
    """A shared folder anyone may write to could hold planted entries."""
    from booklet import cache

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(shared))
    cache._reset()
    try:
        cache.put_bytes("figures", "a", b"1")
        assert cache.get_bytes("figures", "a") == b"1"
        assert list(shared.iterdir()) == []
        err = capsys.readouterr().err
        assert err.count("warning:") == 1 and "BOOKLET_CACHE_DIR" in err
    finally:
        cache._reset()


def test_no_cache_means_no_files(cache_dir, monkeypatch):
    from booklet import cache

    monkeypatch.setenv("BOOKLET_NO_CACHE", "1")
    cache.put_bytes("figures", "a", b"1")
    assert cache.get_bytes("figures", "a") is None
    assert not cache_dir.exists()


def test_dates_are_cached_as_checked_data(cache_dir):
    import datetime as dt

    from booklet import cache, dates
    from booklet.languages import language

    dates.format_date.cache_clear()
    text = dates.format_date(dt.date(2026, 3, 4), language("es"))
    assert "2026" in text and "marzo" in text
    entries = _entry_files(cache_dir)
    assert entries and all(p.parent.name == "dates" for p in entries)
    for entry in entries:   # damage every entry: the date is made again, the same
        entry.write_bytes(b"garbage")
    dates.format_date.cache_clear()
    assert dates.format_date(dt.date(2026, 3, 4), language("es")) == text
    assert all(cache.read_entry_ok(p) for p in _entry_files(cache_dir))


def test_no_pickle_or_marshal_in_what_the_build_reads_back():
    """The cache and its callers never load code: no pickle, marshal or shelve."""
    import re

    for path in sorted((ROOT / "booklet").rglob("*.py")):
        text = path.read_text("utf-8")
        assert not re.search(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill)\b", text, re.M), \
            path


@pytest.mark.slow
def test_a_planted_pickle_in_the_figure_cache_runs_nothing(tmp_path):
    """Plant a pickle that would create a file if loaded, in the old figure-cache
    place and over every entry the cache holds, then build in a fresh process."""
    import pickle

    cache = tmp_path / "cache"
    marker = tmp_path / "pwned"
    env = dict(os.environ, BOOKLET_CACHE_DIR=str(cache))
    env.pop("BOOKLET_NO_CACHE", None)
    first = run_bounded("--out", tmp_path / "a.pdf", env=env, timeout=300)
    assert first.returncode == 0, first.stderr

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    planted = pickle.dumps(Payload())
    entries = [p for p in cache.rglob("*") if p.is_file()]
    for entry in entries:
        entry.write_bytes(planted)
    drawings = cache / "drawings"
    drawings.mkdir(exist_ok=True)
    for index in range(3):  # where the pickle cache looked, should any file be named so
        (drawings / f"{index:032x}.pickle").write_bytes(planted)
    second = run_bounded("--out", tmp_path / "b.pdf", env=env, timeout=300)
    assert not marker.exists(), "a planted pickle ran"
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"


# --- strings.yaml: only the documented placeholders ------------------------------

LANGS = ["en", "es", "vi", "zh-Hans", "ar"]


@pytest.fixture
def all_sections(tmp_path) -> Path:
    import shutil

    target = tmp_path / "sections"
    shutil.copytree(SECTIONS, target)
    return target


def _set_string(folder: Path, key: str, value: str) -> int:
    """Replace one key's line in strings.yaml; returns its line number."""
    path = folder / "strings.yaml"
    lines = path.read_text("utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith(f"{key}:"):
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            lines[number - 1] = f'{key}: "{quoted}"'
            path.write_text("\n".join(lines) + "\n", "utf-8")
            return number
    raise AssertionError(key)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key, value, message", [
    ("page_of", "{page.__class__.__mro__} / {pages}", "{page.__class__.__mro__} is not a "
                                                      "placeholder"),
    ("page_of", "{0} {pages}", "{0} is not a placeholder"),
    ("page_of", "{page!r} {pages}", "{page!r} is not a placeholder"),
    ("page_of", "{page:>99999} {pages}", "{page:>99999} is not a placeholder"),
    ("figure", "Figure {number", "a lone '{'"),
    ("figure", "Figure number}", "a lone '}'"),
    ("figure", "Figure {title}", "unknown placeholder {title}; this string may use {number}"),
    ("contents", "Contents {page}", "unknown placeholder {page}; this string takes none"),
    ("edition_line", "{version} {date} {lang}", "unknown placeholder {lang}; did you mean "
                                                "'language'?"),
    ("notes", "Notes for {{crisis_line}}", "{{crisis_line}} is not filled in here"),
])
def test_strings_yaml_allows_only_the_documented_placeholders(all_sections, lang, key, value,
                                                              message):
    line = _set_string(all_sections / lang, key, value)
    result = run_cli("--sections", all_sections, "--lang", lang, "--check")
    assert result.code == 1, result.err
    assert f"sections/{lang}/strings.yaml:{line}: string {key!r}: {message}" in result.err, \
        result.err
    assert_no_traceback(result.err)


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_strings_yaml_passes(lang):
    from booklet.content import load_string_table
    from booklet.errors import Problems

    problems = Problems()
    table, _ = load_string_table(SECTIONS / lang / "strings.yaml", f"sections/{lang}/strings.yaml",
                                 problems, 1)
    assert not problems.items and table


def test_the_placeholder_table_matches_how_strings_are_used():
    """Every `edition.s(key, name=...)` in booklet/ passes only declared fields."""
    import re

    from booklet.interface import FIELDS, STRING_KEYS

    used = {}
    for path in (ROOT / "booklet").rglob("*.py"):
        for key, args in re.findall(r"\.s\(\s*['\"](\w+)['\"]\s*((?:,[^()]*(?:\([^()]*\))?)*)\)",
                                    path.read_text("utf-8")):
            names = set(re.findall(r"(\w+)\s*=", args))
            used.setdefault(key, set()).update(names)
    assert used, "no interface strings found"
    for key, names in used.items():
        assert key in STRING_KEYS, key
        assert names <= set(FIELDS.get(key, ())), (key, names)


@pytest.mark.parametrize("text, values, expected", [
    ("Page {page} of {pages}", {"page": 2, "pages": 9}, "Page 2 of 9"),
    ("{page.__class__.__mro__}", {"page": 2}, "{page.__class__.__mro__}"),
    ("{page.real}{page[0]}", {"page": 2}, "{page.real}{page[0]}"),
    ("{0} {page!r} {page:>20}", {"page": 2}, "{0} {page!r} {page:>20}"),
    ("{title}", {"title": "{page} {{crisis_line}}", "page": 1}, "{page} {{crisis_line}}"),
    ("call {{crisis_line}} on {page}", {"page": 3}, "call {{crisis_line}} on 3"),
    ("unbalanced {page", {"page": 1}, "unbalanced {page"),
    ("no values {page}", {}, "no values {page}"),
])
def test_fill_substitutes_only_plain_named_fields(text, values, expected):
    from booklet.interface import fill

    assert fill(text, values) == expected


# --- logos: checked when the profile is loaded ---------------------------------------

def _png(width: int, height: int, extra: bytes = b"", colour_type: int = 2,
         idat: bytes | None = None) -> bytes:
    """A PNG written by hand, so its header can say anything."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    if idat is None:
        channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour_type, 3)
        row = b"\x00" + b"\x80" * (width * channels)
        idat = zlib.compress(row * height, 9)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)) +
            extra + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def _text_chunk(kind: bytes, size: int) -> bytes:
    import struct
    import zlib

    data = b"Comment\x00\x00" + zlib.compress(b"a" * size, 9) if kind == b"zTXt" else \
        b"Comment\x00\x00\x00\x00\x00" + zlib.compress(b"a" * size, 9)
    if kind == b"iTXt":
        data = b"Comment\x00\x01\x00\x00\x00" + zlib.compress(b"a" * size, 9)
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _pillow_png(mode: str, size=(40, 20), **info) -> bytes:
    import io

    from PIL import Image

    image = Image.new(mode, size)
    out = io.BytesIO()
    image.save(out, "PNG", **info)
    return out.getvalue()


def _jpeg(size=(40, 20)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "#2a7f62").save(out, "JPEG")
    return out.getvalue()


def _data_uri(data: bytes, kind: str = "png") -> str:
    import base64

    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="{w}" height="{h}" viewBox="0 0 100 50">{body}</svg>')
LOGO_LINE = 3


@pytest.fixture
def clinic(tmp_path):
    """A clinic folder whose profile names `logo.svg` on line 3."""
    folder = tmp_path / "riverside"
    folder.mkdir()

    def make(name: str, data: bytes | str, **files) -> Path:
        profile = folder / "clinic.yaml"
        profile.write_text(f"name: Riverside Mood Clinic\nphone: (217) 555-0142\n"
                           f"logo: {name}\nwebsite: https://riverside.example.org\n", "utf-8")
        target = folder / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
        for other, content in files.items():
            (folder / other.replace("_", ".")).write_bytes(content)
        return profile
    make.folder = folder
    return make


def _logo_refused(profile: Path, message: str, *, cli: str | None = None) -> None:
    """The profile fails to load with one error at its logo: line.

    Through the loader every build and check uses (fast enough to cover every
    kind), or through the command line when ``cli`` is "check" or an output path.
    """
    if cli is None:
        from booklet.build import load_clinic_profile
        from booklet.errors import ContentError

        with pytest.raises(ContentError) as raised:
            load_clinic_profile(profile)
        err = str(raised.value)
    else:
        argv = ("--check",) if cli == "check" else ("--out", cli)
        result = run_cli("--clinic", profile, *argv)
        assert result.code == 1, result.err
        err = result.err
        assert "internal error" not in err
        assert_no_traceback(err)
    assert f"{profile}:{LOGO_LINE}: the logo " in err, err
    messages = message if isinstance(message, tuple) else (message,)
    assert any(text in err for text in messages), err
    _every_line_located(err)


BAD_SVGS = {
    # the eight kinds the review found, then what fuzzing added
    "style value holding a colon": (
        SVG.format(w=100, h=50, body='<text x="5" y="30" style="font-family:a:b">Hi</text>'),
        "has a style value holding a colon"),
    "bad base64": (
        SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                     'xlink:href="data:image/png;base64,!!notbase64"/>'),
        "not valid base64"),
    "base64 of no image": (
        SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                     'xlink:href="data:image/png;base64,AAAA"/>'),
        "embeds an image (line 1 of the logo) that is not a PNG or JPEG image"),
    "references itself": (
        SVG.format(w=100, h=50, body='<use xlink:href="logo.svg"/>'), "refers to itself"),
    "shows itself": (
        SVG.format(w=100, h=50, body='<image width="9" height="9" href="logo.svg#x"/>'),
        "shows itself"),
    "width nan": (SVG.format(w="nan", h=50, body='<rect width="5" height="5"/>'),
                  "has no usable width (nan)"),
    "width inf": (SVG.format(w="1e400", h=50, body='<rect width="5" height="5"/>'),
                  "has no usable width (inf)"),
    "width zero": (SVG.format(w=0, h=50, body='<rect width="5" height="5"/>'),
                   "has no usable width"),
    "absurd size": (SVG.format(w="1e30", h="1e30", body='<rect width="5" height="5"/>'),
                    "points wide; the limit is 14,400"),
    "rect width nan": (SVG.format(w=100, h=50, body='<rect width="nan" height="5"/>'),
                       "nan or inf"),
    "scale nan": (SVG.format(w=100, h=50, body='<rect width="5" height="5" '
                                               'transform="scale(nan)"/>'),
                  "not numbers or are absurdly large"),
    "font size nan": (SVG.format(w=100, h=50, body='<text x="1" y="5" font-size="nan">Hi</text>'),
                      "not numbers or are absurdly large"),
    "dash of zero": (SVG.format(w=100, h=50, body='<line x1="0" y1="0" x2="5" y2="5" '
                                                  'stroke="black" stroke-dasharray="0 0"/>'),
                     "cannot be drawn (setDash"),
    "use loop": (SVG.format(w=100, h=50, body='<g id="a"><use xlink:href="#a"/></g>'),
                 ("Circular <use> reference", "nested too deeply"),),  # svglib 2.3.2, 2.3.0
    "web address": (SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                                 'xlink:href="https://example.invalid/a.png"/>'),
                    "may not refer to web addresses"),
    "file url": (SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                              'xlink:href="file:///etc/passwd"/>'),
                 "may not refer to web addresses"),
    "absolute path": (SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                                   'xlink:href="/etc/hostname.png"/>'),
                      "the absolute path"),
    "outside the folder": (SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                                        'xlink:href="../x.png"/>'),
                           "leads outside its folder"),
    "another svg": (SVG.format(w=100, h=50, body='<use xlink:href="other.svg#a"/>'),
                    "refers to another file"),
    "svg as data": (SVG.format(w=100, h=50, body='<image width="9" height="9" '
                                                 'href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
                    "not a base64 PNG or JPEG"),
    "css import": (SVG.format(w=100, h=50, body='<style>@import url(http://x.invalid/a.css);'
                                                '</style><rect width="5" height="5"/>'),
                   "imports a style sheet"),
    "css url elsewhere": (SVG.format(w=100, h=50, body='<rect width="5" height="5" '
                                                       'fill="url(other.svg#g)"/>'),
                          "url(#...) only"),
    "doctype": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + SVG.format(w=100, h=50, body="<text>&x;</text>"), "DOCTYPE or entities"),
    "not xml": ("<svg><rect></svg>", "is not well-formed XML"),
    "not svg": ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "is not an SVG image"),
    "deep nesting": (SVG.format(w=100, h=50, body="<g>" * 60 + "</g>" * 60),
                     "nests elements more than"),
    "too many images": (SVG.format(w=100, h=50, body="".join(
        f'<image x="{i}" width="9" height="9" href="{_data_uri(_pillow_png("RGB", (4, 4)))}"/>'
        for i in range(9))), "holds 9 images; the limit is 8"),
    "images multiplied by use": (SVG.format(w=100, h=50, body=(
        f'<defs><image id="i" width="9" height="9" '
        f'href="{_data_uri(_pillow_png("RGB", (3000, 3000)))}"/></defs>' +
        "".join(f'<use x="{i}" href="#i"/>' for i in range(4)))),
        "pixels of images (with <use> copies)"),
}


@pytest.mark.parametrize("kind", list(BAD_SVGS))
def test_a_bad_svg_logo_is_a_located_content_error(clinic, kind):
    svg, message = BAD_SVGS[kind]
    (clinic.folder.parent / "x.png").write_bytes(_pillow_png("RGB"))
    profile = clinic("logo.svg", svg)
    _logo_refused(profile, message)


@pytest.mark.parametrize("kind", ["style value holding a colon", "width nan", "dash of zero",
                                  "use loop"])
def test_a_bad_svg_logo_fails_the_build_with_a_location_not_a_crash(clinic, tmp_path, kind):
    svg, message = BAD_SVGS[kind]
    _logo_refused(clinic("logo.svg", svg), message, cli=str(tmp_path / "out.pdf"))
    assert not (tmp_path / "out.pdf").exists()


BAD_PNGS = {
    "huge zTXt text chunk": (_png(8, 8, _text_chunk(b"zTXt", 50_000_000)),
                             "holds metadata (a PNG text chunk) too large"),
    "huge iTXt text chunk": (_png(8, 8, _text_chunk(b"iTXt", 50_000_000)),
                             "holds metadata (a PNG text chunk) too large"),
    "huge by its header": (_png(100_000, 100_000, idat=b"x"), "100000 x 100000 pixels"),
    "no area": (_png(0, 8, idat=b"x"), "has no area"),
    "cut short": (_png(8, 8)[:40], "is cut short"),
    "broken pixels": (_png(8, 8, idat=b"garbage"), "cannot be read as an image"),
    "bad colour type": (_png(8, 8, colour_type=5), "cannot be read as an image"),
    "not a png": (b"GIF89a" + b"\x00" * 40, "is not a PNG image"),
    "unknown critical chunk": (_png(8, 8, b"\x00\x00\x00\x00QQQQ\x00\x00\x00\x00"),
                               "a PNG chunk this program cannot read"),
}


@pytest.mark.parametrize("kind", list(BAD_PNGS))
def test_a_bad_png_logo_is_a_located_content_error(clinic, kind):
    data, message = BAD_PNGS[kind]
    _logo_refused(clinic("logo.png", data), message)


@pytest.mark.parametrize("kind", ["huge zTXt text chunk", "broken pixels"])
def test_a_bad_png_logo_fails_the_build_with_a_location_not_a_crash(clinic, tmp_path, kind):
    data, message = BAD_PNGS[kind]
    _logo_refused(clinic("logo.png", data), message, cli=str(tmp_path / "out.pdf"))
    assert not (tmp_path / "out.pdf").exists()


def test_a_tiny_svg_showing_a_giant_png_is_refused_before_decoding(clinic):
    """The review's 249-byte SVG and 12000 x 12000 PNG (1.6 GB decoded): refused
    from the PNG's header, in a process that could not even hold the pixels."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'width="120" height="120"><image width="120" height="120" xlink:href="big.png"/>'
           '</svg>')
    profile = clinic("logo.svg", svg, big_png=_png(12000, 12000))
    assert len(svg) < 250
    import time

    started = time.monotonic()
    result = run_bounded("--clinic", profile, "--out", profile.parent / "out.pdf",
                         timeout=60, memory=1 << 30)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert f"{profile}:{LOGO_LINE}: the logo 'logo.svg' shows 'big.png' (line 1 of the logo), " \
           f"which is 12000 x 12000 pixels" in result.stderr
    assert not (profile.parent / "out.pdf").exists()


def test_an_embedded_giant_png_is_refused_before_decoding(clinic):
    svg = SVG.format(w=100, h=50, body=f'<image width="9" height="9" '
                                       f'href="{_data_uri(_png(12000, 12000))}"/>')
    _logo_refused(clinic("logo.svg", svg), "that is 12000 x 12000 pixels")


def test_images_share_one_pixel_budget(clinic):
    big = _pillow_png("RGB", (3000, 3000))
    svg = SVG.format(w=100, h=50, body=f'<image width="9" height="9" href="a.png"/>'
                                       f'<image width="9" height="9" href="{_data_uri(big)}"/>')
    _logo_refused(clinic("logo.svg", svg, a_png=big), "the limit is 16,777,216 in all")


@pytest.mark.parametrize("make", ["fifo", "dev_zero", "outside"])
def test_a_logo_that_is_not_a_regular_file_in_the_folder_is_refused(clinic, tmp_path, make):
    profile = clinic("logo.svg", "placeholder")
    logo = clinic.folder / "logo.svg"
    logo.unlink()
    if make == "fifo":
        os.mkfifo(logo)
        message = "is a named pipe (FIFO), not a regular file"
    elif make == "dev_zero":
        logo.symlink_to("/dev/zero")
        message = "must be a file in the profile's own folder"
    else:
        (tmp_path / "elsewhere.svg").write_text(SVG.format(w=10, h=10, body=""), "utf-8")
        logo.symlink_to(tmp_path / "elsewhere.svg")
        message = "must be a file in the profile's own folder"
    result = run_bounded("--clinic", profile, "--check", timeout=60, memory=1 << 30)
    assert result.returncode == 1, result.stderr
    assert f"{profile}:{LOGO_LINE}: " in result.stderr and message in result.stderr


GOOD_LOGOS = {
    "example svg": ("logo.svg", (ROOT / "clinics" / "example" / "logo.svg").read_bytes(), {}),
    "png rgb": ("logo.png", _pillow_png("RGB"), {}),
    "png rgba": ("logo.png", _pillow_png("RGBA"), {}),
    "png palette with transparency": ("logo.png", _pillow_png("P", transparency=0), {}),
    "png grey and alpha": ("logo.png", _pillow_png("LA"), {}),
    "png 16-bit grey": ("logo.png", _pillow_png("I;16"), {}),
    "png with a big plain text chunk": ("logo.png", _png(20, 10, _text_chunk(b"zTXt", 1000)), {}),
    "svg with text": ("logo.svg", SVG.format(w=100, h=50, body='<text x="5" y="30" '
                      'font-family="Nowhere Sans" font-size="12">Riverside</text>'), {}),
    "svg embedding a png": ("logo.svg", SVG.format(w=100, h=50, body=(
        f'<image width="40" height="20" href="{_data_uri(_pillow_png("RGBA"))}"/>')), {}),
    "svg embedding a jpeg": ("logo.svg", SVG.format(w=100, h=50, body=(
        f'<image width="40" height="20" xlink:href="{_data_uri(_jpeg(), "jpeg")}"/>')), {}),
    "svg showing a png beside it": ("logo.svg", SVG.format(w=100, h=50, body=(
        '<image width="40" height="20" xlink:href="mark.png"/>')),
        {"mark_png": _pillow_png("RGB")}),
    "svg with a gradient and a link": ("logo.svg", SVG.format(w=100, h=50, body=(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#2a7f62"/>'
        '<stop offset="1" stop-color="#ffffff"/></linearGradient></defs>'
        '<a href="https://riverside.example.org"><rect width="90" height="40" fill="url(#g)"/>'
        '</a>')), {}),
}


@pytest.mark.parametrize("kind", list(GOOD_LOGOS))
def test_good_logos_load_and_build(clinic, tmp_path, kind):
    name, data, files = GOOD_LOGOS[kind]
    profile = clinic(name, data, **files)
    out = tmp_path / "out.pdf"
    result = run_cli("--clinic", profile, "--out", out)
    assert result.code == 0, result.err
    assert out.read_bytes()[:5] == b"%PDF-"


def test_the_logo_object_layout_draws(clinic):
    import io

    from PIL import Image
    from reportlab.graphics.shapes import Drawing, String

    from booklet.logo import Logo, load_logo

    profile = clinic("logo.svg", SVG.format(w=100, h=50, body=(
        '<image width="40" height="20" xlink:href="mark.png"/>'
        '<text x="5" y="30" font-size="12">Riverside</text>')),
        mark_png=_pillow_png("P", transparency=0))
    logo = load_logo(clinic.folder / "logo.svg", clinic.folder)
    assert (logo.kind, logo.width, logo.height, logo.png_bytes) == ("svg", 75.0, 37.5, None)
    drawing = logo.drawing("Times-Roman-is-not-base14-here")
    assert isinstance(drawing, Drawing)
    fonts = {node.fontName for node in _nodes(drawing) if isinstance(node, String)}
    assert fonts == {"Times-Roman-is-not-base14-here"}
    assert repr(logo) == repr(load_logo(clinic.folder / "logo.svg", clinic.folder))
    assert "0x" not in repr(logo)

    (clinic.folder / "logo.png").write_bytes(_pillow_png("P", (30, 12), transparency=0))
    png = load_logo(clinic.folder / "logo.png", clinic.folder)
    assert (png.kind, png.width, png.height) == ("png", 30, 12)
    decoded = Image.open(io.BytesIO(png.png_bytes))
    assert decoded.format == "PNG" and decoded.mode == "RGBA" and decoded.size == (30, 12)
    assert isinstance(png, Logo)

    from booklet.build import load_clinic_profile

    clinic_, _ = load_clinic_profile(profile)
    assert clinic_.logo_image == logo and clinic_.logo == (clinic.folder / "logo.svg").resolve()


def _nodes(node):
    yield node
    for child in getattr(node, "contents", ()):
        yield from _nodes(child)


# --- every text field has a documented maximum length -----------------------------

def _profile_with(tmp_path, key: str, value: str) -> tuple[Path, int]:
    import shutil

    folder = tmp_path / "clinic"
    shutil.copytree(ROOT / "clinics" / "example", folder)
    profile = folder / "clinic.yaml"
    lines = profile.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
    quoted = value.replace('"', '\\"')
    if key == "crisis_line":
        lines[number] = f'  en: "{quoted}"'
        number += 1
    else:
        lines[number - 1] = f'{key}: "{quoted}"'
    profile.write_text("\n".join(lines) + "\n", "utf-8")
    return profile, number


@pytest.mark.parametrize("key, value, shown", [
    ("website", "https://riverside.example.org/" + "a" * 2270, "'website' is 2,300 characters"),
    ("crisis_line", "call or text 988 " + "and ask for help " * 49, "crisis_line.en is 850"),
    ("name", "Riverside " * 12, "'name' is 120 characters long; the limit is 80"),
    ("phone", "(217) 555-0142 " * 4, "'phone' is 60 characters long; the limit is 40"),
])
def test_clinic_fields_past_their_limit_are_located_errors(tmp_path, key, value, shown):
    profile, line = _profile_with(tmp_path, key, value)
    result = run_cli("--clinic", profile, "--out", tmp_path / "out.pdf")
    assert result.code == 1, result.err
    assert f"{profile}:{line}: {shown}" in result.err, result.err
    assert_no_traceback(result.err)
    assert not (tmp_path / "out.pdf").exists()


def test_a_1500_character_key_point_is_a_located_error(sections_copy):
    about = sections_copy / "en" / "about.yaml"
    lines = about.read_text("utf-8").splitlines()
    text = "Ketamine care is safe when you follow the plan. " * 32
    lines += ["  - key_point:", f'      text: "{text[:1500]}"']
    about.write_text("\n".join(lines) + "\n", "utf-8")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert f"sections/en/about.yaml:{len(lines)}: the box text is 1,500 characters long; " \
           f"the limit is 800" in result.err


@pytest.mark.parametrize("key", sorted(__import__("booklet.schema", fromlist=["x"]).FIELD_LIMITS))
def test_each_limit_is_enforced_exactly(key):
    from booklet.errors import Problems
    from booklet.schema import FIELD_LIMITS, Checker

    limit = FIELD_LIMITS[key][0]
    what = {"string": "string 'notes'", "label": "label synapse.title"}.get(
        key, key.replace("N", "3"))
    problems = Problems()
    check = Checker("sections/en/x.yaml", problems)
    assert check.text("x" * limit, 7, what) == "x" * limit and not problems
    assert check.text("x" * (limit + 1), 7, what) is None
    assert [str(p) for p in problems.items] == [
        f"sections/en/x.yaml:7: {what} is {limit + 1:,} characters long; "
        f"the limit is {limit:,}"]


def test_every_text_the_loaders_read_has_its_own_limit(tmp_path):
    """Load every language, a profile, and a section with every block kind; each
    text field they check must be in FIELD_LIMITS (not the catch-all)."""
    from booklet import content, schema
    from booklet.clinic import load_clinic
    from booklet.errors import Problems

    seen = set()
    original = schema.Checker.text

    def recording(self, value, line, what, **kwargs):
        seen.add(schema.field_key(what))
        return original(self, value, line, what, **kwargs)

    every_block = """id: every
title: Every block
blocks:
  - paragraph: text
  - heading: text
  - bullets: [a]
  - numbered: [a]
  - checklist: [a]
  - questions: [a]
  - references: [a]
  - key_point: {title: t, text: x, items: [a]}
  - warning: {title: t, text: x}
  - figure: {name: synapse, caption: c, alt: a}
  - glossary: [{term: t, meaning: m}]
  - review_box: {note: n}
  - call_guide: [{level: emergency, title: t, text: x, items: [a]}]
"""
    (tmp_path / "every.yaml").write_text(every_block, "utf-8")
    schema.Checker.text = recording
    try:
        for lang in LANGS:
            content.load_language(SECTIONS, lang, Problems())
        content.load_section(tmp_path, "x", "every", Problems(), 1)
        load_clinic(ROOT / "clinics" / "example" / "clinic.yaml", Problems(), [])
    finally:
        schema.Checker.text = original
    assert seen - set(schema.FIELD_LIMITS) == set()
    assert len(seen) > 30


def test_the_readme_lists_every_limit():
    from booklet.schema import FIELD_LIMITS

    text = (ROOT / "README.md").read_text("utf-8")
    for limit, name in FIELD_LIMITS.values():
        assert f"| {name} | {limit:,} |" in text, name


@pytest.mark.slow
@pytest.mark.parametrize("options", [(), ("--booklet",), ("--large-print", "--paper", "a4")])
def test_clinic_fields_at_their_limits_lay_out(tmp_path, options):
    """Within the limits, every edition builds (the layout's side of the bargain)."""
    import shutil

    from booklet.schema import FIELD_LIMITS

    folder = tmp_path / "clinic"
    shutil.copytree(ROOT / "clinics" / "example", folder)
    words = "Riverside Mood Clinic and Partners in Care "

    def filled(key):
        limit = FIELD_LIMITS[f"'{key}'"][0]
        return (words * (limit // len(words) + 1))[:limit].strip()
    website = "https://riverside.example.org/" + "care/" * 34
    profile = folder / "clinic.yaml"
    profile.write_text(
        f'name: "{filled("name")}"\naddress: "{filled("address")}"\n'
        f'phone: "{("(217) 555-0142 " * 3)[:40].strip()}"\n'
        f'after_hours: "{filled("after_hours")}"\nwebsite: "{website[:200]}"\n'
        f'email: care@riverside-mood.example.org\nlogo: logo.svg\n'
        f'crisis_line: "{filled("crisis_line")}"\nemergency_number: "911"\n', "utf-8")
    out = tmp_path / "out.pdf"
    result = run_cli("--clinic", profile, "--out", out, *options)
    assert result.code == 0, result.err


@pytest.mark.slow
@pytest.mark.parametrize("options", [(), ("--booklet",), ("--large-print",)])
def test_content_fields_at_their_limits_lay_out(sections_copy, tmp_path, options):
    from booklet.schema import FIELD_LIMITS

    words = "Ketamine care is safe when you follow the plan your care team gives you. "

    def filled(key):
        limit = FIELD_LIMITS[key][0]
        return (words * (limit // len(words) + 1))[:limit].strip()
    about = sections_copy / "en" / "about.yaml"
    blocks = f"""
  - heading: "{filled('the heading')}"
  - paragraph: "{filled('the paragraph')}"
  - bullets: ["{filled('item N of the bullets list')}", "{filled('item N of the bullets list')}"]
  - key_point:
      title: "{filled('the box title')}"
      text: "{filled('the box text')}"
      items: ["{filled('item N of the box items')}"]
  - glossary:
      - term: "{filled('the term')}"
        meaning: "{filled('the meaning')}"
  - call_guide:
      - level: crisis
        title: "{filled('the tier title')}"
        text: "{filled('the tier text')}"
        items: ["{filled('item N of the tier items')}"]
  - figure: {{name: synapse, caption: "{filled('the caption')}", alt: "{filled('the alt text')}"}}
"""
    about.write_text(about.read_text("utf-8") + blocks, "utf-8")
    out = tmp_path / "out.pdf"
    result = run_cli("--sections", sections_copy, "--out", out, *options)
    assert result.code == 0, result.err


def test_a_folder_writable_by_ones_own_private_group_is_trusted(tmp_path, monkeypatch, capsys):
    """umask 002 systems give each user a private group: group write lets in no one else."""
    import grp
    import pwd

    from booklet import cache

    me = pwd.getpwuid(os.geteuid())
    try:
        own = grp.getgrnam(me.pw_name)
    except KeyError:
        pytest.skip("this user has no private group")
    if own.gr_mem:
        pytest.skip("this user's group has other members")
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chown(folder, me.pw_uid, own.gr_gid)
    os.chmod(folder, 0o770)
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(folder))
    cache._reset()
    try:
        cache.put_bytes("figures", "a", b"1")
        assert cache.get_bytes("figures", "a") == b"1"
        assert "warning" not in capsys.readouterr().err
        assert (folder / "figures").is_dir()
    finally:
        cache._reset()
