"""Rendering views: selection -> scene (scene.py) -> positions (layout.py: graphviz; pinned.py: saved or imported
layouts) -> SVG in ArchiMate notation (svg.py) -> pages (page.py) -> SVG/PNG/PDF files (output.py)."""

FORMATS = ("svg", "png", "pdf", "dot")
NOTATIONS = ("archimate", "vneaf")
