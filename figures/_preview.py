"""Render one figure for a look: SVG, a one-page PDF through svglib, and a PNG.

    python -m figures._preview synapse [--lang en] [--label-size 15.1] [--max-height 640]
                               [--out /tmp/fig]

Used while designing figures; the handout itself goes through booklet.figures.
"""
from __future__ import annotations

import argparse
import dataclasses
import subprocess
from pathlib import Path

import yaml

from booklet import drawings, fonts
from booklet.languages import language
from figures import _inspect, figure_module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--label-size", type=float, default=15.1)
    parser.add_argument("--max-height", type=float, default=640.0,
                        help="the tallest the drawing may be, in canvas units")
    parser.add_argument("--out", default="/tmp/figpreview")
    parser.add_argument("--stretch", type=float, default=1.0,
                        help="repeat each label's words to test long translations")
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    labels_all = yaml.safe_load((root / "sections" / args.lang / "figures.yaml").read_text("utf-8"))
    labels = dict(labels_all[args.name])
    if args.stretch != 1.0:
        labels = {k: (v + " " + v)[: int(len(v) * args.stretch)] for k, v in labels.items()}
    lang = language(args.lang)
    fonts.register_for_svg(fonts.FONT_SETS[lang.font_set])
    theme = dataclasses.replace(drawings.figure_theme(lang, args.label_size),  # the handout's
                                max_height=args.max_height)                  # own theme
    drawing = figure_module(args.name).draw(labels, theme)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    svg_text = drawing.tostring()
    (out / f"{args.name}.svg").write_text(svg_text, "utf-8")
    figure = _inspect.read(svg_text, theme.measure)
    print(f"height {figure.height:g} of at most {args.max_height:g}")
    for problem in _inspect.problems(figure, args.label_size, args.max_height):
        print("problem:", problem)

    from reportlab.pdfgen.canvas import Canvas

    # drawn the way the handout draws it: right-to-left labels shaped, no Helvetica
    rl_drawing = drawings.svg_to_drawing(svg_text, args.name, lang)
    pdf_path = out / f"{args.name}.pdf"
    font = fonts.FONT_SETS[lang.font_set].name("regular")
    canvas = Canvas(str(pdf_path), pagesize=(rl_drawing.width, rl_drawing.height),
                    initialFontName=font, invariant=1)
    drawings.draw_vector(rl_drawing, canvas, 0, 0)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf_path),
                    str(out / args.name)], check=True)
    fonts_used = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True).stdout
    print(out / f"{args.name}.png")
    print(fonts_used)


if __name__ == "__main__":
    main()
