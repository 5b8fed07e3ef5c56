"""Viewpoints and `ea render`: what a view selects, how it is drawn, determinism, languages, errors."""

from __future__ import annotations

import re

import pytest

from ea_model import load, validate
from ea_model.render import layout
from ea_model.render.output import draw_selection
from ea_model.render.scene import build
from ea_model.viewpoints import focus_view, select

VIEWS = {
    "viewpoints/apps.yaml": """\
        id: apps
        title: {vi: Thành phần ứng dụng, en: Application components}
        select: {layers: [application, data]}
        relationships: [access, flow]
        group_by: layer
        """,
    "viewpoints/owned.yaml": """\
        id: owned
        title: {vi: Theo đơn vị, en: By owner}
        select: {kinds: [specialised-application, citizen-facing-application, national-database]}
        group_by: owner
        plateau: baseline-2022
        """,
    "viewpoints/layered.yaml": """\
        id: layered
        title: {vi: Kiến trúc tổng thể, en: Layered architecture}
        select: {layers: [business, data, application, technology, security]}
        """,
}


@pytest.fixture
def views_repo(repo):
    return repo(VIEWS)


def node_ids(svg: str) -> set[str]:
    """The element ids of the shapes a drawing shows."""
    return set(re.findall(r'<g id="([^"]+)" class="node">', svg))


def svg_of(model, sel, lang: str = "vi") -> str:
    return draw_selection(model, sel, lang).decode("utf-8")


def test_selection_by_layer_and_relationship_types(views_repo):
    model = load(views_repo)
    sel = select(model, model.viewpoints["apps"])
    assert [e.id for e in sel.elements] == ["app-collection", "app-portal", "db-insurance"]
    assert {(r.type, r.source, r.target) for r in sel.relationships} == {
        ("access", "app-collection", "db-insurance"), ("flow", "app-portal", "app-collection"),
        ("access", "app-portal", "db-insurance")}
    assert set(sel.groups) == {"application", "data"}


def test_plateau_filters_elements_and_relationships(views_repo):
    model = load(views_repo)
    sel = select(model, model.viewpoints["apps"], plateau="baseline-2022")
    assert [e.id for e in sel.elements] == ["app-collection", "db-insurance"]
    assert [r.source for r in sel.relationships] == ["app-collection"]


def test_group_by_owner(views_repo):
    model = load(views_repo)
    sel = select(model, model.viewpoints["owned"])
    assert sel.groups == {"org-it": ["app-collection", "db-insurance"]}  # the portal is not in baseline-2022


def test_focus(views_repo):
    model = load(views_repo)
    sel = select(model, focus_view("dc-main", 1))
    # owners are attributes, not relationships: the focus follows relationships only
    assert {e.id for e in sel.elements} == {"dc-main", "app-collection", "app-portal", "sec-firewall"}


def test_drawing_has_the_selected_elements_only_clusters_and_notation(views_repo):
    model = load(views_repo)
    sel = select(model, model.viewpoints["apps"])
    svg = svg_of(model, sel)
    ids = node_ids(svg)
    assert {"app-collection", "app-portal", "db-insurance"} <= ids
    assert not {"dc-main", "org-it", "fn-collection", "sec-firewall"} & ids
    assert 'id="cluster_application"' in svg and 'id="cluster_data"' in svg
    assert "Cơ sở dữ liệu quốc gia về bảo hiểm" not in svg  # long labels wrap ...
    assert "Cơ sở dữ liệu" in svg and "bảo hiểm" in svg  # ... and keep their diacritics
    assert 'stroke-dasharray="6,4"' in svg  # flow is dashed
    assert 'class="legend"' in svg and "Chú giải" in svg


def test_render_svg_png_pdf_dot_and_determinism(ea, views_repo):
    out = views_repo / "exports" / "diagrams"
    result = ea("render", "--all", "--format", "svg", "--format", "png", "--format", "pdf", "--format", "dot",
                "--repo", views_repo)
    assert result.exit_code == 0, result.stderr
    for view in ("apps", "owned", "layered"):
        for fmt in ("svg", "png", "pdf", "dot"):
            assert (out / f"{view}.{fmt}").stat().st_size > 0
    svg = (out / "layered.svg").read_bytes()
    assert "Trung tâm dữ liệu".encode() in svg
    ea("render", "--all", "--format", "svg", "--repo", views_repo)
    assert (out / "layered.svg").read_bytes() == svg
    assert not list(out.glob("*.tmp"))


def test_english_and_plateau(ea, views_repo):
    result = ea("render", "layered", "--lang", "en", "--plateau", "baseline-2022", "--repo", views_repo)
    assert result.exit_code == 0
    svg = (views_repo / "exports/diagrams/layered.en.svg").read_text(encoding="utf-8")
    assert "Main data centre" in svg and "Baseline 2022" in svg
    assert "app-portal" not in node_ids(svg)


def test_a_view_shows_one_plateau_by_default(ea, views_repo):
    """Never every plateau at once: an old system and its replacement side by side would mislead."""
    result = ea("render", "layered", "--repo", views_repo)
    assert result.exit_code == 0
    svg = (views_repo / "exports/diagrams/layered.svg").read_text(encoding="utf-8")
    assert "Hiện trạng 2022" in svg and "app-portal" not in node_ids(svg)  # the portal comes in 2030


def test_focus_from_the_cli(ea, views_repo, tmp_path):
    result = ea("render", "--focus", "db-insurance", "--depth", "1", "--plateau", "target-2030", "--out", tmp_path,
                "--repo", views_repo)
    assert result.exit_code == 0
    svg = (tmp_path / "focus-db-insurance.svg").read_text(encoding="utf-8")
    assert {"db-insurance", "app-collection", "app-portal"} <= node_ids(svg)


def test_unknown_view_and_missing_dot(ea, views_repo, monkeypatch):
    assert ea("render", "nope", "--repo", views_repo).exit_code == 2
    assert ea("render", "--repo", views_repo).exit_code == 2
    monkeypatch.setenv("PATH", "/nonexistent")
    result = ea("render", "apps", "--repo", views_repo)
    assert result.exit_code == 2 and "apt-get install graphviz" in result.stderr


def test_views_are_validated(repo):
    root = repo({**VIEWS, "viewpoints/bad.yaml": "id: bad\ntitle: {vi: X}\nselect: {colour: red}\n"})
    problems = [p for p in validate(load(root)) if p.file == "viewpoints/bad.yaml"]
    assert problems and problems[0].code == "EA100" and "colour" in problems[0].message
    empty = repo({"viewpoints/empty.yaml": "id: empty\ntitle: {vi: X}\nselect: {kinds: [data-centre], tags: [x]}\n"})
    assert any(p.code == "EA120" and "selects no element" in p.message for p in validate(load(empty)))


def test_awkward_ids_render(ea, repo, tmp_path):
    extra = {"layers/odd.yaml": """\
        elements:
          - id: "app:odd id/with#chars"
            kind: platform
            name: {vi: "Ứng dụng <lạ> & \\"khó\\""}
            owner: org-it
            source: {doc: doc-test}
            serves: [fn-collection]
        """, "viewpoints/odd.yaml": "id: odd\ntitle: {vi: Lạ}\nselect: {kinds: [platform]}\n"}
    root = repo(extra)
    result = ea("render", "odd", "--format", "svg", "--out", tmp_path, "--repo", root)
    assert result.exit_code == 0, result.stderr
    svg = (tmp_path / "odd.svg").read_text(encoding="utf-8")
    assert "Ứng dụng &lt;lạ&gt; &amp;" in svg


CLUSTERED = """\
    id: overview
    title: {vi: Tổng quát, en: Overview}
    clusters:
      - id: channels
        title: {vi: Kênh giao tiếp, en: Channels}
        select: {kinds: [citizen-facing-application]}
      - id: apps
        title: {vi: Ứng dụng, en: Applications}
        select: {layers: [application], exclude: [app-portal]}
      - id: technology
        title: {vi: Công nghệ, en: Technology}
        select: {ids: [dc-main, dc-ghost]}
    style: {stack: true}
    """


def test_named_clusters_keep_their_order_and_first_match_wins(repo):
    model = load(repo({"viewpoints/overview.yaml": CLUSTERED.replace(", dc-ghost", "")}))
    sel = select(model, model.viewpoints["overview"])
    assert list(sel.groups) == ["channels", "apps", "technology"]
    assert sel.groups == {"channels": ["app-portal"], "apps": ["app-collection"], "technology": ["dc-main"]}
    dot = layout.to_dot(build(model, sel, "en"))
    assert dot.index("cluster_0") < dot.index("cluster_1") < dot.index("cluster_2")
    assert "label=Channels" in dot
    # stacked: each cluster sits between its anchors, one cluster's bottom anchor before the next one's top
    assert "bottom_0 -> top_1" in dot and "bottom_1 -> top_2" in dot
    geometry = layout.compute(build(model, sel, "en"))
    tops = [geometry.clusters[key][1] for key in ("channels", "apps", "technology")]
    assert tops == sorted(tops)  # and graphviz draws them in that order, top down


def test_cluster_selections_are_checked(repo):
    model = load(repo({"viewpoints/overview.yaml": CLUSTERED}))
    problems = [p for p in validate(model) if p.file == "viewpoints/overview.yaml"]
    assert [p.code for p in problems] == ["EA120"] and "dc-ghost" in problems[0].message
    bad = repo({"viewpoints/overview.yaml": "id: overview\ntitle: {vi: X}\nclusters:\n  - {id: a, title: {vi: A}}\n"})
    assert any(p.code == "EA100" and "select" in p.message for p in validate(load(bad)))


def test_only_connected_drops_loose_elements(repo):
    view = """\
        id: flows
        title: {vi: Luồng, en: Flows}
        select: {layers: [application, technology]}
        relationships: [flow]
        only_connected: true
        """
    model = load(repo({"viewpoints/flows.yaml": view}))
    sel = select(model, model.viewpoints["flows"])
    assert [e.id for e in sel.elements] == ["app-collection", "app-portal"]


def test_loose_nodes_are_spread_over_grid_ranks(repo):
    extra = "elements:\n" + "".join(
        f"  - {{id: db-extra-{i:02d}, kind: internal-database, name: {{vi: CSDL {i}}}, "
        "source: {doc: doc-test, line: 1}}\n"
        for i in range(9))
    view = "id: dbs\ntitle: {vi: CSDL}\nselect: {kinds: [internal-database]}\nstyle: {%s}\n"
    model = load(repo({"layers/extra.yaml": extra, "viewpoints/dbs.yaml": view % ""}))
    dot = layout.to_dot(build(model, select(model, model.viewpoints["dbs"]), "vi"))
    assert len(re.findall(r"n\d+ -> n\d+ \[style=invis weight=10\]", dot)) == 6  # 9 loose: 3 rows of 3
    model = load(repo({"layers/extra.yaml": extra, "viewpoints/dbs.yaml": view % "grid: 0"}))
    dot = layout.to_dot(build(model, select(model, model.viewpoints["dbs"]), "vi"))
    assert not re.search(r"n\d+ -> n\d+ \[style=invis", dot)


BHXH_VIEWS = {
    # view: elements it must show (a sample), from the figures of Decision 2358 and the organisation charts
    "egov-overview": {"actor-citizen", "app-vssid", "db-national-insurance", "dc-main", "doc-2358-qd-bhxh"},
    "national-insurance-db": {"db-national-insurance"},
    "integration": {"app-integration-bus"},
    "data-centres": {"dc-main", "dc-backup"},
    "network": {"net-sector-wan", "dc-main"},
    "local-infrastructure": {"tech-provincial-it-model", "tech-district-it-model"},
    "arm": {"app-vssid"},
    "drm": {"db-national-insurance"},
    "organisation-2022": {"org-it-center"},
    "organisation-2025": {"org-itdt-center"},
}


def test_bhxh_views_show_the_figures_elements(bhxh):
    for view, expected in BHXH_VIEWS.items():
        sel = select(bhxh, bhxh.viewpoints[view])
        assert expected <= {e.id for e in sel.elements}, view
    assert "org-it-center" not in {e.id for e in select(bhxh, bhxh.viewpoints["organisation-2025"]).elements}
    for view in bhxh.viewpoints.values():
        sel = select(bhxh, view)
        assert sel.elements, view.id
        assert {e.id for e in sel.elements} <= node_ids(svg_of(bhxh, sel)), view.id
