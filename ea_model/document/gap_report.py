"""The gap report (`ea gap --report ID --format docx|pdf`) as a document: the same words and rows as the md and
html formats (gap.formats._common.view), laid out by the DOCX writer with the cover of Decree 30/2020 and the
approval block, including the approvals recorded with `ea approve`."""

from __future__ import annotations

from ..gap.formats._common import view
from ..i18n import Language
from .blocks import Contents, Cover, Document, Heading, PageBreak, Paragraph, Run, Table


def _refs(refs) -> str:
    return "; ".join(r.name or r.id for r in refs)


def _gap_rows(rows) -> list[list[str]]:
    return [[str(n), r.layer, r.status, r.element.name or r.element.id,
             ", ".join(c.field for c in r.changes), _refs(r.work_packages), r.source] for n, r in enumerate(rows, 1)]


def build_report(analysis, lang: str, recorded: list | None = None) -> Document:
    """`analysis` (gap.Analysis) as document blocks in `lang`; `recorded` the approvals of the report."""
    report = analysis.result()
    v = view(report, lang)
    w, language = v.w, Language.of(lang, report.languages)
    blocks: list = []
    tables = 0

    def table(caption: str, header: list[str], rows: list[list[str]]) -> None:
        nonlocal tables
        tables += 1
        blocks.append(Table(tables, caption, header, rows, anchor=f"tab-{tables}"))

    status = w(report.approval.status)
    blocks.append(Cover("", "", language.word("doc.motto_title"), language.word("doc.motto"), v.title.upper(),
                        f"({status})", [f"{w('content_hash')}: {report.content_hash[:16]}"], report.date or ""))
    blocks.append(PageBreak())
    blocks.append(Contents("toc", language.word("doc.front.toc")))
    blocks.append(PageBreak())
    blocks.append(Heading(1, "I.", w("approval").upper(), "sec-approval"))
    if v.description:
        blocks.append(Paragraph([Run(v.description)]))
    table(w("approval"), ["", ""], [[a, b] for a, b in v.approval])
    if recorded:
        rows = [[r.decision, r.date, r.by, r.model_commit[:10], r.content_hash[:16],
                 "✓" if r.content_hash == report.content_hash else "≠"] for r in recorded]
        table(language.word("doc.approval.recorded"),
              [w("decision"), w("date"), "", "git", "sha256", ""], rows)
    table(w("provenance"), ["", ""],
          [[a, b] for a, b in v.provenance])
    blocks.append(Heading(1, "II.", w("summary").upper(), "sec-summary"))
    table(w("summary"), v.summary.head, [[str(c) for c in r] for r in v.summary.rows]
          + [[str(c) for c in v.summary.total]])
    header = [language.word("doc.col.no"), language.word("doc.col.layer"), language.word("doc.col.status"),
              language.word("doc.col.name"), language.word("doc.col.changes"),
              language.word("doc.col.work_packages"), language.word("doc.col.source")]
    blocks.append(Heading(1, "III.", language.word("doc.gap_without").upper(), "sec-without"))
    table(language.word("doc.gap_without"), header, _gap_rows(v.without_wp))
    blocks.append(Heading(1, "IV.", language.word("doc.gap_matrix").upper(), "sec-matrix"))
    for n, layer in enumerate(v.matrix, 1):
        rows = [r for r in layer.rows if r.status_key != "included"]
        if rows:
            blocks.append(Heading(2, f"{n}.", layer.layer, f"sec-matrix-{layer.layer_key}"))
            table(f"{language.word('doc.gap_matrix')}: {layer.layer}", header, _gap_rows(rows))
    blocks.append(Heading(1, "V.", language.word("doc.wp_all").upper(), "sec-wp"))
    table(language.word("doc.wp_all"),
          [language.word("doc.col.no"), language.word("doc.col.task"), language.word("doc.col.lead"),
           language.word("doc.col.deadline"), language.word("doc.col.wp_status"), language.word("doc.col.source")],
          [[str(n), p.name, p.owner.name if p.owner else "", p.deadline, p.status, p.source]
           for n, p in enumerate(v.work_packages, 1)])
    if v.inferred_note:
        blocks.append(Paragraph([Run(v.inferred_note)], "note"))
    words = {"toc": language.word("doc.front.toc"), "figure": language.word("doc.figure"),
             "table": language.word("doc.table"), "page": language.word("doc.page"),
             "sources": language.word("doc.sources"), "none": language.word("doc.no_rows")}
    return Document(lang, v.title, blocks, words, report.to.model.date or report.date or "2000-01-01")


def render_report(analysis, lang: str, fmt: str, recorded: list | None = None) -> bytes:
    from . import write

    return write(build_report(analysis, lang, recorded), fmt)
