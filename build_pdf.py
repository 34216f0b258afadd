#!/usr/bin/env python3
"""Build the patient handout PDF. See README.md, or run with --help."""
import sys

from booklet.cli import main

if __name__ == "__main__":
    sys.exit(main())
