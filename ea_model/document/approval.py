"""The approval line of the cover: the recorded approval (`ea approve`) of the gap report between the
document's plateaus, and whether the model still matches what was approved."""

from __future__ import annotations

from collections.abc import Callable


def _date(iso: str, lang: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}" if lang == "vi" else iso


def cover_approval(st, analysis: Callable[[], object]) -> str:
    """`(Phê duyệt kèm theo Quyết định số ... ngày ...)`, with a warning when the model changed since; else draft."""
    from ..gap.approvals import for_report

    lang = st.lang
    report_id = st.outline.cover.get("approval")
    if report_id is None and st.baseline != st.target:
        report = analysis().definition
        report_id = report.id if report else None
    recorded = for_report(st.model.root, st.model.manifest.folders["gap_analysis"], report_id) if report_id else []
    if not recorded:
        return lang.word("doc.draft")
    rec = recorded[-1]
    text = lang.word("doc.approved_by", decision=rec.decision, date=_date(rec.date, lang.code), by=rec.by)
    current = analysis() if st.baseline != st.target else None
    same_report = current is not None and current.definition is not None and current.definition.id == rec.report
    if same_report and current.result().content_hash != rec.content_hash:
        text += " " + lang.word("doc.changed_since")
    return text
