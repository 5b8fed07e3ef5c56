"""The files outside the language folders: the stylesheet, script and icon (_static/), the root index.html
that opens the first language, the keys of the element pages (output.PAGES) and the marker saying `ea site`
built the folder."""

from __future__ import annotations

from ...i18n import language_name
from ..context import Site
from ..html import TEMPLATES, env
from ..output import PAGES

STATIC = TEMPLATES.parent / "static"
MARKER = ".ea-site"


def write(site: Site) -> None:
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            site.write(f"_static/{path.name}", path.read_bytes())
    default = site.langs[0]
    html = env().get_template("root.html.j2").render(
        default=default, langs=[(code, language_name(code)) for code in site.langs],
        site_name=site.t(site.m.manifest.name, default) or site.m.manifest.id)
    site.write("index.html", html.encode("utf-8"))
    site.write(PAGES, site.output.pages_file())
    site.write(MARKER, b"Built by `ea site`; the whole folder is replaced at each build.\n")
