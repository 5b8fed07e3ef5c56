"""Reference-model codes in `rm:` must exist in a reference model (framework pack or repository).

Failing:

    - id: app-tst
      kind: specialised-application
      rm: [ARM.02.9]

`EA105 element 'app-tst': unknown reference-model code 'ARM.02.9' (did you mean 'ARM.02.01'?)`

Passing: a code defined in `layers/application/arm.yaml` or in the framework pack (`ea kinds --rm` lists them).
"""

from ..problems import Problem
from ._scope import ITEM, subjects
from ._suggest import did_you_mean

CODE = "EA105"
NAME = "unknown-rm-code"
SEVERITY = "error"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    codes = model.categories
    for el in elements:
        rm_codes = list(el.rm)
        for change in el.changes.values():
            if isinstance(change, dict):
                rm_codes.extend(str(c) for c in change.get("rm") or [])
        for code in rm_codes:
            if code not in codes:
                yield Problem(
                    el.file, el.field_line("rm"), CODE, SEVERITY,
                    f"element '{el.id}': unknown reference-model code '{code}'",
                    did_you_mean(code, codes, "define the code in a reference_model file, or fix it"),
                )
