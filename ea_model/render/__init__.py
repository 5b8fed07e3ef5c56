"""Rendering views with graphviz: selection -> DOT (dot.py) -> SVG/PNG/PDF files (output.py)."""

FORMATS = ("svg", "png", "pdf", "dot")
