"""Layout: an edition in, pages of placed elements out (nothing is drawn here).

    story.py      the handout as a sequence of elements: cover, contents, sections, back
    blocks.py     one small function per content block kind -> elements + structure nodes
    elements.py   measured page elements: text, lists, boxes, figures, columns...
    paginate.py   elements -> pages: keep-with-next, splitting, figures that wait
    furniture.py  header, footer, page numbers, draft banner, notes pages
    cover.py      the cover; clinic_panel.py the clinic's panel on it
    styles.py     type sizes, colours and fonts for one edition

Elements draw themselves later, through the PDF writer's painter (booklet.pdf),
so layout never imports the writer: data flows one way.
"""
