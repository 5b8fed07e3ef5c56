"""`ea diff` output: text for a terminal, Markdown for a pull-request comment (one collapsible section per
layer), JSON for tools. Deterministic: the same two revisions give the same bytes."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict

from ..i18n import Language
from .semdiff import Diff, ElementChange, FieldChange

FORMATS = ("text", "md", "json")
MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
MAX_VALUE = 100


def _short(value) -> str:
    if value is None:
        return "∅"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _field(change: FieldChange) -> str:
    old, new = change.old, change.new
    if isinstance(old, list) and isinstance(new, list):  # sources, plateaus, rm, history: what went, what came
        gone = [_short(v) for v in old if v not in new]
        came = [_short(v) for v in new if v not in old]
        parts = [f"+ {v}" for v in came] + [f"- {v}" for v in gone]
        return f"{change.field}: " + ("; ".join(parts) if parts else "order changed")
    return f"{change.field}: {_short(old)} → {_short(new)}"


def _name(value, lang: Language, limit: int = 80) -> str:
    text = lang.text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(diff: Diff, lang: Language) -> str:
    return lang.word("diff.summary", elements=len(diff.elements), relationships=len(diff.relationships),
                     views=len(diff.views), new=len(diff.findings_new), gone=len(diff.findings_gone))


def _by_layer(diff: Diff) -> dict[str, list[ElementChange]]:
    layers: dict[str, list[ElementChange]] = defaultdict(list)
    for change in diff.elements:
        layers[change.layer or "-"].append(change)
    return dict(sorted(layers.items()))


def _element_line(change: ElementChange, lang: Language, md: bool) -> str:
    code = (lambda s: f"`{s}`") if md else (lambda s: s)
    what = code(change.id) if change.status != "renamed" else f"{code(change.old_id)} → {code(change.id)}"
    status = lang.word("diff." + change.status)
    return f"{MARK[change.status]} {what} {_name(change.name, lang)} ({change.kind}, {status})"


def _rel_line(change, md: bool) -> str:
    code = (lambda s: f"`{s}`") if md else (lambda s: s)  # ids only: the element lines carry the names
    return f"{MARK[change.status]} {code(change.source)} —{change.type}→ {code(change.target)}"


def as_text(diff: Diff, lang: Language) -> str:
    lines = [lang.word("diff.title", old=diff.old, new=diff.new), _summary(diff, lang)]
    if diff.empty:
        return "\n".join([*lines, lang.word("diff.none")]) + "\n"
    if diff.elements:
        lines += ["", lang.word("diff.elements")]
        for layer, changes in _by_layer(diff).items():
            lines.append(f"  {layer}")
            for change in changes:
                lines.append(f"    {_element_line(change, lang, False)}  [{change.file}]")
                lines += [f"        {_field(f)}" for f in change.fields]
    if diff.relationships:
        lines += ["", lang.word("diff.relationships")]
        for change in diff.relationships:
            lines.append(f"    {_rel_line(change, False)}")
            lines += [f"        {_field(f)}" for f in change.fields]
    if diff.views:
        lines += ["", lang.word("diff.views")] + [f"    {vid}: {why}" for vid, why in diff.views]
    for key, problems in (("diff.findings_new", diff.findings_new), ("diff.findings_gone", diff.findings_gone)):
        if problems:
            lines += ["", lang.word(key)] + [f"    {p.text()}" for p in problems]
    return "\n".join(lines) + "\n"


def _counts(changes, lang: Language) -> str:
    counts = defaultdict(int)
    for change in changes:
        counts[change.status] += 1
    return ", ".join(f"{counts[s]} {lang.word('diff.' + s)}" for s in ("added", "changed", "renamed", "removed")
                     if counts[s])


def as_markdown(diff: Diff, lang: Language) -> str:
    """For a pull-request comment: a summary, then one `<details>` per layer (GitHub and GitLab fold them)."""
    out = [f"### {lang.word('diff.title', old=diff.old, new=diff.new)}", "", _summary(diff, lang), ""]
    if diff.empty:
        return "\n".join([*out, lang.word("diff.none"), ""])
    for layer, changes in _by_layer(diff).items():
        out += ["<details>", f"<summary>{lang.word('diff.elements')} · {layer}: {_counts(changes, lang)}</summary>",
                ""]
        for change in changes:
            out.append(f"- {_element_line(change, lang, True)}")
            out += [f"  - {_md_escape(_field(f))}" for f in change.fields]
        out += ["", "</details>", ""]
    if diff.relationships:
        out += ["<details>", f"<summary>{lang.word('diff.relationships')}: {_counts(diff.relationships, lang)}"
                "</summary>", ""]
        for change in diff.relationships:
            out.append(f"- {_rel_line(change, True)}")
            out += [f"  - {_md_escape(_field(f))}" for f in change.fields]
        out += ["", "</details>", ""]
    if diff.views:
        out += [f"**{lang.word('diff.views')}**", ""] + [f"- `{vid}`: {why}" for vid, why in diff.views] + [""]
    for key, problems in (("diff.findings_new", diff.findings_new), ("diff.findings_gone", diff.findings_gone)):
        if problems:
            out += [f"**{lang.word(key)}**", ""] + [f"- `{p.file}:{p.line}` {p.code} {_md_escape(p.message)}"
                                                    for p in problems] + [""]
    return "\n".join(out)


def _md_escape(text: str) -> str:
    """Values come from other people's files: no HTML or Markdown of theirs reaches the comment."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("`", "'")


def as_json(diff: Diff) -> str:
    data = asdict(diff)
    data["findings_new"] = [p.as_dict() for p in diff.findings_new]
    data["findings_gone"] = [p.as_dict() for p in diff.findings_gone]
    data["views"] = [{"id": vid, "why": why} for vid, why in diff.views]
    del data["names"]
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def render(diff: Diff, fmt: str, lang: Language) -> str:
    if fmt == "json":
        return as_json(diff)
    return as_markdown(diff, lang) if fmt == "md" else as_text(diff, lang)
