"""Viewpoints and `ea render`: what a view selects, how it is drawn, determinism, languages, errors."""

from __future__ import annotations

import re

import pytest

from ea_model import load, validate
from ea_model.render.dot import to_dot
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


def node_ids(dot: str) -> set[str]:
    return set(re.findall(r'\bid="?([^"\s\]]+)"?', dot))


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


def test_dot_has_the_selected_elements_only_clusters_and_notation(views_repo):
    model = load(views_repo)
    sel = select(model, model.viewpoints["apps"])
    dot = to_dot(model, sel, "vi")
    ids = node_ids(dot)
    assert {"app-collection", "app-portal", "db-insurance"} <= ids
    assert not {"dc-main", "org-it", "fn-collection", "sec-firewall"} & ids
    assert "subgraph cluster_application" in dot and "subgraph cluster_data" in dot
    assert "shape=cylinder" in dot and "shape=component" in dot
    assert "Cơ sở dữ liệu quốc gia về bảo hiểm" not in dot  # long labels wrap ...
    assert "Cơ sở dữ liệu" in dot and "bảo hiểm" in dot  # ... and keep their diacritics
    assert "style=dashed" in dot  # flow
    assert "cluster_legend" in dot


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
    result = ea("render", "layered", "--lang", "en", "--plateau", "baseline-2022", "--format", "dot",
                "--repo", views_repo)
    assert result.exit_code == 0
    dot = (views_repo / "exports/diagrams/layered.en.dot").read_text(encoding="utf-8")
    assert "Main data centre" in dot and "Baseline 2022" in dot
    assert "app-portal" not in node_ids(dot)


def test_focus_from_the_cli(ea, views_repo, tmp_path):
    result = ea("render", "--focus", "db-insurance", "--depth", "1", "--format", "dot", "--out", tmp_path,
                "--repo", views_repo)
    assert result.exit_code == 0
    dot = (tmp_path / "focus-db-insurance.dot").read_text(encoding="utf-8")
    assert {"db-insurance", "app-collection", "app-portal"} <= node_ids(dot)


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
