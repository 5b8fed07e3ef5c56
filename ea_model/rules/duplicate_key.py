"""A mapping must not repeat a key.

PyYAML and most YAML tools silently keep the last of two equal keys, which loses what the architect
wrote first; `ea` refuses the file instead.

Failing:

    - id: db-national-insurance
      name: {vi: CSDL quốc gia về bảo hiểm}
      owner: org-it-center
      owner: org-dept-collection

`EA002 duplicate key 'owner' (first at line 3)`

Passing: keep one `owner:` (a list of owners goes in `properties`).
"""

from ._loading import found_while_loading

CODE = "EA002"
NAME = "duplicate-key"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
