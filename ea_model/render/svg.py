"""Scene + Geometry -> SVG, in ArchiMate's box notation: the shape of each element (square, rounded or cut
corners) with its type's icon in the upper-right corner, the line and ends of each relationship, cluster
frames, the title block and the legend. One drawing for every output: PNG and PDF are made from this SVG.

Numbers are written with two decimals at most and everything in the scene's order, so the same scene and
geometry give the same bytes.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from . import text
from .layout import Box, Geometry, Route
from .notation import icons, size
from .notation import line as line_of
from .scene import Edge, LegendEntry, Node, Scene
from .scene import clip as _clip

MARGIN = 20.0
CUT = 8.0  # the cut corners of motivation elements
ROUND = 8.0
DASH = {"dashed": "6,4", "dotted": "1.5,3"}
ICON_W, ICON_H = 16.0, 12.0
LEGEND_COLUMN = 190.0
LEGEND_ROW = 20.0
# Relationship ends, pointing along +x with the tip at the origin: (path, fill) where fill is "line" (the
# line's colour) or "white".
ENDS = {
    "arrow": ("M0,0 L-10,-4 L-10,4 Z", "line"),
    "open-arrow": ("M-10,-4.5 L0,0 L-10,4.5", None),
    "small-arrow": ("M-7,-3.5 L0,0 L-7,3.5", None),
    "triangle": ("M0,0 L-12,-6 L-12,6 Z", "white"),
    "diamond": ("M0,0 L-7,-4 L-14,0 L-7,4 Z", "line"),
    "open-diamond": ("M0,0 L-7,-4 L-14,0 L-7,4 Z", "white"),
    "dot": ("M0,0 A3,3 0 1 0 -6,0 A3,3 0 1 0 0,0 Z", "line"),
}


def num(value: float) -> str:
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def _text(x: float, y: float, value: str, font: float, *, anchor: str = "middle", bold: bool = False,
          colour: str = "#000000") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{num(x)}" y="{num(y)}" font-size="{num(font)}" text-anchor="{anchor}"{weight} '
            f'fill="{colour}">{escape(value)}</text>')


def _icon(name: str | None, x: float, y: float, colour: str = "#000000", scale: float = 1.0) -> str:
    strokes = icons().get(name or "")
    if not strokes:
        return ""
    parts = []
    for stroke in strokes:
        fill = {True: colour, "white": "#FFFFFF"}.get(stroke.get("fill"), "none")
        extra = f' stroke-width="{num(stroke["width"])}"' if "width" in stroke else ""
        if "dash" in stroke:
            extra += f' stroke-dasharray="{stroke["dash"]}"'
        if "path" in stroke:
            parts.append(f'<path d="{stroke["path"]}" fill="{fill}"{extra}/>')
        elif "circle" in stroke:
            cx, cy, r = stroke["circle"]
            parts.append(f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}"{extra}/>')
        elif "ellipse" in stroke:
            cx, cy, rx, ry = stroke["ellipse"]
            parts.append(f'<ellipse cx="{num(cx)}" cy="{num(cy)}" rx="{num(rx)}" ry="{num(ry)}" fill="{fill}"{extra}/>')
        elif "rect" in stroke:
            rx_, ry_, w, h, r = stroke["rect"]
            parts.append(f'<rect x="{num(rx_)}" y="{num(ry_)}" width="{num(w)}" height="{num(h)}" rx="{num(r)}" '
                         f'fill="{fill}"{extra}/>')
    transform = f"translate({num(x)},{num(y)})" + (f" scale({num(scale)})" if scale != 1 else "")
    return (f'<g class="icon" transform="{transform}" stroke="{colour}" stroke-width="0.9" '
            f'stroke-linejoin="round">{"".join(parts)}</g>')


def outline(corner: str, x: float, y: float, w: float, h: float, fill: str, stroke: str, width: float = 1.0,
            dashed: bool = False) -> str:
    """The shape of an element: its border as ArchiMate draws its corners."""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}"'
    if dashed or corner == "grouping":
        paint += ' stroke-dasharray="6,4"'
    if corner == "round":
        return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(ROUND)}" {paint}/>'
    if corner == "cut":
        c = min(CUT, w / 4, h / 4)
        points = [(x + c, y), (x + w - c, y), (x + w, y + c), (x + w, y + h - c), (x + w - c, y + h), (x + c, y + h),
                  (x, y + h - c), (x, y + c)]
        return f'<polygon points="{" ".join(f"{num(a)},{num(b)}" for a, b in points)}" {paint}/>'
    if corner == "grouping":
        tab = min(w * 0.6, 90.0)
        return (f'<path d="M{num(x)},{num(y + 14)} V{num(y)} H{num(x + tab)} V{num(y + 14)} H{num(x + w)} '
                f'V{num(y + h)} H{num(x)} Z" {paint}/>')
    if corner == "junction":
        r = min(w, h) / 2
        return f'<circle cx="{num(x + w / 2)}" cy="{num(y + h / 2)}" r="{num(r)}" fill="{stroke}"/>'
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" {paint}/>'


def _node(node: Node, box: Box) -> str:
    x, y, w, h = box
    parts = [outline(node.corner, x, y, w, h, node.fill, node.stroke, node.stroke_width, node.dashed)]
    if node.corner not in ("junction", "grouping"):
        parts.append(_icon(node.icon, x + w - 4 - ICON_W, y + 4, node.stroke if node.ghost_page else "#000000"))
    name_size, kind_size = size("name"), size("kind")
    lines = _fit(node.lines, w, h, name_size, kind_size if node.kind else 0)
    block = len(lines) * text.line_height(name_size) + (text.line_height(kind_size) if node.kind else 0)
    top = y + max(4.0, (h - block) / 2) + name_size
    if node.corner == "grouping":  # a grouping's name sits in its tab
        top, lines = y + 11, lines[:1]
    elif node.nests:  # shapes drawn inside it: its name goes above them
        top, lines = y + 4 + name_size, lines[:1]
    for i, line in enumerate(lines):
        anchor_x, anchor = (x + 6, "start") if node.corner == "grouping" else (x + w / 2, "middle")
        parts.append(_text(anchor_x, top + i * text.line_height(name_size), line, name_size, anchor=anchor,
                           colour=node.text_colour))
    if node.kind and node.corner != "grouping":
        parts.append(_text(x + w / 2, top + (len(lines) - 1) * text.line_height(name_size) + text.line_height(kind_size)
                           + 1, f"«{node.kind}»", kind_size, colour="#444444"))
    body = "".join(parts)
    if node.href:  # the link inside the shape's group: the group keeps the element's id for scripts and tests
        target = f' target={quoteattr(node.target)}' if node.target else ""
        body = f'<a xlink:href={quoteattr(node.href)}{target}>{body}</a>'
    return f'<g id={quoteattr(node.id)} class="node"><title>{escape(node.id)}</title>{body}</g>'


def _fit(lines: list[str], w: float, h: float, name_size: float, kind_size: float) -> list[str]:
    """The lines that fit the shape (an imported layout's boxes keep their size): cut, with an ellipsis, where
    the text would run out of the shape."""
    room = int((h - 8 - (text.line_height(kind_size) if kind_size else 0)) // text.line_height(name_size))
    if any(text.width(line, name_size) > w - 12 for line in lines):  # a box narrower than the name was wrapped for
        lines = text.wrap(" ".join(lines), w - 12, name_size)
    fitted = [_clip(line, w - 12, name_size) for line in lines]
    if len(fitted) > max(room, 1):
        fitted = fitted[:max(room, 1)]
        fitted[-1] = _clip(fitted[-1] + " …", w - 12, name_size)
    return fitted


def _path(route: Route) -> str:
    pts = route.points
    d = f"M{num(pts[0][0])},{num(pts[0][1])}"
    if route.curved and len(pts) >= 4 and (len(pts) - 1) % 3 == 0:
        for i in range(1, len(pts), 3):
            d += " C" + " ".join(f"{num(px)},{num(py)}" for px, py in pts[i:i + 3])
    else:
        d += "".join(f" L{num(px)},{num(py)}" for px, py in pts[1:])
    return d


def _end(kind: str | None, tip: tuple[float, float], before: tuple[float, float], colour: str, width: float) -> str:
    if not kind:
        return ""
    d, fill = ENDS[kind]
    angle = math.degrees(math.atan2(tip[1] - before[1], tip[0] - before[0]))
    paint = {"line": colour, "white": "#FFFFFF", None: "none"}[fill]
    return (f'<path d="{d}" transform="translate({num(tip[0])},{num(tip[1])}) rotate({num(angle)})" '
            f'fill="{paint}" stroke="{colour}" stroke-width="{num(width)}" stroke-dasharray="none"/>')


def _direction(points: list[tuple[float, float]], at_end: bool) -> tuple[tuple[float, float], tuple[float, float]]:
    """The tip and a point before it, skipping control points that coincide with the tip."""
    seq = list(reversed(points)) if at_end else points
    tip = seq[0]
    before = next((p for p in seq[1:] if math.dist(p, tip) > 0.5), (tip[0] - 1, tip[1]))
    return tip, before


def _edge(edge: Edge, route: Route, ident: bool = True) -> str:
    dash = DASH.get(edge.line)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<path d="{_path(route)}" fill="none" stroke="{edge.colour}" stroke-width="{num(edge.width)}"'
             f'{dash_attr}/>']
    parts.append(_end(edge.target_end, *_direction(route.points, True), edge.colour, edge.width))
    parts.append(_end(edge.source_end, *_direction(route.points, False), edge.colour, edge.width))
    if edge.label and route.label_at:
        lx, ly = route.label_at
        font = size("edge")
        lh = text.line_height(font)
        widest = max(text.width(line, font) for line in edge.label)
        top = ly - len(edge.label) * lh / 2
        parts.append(f'<rect x="{num(lx - widest / 2 - 2)}" y="{num(top)}" width="{num(widest + 4)}" '
                     f'height="{num(len(edge.label) * lh)}" fill="#FFFFFF" fill-opacity="0.85"/>')
        for i, line in enumerate(edge.label):
            parts.append(_text(lx, top + (i + 1) * lh - 2, line, font, colour=edge.text_colour))
    own = f'id={quoteattr("rel:" + edge.key)} ' if ident else ""  # a legend's sample line is no relationship
    return f'<g {own}class="edge">{"".join(parts)}</g>'


def _cluster(key: str, label: str, fill: str, box: Box) -> str:
    x, y, w, h = box
    font = size("cluster")
    return (f'<g class="cluster" id={quoteattr("cluster_" + key)}>'
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="6" fill="{fill}" '
            f'stroke="#999999"/>{_text(x + w / 2, y + font + 4, _clip(label, w - 8, font), font, bold=True)}</g>')


def legend_size(entries: list[LegendEntry], width: float) -> tuple[int, float]:
    """Columns and height of the legend in `width` points."""
    if not entries:
        return 0, 0.0
    columns = max(1, min(len(entries), int(width // LEGEND_COLUMN)))
    rows = math.ceil(len(entries) / columns)
    return columns, 18 + rows * LEGEND_ROW


def _legend(entries: list[LegendEntry], x: float, y: float, width: float, title: str) -> str:
    columns, height = legend_size(entries, width)
    font = size("legend")
    parts = [f'<rect x="{num(x)}" y="{num(y)}" width="{num(columns * LEGEND_COLUMN + 8)}" height="{num(height)}" '
             f'fill="#FFFFFF" stroke="#999999"/>', _text(x + 6, y + 12, title, font, anchor="start", bold=True)]
    rows = math.ceil(len(entries) / columns)
    for i, entry in enumerate(entries):
        col, row = divmod(i, rows)
        ex, ey = x + 6 + col * LEGEND_COLUMN, y + 18 + row * LEGEND_ROW
        label = _clip(entry.label, LEGEND_COLUMN - 50, font)
        if entry.kind == "node":
            look = entry.look
            parts.append(outline(look.corner, ex, ey + 1, 36, 16, look.fill, "#000000", 0.8))
            if look.corner not in ("junction", "grouping"):
                parts.append(_icon(look.icon, ex + 36 - 1.5 - 9.6, ey + 2.5, scale=0.6))
        elif entry.kind == "swatch":
            parts.append(outline("square", ex, ey + 1, 36, 16, entry.fill, entry.stroke, 1.5, entry.dashed))
        elif entry.kind == "edge":
            route = Route([(ex, ey + 9), (ex + 36, ey + 9)], curved=False)
            sample = Edge("legend", entry.rel_type, "", "", line_of(entry.rel_type)["line"], *entry.ends, [])
            parts.append(_edge(sample, route, ident=False))
        elif entry.kind == "text":
            parts.append(f'<path d="M{num(ex)},{num(ey + 9)} H{num(ex + 36)}" stroke="{entry.stroke}" '
                         f'stroke-width="2"/>')
        parts.append(_text(ex + 42, ey + 12.5, label, font, anchor="start"))
    return f'<g class="legend">{"".join(parts)}</g>'


def title_height() -> float:
    return text.line_height(size("title")) + text.line_height(size("info")) + 8


def draw(scene: Scene, geometry: Geometry, legend_title: str, scale: float = 1.0,
         paper: tuple[float, float] | None = None) -> str:
    """The SVG document. With `paper` (width, height in points) the drawing is scaled by `scale` and centred
    on a page of that size; otherwise the page is the drawing's own size."""
    inner, (w, h) = body(scene, geometry, legend_title)
    if paper is None:
        page_w, page_h, offset = w, h, ""
    else:
        page_w, page_h = paper
        dx, dy = (page_w - w * scale) / 2, (page_h - h * scale) / 2
        offset = f' transform="translate({num(dx)},{num(dy)}) scale({num(scale)})"'
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{num(page_w)}pt" height="{num(page_h)}pt" viewBox="0 0 {num(page_w)} {num(page_h)}" '
            f'font-family="{text.FONT_FAMILY}">\n'
            f'<title>{escape(scene.title)}</title>\n'
            f'<rect width="100%" height="100%" fill="#FFFFFF"/>\n<g{offset}>\n{inner}\n</g>\n</svg>\n')


def extent(scene: Scene, geometry: Geometry) -> tuple[float, float]:
    """Width and height of the whole drawing (title block, diagram, legend), in points."""
    width = max(geometry.width, text.width(scene.title, size("title"), bold=True), text.width(scene.info, size("info")))
    legend_w = max(width, LEGEND_COLUMN * 2) if scene.legend else 0
    _, legend_h = legend_size(scene.legend, legend_w)
    return width + 2 * MARGIN, title_height() + geometry.height + (legend_h + 12 if scene.legend else 0) + 2 * MARGIN


def body(scene: Scene, geometry: Geometry, legend_title: str) -> tuple[str, tuple[float, float]]:
    w, h = extent(scene, geometry)
    top = MARGIN + title_height()
    out = [_text(MARGIN, MARGIN + size("title"), scene.title, size("title"), anchor="start", bold=True),
           _text(MARGIN, MARGIN + text.line_height(size("title")) + size("info"), scene.info, size("info"),
                 anchor="start", colour="#333333"),
           f'<g class="diagram" transform="translate({num(MARGIN)},{num(top)})">']
    for key, label, fill in scene.clusters:
        if key in geometry.clusters:
            out.append(_cluster(key, label, fill, geometry.clusters[key]))
    for i, edge in enumerate(scene.edges):
        if i in geometry.routes and len(geometry.routes[i].points) >= 2:
            out.append(_edge(edge, geometry.routes[i]))
    for node in scene.nodes.values():
        if node.id in geometry.nodes:
            out.append(_node(node, geometry.nodes[node.id]))
    out.append("</g>")
    if scene.legend:
        out.append(_legend(scene.legend, MARGIN, top + geometry.height + 12, w - 2 * MARGIN, legend_title))
    return "\n".join(out), (w, h)
