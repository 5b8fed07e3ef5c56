"""`ea site`: a static, self-contained architecture portal built from the model.

    from ea_model import load
    from ea_model.site import build_site
    result = build_site(load("."), "exports/site")        # every language of ea.yaml
    result.pages, result.seconds
    # findings, git state, drawn views and gap analyses are computed unless given (site.inputs):
    build_site(model, out, problems=[], drawings=draw_views(model, ["vi"], None), reports=Reports())

The code: `builder` gathers the inputs (`inputs`) and hands a `context.Site` to one module per kind of page
(`pages/`); `place` swaps the finished build in.

Layout of the output folder (stable URLs: cite them in documents):

    index.html                      -> the first language's home page
    LANG/index.html                 home: counts per layer, plateaus, the latest gap report
    LANG/elements/ID.html           one page per element (ID made file-safe by `urls.slug`)
    LANG/views/ID.html, ID.svg      one page per view, its nodes linking to the element pages
    LANG/rm.html, LANG/rm/ID.html   reference-model browsers
    LANG/layers.html, layers/L.html elements by layer and kind
    LANG/gap.html, gap/ID.html      gap reports (and ID.report.html, the printable report); roadmap.html
    LANG/search.html                search; LANG/search-index.js, the prebuilt index
    LANG/problems.html              validation findings
    _static/                        stylesheet, script, icon
    .ea-site, .ea-site-pages        the marker of a folder `ea site` built; the digests of the element pages
"""

from .builder import SiteError, SiteResult, build_site
from .search import fold
from .urls import element_path, slug

__all__ = ["SiteError", "SiteResult", "build_site", "element_path", "fold", "slug"]
