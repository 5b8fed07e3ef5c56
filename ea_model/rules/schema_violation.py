"""Files must follow the schema (`ea schema`): known fields, right value types, required fields.

Failing:

    - id: app-vssid
      kind: citizen-facing-application
      serve: [actor-citizen]

`EA100 element 'app-vssid': unknown field 'serve' (did you mean 'serves'?)`

    - id: app-vssid
      kind: citizen-facing-application

`EA100 element 'app-vssid': 'name' is a required property (add the missing field)`

Passing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: Ứng dụng VssID, en: VssID app}
      serves: [actor-citizen]
"""

from ._loading import found_while_loading

CODE = "EA100"
NAME = "schema"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
