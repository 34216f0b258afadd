"""The pipeline, in one place: load and validate, resolve the edition, lay out, write.

    content = load_content(sections, lang)        # every problem, with file:line
    edition = resolve(content, source, clinic...) # strings, labels, sizes, draft status
    pdf     = render(edition)                     # figures drawn, pages laid out
    write_atomic(out, pdf)                        # never a half-written file
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import content as content_loader
from . import fonts, model
from .clinic import Clinic, load_clinic
from .edition import Edition, resolve
from .errors import ContentError, Problems
from .interface import STRING_KEYS
from .output import write_atomic
from .request import EditionRequest


@dataclass
class BuiltEdition:
    request: EditionRequest
    edition: Edition
    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


# --- content ------------------------------------------------------------------

def _signature(folder: Path) -> tuple:
    """What changed in a folder, cheaply: names, sizes and modification times."""
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                            for p in folder.iterdir() if p.suffix == ".yaml"))
    except OSError:
        return ()


_content_cache: dict = {}


def figure_label_keys(contents) -> dict[str, tuple[str, ...]]:
    """The label keys of every figure that the content uses."""
    from figures import label_keys

    names = sorted({block.name for c in contents for s in c.sections for block in s.blocks
                    if isinstance(block, model.FigureBlock)})
    return {name: label_keys(name) for name in names}


def _validate_source(content: model.LanguageContent, problems: Problems) -> None:
    """The source language must be complete: it is what translations fall back to."""
    path = f"{content.folder}/strings.yaml"
    for key in STRING_KEYS:
        if key not in content.strings:
            problems.add(path, 1, f"missing interface string {key!r}")
    labels_path = f"{content.folder}/figures.yaml"
    for figure, keys in figure_label_keys([content]).items():
        have = content.figure_labels.get(figure, {})
        for key in keys:
            if key not in have:
                problems.add(labels_path, 1, f"missing label {figure}.{key}")


def load_language_pair(sections_root: Path, lang: str):
    """(content, source content) for ``lang``; raises ContentError with every problem."""
    key = (str(sections_root.resolve()), lang)
    signature = (_signature(sections_root / lang),)
    cached = _content_cache.get(key)
    if cached and cached[0] == signature:
        content = cached[1]
    else:
        problems = Problems()
        content = content_loader.load_language(sections_root, lang, problems)
        if content is not None and content.manifest.source_language == lang:
            _validate_source(content, problems)
        if content is not None:
            from .glyphs import check_content
            from .languages import language

            check_content(content, fonts.FONT_SETS[language(lang).font_set], problems)
        problems.raise_if_any()
        _content_cache[key] = (signature, content)
    source_lang = content.manifest.source_language
    if source_lang == lang:
        return content, content
    if not (sections_root / source_lang).is_dir():
        raise ContentError([model_problem(content, f"the source language {source_lang!r} "
                                                   f"has no folder in {sections_root}")])
    source, _ = load_language_pair(sections_root, source_lang)
    return content, source


def model_problem(content, message):
    from .errors import Problem

    return Problem(content.manifest.where.path, content.manifest.where.line, message)


# --- one edition --------------------------------------------------------------

def load_clinic_profile(path: Path | None) -> tuple[Clinic | None, list[str]]:
    if path is None:
        return None, []
    problems, warnings = Problems(), []
    clinic = load_clinic(path, problems, warnings)
    problems.raise_if_any()
    return clinic, warnings


def resolve_edition(request: EditionRequest) -> Edition:
    content, source = load_language_pair(request.sections_root, request.lang)
    clinic, clinic_warnings = load_clinic_profile(request.clinic_path)
    if clinic is not None:
        from .glyphs import check_text, font_cmap
        from .languages import language

        font_set = fonts.FONT_SETS[language(request.lang).font_set]
        cmap, problems = font_cmap(font_set), Problems()
        for key, text in clinic.printed_texts(request.lang):
            check_text(text, cmap, font_set, clinic.source, clinic.line_of(key), problems)
        problems.raise_if_any()
    needed = figure_label_keys([source])
    return resolve(content, source, clinic, request.paper, request.large_print,
                   request.booklet, needed, tuple(clinic_warnings))


def build_edition(request: EditionRequest) -> BuiltEdition:
    from .pdf.writer import render

    edition = resolve_edition(request)
    pdf, pages = render(edition)
    if request.booklet:
        from .impose import impose

        pdf, pages = impose(pdf, rtl=edition.lang.rtl)
    return BuiltEdition(request, edition, pdf, pages, list(edition.warnings))


def build_write_figures(request: EditionRequest, folder: Path) -> list[Path]:
    """Write the edition's figures as standalone SVG files, one folder per language."""
    from . import drawings

    edition = resolve_edition(request)
    written = []
    for section in edition.sections:
        for block in section.blocks:
            if isinstance(block, model.FigureBlock):
                labels = tuple(sorted(edition.figure_labels.get(block.name, {}).items()))
                svg = drawings.figure_svg(block.name, labels, edition.lang,
                                          round(edition.figure_label_units, 2))
                path = folder / request.lang / f"{block.name}.svg"
                write_atomic(path, svg.encode("utf-8"))
                written.append(path)
    return written
