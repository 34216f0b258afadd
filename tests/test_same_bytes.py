"""Same inputs, same bytes (#10.5): on a fresh machine with an empty cache, in another
process, and when the finished edition comes from the cache of editions."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from booklet import batch, edition_cache
from booklet.request import EditionRequest
from conftest import ROOT, SECTIONS

EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"


def _build_in_a_fresh_process(tmp_path, name, *options) -> bytes:
    out = tmp_path / f"{name}.pdf"
    env = dict(os.environ, BOOKLET_CACHE_DIR=str(tmp_path / f"cache-{name}"),
               BOOKLET_NO_EDITION_CACHE="1")
    result = subprocess.run([sys.executable, str(ROOT / "build_pdf.py"), "--out", str(out),
                             *options], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("options", [("--lang", "vi", "--clinic", str(EXAMPLE)),
                                     ("--lang", "ar", "--booklet", "--paper", "a4")])
def test_two_fresh_caches_give_the_same_bytes(tmp_path, options):
    first = _build_in_a_fresh_process(tmp_path, "first", *options)
    second = _build_in_a_fresh_process(tmp_path, "second", *options)
    assert first == second


@pytest.fixture
def edition_cache_on(monkeypatch, tmp_path):
    monkeypatch.delenv("BOOKLET_NO_EDITION_CACHE", raising=False)
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(tmp_path / "cache"))


def _copy_of_the_content(tmp_path):
    import shutil

    root = tmp_path / "sections"
    shutil.copytree(SECTIONS / "en", root / "en")
    clinic = tmp_path / "clinic"
    shutil.copytree(EXAMPLE.parent, clinic)
    return root, clinic / "clinic.yaml"


def test_an_unchanged_edition_comes_from_the_cache_with_the_same_bytes(tmp_path, monkeypatch,
                                                                       edition_cache_on):
    root, profile = _copy_of_the_content(tmp_path)
    request = EditionRequest(root, "en", profile, "a4")
    built = batch.build_for_writing(request)
    assert "error" not in built
    monkeypatch.setattr(batch, "build_edition", lambda request: pytest.fail("it built"))
    again = batch.build_for_writing(request)
    assert again["pdf"] == built["pdf"]
    assert {k: again[k] for k in ("pages", "warnings", "edition_id", "status")} == \
        {k: built[k] for k in ("pages", "warnings", "edition_id", "status")}


@pytest.mark.parametrize("change", ["content", "logo", "paper", "format"])
def test_any_changed_input_builds_anew(tmp_path, monkeypatch, edition_cache_on, change):
    root, profile = _copy_of_the_content(tmp_path)
    request = EditionRequest(root, "en", profile)
    batch.build_for_writing(request)
    if change == "content":
        about = root / "en" / "about.yaml"
        about.write_text(about.read_text("utf-8").replace("Ketamine", "Ketamine", 1) + "\n",
                         "utf-8")
    elif change == "logo":
        logo = profile.parent / "logo.svg"
        logo.write_text(logo.read_text("utf-8").replace("</svg>", "<!-- new --></svg>"),
                        "utf-8")
    elif change == "paper":
        request = EditionRequest(root, "en", profile, "a4")
    else:
        request = EditionRequest(root, "en", profile, large_print=True)
    calls = []
    real = batch.build_edition
    monkeypatch.setattr(batch, "build_edition", lambda r: calls.append(r) or real(r))
    batch.build_for_writing(request)
    assert calls == [request]


@pytest.mark.parametrize("damage", ["pdf", "info"])
def test_a_damaged_or_planted_entry_is_a_miss(tmp_path, monkeypatch, edition_cache_on,
                                              damage):
    root, profile = _copy_of_the_content(tmp_path)
    request = EditionRequest(root, "en", profile)
    built = batch.build_for_writing(request)
    name = edition_cache.key(request)
    from booklet import cache

    if damage == "pdf":     # another, well-formed entry under the same key: not this edition
        cache.put_bytes("editions", name, b"%PDF-1.7 planted\n%%EOF\n")
    else:
        cache.put_json("edition-info", name, {"key": name, "pages": "many"})
    assert edition_cache.get(request) is None
    calls = []
    real = batch.build_edition
    monkeypatch.setattr(batch, "build_edition", lambda r: calls.append(r) or real(r))
    assert batch.build_for_writing(request)["pdf"] == built["pdf"]
    assert calls == [request]


def test_the_cache_of_editions_can_be_turned_off(tmp_path, monkeypatch, edition_cache_on):
    root, profile = _copy_of_the_content(tmp_path)
    request = EditionRequest(root, "en", profile)
    batch.build_for_writing(request)
    monkeypatch.setenv("BOOKLET_NO_EDITION_CACHE", "1")
    assert edition_cache.get(request) is None
