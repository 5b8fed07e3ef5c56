"""Diagrams an approver can sign (issue 14): ArchiMate notation for every element type, a legend of what the view
shows in its language, paper sizes with a minimum printed text size, layouts that stay put, imported layouts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from ea_model import load
from ea_model.metamodel import metamodel
from ea_model.render import page as pages
from ea_model.render.notation import icons, notation
from ea_model.render.output import render_pages

OPENGROUP = Path(__file__).parent / "fixtures" / "archimate" / "opengroup"
SVG = "{http://www.w3.org/2000/svg}"

VIEWS = {"viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng}\nselect: {layers: [application, data]}\n"
                                 "plateau: target-2030\n"}



@pytest.fixture
def views_repo_svg(ea, repo, tmp_path) -> str:
    root = repo(VIEWS)
    assert ea("render", "apps", "--out", tmp_path / "d", "--repo", root).exit_code == 0
    return (tmp_path / "d" / "apps.svg").read_text(encoding="utf-8")


def every_type_repo(repo) -> Path:
    names = {"vi": "Phần tử {t}", "en": "Element {t}"}
    elements = "".join(
        f"  - {{id: t-{t}, type: {t}, name: {{vi: '{names['vi'].format(t=t)}', en: '{names['en'].format(t=t)}'}}, "
        f"source: {{doc: doc-test, line: 1}}}}\n" for t in sorted(metamodel().element_types))
    ids = ", ".join(f"t-{t}" for t in sorted(metamodel().element_types))
    view = f"id: every\ntitle: {{vi: Mọi loại, en: Every type}}\nselect: {{ids: [{ids}]}}\ngroup_by: none\n"
    return repo({"layers/types.yaml": "elements:\n" + elements, "viewpoints/every.yaml": view})


def shapes(svg: str) -> dict[str, ET.Element]:
    """Element id -> its drawn group."""
    root = ET.fromstring(svg.encode())
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def test_every_archimate_type_has_its_corner_and_icon(ea, repo, tmp_path):
    root = every_type_repo(repo)
    assert ea("render", "every", "--out", tmp_path, "--repo", root).exit_code == 0
    drawn = shapes((tmp_path / "every.svg").read_text(encoding="utf-8"))
    types = notation()["types"]
    assert set(types) == set(metamodel().element_types)  # the notation knows every type of the metamodel
    for el_type, spec in types.items():
        group = drawn[f"t-{el_type}"]
        outline = group[1]  # after <title>
        corner = spec["corner"]
        if corner == "round":
            assert outline.tag == f"{SVG}rect" and outline.get("rx") == "8", el_type
        elif corner == "cut":
            assert outline.tag == f"{SVG}polygon" and len(outline.get("points").split()) == 8, el_type
        elif corner == "square":
            assert outline.tag == f"{SVG}rect" and outline.get("rx") is None, el_type
        elif corner == "junction":
            assert outline.tag == f"{SVG}circle", el_type
        elif corner == "grouping":
            assert outline.tag == f"{SVG}path" and outline.get("stroke-dasharray"), el_type
        icon = [g for g in group if g.get("class") == "icon"]
        if corner in ("square", "round", "cut"):
            assert len(icon) == 1, el_type
            assert len(list(icon[0])) == len(icons()[spec["icon"]]), el_type  # every stroke of the icon
            x = float(re.match(r"translate\(([\d.]+)", icon[0].get("transform")).group(1))
            assert x > float(outline.get("x") or 0) + 40, el_type  # in the upper-right corner


def test_relationship_lines_and_ends_follow_the_specification(views_repo_svg):
    svg = views_repo_svg
    edges = {g.get("id"): g for g in ET.fromstring(svg.encode()).iter(f"{SVG}g") if g.get("class") == "edge"}
    flow = next(g for key, g in edges.items() if "flow" in key)
    assert flow[0].get("stroke-dasharray") == "6,4"  # flow: dashed ...
    assert flow[1].get("d").endswith("Z") and flow[1].get("fill") != "#FFFFFF"  # ... with a filled arrowhead
    access = next(g for key, g in edges.items() if "access" in key)
    assert access[0].get("stroke-dasharray") == "1.5,3"  # access: dotted


def test_legend_lists_only_what_the_view_shows_in_its_language(ea, repo, tmp_path):
    root = repo({"viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng, en: Apps}\n"
                                         "select: {kinds: [specialised-application, national-database]}\n"})
    for lang, expected in (("vi", {"Cơ sở dữ liệu quốc gia", "Ứng dụng chuyên ngành", "Truy cập (đọc, ghi)"}),
                           ("en", {"National database", "Specialised application", "Access (read/write)"})):
        assert ea("render", "apps", "--lang", lang, "--out", tmp_path, "--repo", root).exit_code == 0
        name = "apps.svg" if lang == "vi" else "apps.en.svg"
        legend = next(g for g in ET.fromstring((tmp_path / name).read_bytes()).iter(f"{SVG}g")
                      if g.get("class") == "legend")
        labels = {t.text for t in legend.iter(f"{SVG}text")} - {"Chú giải", "Legend"}
        assert labels == expected, lang
        assert not {"data-object", "application-component", "access", "serving"} & labels  # no raw codes


def test_legend_can_be_left_out(ea, repo, tmp_path):
    root = repo({"viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng}\nselect: {layers: [application]}\n"
                                         "legend: false\n"})
    assert ea("render", "apps", "--out", tmp_path, "--repo", root).exit_code == 0
    assert 'class="legend"' not in (tmp_path / "apps.svg").read_text(encoding="utf-8")


def test_the_legend_sits_below_the_diagram(views_repo_svg):
    """The site's view page opens on the diagram: the legend comes after it, never a column beside it."""
    root = ET.fromstring(views_repo_svg.encode())
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    diagram = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "diagram")
    top = float(re.search(r"translate\([\d.]+,([\d.]+)\)", diagram.get("transform")).group(1))
    lowest = max(float(r.get("y")) + float(r.get("height")) for r in diagram.iter(f"{SVG}rect"))
    assert float(legend[0].get("y")) > top + lowest


def big_repo(repo, clusters: int = 6, per: int = 8) -> Path:
    lines = ["elements:"]
    for c in range(clusters):
        for i in range(per):
            lines.append(f"  - {{id: app-{c}-{i}, type: application-component, "
                         f"name: {{vi: 'Hệ thống thông tin nghiệp vụ số {c}.{i} của ngành'}}, "
                         f"properties: {{area: 'Khu vực {c}'}}, source: {{doc: doc-test, line: 1}}"
                         + (f", flows_to: [app-{c}-{i - 1}]" if i else f", flows_to: [app-{(c + 1) % clusters}-0]")
                         + "}")
    view = "id: big\ntitle: {vi: Sơ đồ lớn}\nselect: {types: [application-component]}\ngroup_by: property:area\n"
    return repo({"layers/big.yaml": "\n".join(lines) + "\n", "viewpoints/big.yaml": view})


def test_paper_sizes_keep_printed_text_at_least_7_pt(repo):
    model = load(big_repo(repo, clusters=1, per=3))
    for spec, size in (("A4", (595.28, 841.89)), ("A3 landscape", (1190.55, 841.89))):
        found, _ = render_pages(model, model.viewpoints["big"], "vi", page=spec)
        assert len(found) == 1
        assert found[0].paper.size == size and found[0].text_pt >= pages.MIN_TEXT


def test_a_view_too_big_for_the_page_is_split_into_pages_that_refer_to_each_other(ea, repo, tmp_path):
    root = big_repo(repo)
    result = ea("render", "big", "--page", "A4", "--format", "svg", "--format", "pdf", "--out", tmp_path,
                "--repo", root)
    assert result.exit_code == 0, result.stderr
    assert "view 'big' does not fit A4 portrait" in result.stderr
    files = sorted(p.name for p in tmp_path.glob("big*.svg"))
    assert len(files) >= 2 and files[0] == "big.p2.svg" or "big.svg" in files
    model = load(root)
    found, sel = render_pages(model, model.viewpoints["big"], "vi", page="A4")
    assert len(found) == len(files) and all(p.text_pt >= pages.MIN_TEXT for p in found)
    assert {eid for p in found for eid in p.scene.nodes if not eid.startswith("~")} == \
        {e.id for e in sel.elements}  # every element on some page
    first = (tmp_path / "big.svg").read_text(encoding="utf-8")
    assert 'width="595.28pt" height="841.89pt"' in first and f"trang 1/{len(files)}" in first
    second = (tmp_path / "big.p2.svg").read_text(encoding="utf-8")
    assert re.search(r"→ xem trang \d", second)  # a flow to another page ends at a reference to it
    assert (tmp_path / "big.p2.pdf").read_bytes().startswith(b"%PDF")
    # drawn again on A3, it takes fewer pages: the pages of the A4 drawing do not stay behind
    assert ea("render", "big", "--page", "A3", "--landscape", "--out", tmp_path, "--repo", root).exit_code == 0
    assert len(list(tmp_path.glob("big*.svg"))) == len(render_pages(model, model.viewpoints["big"], "vi",
                                                                   page="A3 landscape")[0])


def test_render_summary_reports_printed_text_size(ea, repo, tmp_path):
    result = ea("render", "big", "--page", "A3", "--landscape", "--out", tmp_path, "--repo", big_repo(repo, 1, 3))
    assert re.search(r"A3 landscape: smallest text [\d.]+ pt", result.output)


def positions(svg: str) -> dict[str, tuple[float, float]]:
    return {eid: (float(g[1].get("x")), float(g[1].get("y"))) for eid, g in shapes(svg).items()}


def test_saved_layout_keeps_positions_when_one_element_moves(ea, repo, tmp_path):
    root = big_repo(repo, clusters=2, per=4)
    assert ea("render", "big", "--save-layout", "--out", tmp_path, "--repo", root).exit_code == 0
    layout_file = root / "viewpoints" / "big.layout.yaml"
    saved = yaml.safe_load(layout_file.read_text(encoding="utf-8"))
    before = positions((tmp_path / "big.svg").read_text(encoding="utf-8"))
    saved["nodes"]["app-1-2"][0] += 40
    saved["nodes"]["app-1-2"][1] += 25
    layout_file.write_text(yaml.safe_dump(saved), encoding="utf-8")
    assert ea("validate", "--repo", root).exit_code == 0  # a layout file is not a view
    assert ea("render", "big", "--out", tmp_path, "--repo", root).exit_code == 0
    after = positions((tmp_path / "big.svg").read_text(encoding="utf-8"))
    moved = [eid for eid in before if before[eid] != after[eid]]
    assert moved == ["app-1-2"]
    assert after["app-1-2"] == (before["app-1-2"][0] + 40, before["app-1-2"][1] + 25)


def test_new_elements_join_a_saved_layout_without_moving_the_others(ea, repo, tmp_path):
    root = big_repo(repo, clusters=2, per=4)
    ea("render", "big", "--save-layout", "--out", tmp_path, "--repo", root)
    before = positions((tmp_path / "big.svg").read_text(encoding="utf-8"))
    extra = ("elements:\n  - {id: app-new, type: application-component, name: {vi: Hệ thống mới}, "
             "properties: {area: 'Khu vực 0'}, source: {doc: doc-test, line: 1}, flows_to: [app-0-0]}\n")
    (root / "layers" / "new.yaml").write_text(extra, encoding="utf-8")
    result = ea("render", "big", "--out", tmp_path, "--repo", root)
    assert "1 new shape(s) placed below" in result.stderr
    after = positions((tmp_path / "big.svg").read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "app-new"} == before
    assert after["app-new"][1] > max(y for _, y in before.values())


def test_a_broken_layout_file_is_reported_with_its_line(ea, repo, tmp_path):
    root = big_repo(repo, 1, 3)
    (root / "viewpoints" / "big.layout.yaml").write_text("view: big\nnodes: {app-0-0: [1]}\n", encoding="utf-8")
    result = ea("render", "big", "--out", tmp_path, "--repo", root)
    assert result.exit_code == 2 and "viewpoints/big.layout.yaml:1:" in result.stderr
    assert "--save-layout" in result.stderr and "Traceback" not in result.stderr


def test_archisurance_renders_as_the_exchange_file_draws_it(ea, tmp_path):
    target = tmp_path / "archisurance"
    assert ea("import", "archimate", OPENGROUP / "archisurance.xml", "--into", target).exit_code == 0
    model = load(target)
    view = next(v for v in model.viewpoints.values() if v.title.get("en") == "Layered View")
    found, _ = render_pages(model, view, "en", page=None)
    drawn = found[0].geometry.nodes
    # the file's own boxes: elementRef -> (x, y), mapped to ea ids through archimate_id
    a = "{http://www.opengroup.org/xsd/archimate/3.0/}"
    ns = {"a": a[1:-1]}
    tree = ET.parse(OPENGROUP / "archisurance.xml")
    diagram = next(d for d in tree.iter(f"{a}view") if any(
        n.text == "Layered View" for n in d.findall("a:name", ns)))
    by_archimate = {str(e.properties.get("archimate_id")): e.id for e in model.elements.values()}
    expected = {by_archimate[n.get("elementRef")]: (float(n.get("x")), float(n.get("y")))
                for n in diagram.iter(f"{a}node") if n.get("elementRef") in by_archimate}
    assert len(expected) > 20
    for eid, (x, y) in expected.items():
        assert abs(drawn[eid][0] - x) <= 1 and abs(drawn[eid][1] - y) <= 1, eid


def test_vneaf_notation_draws_the_documents_pictograms(ea, repo, tmp_path):
    root = repo({"viewpoints/dbs.yaml": "id: dbs\ntitle: {vi: CSDL}\nselect: {kinds: [national-database]}\n"})
    assert ea("render", "dbs", "--notation", "vneaf", "--out", tmp_path, "--repo", root).exit_code == 0
    group = shapes((tmp_path / "dbs.svg").read_text(encoding="utf-8"))["db-insurance"]
    icon = next(g for g in group if g.get("class") == "icon")
    assert [child.tag for child in icon] == [f"{SVG}path", f"{SVG}ellipse", f"{SVG}path"]  # the cylinder


def test_unknown_page_and_notation_are_refused(ea, repo):
    root = repo({"viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng}\nselect: {layers: [application]}\n"})
    result = ea("render", "apps", "--page", "Letter", "--repo", root)
    assert result.exit_code == 2 and "use A4 or A3" in result.stderr
    assert ea("render", "apps", "--notation", "uml", "--repo", root).exit_code == 2


def test_byte_identical_svg_png_pdf(ea, repo, tmp_path):
    root = big_repo(repo, 2, 3)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert ea("render", "big", "--format", "svg", "--format", "png", "--format", "pdf", "--out", out,
                  "--repo", root).exit_code == 0
    for fmt in ("svg", "png", "pdf"):
        assert (first / f"big.{fmt}").read_bytes() == (second / f"big.{fmt}").read_bytes(), fmt

