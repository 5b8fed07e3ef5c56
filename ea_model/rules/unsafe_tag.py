"""Only plain YAML values are read: no tags such as `!!python/object` or custom `!tags`.

Tags can make a YAML loader run code; `ea` reads text, numbers, booleans, dates, lists and mappings
only, whatever the tag.

Failing:

    - id: app-x
      name: !!python/object/apply:os.system ["echo hacked"]

Passing:

    - id: app-x
      name: {vi: Ứng dụng X}
"""

from ._loading import found_while_loading

CODE = "EA003"
NAME = "unsafe-tag"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
