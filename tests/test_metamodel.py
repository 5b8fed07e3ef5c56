"""The metamodel data: every ArchiMate 3.2 element type, the 11 relationships and the validity table."""

import pytest

from ea_model.framework import builtin_frameworks, load_framework
from ea_model.metamodel import LAYERS, metamodel


def test_all_archimate_32_element_types():
    mm = metamodel()
    assert len(mm.element_types) == 61
    for name in ("business-actor", "application-component", "data-object", "node", "facility", "goal",
                 "work-package", "plateau", "gap", "location", "grouping", "junction", "value-stream"):
        assert name in mm.element_types
    assert {t.layer for t in mm.element_types.values()} <= set(LAYERS)


def test_eleven_relationships_with_inline_keys():
    mm = metamodel()
    assert len(mm.relationship_types) == 11
    assert mm.inline_keys["serves"] == "serving" and mm.inline_keys["accesses"] == "access"


@pytest.mark.parametrize(("rel", "source", "target"), [
    ("serving", "application-component", "business-actor"),
    ("serving", "application-service", "business-process"),
    ("serving", "node", "application-component"),
    ("access", "application-component", "data-object"),
    ("access", "business-process", "business-object"),
    ("realization", "data-object", "business-object"),
    ("realization", "artifact", "application-component"),
    ("realization", "application-component", "requirement"),
    ("realization", "work-package", "deliverable"),
    ("assignment", "business-actor", "business-role"),
    ("assignment", "application-component", "application-function"),
    ("assignment", "node", "artifact"),
    ("composition", "business-actor", "business-actor"),
    ("aggregation", "facility", "node"),
    ("flow", "application-component", "application-component"),
    ("triggering", "business-event", "business-process"),
    ("influence", "driver", "goal"),
    ("realization", "outcome", "goal"),
    ("association", "data-object", "facility"),
    ("specialization", "node", "node"),
    ("aggregation", "location", "application-component"),
    ("aggregation", "grouping", "goal"),
])
def test_allowed(rel, source, target):
    assert metamodel().is_allowed(rel, source, target)


@pytest.mark.parametrize(("rel", "source", "target"), [
    ("serving", "data-object", "facility"),       # "a database serves a data centre"
    ("access", "data-object", "application-component"),
    ("assignment", "business-actor", "application-component"),
    ("specialization", "node", "device"),
    ("composition", "business-actor", "data-object"),
    ("influence", "goal", "application-component"),
    ("serving", "business-service", "application-component"),
    ("triggering", "data-object", "data-object"),
    ("realization", "goal", "application-component"),
])
def test_not_allowed(rel, source, target):
    assert not metamodel().is_allowed(rel, source, target)


@pytest.mark.parametrize("fw", builtin_frameworks())
def test_framework_packs_map_kinds_onto_archimate(fw):
    pack = load_framework(fw)
    mm = metamodel()
    assert {"BRM", "DRM", "ARM", "TRM", "SRM"} <= set(pack.reference_models)
    for kind in pack.kinds.values():
        assert kind.type in mm.element_types and kind.layer in LAYERS
    for name in ("platform", "shared-application", "specialised-application", "citizen-facing-application",
                 "national-database", "specialised-database", "data-centre", "network-zone", "security-control",
                 "security-level", "public-service", "legal-document", "kpi"):
        assert name in pack.kinds


def test_versions_extend_each_other():
    assert builtin_frameworks() == ["vneaf-2.0", "vneaf-3.0", "vneaf-4.0"]
    v3, v4 = load_framework("vneaf-3.0"), load_framework("vneaf-4.0")
    assert "identification-platform" in v3.kinds and "platform" in v3.kinds
    assert "an ninh mạng" in v3.reference_models["SRM"].name["vi"]
    assert set(v4.kinds) == set(v3.kinds)
    assert load_framework("vneaf-2.0").reference_models["DRM"].categories["DRM001.002"].provisional


def test_a_local_framework_pack(repo):
    from ea_model import load, validate
    from tests.conftest import MANIFEST

    pack = """\
    id: agency-pack
    extends: vneaf-3.0
    name: {vi: Khung riêng, en: Own framework}
    kinds:
      hospital-system: {type: application-component, name: {vi: Hệ thống bệnh viện, en: Hospital system}}
    """
    app = """\
    elements:
      - id: app-his
        kind: hospital-system
        name: {vi: HIS}
        owner: org-it
        source: {doc: doc-test}
    """
    root = repo({"frameworks/own/framework.yaml": pack, "layers/his.yaml": app,
                 "ea.yaml": MANIFEST.replace("vneaf-2.0", "frameworks/own")})
    model = load(root)
    assert model.elements["app-his"].type == "application-component"
    assert validate(model, strict=True) == []
