"""Render one figure for a look: SVG, a one-page PDF through svglib, and a PNG.

    python -m figures._preview synapse [--lang en] [--label-size 14] [--out /tmp/fig]

Used while designing figures; the handout itself goes through booklet.figures.
"""
from __future__ import annotations

import argparse
import io
import subprocess
from pathlib import Path

import yaml

from booklet import fonts
from figures import figure_module
from figures._common import Theme

SCRIPT_FOR_LANG = {"en": "latin", "es": "latin", "vi": "vietnamese", "ar": "arabic",
                   "zh-Hans": "cjk"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--label-size", type=float, default=14.0)
    parser.add_argument("--out", default="/tmp/figpreview")
    parser.add_argument("--stretch", type=float, default=1.0,
                        help="repeat each label's words to test long translations")
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    labels_all = yaml.safe_load((root / "sections" / args.lang / "figures.yaml").read_text("utf-8"))
    labels = dict(labels_all[args.name])
    if args.stretch != 1.0:
        labels = {k: (v + " " + v)[: int(len(v) * args.stretch)] for k, v in labels.items()}
    font_set = fonts.FONT_SETS[SCRIPT_FOR_LANG[args.lang]]
    fonts.register_for_svg(font_set)
    theme = Theme(font_family=font_set.svg_family, label_size=args.label_size,
                  small_size=args.label_size * 0.86, title_size=args.label_size * 1.15,
                  direction="rtl" if args.lang == "ar" else "ltr",
                  line_breaking="chars" if args.lang == "zh-Hans" else "words",
                  measure=fonts.measurer(font_set))
    drawing = figure_module(args.name).draw(labels, theme)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    svg_text = drawing.tostring()
    (out / f"{args.name}.svg").write_text(svg_text, "utf-8")

    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    rl_drawing = svg2rlg(io.StringIO(svg_text))
    pdf_path = out / f"{args.name}.pdf"
    renderPDF.drawToFile(rl_drawing, str(pdf_path))
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf_path),
                    str(out / args.name)], check=True)
    fonts_used = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True).stdout
    print(out / f"{args.name}.png")
    print(fonts_used)


if __name__ == "__main__":
    main()
