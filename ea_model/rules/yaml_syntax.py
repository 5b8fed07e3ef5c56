"""A file must be valid YAML (UTF-8).

Failing:

    elements:
      - id: app-vssid
        name: {vi: VssID
        kind: citizen-facing-application

`layers/application/apps.yaml:3: EA001 YAML syntax error: while parsing a flow mapping, expected ',' or '}'`

Passing:

    elements:
      - id: app-vssid
        name: {vi: VssID}
        kind: citizen-facing-application

The rest of the repository is still checked: one bad file does not hide other findings.
"""

from ._loading import found_while_loading

CODE = "EA001"
NAME = "yaml-syntax"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
