"""YAML must not nest deeper than 64 levels.

The format needs a handful of levels (file, element, field, list, mapping); deeper nesting is a mistake or
an attack on the parser.

Failing: `a: [[[[[[ ... ]]]]]]` nested a thousand levels. Passing: every file in `docs/format.md`.
"""

from ._loading import found_while_loading

CODE = "EA005"
NAME = "nesting-too-deep"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
