"""The report dict -> the texts of one language, laid out as the sections every human-readable format
prints (md and html share this, so they say the same thing)."""

from __future__ import annotations

from ...i18n import MESSAGES, word
from ...model import text_in


class Text:
    def __init__(self, report: dict, lang: str) -> None:
        self.report, self.lang = report, lang
        self.elements = report["elements"]

    def w(self, key: str) -> str:
        return word(key, self.lang)

    def t(self, value) -> str:
        return text_in(value, self.lang) if value else ""

    def name(self, eid: str | None, which: str = "name") -> str:
        if not eid:
            return ""
        entry = self.elements.get(eid) or {}
        return self.t(entry.get(which) or entry.get("name")) or eid

    def ref(self, eid: str | None, which: str = "name") -> dict:
        return {"id": eid or "", "name": self.name(eid, which)}

    def layer(self, layer: str) -> str:
        if f"layer.{layer}" in MESSAGES:
            return self.w(f"layer.{layer}")
        return self.w("other") if layer == "other" else layer

    def source(self, src: dict) -> str:
        if not isinstance(src, dict):
            return str(src)
        doc = src.get("doc")
        entry = self.elements.get(doc) or {}
        parts = [entry.get("number") or doc or ""]
        if src.get("section"):
            parts.append(f"{self.w('source.section')} {src['section']}")
        if src.get("line"):
            parts.append(f"{self.w('source.line')} {src['line']}")
        return ", ".join(p for p in parts if p)

    def sources(self, eid: str | None) -> str:
        entry = self.elements.get(eid or "") or {}
        return "; ".join(self.source(s) for s in entry.get("sources") or [])

    def person(self, p) -> str:
        if p is None:
            return ""
        if isinstance(p, str):
            return p
        parts = [self.t(p.get("name"))]
        if p.get("title"):
            parts.append(self.t(p["title"]))
        if p.get("unit"):
            parts.append(self.name(p["unit"]))
        return ", ".join(x for x in parts if x)

    def value(self, field: str, value, which: str) -> str:
        if value is None or value == [] or value == "":
            return "—"
        if field == "relationship":
            rel = f"{self.w('rel.' + value['type'])} {self.name(value['to'], which)}"
            return f"{rel} ({value['access']})" if value.get("access") else rel
        if field in ("owner", "id", "merged", "split", "absorbed"):
            values = value if isinstance(value, list) else [value]
            return ", ".join(f"{self.name(v, which)} [{v}]" for v in values)
        if field == "name":
            return self.t(value)
        if isinstance(value, dict):
            return self.t(value) if set(value) <= {"vi", "en"} else ", ".join(f"{k}: {v}" for k, v in value.items())
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def change(self, c: dict) -> dict:
        field = c["field"]
        if field.startswith("properties."):
            label = f"{self.w('field.properties')} {field.split('.', 1)[1]}"
        else:
            label = self.w(f"field.{field}")
        if field == "relationship":
            verb = self.w("added") if c["old"] is None else self.w("removed")
            label = f"{label} ({verb})"
        return {"field": label, "old": self.value(field, c["old"], "name_before"),
                "new": self.value(field, c["new"], "name_after")}

    def change_line(self, c: dict) -> str:
        d = self.change(c)
        return f"{d['field']}: {d['old']} → {d['new']}"

    def wp_deadline(self, wp: dict) -> str:
        if wp.get("deadline_text") and wp.get("deadline"):
            return f"{wp['deadline']} ({wp['deadline_text']})"
        return wp.get("deadline") or wp.get("deadline_text") or "—"

    def plateau(self, report_side: dict) -> str:
        name = self.t(report_side["plateau_name"]) or report_side["plateau"]
        return f"{name} ({report_side['plateau']}, {report_side['plateau_date']})"


def view(report: dict, lang: str) -> dict:
    """Everything md and html print, as text in `lang`."""
    x = Text(report, lang)
    w = x.w
    ap = report["approval"]
    decision = ap.get("decision") or {}
    approval = [
        (w("report_status"), w(ap["status"])),
        (w("prepared_by"), "; ".join(x.person(p) for p in ap.get("prepared_by") or []) or "—"),
        (w("reviewed_by"), "; ".join(x.person(p) for p in ap.get("reviewed_by") or []) or "—"),
        (w("approver"), x.person(ap.get("approver")) or "—"),
        (w("decision"), ", ".join(v for v in (decision.get("number"), decision.get("date")) if v)
         or w("not_approved")),
    ]
    provenance = []
    sides = [("from", report["from"]), ("to", report["to"])]
    for key, side in sides:
        where = f"{w('revision')} {side['revision'][:10]}" if side["revision"] else w("work_tree")
        provenance.append((w(key), f"{x.plateau(side)} — {where}"))
    for key, side in (sides[1:] if report["same_model"] else sides):
        m = side["model"]
        prefix = "" if report["same_model"] else f" ({w(key)})"
        commit = (f"{m['commit'][:10]} ({m['date']}), {w('clean') if m['clean'] else w('modified')}"
                  if m["commit"] else w("not_committed"))
        provenance += [
            (w("model_commit") + prefix, commit),
            (w("model_hash") + prefix, m["hash"]),
            (w("validation") + prefix, f"{m['errors']} {w('errors')}, {m['warnings']} {w('warnings')}"),
        ]
    scope = report["scope"]
    scope_text = "; ".join(f"{w(k)}: {', '.join(x.layer(v) if k == 'layers' else v for v in scope[k])}"
                           for k in ("layers", "kinds") if scope[k])
    if scope["rm"]:
        scope_text += ("; " if scope_text else "") + "RM: " + ", ".join(scope["rm"])
    provenance += [
        (w("report_date"), report["date"] or w("no_date")),
        (w("scope"), scope_text or w("all")),
        (w("content_hash"), report["content_hash"]),
    ]
    statuses = ("included", "changed", "new", "eliminated", "unintended", "without_work_package")
    summary = {
        "head": [w("layer"), *(w(s) for s in statuses)],
        "rows": [[x.layer(r["layer"]), *(r[s] for s in statuses)] for r in report["summary"]["layers"]],
        "total": [w("total"), *(report["summary"]["total"][s] for s in statuses)],
    }
    gaps = {g["key"]: g for g in report["gaps"]}

    def gap_row(g: dict) -> dict:
        return {
            "key": g["key"], "layer": x.layer(g["layer"]),
            "status": w("unintended" if g["unintended"] else g["status"]),
            "status_key": "unintended" if g["unintended"] else g["status"],
            "baseline": [x.ref(i, "name_before") for i in g["baseline"]],
            "target": x.ref(g["target"], "name_after") if g["target"] else None,
            "element": x.ref(g["key"], "name_after" if g["target"] else "name_before"),
            "match": w(f"match.{g['match']}") if g["match"] else "",
            "changes": [x.change(c) for c in g["changes"]],
            "work_packages": [x.ref(i) for i in g["work_packages"]],
            "decisions": [x.ref(i) for i in g["decisions"]],
            "source": x.sources(g["key"]),
        }

    matrix: list[dict] = []
    for g in report["gaps"]:
        if not matrix or matrix[-1]["layer_key"] != g["layer"]:
            matrix.append({"layer_key": g["layer"], "layer": x.layer(g["layer"]), "rows": []})
        matrix[-1]["rows"].append(gap_row(g))
    packages = []
    for wp in report["work_packages"]:
        packages.append({
            "id": wp["id"], "name": x.t(wp["name"]) or wp["id"], "owner": x.ref(wp["owner"]) if wp["owner"] else None,
            "cooperating": [x.ref(c) for c in wp["cooperating"]], "deadline": x.wp_deadline(wp),
            "status": w(wp["status"]), "status_key": wp["status"], "overdue": wp["overdue"],
            "plateau": wp["plateau"], "closes": [x.ref(k, "name_after") for k in wp["closes"]],
            "realizes": [x.ref(k, "name_after") for k in wp["realizes"]],
            "source": "; ".join(x.source(s) for s in wp["sources"]),
        })
    by_id = {p["id"]: p for p in packages}
    rm = report["rm_coverage"]
    rm_rows = [{"code": c["code"], "level": c["level"], "name": x.t(c["name"]), "counts": c["counts"],
                "kind": c["kind"], "empty": bool(c["counts"]) and c["counts"][-1] == 0} for c in rm["categories"]]
    return {
        "lang": lang,
        "title": x.t(report["title"]),
        "description": x.t(ap.get("description")),
        "notes": x.t(ap.get("notes")),
        "approval": approval,
        "provenance": provenance,
        "summary": summary,
        "wp_summary": w("wp_summary").format(**report["summary"]["work_packages"]),
        "without_wp": [gap_row(gaps[k]) for k in report["without_work_package"]],
        "unintended": [gap_row(gaps[k]) for k in report["unintended"]],
        "matrix": matrix,
        "work_packages": packages,
        "overdue": [by_id[i] for i in report["overdue"]],
        "realize_nothing": [by_id[i] for i in report["realize_nothing"]],
        "close_nothing": [by_id[i] for i in report["close_nothing"]],
        "rm": {"head": [w("code"), w("category"), *(x.t(c["plateau_name"]) or c["plateau"] for c in rm["columns"])],
               "rows": rm_rows, "empty": [r for r in rm_rows if r["empty"]]},
        "w": w,
    }
