"""Elements of a kind must have the properties the framework pack requires for it.

For example, in VNEAF packs a `kpi` needs `value`, `unit` and `year`; a `legal-document` needs `number`,
`date` and `issuer`; a `security-level` needs `level`.

Failing:

    - id: kpi-online-services-2025
      kind: kpi
      name: {vi: Tỷ lệ DVC trực tuyến toàn trình}
      properties: {value: 80}

`EA110 element 'kpi-online-services-2025': kind kpi requires property 'unit'`

Passing: `properties: {value: 80, unit: "%", year: 2025}`.
"""

from ..problems import Problem
from ._scope import ITEM, subjects

CODE = "EA110"
NAME = "missing-property"
SEVERITY = "error"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for el in elements:
        kind = model.kinds.get(el.kind or "")
        if not kind:
            continue
        for prop in kind.required_properties:
            if el.properties.get(prop) in (None, ""):
                yield Problem(
                    el.file, el.field_line("properties"), CODE, SEVERITY,
                    f"element '{el.id}': kind {kind.name} requires property '{prop}'",
                    f"add `properties: {{{prop}: ...}}`",
                )
