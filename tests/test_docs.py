"""The README documents every command-line option and the two setup commands."""
from __future__ import annotations

import re

from booklet.cli import build_parser, email_parser
from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _options(parser):
    return sorted({option for action in parser._actions for option in action.option_strings
                   if option.startswith("--") and option != "--help"})


def test_every_build_option_is_documented():
    for option in _options(build_parser()):
        assert re.search(rf"`[^`]*{re.escape(option)}\b[^`]*`", README), \
            f"{option} is not documented with an example in README.md"


def test_every_email_option_is_documented():
    for option in _options(email_parser()):
        assert option in README, f"email {option} is not documented in README.md"


def test_every_smtp_setting_is_documented():
    source = (ROOT / "booklet" / "mail.py").read_text("utf-8")
    for variable in sorted(set(re.findall(r"BOOKLET_SMTP_[A-Z]+", source))):
        assert variable in README, f"{variable} is not documented in README.md"


def test_readme_has_the_two_commands():
    assert "python build_pdf.py" in README
    assert "pytest" in README
