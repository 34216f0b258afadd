"""booklet: YAML sections and figures drawn in code to a printed, tagged patient handout."""

__version__ = "0.1.0"   # the same as pyproject.toml's (tests/test_docs.py checks)
