#!/usr/bin/env python3
"""Build the patient handout PDF: the same program as the installed `booklet` command.

See README.md, or run with --help.
"""
import sys

from booklet.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python build_pdf.py"))
