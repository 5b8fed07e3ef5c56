"""Provenance coverage: which sections of which source documents the model cites, from which files, by how many
elements and relationships; so a reviewer can check the model against each document section by section.

Built from the `source` of every element, relationship, reference-model category, plateau and view; a
`legal-document` element that nothing cites is listed as not modelled beyond its own entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Model, text_in

_NUMBER = re.compile(r"\d+")


@dataclass
class Section:
    section: str
    lines: list[tuple[int, int]] = field(default_factory=list)  # the line ranges cited (a line: (n, n))
    files: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    relationships: int = 0
    other: int = 0  # categories, plateaus, views

    @property
    def first(self) -> int:
        return min(self.lines, default=(0, 0))[0]

    def line_range(self) -> str:
        """The cited lines, overlapping and adjacent ranges merged: `66, 700-704`."""
        merged: list[list[int]] = []
        for low, high in sorted(self.lines):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in merged)


@dataclass
class DocumentCoverage:
    id: str
    name: dict | str
    number: str
    sections: list[Section]
    inferred: int  # elements citing the document that are marked inferred

    @property
    def citations(self) -> int:
        return sum(len(s.elements) + s.relationships + s.other for s in self.sections)


def coverage(model: Model) -> list[DocumentCoverage]:
    """Per legal document (most cited first, then by id), its cited sections in the order of their lines."""
    sections: dict[str, dict[str, Section]] = {}
    inferred: dict[str, int] = {}

    def cite(sources: list, file: str, element: str | None = None, relationship: bool = False) -> None:
        for src in sources:
            if not isinstance(src, dict) or not src.get("doc"):
                continue
            label = str(src.get("section") or "—")
            sec = sections.setdefault(str(src["doc"]), {}).setdefault(label, Section(label))
            numbers = [int(n) for n in _NUMBER.findall(str(src.get("line") or ""))]
            if numbers:
                sec.lines.append((min(numbers), max(numbers)))
            sec.files.add(file)
            if element:
                sec.elements.add(element)
            elif relationship:
                sec.relationships += 1
            else:
                sec.other += 1

    for el in model.elements.values():
        own = [s for s in el.sources if isinstance(s, dict) and s.get("doc") == el.id and el.kind == "legal-document"]
        cite([s for s in el.sources if s not in own], el.file, element=el.id)
        if el.inferred:
            for doc in {s.get("doc") for s in el.sources if isinstance(s, dict)}:
                inferred[doc] = inferred.get(doc, 0) + 1
    for rel in model.relationships:
        cite(rel.sources, rel.file, relationship=True)
    for cat in model.categories.values():
        cite(cat.source, cat.file)
    for plateau in model.plateaus.values():
        cite(plateau.sources, plateau.file)
    for view in model.viewpoints.values():
        cite(view.sources, view.file)
    docs = [el for el in model.elements.values() if el.kind == "legal-document"]
    result = [DocumentCoverage(doc.id, doc.name, str(doc.properties.get("number") or doc.id),
                               sorted(sections.get(doc.id, {}).values(), key=lambda s: (s.first, s.section)),
                               inferred.get(doc.id, 0)) for doc in docs]
    return sorted(result, key=lambda d: (-d.citations, d.id))


def markdown(model: Model, lang: str = "en", cited_only: bool = False) -> str:
    """The coverage as Markdown: a table of sections per cited document, then the documents cited by nothing."""
    docs = coverage(model)
    out = []
    for doc in docs:
        if not doc.sections:
            continue
        out.append(f"## {doc.number}: {text_in(doc.name, lang)}\n")
        out.append(f"`{doc.id}`: {len(doc.sections)} sections cited by "
                   f"{sum(len(s.elements) for s in doc.sections)} element citations "
                   f"({doc.inferred} of the elements marked inferred), "
                   f"{sum(s.relationships for s in doc.sections)} relationships.\n")
        out.append("| Section | Lines | Files | Elements | Relationships |")
        out.append("|---|---|---|---:|---:|")
        for s in doc.sections:
            files = ", ".join(f"`{f}`" for f in sorted(s.files))
            out.append(f"| {_cell(s.section)} | {s.line_range()} | {files} | {len(s.elements)} | {s.relationships} |")
        out.append("")
    uncited = [d for d in docs if not d.sections]
    if uncited and not cited_only:
        out.append("## Documents cited only as legal basis\n")
        out.append("Listed in `layers/motivation/legal_documents.yaml` (the seed documents cite them); no element "
                   "takes its facts from them.\n")
        out.extend(f"- {d.number}: {text_in(d.name, lang)} (`{d.id}`)" for d in sorted(uncited, key=lambda d: d.id))
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
