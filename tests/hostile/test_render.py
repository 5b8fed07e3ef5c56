"""Hostile ids and names in diagrams: DOT and HTML-like labels, path separators, length, collisions."""

from __future__ import annotations

from ea_model.render.output import file_name

from .conftest import no_traceback, snapshot

ANGLE = """\
elements:
  - id: "<x>"
    kind: platform
    name: {vi: "<b>đậm</b>"}
    source: {doc: doc-test}
    serves: [fn-collection]
relationships:
  - {type: flow, from: app-collection, to: app-portal, name: {vi: "<i>x</i>"}, source: {doc: doc-test}}
"""

VIEW = "id: {id}\ntitle: {{vi: V}}\nselect: {{layers: [application, business]}}\n"


def test_angle_brackets_in_ids_and_names_render_as_text(repo, ea, tmp_path):
    root = repo({"layers/x.yaml": ANGLE, "viewpoints/all.yaml": VIEW.format(id="all")})
    out = tmp_path / "out"
    result = ea("render", "all", "--plateau", "target-2030", "--repo", root, "--out", out, "--format", "svg")
    assert result.exit_code == 0, result.stderr
    svg = (out / "all.svg").read_text(encoding="utf-8")
    assert "&lt;b&gt;đậm&lt;/b&gt;" in svg and "&lt;x&gt;" in svg and "&lt;i&gt;x&lt;/i&gt;" in svg
    assert "<b>đậm</b>" not in svg


def test_view_ids_with_separators_or_great_length_stay_in_the_output_folder(repo, ea, tmp_path, outside):
    views = {
        "viewpoints/a.yaml": VIEW.format(id='"inj/view"'),
        "viewpoints/b.yaml": VIEW.format(id="inj_view"),
        "viewpoints/c.yaml": VIEW.format(id='"../../outside/escaped"'),
        "viewpoints/d.yaml": VIEW.format(id="v" * 10_000),
    }
    root = repo(views)
    out = tmp_path / "out"
    result = ea("render", "--all", "--repo", root, "--out", out)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    # views whose ids break EA100 are not loaded; the valid one is drawn, nothing lands outside
    assert sorted(p.name for p in out.iterdir()) == ["inj_view.svg"]
    assert snapshot(outside) == {}


def test_file_names_are_distinct_bounded_and_flat():
    names = {file_name(view, "svg", "vi", "vi") for view in ("inj/view", "inj_view", "../x", "v" * 10_000, "a.b")}
    assert len(names) == 5
    assert all(len(name) <= 110 and "/" not in name and not name.startswith(".") for name in names)
    assert file_name("a.b", "svg", "en", "vi") == "a.b.en.svg"


CONTROL = r"""
elements:
  - id: app-x
    kind: platform
    name: {vi: "A\x01B\u202e\x00C", en: "D\x1b[31mE"}
    description: "d\x1b]0;title\x07"
    properties: {"k\x02": "v\x03"}
    source: {doc: doc-test}
    serves: [fn-collection]
"""


def test_control_characters_in_names_reach_no_output_raw_and_crash_nothing(repo, ea, tmp_path):
    root = repo({"layers/x.yaml": CONTROL, "viewpoints/v.yaml": VIEW.format(id="v")})
    assert "EA113" in ea("validate", "--repo", root).output
    runs = {
        "archimate": ("export", "archimate", "--out", tmp_path / "a.xml"),
        "rdf": ("export", "rdf", "--out", tmp_path / "a.ttl"),
        "render": ("render", "--all", "--format", "svg", "--format", "png", "--out", tmp_path / "d"),
        "xlsx": ("gap", "--from", "baseline-2022", "--to", "target-2030", "--format", "xlsx", "--out",
                 tmp_path / "g.xlsx"),
        "md": ("gap", "--from", "baseline-2022", "--to", "target-2030", "--format", "md"),
        "site": ("site", "--out", tmp_path / "site"),
        "find": ("query", "find", "--layer", "application"),
        "impact": ("query", "impact", "fn-collection"),
    }
    for what, args in runs.items():
        result = ea(*args, "--repo", root)
        no_traceback(result)
        assert result.exit_code == 0, (what, result.stderr)
        if what in ("find", "impact"):
            assert "\x1b" not in result.output and "\x00" not in result.output and "\u202e" not in result.output
    from lxml import etree

    etree.parse(str(tmp_path / "a.xml"))  # well-formed XML: the characters it cannot hold were replaced
