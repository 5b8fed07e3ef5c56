"""LANG/index.html: counts per layer, plateaus, the latest gap report, views and reference models."""

from __future__ import annotations

from ...problems import ERROR
from .. import urls
from ..context import Site, scalar_text
from ..inputs import Inputs
from .gap import report_summary
from .layers import layer_counts


def write(site: Site, lang: str, inputs: Inputs) -> None:
    m = site.m
    plateaus = []
    for pid in site.plateaus:
        p = m.plateaus[pid]
        count = sum(1 for el in m.elements.values() if el.plateaus is None or pid in el.plateaus)
        plateaus.append({"id": pid, "name": site.t(p.name, lang) or pid, "date": scalar_text(p.date), "count": count})
    reports = inputs.reports.reports
    latest = report_summary(site, reports[-1], lang) if reports else None
    rms = [{"id": rm.id, "url": urls.rm_path(rm.id), "name": site.t(rm.name, lang) or rm.id,
            "codes": len(rm.categories)} for rm in site.reference_models()]
    errors = sum(p.severity == ERROR for p in site.problems)
    description = m.manifest.raw.get("description") if isinstance(m.manifest.raw, dict) else None
    site.render("home.html.j2", lang, "index.html", layers=layer_counts(site, lang), plateaus=plateaus,
                latest=latest, views=len(m.viewpoints), rms=rms, relationships=len(m.relationships),
                elements=len(m.elements), errors=errors, warnings=len(site.problems) - errors,
                framework=site.t(m.framework.name, lang) or m.framework.id, description=site.t(description, lang))
