"""Selection -> Scene: everything a diagram shows, before any position is known. Names are wrapped with the
real font (text.py) so each shape is as big as its text needs; the layout (layout.py) then places the shapes
and the drawing (svg.py) draws them. Nothing here depends on the time of the run or on dict order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..gitinfo import GitState
from ..i18n import MESSAGES, Language, word
from ..metamodel import LAYERS
from ..model import Model
from ..problems import printable
from ..viewpoints import Selection
from . import text
from .notation import line, look, size
from .notation import notation as notation_data

MAX_LABEL = 2_000  # characters of one label: a name, never a book
DEFAULT_WRAP = 22  # characters of a line of a name, before the font measures them
PAD = 6.0  # between a shape's border and its text
ICON_SPACE = 18.0  # kept free on both sides of the text, so it never runs under the icon
MIN_W, MIN_H = 120.0, 50.0  # Archi's default box is 120 x 55
LAYER_ORDER = ("motivation", "strategy", "business", "application", "data", "technology", "security",
               "implementation")
STYLE_KEYS = {"fillcolor": "fill", "color": "stroke", "fontcolor": "text_colour", "href": "href",
              "target": "target"}


@dataclass
class Node:
    id: str
    lines: list[str]
    kind: str | None
    corner: str
    icon: str | None
    fill: str
    group: str
    w: float
    h: float
    stroke: str = "#000000"
    stroke_width: float = 1.0
    dashed: bool = False
    text_colour: str = "#000000"
    href: str | None = None
    target: str | None = None
    ghost_page: int | None = None  # a reference to the elements on that page
    nests: bool = False  # other shapes are drawn inside it (an imported diagram's nesting)


@dataclass
class Edge:
    key: str
    type: str
    source: str
    target: str
    line: str
    source_end: str | None
    target_end: str | None
    label: list[str]
    colour: str = "#333333"
    width: float = 1.0
    text_colour: str = "#333333"


@dataclass
class LegendEntry:
    kind: str  # node | edge | swatch | text
    label: str
    look: object = None  # notation.Look for a node entry
    rel_type: str | None = None
    ends: tuple[str | None, str | None] = (None, None)
    fill: str = "#FFFFFF"
    stroke: str = "#000000"
    dashed: bool = False


@dataclass
class Scene:
    view_id: str
    title: str
    info: str
    direction: str
    nodes: dict[str, Node]
    edges: list[Edge]
    clusters: list[tuple[str, str, str]]  # (key, label, fill), in drawing order
    groups: dict[str, list[str]]
    style: dict
    legend: list[LegendEntry] = field(default_factory=list)
    lang: str = "vi"
    layered: bool = False  # grouped by layer: the layers stack in ArchiMate's order

    @property
    def sizes(self) -> list[float]:
        """Every text size the drawing uses, for the smallest text at print scale."""
        used = [size("title"), size("info"), size("name")]
        if any(n.kind for n in self.nodes.values()):
            used.append(size("kind"))
        if self.clusters:
            used.append(size("cluster"))
        if any(e.label for e in self.edges):
            used.append(size("edge"))
        if self.legend:
            used.append(size("legend"))
        return used


@cache
def _language(lang: str, languages: tuple[str, ...]) -> Language:
    return Language.of(lang, languages)


def label_text(model: Model, value, lang: str) -> str:
    """A name in `lang`, else in the next language of the repository's list; control characters as escapes."""
    return printable(_language(lang, tuple(model.manifest.languages)).text(value), MAX_LABEL)


def _describe(git: GitState, lang: str) -> str:
    if not git.commit:
        return word("not_committed", lang)
    return git.commit[:10] + ("" if git.clean else f" ({word('git.modified', lang)})")


def capital(value: str) -> str:
    return value[:1].upper() + value[1:]


def type_label(el_type: str, lang: str) -> str:
    key = f"type.{el_type}"
    return word(key, lang) if key in MESSAGES else el_type


def _apply(node: Node, overrides: dict | None) -> None:
    """A caller's styles (the gap view's colours, the site's links), in graphviz's attribute names."""
    for key, value in (overrides or {}).items():
        if key in STYLE_KEYS:
            setattr(node, STYLE_KEYS[key], str(value))
        elif key == "penwidth":
            node.stroke_width = float(value)
        elif key == "style":
            node.dashed = "dashed" in str(value)


def node_size(lines: list[str], kind: str | None) -> tuple[float, float]:
    widest = max([text.width(line, size("name")) for line in lines] +
                 [text.width(f"«{kind}»", size("kind")) if kind else 0.0])
    w = max(MIN_W, widest + 2 * (PAD + ICON_SPACE))
    h = PAD * 2 + 8 + len(lines) * text.line_height(size("name")) + (text.line_height(size("kind")) if kind else 0)
    return round(w, 1), round(max(MIN_H, h), 1)


def _node(model: Model, sel: Selection, eid: str, group: str, lang: str, wrap: int, notation: str,
          show_kind: bool) -> Node:
    el = model.elements[eid]
    name = label_text(model, model.state_at(el, sel.plateau)["name"] if sel.plateau else el.name, lang) or el.id
    kind = model.kinds.get(el.kind or "") if show_kind else None
    limit = wrap * 0.55 * size("name")
    kind_label = clip(label_text(model, kind.label, lang), limit, size("kind")) if kind else None
    lines = text.wrap(name, limit, size("name"))
    w, h = node_size(lines, kind_label)
    shape = look(el.type, el.kind, el.layer, notation)
    return Node(el.id, lines, kind_label, shape.corner, shape.icon, shape.fill, group, w, h)


def elsewhere_id(page: int) -> str:
    return f"~page-{page}"


def _reference(page: int, lang: str) -> Node:
    """The stand-in for everything a relationship reaches on another page: one per page, dashed."""
    lines = [f"→ {word('see_page', lang, n=page)}"]
    w, h = node_size([f"→ {word('see_page', lang, n=max(page, 10))}"], None)
    return Node(elsewhere_id(page), lines, None, "square", None, "#FFFFFF", "", w, round(h * 0.7, 1),
                stroke="#777777", dashed=True, text_colour="#444444", ghost_page=page)


def clip(value: str, limit: float, font: float) -> str:
    if text.width(value, font) <= limit:
        return value
    while value and text.width(value + "…", font) > limit:
        value = value[:-1]
    return value + "…"


def _ends(rel) -> tuple[str | None, str | None]:
    spec = line(rel.type)
    source, target = spec.get("source"), spec.get("target")
    if rel.type == "access":
        # ArchiMate draws the arrow the way the data goes: to the data when written, from it when read.
        source, target = {"read": ("small-arrow", None), "write": (None, "small-arrow"),
                          "readwrite": ("small-arrow", "small-arrow")}.get(rel.access or "", (None, None))
    if rel.type == "association" and rel.directed:
        target = "small-arrow"
    return source, target


def _edge(model: Model, rel, lang: str) -> Edge:
    label = label_text(model, rel.name, lang) if rel.name else ""
    if rel.type == "influence" and rel.strength:
        label = f"{label} {rel.strength}".strip()
    source_end, target_end = _ends(rel)
    lines = text.wrap(label, 110, size("edge")) if label else []
    return Edge(rel.key, rel.type, rel.source, rel.target, line(rel.type)["line"], source_end, target_end, lines)


def cluster_keys(sel: Selection) -> list[str]:
    """Named clusters keep the view's order; layers go top down as ArchiMate's layered view; others sorted."""
    if sel.view.clusters:
        return list(sel.groups)
    if sel.view.group_by == "layer":
        names = LAYER_ORDER + tuple(name for name in LAYERS if name not in LAYER_ORDER)
        order = {name: i for i, name in enumerate(names)}
        return sorted(sel.groups, key=lambda k: (order.get(k, len(order)), k))
    return sorted(sel.groups, key=lambda k: (k == "", k))  # the elements of no cluster last


def _info(model: Model, sel: Selection, lang: str, git: GitState | None, plateau_label: str | None,
          page_label: str | None) -> str:
    """The title block's second line: plateau, model commit, date, page."""
    plateau_name = label_text(model, model.plateaus[sel.plateau].name, lang) if sel.plateau in model.plateaus \
        else word("all", lang)
    info = [f"{word('plateau', lang)}: {plateau_label or plateau_name}"]
    if git is not None:
        info.append(f"{word('model', lang)}: {_describe(git, lang)}")
        if git.date:
            info.append(f"{word('date', lang)}: {git.date}")
    if page_label:
        info.append(page_label)
    return " · ".join(info)


def _edges(model: Model, sel: Selection, lang: str, nodes: dict[str, Node], elsewhere: dict[str, int],
           styles: dict[str, dict]) -> list[Edge]:
    """The relationships drawn; one reaching another page ends at that page's reference (added to `nodes`)."""
    edges = []
    seen: set[tuple] = set()
    for rel in sel.relationships:
        edge = _edge(model, rel, lang)
        for end in ("source", "target"):
            page = elsewhere.get(getattr(rel, end))
            if page is not None:
                setattr(edge, end, elsewhere_id(page))
                nodes.setdefault(elsewhere_id(page), _reference(page, lang))
        if edge.source not in nodes or edge.target not in nodes:
            continue
        once = (edge.type, edge.source, edge.target)
        if once in seen and (edge.source.startswith("~") or edge.target.startswith("~")):
            continue  # one line to a page reference is enough
        seen.add(once)
        override = styles.get(f"rel:{rel.key}") or {}
        if override:
            edge.colour = edge.text_colour = str(override.get("color", edge.colour))
            edge.width = float(override.get("penwidth", edge.width))
        edges.append(edge)
    return edges


def build(model: Model, sel: Selection, lang: str, git: GitState | None = None, *,
          styles: dict[str, dict] | None = None, legend: list[tuple[str, dict]] | None = None,
          plateau_label: str | None = None, notation: str = "archimate", elsewhere: dict[str, int] | None = None,
          page_label: str | None = None) -> Scene:
    """The scene of one view, or of one page of it: `elsewhere` maps the elements drawn on other pages to their
    page, and a relationship reaching one of them ends at a reference to that page. `styles` overrides
    attributes per element id and per relationship as `rel:KEY`; `legend` then replaces the legend's element
    entries with (label, attributes) pairs."""
    view = sel.view
    wrap = int(view.style.get("wrap", DEFAULT_WRAP))
    styles = styles or {}
    nodes: dict[str, Node] = {}
    clusters = []
    cluster_colours = notation_data()["cluster_colours"]
    # the kind, under the name, only where it tells something: not when the cluster or every shape says it
    show_kind = view.group_by != "kind" and len({el.kind for el in sel.elements}) > 1
    for key in cluster_keys(sel):
        for eid in sel.groups[key]:
            nodes[eid] = _node(model, sel, eid, key, lang, wrap, notation, show_kind)
            _apply(nodes[eid], styles.get(eid))
        if key:
            label = label_text(model, sel.group_labels.get(key), lang) or key
            clusters.append((key, label, cluster_colours.get(key) or cluster_colours["other"]))
    edges = _edges(model, sel, lang, nodes, elsewhere or {}, styles)
    groups = {k: sel.groups[k] for k in cluster_keys(sel)}
    references = sorted(n for n in nodes if n.startswith("~"))
    if references:
        groups[""] = groups.get("", []) + references
    scene = Scene(view.id, label_text(model, view.title, lang) or view.id,
                  _info(model, sel, lang, git, plateau_label, page_label), view.direction, nodes, edges, clusters,
                  groups, dict(view.style), lang=lang, layered=view.group_by == "layer" and not view.clusters)
    if view.raw.get("legend", view.style.get("legend", True)):
        scene.legend = _legend(model, sel, lang, notation, legend)
    return scene


def _legend(model: Model, sel: Selection, lang: str, notation: str,
            entries: list[tuple[str, dict]] | None) -> list[LegendEntry]:
    """Only what the view shows, in the view's language: each kind (or type) of element, then each relationship."""
    out = []
    if entries is not None:
        for label, attrs in entries:
            if attrs.get("shape") == "plaintext":
                out.append(LegendEntry("text", label, stroke=str(attrs.get("fontcolor", "#000000"))))
            else:
                out.append(LegendEntry("swatch", label, fill=str(attrs.get("fillcolor", "#FFFFFF")),
                                       stroke=str(attrs.get("color", "#000000")),
                                       dashed="dashed" in str(attrs.get("style", ""))))
    else:
        seen = {}
        for el in sel.elements:
            kind = model.kinds.get(el.kind or "")
            label = label_text(model, kind.label, lang) if kind else type_label(el.type or "", lang)
            seen.setdefault(capital(label), look(el.type, el.kind, el.layer, notation))
        out.extend(LegendEntry("node", label, look=shape) for label, shape in sorted(seen.items()))
    rels = {}
    for rel in sel.relationships:
        key = f"legend.access.{rel.access}" if rel.type == "access" and rel.access in ("read", "write", "readwrite") \
            else f"relationship.{rel.type}"
        rels.setdefault(key, (rel.type, _ends(rel)))
    for key in sorted(rels, key=lambda k: word(k, lang)):
        rel_type, ends = rels[key]
        out.append(LegendEntry("edge", word(key, lang), rel_type=rel_type, ends=ends))
    return out
