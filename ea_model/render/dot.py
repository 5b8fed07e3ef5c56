"""Selection -> graphviz DOT source, in the ArchiMate notation of `notation.yaml`.

Everything is emitted in a sorted order and nothing depends on the time of the run, so the same model
gives the same DOT (and, with the same graphviz, the same SVG).
"""

from __future__ import annotations

import html
import math
import textwrap
from functools import cache
from pathlib import Path

import graphviz
import yaml
from graphviz import nohtml

from ..gitinfo import GitState
from ..i18n import MESSAGES, Language, word
from ..model import Model
from ..problems import printable
from ..viewpoints import Selection

NOTATION = Path(__file__).parent / "notation.yaml"
DEFAULT_WRAP = 22
UPWARD = {"serving", "realization"}


@cache
def _language(lang: str, languages: tuple[str, ...]) -> Language:
    return Language.of(lang, languages)


MAX_LABEL = 2_000  # characters of one label: a name, never a book


def _text(model: Model, value, lang: str) -> str:
    """A name or label in `lang`, else in the next language of the repository's list (then English); control
    characters shown as escapes, since DOT cannot hold them (the model reports them, EA113)."""
    return printable(_language(lang, tuple(model.manifest.languages)).text(value), MAX_LABEL)


def _describe(git: GitState, lang: str) -> str:
    if not git.commit:
        return word("not_committed", lang)
    return git.commit[:10] + ("" if git.clean else f" ({word('git.modified', lang)})")


@cache
def notation() -> dict:
    with open(NOTATION, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]


def _node_label(name: str, kind_label: str, width: int) -> str:
    lines = "<br/>".join(html.escape(line) for line in _wrap(name, width))
    kind = html.escape(kind_label)
    return f'<<font point-size="11">{lines}</font><br/><font point-size="8" color="#444444">«{kind}»</font>>'


def _node_attrs(el_type: str | None, kind: str | None, layer: str | None) -> dict:
    n = notation()
    attrs = dict(n["shapes"]["default"])
    attrs.update(n["shapes"].get(el_type or "", {}))
    attrs.update(n["kinds"].get(kind or "", {}))
    colour_key = "location" if el_type == "location" else layer
    attrs["fillcolor"] = n["colours"].get(colour_key or "", "#FFFFFF")
    return {k: str(v) for k, v in attrs.items()}


def _edge_attrs(rel) -> dict:
    attrs = {k: str(v) for k, v in notation()["edges"][rel.type].items()}
    if rel.type == "access":
        # ArchiMate draws the arrow the way the data goes: to the data when written, from it when read.
        attrs.update({"read": {"dir": "back", "arrowtail": "vee", "arrowhead": "none"},
                      "readwrite": {"dir": "both", "arrowtail": "vee", "arrowhead": "vee"},
                      "write": {"dir": "forward"},
                      "access": {"arrowhead": "none"}}.get(rel.access or "access", {}))
    if rel.type == "association" and rel.directed:
        attrs["arrowhead"] = "vee"
    return attrs


def to_dot(model: Model, sel: Selection, lang: str, git: GitState | None = None,
           styles: dict[str, dict] | None = None, legend: list[tuple[str, dict]] | None = None,
           plateau_label: str | None = None) -> str:
    """The DOT source of one view.

    `styles` overrides graphviz attributes per element id, and per relationship as `rel:KEY` (the gap view
    colours new, changed and eliminated elements and relationships); `legend` then replaces the legend's
    node entries with (label, attributes) pairs; `plateau_label` replaces the plateau's name in the title
    block.
    """
    view = sel.view
    style = view.style
    width = int(style.get("wrap", DEFAULT_WRAP))
    font = notation()["font"]
    g = graphviz.Digraph(name=view.id, strict=False)
    plateau_name = _text(model, model.plateaus[sel.plateau].name, lang) if sel.plateau in model.plateaus else \
        word("all", lang)
    info = [f"{word('plateau', lang)}: {plateau_label or plateau_name}"]
    if git is not None:
        info.append(f"{word('model', lang)}: {_describe(git, lang)}")
        if git.date:
            info.append(f"{word('date', lang)}: {git.date}")
    g.attr(
        label=f'<<b><font point-size="16">{html.escape(_text(model, view.title, lang) or view.id)}</font></b><br/>'
              f'<font point-size="10">{html.escape(" · ".join(info))}</font>>',
        labelloc="t", labeljust="l", rankdir=view.direction, fontname=font, newrank="true",
        ranksep=str(style.get("ranksep", 0.6)), nodesep=str(style.get("nodesep", 0.3)),
        # Off unless a view asks: graphviz 2.43 crashes on some large graphs with concentrate=true.
        concentrate="true" if style.get("concentrate", False) else "false",
        splines=style.get("splines", "spline"), compound="true", outputorder="edgesfirst",
    )
    g.attr("node", fontname=font, fontsize="11", margin="0.12,0.06")
    g.attr("edge", fontname=font, fontsize="8", color="#333333")
    # DOT names are generated (n0, n1, ...): graphviz reads ':' in a name as a port, and ids may hold anything.
    names = {el.id: f"n{i}" for i, el in enumerate(sel.elements)}
    cluster_colours = notation()["cluster_colours"]
    keys = list(sel.groups) if view.clusters else sorted(sel.groups)  # named clusters keep their order
    for key in keys:
        ids = sel.groups[key]
        target = g
        if key:
            label = _text(model, sel.group_labels.get(key), lang) or key
            colour = cluster_colours.get(key) or cluster_colours["other"]
            with g.subgraph(name=f"cluster_{key}") as c:
                c.attr(label=nohtml(label), style="rounded,filled", fillcolor=colour, color="#999999", fontname=font,
                       fontsize="12", id=f"cluster_{key}")
                _add_nodes(model, sel, c, ids, lang, width, names, styles)
            continue
        _add_nodes(model, sel, target, ids, lang, width, names, styles)
    _arrange(sel, g, names, keys)
    for rel in sel.relationships:
        attrs = _edge_attrs(rel)
        label = _text(model, rel.name, lang) if rel.name else ""
        if rel.type == "influence" and rel.strength:
            label = f"{label} {rel.strength}".strip()
        if label:
            attrs["label"] = nohtml("\n".join(_wrap(label, 20)))
        if styles and f"rel:{rel.key}" in styles:
            attrs.update({k: str(v) for k, v in styles[f"rel:{rel.key}"].items()})
        tail, head = names[rel.source], names[rel.target]
        if rel.type in UPWARD:
            # Providers below their users, as in ArchiMate's layered views: lay the edge out reversed and
            # draw its arrow backwards, so it still points from the source to the target.
            tail, head = head, tail
            attrs = {**attrs, "dir": "back", "arrowtail": attrs.get("arrowhead", "normal"), "arrowhead": "none"}
        g.edge(tail, head, id=nohtml(printable(f"rel:{rel.key}")), **attrs)
    if style.get("legend", True):
        _legend(model, sel, g, lang, legend)
    return g.source


def _arrange(sel: Selection, g, names: dict[str, str], keys: list[str]) -> None:
    """Invisible edges that keep large views compact: the loose nodes of a cluster (those no drawn relationship
    touches), which graphviz would put side by side in one rank, are spread over `style.grid` ranks (default:
    about the square root of their number); `style.stack` lines the clusters up along the rank direction (in the
    view's order for named clusters, else sorted), all of them or in N sections."""
    style = sel.view.style
    touched = {r.source for r in sel.relationships} | {r.target for r in sel.relationships}
    for key in keys:
        loose = [eid for eid in sel.groups[key] if eid not in touched]
        ranks = int(style.get("grid", math.ceil(math.sqrt(len(loose))) if len(loose) > 6 else 0))
        if ranks > 1:
            for start in range(0, len(loose), ranks):
                row = loose[start:start + ranks]
                for a, b in zip(row, row[1:], strict=False):
                    g.edge(names[a], names[b], style="invis")
    sections = _sections([k for k in keys if k], style.get("stack", False))
    for j, section in enumerate(sections):
        for key in section:
            top, bottom = f"stack_{key}_top", f"stack_{key}_bottom"
            for anchor in (top, bottom):
                g.node(anchor, label="", shape="point", style="invis", width="0", height="0")
            for eid in sel.groups[key]:
                g.edge(top, names[eid], style="invis", weight="0")
                g.edge(names[eid], bottom, style="invis", weight="0")
            for before in sections[j - 1] if j else []:
                g.edge(f"stack_{before}_bottom", top, style="invis", weight="0")


def _sections(keys: list[str], stack: bool | int) -> list[list[str]]:
    """`stack: true`: each cluster after the other; `stack: N`: the clusters in N consecutive sections, those of
    one section side by side across the rank direction."""
    if stack is False or stack == 0 or len(keys) < 2:
        return []
    count = len(keys) if stack is True else min(int(stack), len(keys))
    size = math.ceil(len(keys) / count)
    return [keys[i:i + size] for i in range(0, len(keys), size)]


def _add_nodes(model: Model, sel: Selection, g, ids: list[str], lang: str, width: int, names: dict,
               styles: dict[str, dict] | None = None) -> None:
    for eid in ids:
        el = model.elements[eid]
        name = _text(model, model.state_at(el, sel.plateau)["name"] if sel.plateau else el.name, lang) or el.id
        kind = model.kinds.get(el.kind or "")
        kind_label = _text(model, kind.label, lang) if kind else (el.type or "?")
        attrs = _node_attrs(el.type, el.kind, el.layer)
        if styles and eid in styles:
            attrs.update({k: str(v) for k, v in styles[eid].items()})
        g.node(names[eid], label=_node_label(name, kind_label, width),
               id=nohtml(printable(eid)), tooltip=nohtml(printable(eid)), **attrs)


def _legend(model: Model, sel: Selection, g, lang: str, entries: list[tuple[str, dict]] | None = None) -> None:
    """A cluster showing each kind of node (or the given entries) and each relationship the view draws,
    stacked in one column."""
    shown = [] if entries is not None else sorted({(el.kind or "", el.type or "", el.layer or "")
                                                   for el in sel.elements})
    rel_types = sorted({r.type for r in sel.relationships})
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label=word("legend", lang), style="rounded", color="#999999", fontsize="11", id="legend")
        column = []
        for i, (kind_name, el_type, layer) in enumerate(shown):
            kind = model.kinds.get(kind_name)
            label = _text(model, kind.label, lang) if kind else el_type
            layer_name = word(f"layer.{layer}", lang) if f"layer.{layer}" in MESSAGES else ""
            c.node(f"legend_node_{i}", label=f"{label}\n({layer_name})" if layer_name else label,
                   fontsize="8", width="0.3", height="0.2", **_node_attrs(el_type, kind_name, layer))
            column.append(f"legend_node_{i}")
        for i, (label, attrs) in enumerate(entries or []):
            c.node(f"legend_entry_{i}", label=label, fontsize="8", width="0.3", height="0.2",
                   **{k: str(v) for k, v in attrs.items()})
            column.append(f"legend_entry_{i}")
        across = sel.view.direction in ("LR", "RL")  # ranks run left to right: a column is one rank
        for rel_type in rel_types:
            a, b = f"legend_{rel_type}_a", f"legend_{rel_type}_b"
            with c.subgraph() as row:
                if not across:
                    row.attr(rank="same")
                row.node(a, label="", shape="point", width="0.05")
                row.node(b, label=rel_type, shape="plaintext", fontsize="8")
            attrs = {k: str(v) for k, v in notation()["edges"][rel_type].items()}
            c.edge(a, b, minlen="1" if across else "2", **attrs)
            column.append(a)
        if across:
            labels = [f"legend_{t}_b" for t in rel_types]
            for names in (column, labels):
                with c.subgraph() as col:
                    col.attr(rank="same")
                    for name in names:
                        col.node(name)
                # within a rank of a left-to-right graph, a flat edge puts its head above its tail
                for upper, lower in zip(names, names[1:], strict=False):
                    c.edge(lower, upper, style="invis")
            return
        for upper, lower in zip(column, column[1:], strict=False):
            c.edge(upper, lower, style="invis")
