"""Turning an edition into pages: styles, one function per block kind, pages."""
