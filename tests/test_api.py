"""The Python API: load -> Model with elements, relationships, plateaus, reference models and a graph."""

import networkx as nx

import ea_model


def test_load_gives_the_model(repo):
    model = ea_model.load(repo())
    app = model.elements["app-collection"]
    assert app.type == "application-component" and app.kind == "specialised-application"
    assert app.layer == "application" and app.label("en") == "Collection management"
    assert (app.file, app.line) == ("layers/model.yaml", 21)
    assert app.field_line("owner") == 24
    assert app.sources == [{"doc": "doc-test", "section": "2.3", "line": 6}]
    assert model.plateau_order() == ["baseline-2022", "target-2030"]
    assert "DRM001" in model.categories


def test_relationships_inline_and_explicit(repo):
    model = ea_model.load(repo())
    rels = {(r.type, r.source, r.target): r for r in model.relationships}
    assert rels[("access", "app-collection", "db-insurance")].access == "readwrite"
    assert rels[("access", "app-collection", "db-insurance")].inline
    explicit = rels[("access", "app-portal", "db-insurance")]
    assert explicit.id == "flow-portal-db" and explicit.plateaus == ["target-2030"] and not explicit.inline


def test_graph(repo):
    g = ea_model.load(repo()).graph
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 8
    assert g.nodes["dc-main"]["element"].kind == "data-centre"
    assert {d["type"] for _, _, d in g.out_edges("dc-main", data=True)} == {"serving"}


def test_plateaus_and_changes(repo):
    model = ea_model.load(repo())
    app = model.elements["app-collection"]
    assert model.state_at(app, "baseline-2022")["properties"]["users"] == 1000
    assert model.state_at(app, "target-2030")["properties"]["users"] == 2000
    assert [e.id for e in model.find(plateau="baseline-2022", layer="application")] == ["app-collection"]
    assert model.element_plateaus(model.elements["dc-main"]) == ["baseline-2022", "target-2030"]


def test_find_by_reference_model_code(repo):
    extra = {"layers/rm.yaml": """\
        reference_model:
          id: MY-ARM
          kind: ARM
          name: {vi: ARM riêng}
          categories:
            - code: ARM.01
              name: {vi: Ứng dụng nghiệp vụ}
              children:
                - {code: ARM.01.01, name: {vi: Thu}}
        """, "layers/app.yaml": """\
        elements:
          - id: app-x
            kind: specialised-application
            name: {vi: X}
            rm: [ARM.01.01]
            owner: org-it
            source: {doc: doc-test}
        """}
    model = ea_model.load(repo(extra))
    assert [e.id for e in model.find(rm="ARM.01")] == ["app-x"]
    assert model.categories["ARM.01.01"].parent == "ARM.01"
    assert ea_model.validate(model, strict=True) == []


def test_one_element_per_file(repo):
    model = ea_model.load(repo({"layers/one/app-y.yaml": """\
        id: app-y
        kind: platform
        name: {vi: Y}
        owner: org-it
        source: {doc: doc-test}
        """}))
    assert model.elements["app-y"].file == "layers/one/app-y.yaml"
    assert ea_model.validate(model, strict=True) == []
