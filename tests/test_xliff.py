"""XLIFF round trip: export, edit as a CAT tool would (translate-toolkit), import, build."""
from __future__ import annotations

import re

import pytest
from lxml import etree
from pypdf import PdfReader
from translate.storage.xliff import xlifffile

from booklet.build import EditionRequest, build_edition, load_language_pair
from booklet.edition import resolve
from conftest import assert_no_traceback, run_cli
from small_handout import COST, FIGURE, HISTORY_TITLE_ES, LABEL, small_handout

NS = "urn:oasis:names:tc:xliff:document:1.2"
REVIEWER = "Ana Ruiz, CMI-Spanish"
PROFILE = """\
name: Riverside Mood Clinic
phone: (217) 555-0142
# nights and weekends line, printed on the cover
after_hours: (217) 555-0199 (nights and weekends)
reviewer: Dana Okafor
reviewer_credentials: MD, psychiatrist
"""


CALL_GUIDE = """\
  - call_guide:
      - {level: emergency, title: "Call {{emergency_number}} now", items: [Chest pain.]}
      - {level: clinic, title: Call us, text: A headache that does not go away.}
"""


@pytest.fixture
def root(tmp_path):
    """A small handout written by the test, its Spanish translation current (unreviewed)."""
    return small_handout(tmp_path / "sections")


def export(root, tmp_path, *extra):
    out = tmp_path / "es.xlf"
    result = run_cli("translation", "export", "--sections", root, "--lang", "es",
                     "--out", out, *extra)
    assert result.code == 0, result.err
    return out


def units_by_id(store):
    return {unit.getid().split("\x04", 1)[1] if "\x04" in unit.getid() else unit.getid():
            unit for unit in store.units}


def unit(store, original, unit_id):
    return next(u for u in store.units if u.getid() == f"{original}\x04{unit_id}")


def status(root):
    content, source = load_language_pair(root, "es")
    return resolve(content, source, None).status


def add_review_phase(store, original, reviewer):
    """What a CAT tool writes when a reviewer signs units off: a review phase."""
    filenode = store.getfilenode(original)
    header = filenode.find(f"{{{NS}}}header")
    if header is None:
        header = etree.Element(f"{{{NS}}}header")
        filenode.insert(0, header)
    group = etree.SubElement(header, f"{{{NS}}}phase-group")
    etree.SubElement(group, f"{{{NS}}}phase", {"phase-name": "rev1", "process-name": "review",
                                                "contact-name": reviewer,
                                                "date": "2026-11-18T10:00:00Z"})
    return "rev1"


def sign_off_file(store, original, phase):
    for u in store.units:
        if u.getid().startswith(original + "\x04"):
            u.set_state_n(u.S_SIGNED_OFF)
            target = u.xmlelement.find(f"{{{NS}}}target")
            if phase:
                target.set("phase-name", phase)


def test_export_holds_every_unit_with_state_and_notes(root, tmp_path):
    profile = tmp_path / "clinic.yaml"
    profile.write_text(PROFILE, "utf-8")
    english = root / "en" / "safety.yaml"     # a call guide the translation does not have yet
    english.write_text(english.read_text("utf-8") + CALL_GUIDE, "utf-8")
    cost = root / "en" / "treatment.yaml"     # and one changed sentence
    cost.write_text(cost.read_text("utf-8").replace("may not pay", "may pay"), "utf-8")
    path = export(root, tmp_path, "--clinic", profile)
    tree = etree.parse(str(path))
    assert tree.getroot().get("version") == "1.2"
    assert tree.getroot().nsmap[None] == NS
    store = xlifffile.parsefile(str(path))
    content, source = load_language_pair(root, "es")
    originals = {f.get("original") for f in tree.getroot().iter(f"{{{NS}}}file")}
    assert {f"es/{s.id}.yaml" for s in source.sections} <= originals
    assert {"es/handout.yaml", "es/strings.yaml", "es/figures.yaml", "clinic-profile"} <= originals
    # section text, list items, box titles, call guide, figure caption and alt text
    about = unit(store, "es/about.yaml", "blocks.3.key_point.title")
    assert about.source == "What is approved" and about.target == "Lo que está aprobado"
    assert unit(store, "es/about.yaml", "blocks.2.bullets.0").target.startswith("**No es")
    figure_unit = next(u for u in store.units if u.getid().endswith(".figure.alt"))
    assert "alt text" in figure_unit.getnotes()
    call_guides = [u for u in store.units if ".call_guide." in u.getid()]
    new_guide = {u.getid().split("\x04")[1]: u for u in call_guides
                 if u.getid().startswith("es/safety.yaml\x04")}
    assert any(key.endswith(".call_guide.0.title") for key in new_guide)
    assert any(key.endswith(".call_guide.0.items.0") for key in new_guide)
    assert not any(u.getid().endswith(".level") for u in call_guides)
    assert all(u.xmlelement.find(f"{{{NS}}}target").get("state") == "new"
               for u in new_guide.values())
    translated_guide = [u for u in call_guides if u.getid().startswith("es/when-to-call.yaml")]
    assert translated_guide and all(
        u.xmlelement.find(f"{{{NS}}}target").get("state") == "translated" and u.target
        for u in translated_guide)
    # interface strings and figure labels, with a maximum length
    assert unit(store, "es/strings.yaml", "strings.contents").target == \
        content.strings["contents"]
    label = unit(store, "es/figures.yaml", f"figures.{FIGURE}.{LABEL}")
    assert int(label.xmlelement.get("maxwidth")) >= len(label.source)
    assert label.xmlelement.get("size-unit") == "char"
    assert "at most" in label.getnotes()
    # the profile's printed fields, new for Spanish
    after_hours = unit(store, "clinic-profile", "clinic.after_hours")
    assert after_hours.source == "(217) 555-0199 (nights and weekends)"
    # states, and where each unit is used
    states = {u.xmlelement.find(f"{{{NS}}}target").get("state") for u in store.units}
    assert states == {"translated", "new", "needs-review-translation"}
    changed = unit(store, "es/treatment.yaml", COST)
    assert changed.xmlelement.find(f"{{{NS}}}target").get("state") == "needs-review-translation"
    assert "It was: Ketamine treatment can cost a lot. Insurance may not pay" in \
        changed.getnotes()
    assert "Used in es/about.yaml, title" in unit(store, "es/about.yaml", "title").getnotes()
    assert "Keep the markup: **bold**" in unit(store, "es/about.yaml",
                                                "blocks.2.bullets.0").getnotes()


@pytest.mark.slow
def test_round_trip_through_a_cat_tool_prints_the_new_text(root, tmp_path):
    about = root / "es" / "treatment.yaml"
    about.write_text("# Spanish: checked against the clinic's glossary\n"
                     + about.read_text("utf-8"), "utf-8")
    path = export(root, tmp_path)
    store = xlifffile.parsefile(str(path))
    new_text = "El seguro médico quizá no pague el tratamiento con ketamina."
    cost = unit(store, "es/treatment.yaml", COST)
    cost.settarget(new_text)
    cost.set_state_n(cost.S_TRANSLATED)
    label = unit(store, "es/figures.yaml", f"figures.{FIGURE}.{LABEL}")
    label.settarget("Etiquetanueva")
    # a reviewer signs off the whole of 'about' in the CAT tool
    phase = add_review_phase(store, "es/about.yaml", REVIEWER)
    sign_off_file(store, "es/about.yaml", phase)
    edited = tmp_path / "es-edited.xlf"
    edited.write_bytes(bytes(store))

    result = run_cli("translation", "import", edited, "--sections", root)
    assert result.code == 0, result.err
    assert "treatment.yaml: 1 unit(s) of treatment written" in result.out
    assert f"about signed off by {REVIEWER} on 2026-11-18" in result.out
    text = about.read_text("utf-8")
    assert text.startswith("# Spanish: checked against the clinic's glossary\n")
    assert f"- paragraph: {new_text}" in text
    state = status(root)
    assert "about" not in state.unreviewed and "treatment" in state.unreviewed
    assert state.stale == ()

    built = build_edition(EditionRequest(root, "es"))
    pdf = tmp_path / "es.pdf"
    pdf.write_bytes(built.pdf)
    printed = " ".join(" ".join((page.extract_text() or "").split())
                       for page in PdfReader(pdf).pages)
    assert new_text in printed
    assert "Etiquetanueva" in printed


def test_an_english_edit_between_export_and_import_is_reported(root, tmp_path):
    path = export(root, tmp_path)
    store = xlifffile.parsefile(str(path))
    cost = unit(store, "es/treatment.yaml", COST)
    cost.settarget("Traducción de la frase antigua.")
    history = unit(store, "es/history.yaml", "title")
    new_title = "Un medicamento antiguo con un uso nuevo"
    assert history.target == HISTORY_TITLE_ES != new_title
    history.settarget(new_title)
    edited = tmp_path / "es-edited.xlf"
    edited.write_bytes(bytes(store))
    english = root / "en" / "treatment.yaml"
    english.write_text(english.read_text("utf-8").replace("Insurance may not pay",
                                                          "Insurance may pay"), "utf-8")
    before = (root / "es" / "treatment.yaml").read_text("utf-8")
    result = run_cli("translation", "import", edited, "--sections", root)
    assert result.code == 1
    assert_no_traceback(result.err)
    assert re.search(rf"es-edited\.xlf:\d+: treatment {re.escape(COST)}: the English changed "
                     r"since this file was exported", result.err), result.err
    assert "Insurance may pay" in result.err
    assert (root / "es" / "treatment.yaml").read_text("utf-8") == before
    # the units that still match were imported
    assert new_title in (root / "es" / "history.yaml").read_text("utf-8")


def test_signed_off_without_a_reviewer_is_not_reviewed(root, tmp_path):
    path = export(root, tmp_path)
    store = xlifffile.parsefile(str(path))
    sign_off_file(store, "es/about.yaml", phase=None)        # no phase: no reviewer named
    phase = add_review_phase(store, "es/safety.yaml", "")    # a phase without a contact-name
    sign_off_file(store, "es/safety.yaml", phase)
    edited = tmp_path / "es-edited.xlf"
    edited.write_bytes(bytes(store))
    result = run_cli("translation", "import", edited, "--sections", root)
    assert result.code == 0, result.err
    assert "marked signed-off but name no reviewer" in result.err
    state = status(root)
    assert "about" in state.unreviewed and "safety" in state.unreviewed
    assert "review:" not in (root / "es" / "about.yaml").read_text("utf-8")


@pytest.mark.parametrize("payload, message", [
    (b"<xliff version='1.2'><file", "not well-formed XML"),
    (b"<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>\n"
     b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>"
     b"<file original='es/about.yaml' source-language='en' target-language='es'><body>"
     b"<trans-unit id='title'><source>About this handout</source><target>&e;</target>"
     b"</trans-unit></body></file></xliff>", "DOCTYPE or entities"),
    (b"<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;'>]>"
     b"<xliff version='1.2'/>", "DOCTYPE or entities"),
    (b"<html><body>not xliff</body></html>", "not an XLIFF 1.x file"),
])
def test_malformed_or_hostile_xml_is_refused(root, tmp_path, payload, message):
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(payload)
    before = (root / "es" / "about.yaml").read_text("utf-8")
    result = run_cli("translation", "import", bad, "--sections", root)
    assert result.code == 1, result.out + result.err
    assert message in result.err and str(bad) in result.err
    assert_no_traceback(result.err)
    assert "root:" not in result.out + result.err          # /etc/passwd was never read
    assert (root / "es" / "about.yaml").read_text("utf-8") == before


def test_profile_fields_round_trip_into_the_profile(root, tmp_path):
    profile = tmp_path / "clinic.yaml"
    profile.write_text(PROFILE, "utf-8")
    path = export(root, tmp_path, "--clinic", profile)
    store = xlifffile.parsefile(str(path))
    after_hours = unit(store, "clinic-profile", "clinic.after_hours")
    after_hours.settarget("(217) 555-0199 (noches y fines de semana)")
    edited = tmp_path / "es-edited.xlf"
    edited.write_bytes(bytes(store))
    without = run_cli("translation", "import", edited, "--sections", root)
    assert "import with --clinic PROFILE" in without.err
    result = run_cli("translation", "import", edited, "--sections", root, "--clinic", profile)
    assert result.code == 0, result.err
    text = profile.read_text("utf-8")
    assert "# nights and weekends line, printed on the cover" in text
    from booklet.build import load_clinic_profile

    clinic, _ = load_clinic_profile(profile)
    assert clinic.localized("es").after_hours == "(217) 555-0199 (noches y fines de semana)"
    assert clinic.localized("en").after_hours == "(217) 555-0199 (nights and weekends)"


def test_usage_errors_exit_2(root, tmp_path):
    missing = run_cli("translation", "import", tmp_path / "nope.xlf", "--sections", root)
    assert missing.code == 2 and "does not exist" in missing.err
    no_lang = run_cli("translation", "export", "--sections", root, "--lang", "fr",
                      "--out", tmp_path / "x.xlf")
    assert no_lang.code == 2 and "no content for --lang fr" in no_lang.err
    source = run_cli("translation", "export", "--sections", root, "--lang", "en",
                     "--out", tmp_path / "x.xlf")
    assert source.code == 2 and "source language" in source.err


def test_a_clinic_folder_stands_for_its_profile(root, tmp_path):
    """`--clinic clinics/riverside` works as it does for a build."""
    folder = tmp_path / "riverside"
    folder.mkdir()
    (folder / "clinic.yaml").write_text(PROFILE, "utf-8")
    by_file = xlifffile.parsefile(str(export(root, tmp_path, "--clinic", folder / "clinic.yaml")))
    by_folder = xlifffile.parsefile(str(export(root, tmp_path, "--clinic", folder)))
    assert [u.getid() for u in by_folder.units] == [u.getid() for u in by_file.units]
    assert any(u.getid().startswith("clinic-profile") for u in by_folder.units)
    missing = run_cli("translation", "export", "--sections", root, "--lang", "es",
                      "--out", tmp_path / "x.xlf", "--clinic", tmp_path / "nowhere")
    assert missing.code == 2 and "does not exist" in missing.err
