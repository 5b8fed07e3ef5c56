"""Anchors and aliases must not expand to more than 100,000 values in a file.

A "billion laughs" file defines an anchor, then lists it ten times, then lists that ten times, and so on:
a few lines that expand to billions of values.

Failing:

    a: &a [x, x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    ...

Passing: a few aliases reused a few times, or the values written out.
"""

from ._loading import found_while_loading

CODE = "EA006"
NAME = "alias-bomb"
SEVERITY = "error"


def check(model):
    yield from found_while_loading(model, CODE)
