"""Every element has a known ArchiMate `type` or framework `kind`, and they agree.

Types are those of ArchiMate 3.2 (`ea_model/metamodel/elements.yaml`); kinds are those of the framework
pack named in `ea.yaml` (e.g. `ea_model/frameworks/vneaf-2.0/framework.yaml`).

Failing:

    - id: app-vssid
      kind: citizen-application
      name: {vi: VssID}

`EA103 element 'app-vssid': unknown kind 'citizen-application' (did you mean 'citizen-facing-application'?)`

    - id: db-x
      kind: national-database
      type: node

`EA103 element 'db-x': kind 'national-database' is a data-object, not a node`

Passing: `kind: citizen-facing-application`, or `type: application-component`.
"""

from ..metamodel import metamodel
from ..problems import Problem
from ._loading import found_while_loading
from ._scope import ITEM, subjects
from ._suggest import did_you_mean

CODE = "EA103"
NAME = "unknown-type"
SEVERITY = "error"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    types = metamodel().element_types
    for el in elements:
        raw_kind, raw_type = el.raw.get("kind"), el.raw.get("type")
        if raw_kind is not None and raw_kind not in model.kinds:
            yield Problem(
                el.file, el.field_line("kind"), CODE, SEVERITY,
                f"element '{el.id}': unknown kind '{raw_kind}'",
                did_you_mean(str(raw_kind), model.kinds, f"kinds of {model.framework.id}: see `ea kinds`"),
            )
        elif raw_kind is None and raw_type not in types:
            yield Problem(
                el.file, el.field_line("type"), CODE, SEVERITY,
                f"element '{el.id}': unknown type '{raw_type}'",
                did_you_mean(str(raw_type), types, "use an ArchiMate 3.2 type such as application-component"),
            )
    yield from found_while_loading(model, CODE)
