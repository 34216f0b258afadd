"""The one text stack: every line of text in a handout is set here.

    runs (styled text, logical order)
      -> bidi.py     paragraph direction (UAX #9 P2-P3) and embedding levels
      -> breaking.py break opportunities (words; characters for Chinese, with its
                     line-start and line-end rules) and greedy line filling
      -> shaping.py  widths; HarfBuzz shaping for scripts whose letters join
      -> lines.py    each line's pieces in visual order, ready to draw

Paragraphs, list items, boxes, the contents, the clinic panel and the labels
inside figures all go through :func:`lines.set_lines`, so a rule (an opening
bracket never ends a Chinese line, an English reference in an Arabic edition
keeps its full stop at its end) holds everywhere at once.
"""
