"""JSON Schema findings as Problems: the line of the offending value, and a fix where one is obvious."""

from __future__ import annotations

import difflib

from .model import ID_PATTERN
from .problems import ERROR, Problem, printable
from .yamlload import Map, Seq

CODE = "EA100"
LANGUAGE_KEY = "^[a-z]{2,3}"
DEFAULT_HINT = "see docs/format.md"
COMMA_HINT = 'if this comes from a comma inside {vi: ..., en: ...}, quote the text: {vi: "A, B"}'


def line_of(node, path) -> int:
    """The line of the value at `path` (keys/indices) inside a Map/Seq tree."""
    line = getattr(node, "line", 1)
    for part in path:
        lines = getattr(node, "lines", None)
        known = isinstance(node, Map) and part in lines or (
            isinstance(node, Seq) and isinstance(part, int) and part < len(lines)
        )
        if known:
            line = lines[part]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


def schema_problems(validator, instance, file: str, what: str, skip=()) -> list[Problem]:
    from jsonschema.exceptions import best_match

    problems = []
    for err in validator.iter_errors(instance):
        if err.context:
            err = best_match(err.context) or err
        path = list(err.absolute_path)
        if tuple(path[:1]) in skip and err.validator == "enum":
            continue
        where = "/".join(str(p) for p in path)
        message, hint, path = _explain(err, path)
        problems.append(
            Problem(file, line_of(instance, path), CODE, ERROR,
                    f"{what}: {where + ': ' if where else ''}{message}", hint)
        )
    return problems


def _explain(err, path: list) -> tuple[str, str, list]:
    """(message, hint, path of the offending value) of one jsonschema error, in the words of the model."""
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        extras = sorted(k for k in err.instance if k not in allowed)
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
        return f"unknown field '{key}'", hint, [*path, key]
    if err.validator == "required":
        return err.message, "add the missing field", path
    if err.validator == "enum":
        close = difflib.get_close_matches(str(err.instance), [str(v) for v in err.validator_value], n=1)
        return err.message, f"did you mean '{close[0]}'?" if close else DEFAULT_HINT, path
    if err.validator == "pattern" and str(err.validator_value).startswith(LANGUAGE_KEY):
        return f"'{err.instance}' is not a language code", COMMA_HINT, path
    if err.validator == "pattern" and err.validator_value == ID_PATTERN:
        return (f"id '{printable(str(err.instance), 60)}' may hold only ASCII letters, digits, '.', '_' and '-', "
                "starting with a letter or digit",
                "ids become file names and IRIs: rename it, e.g. 'app-public-portal'", path)
    if err.validator == "maxLength" and path[-1:] == ["id"]:
        return (f"id is {len(str(err.instance))} characters long, over the {err.validator_value}-character limit",
                "use a short id; the name can be as long as needed", path)
    if err.validator == "type" and err.instance is None:
        return "value is missing", f"write a value; {COMMA_HINT}", path
    return err.message, DEFAULT_HINT, path
