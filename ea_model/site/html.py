"""HTML pieces every page uses: the Jinja environment (autoescape on), inline SVG, element links."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from . import urls

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def env():
    import jinja2

    # auto_reload off: the templates are the package's own, and checking them costs a stat per page rendered
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                     auto_reload=False)
    environment.globals["slug"] = urls.slug
    return environment


def inline_svg(svg: bytes | str) -> Markup:
    """An SVG document as an element to put in HTML: without its XML declaration, doctype and comments.
    graphviz escapes every text and attribute it writes, so the markup is safe to embed."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = re.sub(r"<!--.*?-->", "", text[start:] if start >= 0 else text, flags=re.S)
    return Markup(text.strip())


def ref_html(to_lang: str, r: dict, kind: bool = False) -> Markup:
    """A link to an element (its name, id and, with `kind`, its kind), or the bare id when it is not in the
    model. Built here rather than in a Jinja macro: a page can hold hundreds of them. Every piece of model
    text goes through `escape`; urls are slugs (urls.slug), safe as they are."""
    if not r["url"]:
        return Markup(f'<code class="id missing">{escape(r["id"])}</code>')
    html = f'<a class="ref" href="{to_lang}{r["url"]}">{escape(r["name"])}</a>'
    if r["name"] != r["id"]:
        html += f' <code class="id">{escape(r["id"])}</code>'
    if kind and r["kind"]:
        html += f' <span class="kind layer-{escape(r["layer"])}">{escape(r["kind"])}</span>'
    return Markup(html)
