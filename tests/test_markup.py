"""The inline markup: bold, italic, terms; everything else is literal."""
from __future__ import annotations

import pytest
from xml.sax.saxutils import escape

from booklet.markup import Span, parse, plain, to_reportlab


def test_bold_italic_and_term():
    assert parse("a **b** *c* [[d]]") == [Span("a "), Span("b", bold=True), Span(" "),
                                          Span("c", italic=True), Span(" "),
                                          Span("d", term=True)]


def test_italic_inside_bold():
    assert parse("**a *b* c**") == [Span("a ", bold=True), Span("b", bold=True, italic=True),
                                    Span(" c", bold=True)]


@pytest.mark.parametrize("text", ["2 * 3 = 6", "**not closed", "a * b * c", "[[open",
                                  "closing]] only", "****", "* spaced *", "*", "**"])
def test_unclosed_or_loose_markers_print_as_written(text):
    assert plain(text) == text


@pytest.mark.parametrize("text", ["<b>not bold</b>", "a & b", "x < y > z", "&amp;",
                                  '<font name="Helvetica">x</font>', "<para>"])
def test_angle_brackets_and_ampersands_are_literal(text):
    assert plain(text) == text
    assert to_reportlab(parse(text), "#000000") == escape(text)
