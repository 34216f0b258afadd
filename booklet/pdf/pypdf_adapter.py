"""pypdf beyond its documented API, in one place (tests/test_adapters.py guards it).

pypdf writes a random file identifier unless one is set, and offers no public
way to set it; the imposed booklet keeps its source's identifier, so the same
edition always gives the same bytes.
"""
from __future__ import annotations


def set_document_id(writer, identifier) -> None:
    """Write ``identifier`` (the source's /ID array) as the writer's file identifier."""
    from pypdf.generic import ArrayObject

    writer._ID = ArrayObject([identifier[0], identifier[1]])
