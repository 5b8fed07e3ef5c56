"""The fast path for model files (ea_model/yamlfast.py) reads every file exactly as our own reader does: the
same values of the same types, the same lines once they are asked for, the same error for a bad file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ea_model import load, validate, yamlfast, yamlload
from ea_model.yamlload import Map, Seq, YamlError

from .conftest import MODEL
from .hostile.test_yaml_property import YAML_BITS

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _shape(value):
    """`value` with each type, and each mapping's and sequence's line and line table, made part of it."""
    if isinstance(value, Map):
        return "map", value.line, dict(value.lines), [(k, _shape(v)) for k, v in value.items()]
    if isinstance(value, Seq):
        return "seq", value.line, list(value.lines), [_shape(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return type(value).__name__, value


def _read(parse, text: str):
    try:
        return _shape(parse(text, "f.yaml"))
    except YamlError as exc:
        return exc.code, exc.path, exc.line, exc.message, exc.hint


def _same(text: str) -> None:
    assert _read(yamlfast.parse_text, text) == _read(yamlload.parse_text, text), text


def _yaml_files() -> list[Path]:
    found = []
    for folder in ("layers", "gap_analysis", "viewpoints", "examples", "tests/fixtures", "ea_model"):
        found += sorted((REPO_ROOT / folder).rglob("*.yaml"))
    return found


def test_every_yaml_file_of_the_project_reads_the_same():
    files = _yaml_files()
    assert len(files) > 80
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        _same(text)
        fast += not yamlfast._screened_out(text)
    assert fast > len(files) // 2  # most real files do take the fast path


@pytest.mark.parametrize("value", [
    # YAML 1.1 (PyYAML) and 1.2 (yaml-rs) read these plain scalars differently; quoted, all are text
    "0b101", "1_000", "012", "019", "0o17", "+12", "-0x1F", "0x1F", "1:30", "12:30:45", "yes", "On", "NO", "y", "n",
    "+.5", "-.5", "1.e5", "1.5e3", "1e3", "1.5e+3", "1.5E3", "1.0e3", "-.5e3", "=", ".inf", "-.INF", "+.inf", ".NaN",
    "nan", "~", "null", "Null", "true", "TRUE", "tRUE", "1.", ".5", "-0", "+0", "00", "0.0", "1_0.5", "0x_1F", "0B1",
    "0X1F", "0O17", "2022-01-01", "2022-1-1", "2022-01-01 10:00:00", "1,000", "10%", "<<", "", " x", "x ", "#",
])
@pytest.mark.parametrize("form", ["a: {}\n", "a: '{}'\n", "a: \"{}\"\n", "- {}\n", "[{}]", "{{{}: 1}}", "{}: 1\n"])
def test_scalars_read_the_same_plain_and_quoted(value, form):
    _same(form.format(value))


@pytest.mark.parametrize("text", [
    "a: b: c\n", "a: [1, 2\n", "a:\n  - x\n  y: 1\n", "@a: 1\n", "a: @b\n", "a: `b`\n", "a: 'x\n", 'a: "x\\qy"\n',
    "- a\nb: c\n", "[a]: 1\n", "{a: 1}: 2\n", "a: b\n  c\n", "a: - b\n", "a: 'x' y\n", "a: |\n x\n  y\nb: 1\n",
    "a: >\n\n  x\n\n  y\n", 'a: "x\n  \n  y"\n', "- - a\n  - b\n", "a: !!str 1\n", "a: {b: c, b: d}\n", "a: 1\na: 2\n",
    "a: [b, c,]\n", "a: {b, c}\n", "a: {b: }\n", "a: b\n\tc: d\n", "a:b\n", "a: |2\n   x\n", "a: >+\n  x\n\n",
    "a: x\n...\n", "---\na: 1\n", "a: 1\n---\nb: 2\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "? a\n: b\n",
    "a: 1\r\nb: x\r\n", "a: 1\rb: 2\n",
    "a: x\r\n  y\rz\n", "0\r", "|\n", "a: |+\n", "a: |\n\n\n", "a: |\n  x", "a: |2+\n\n", "a: |\n  x\n  ",
    "[|x]\n", "{a: >x}\n", "{a: |\n  x\n}\n", "a: [:x]\n", "a: {b: -}\n", "{vi:, x}\n", "a:\n  b: {c\n d: 1}\n",
    "a: b\u2028c\n", "a: x\x85y\n", "a: \x00\n", "\ufeffa: 1\n", "a: \u202e\n",
    "%YAML 1.1\n---\na: 1\n",
    "", "# only a comment\n", "x\n", "- \n", "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 70)),
    "[" * 300 + "]" * 300, "{a: " * 70 + "1" + "}" * 70, "- " * 100_000 + "x\n", "-  " * 50_000 + "x\n",
    "a: 'it''s'\nb: \"\\u00e9\\x41\"\n", "a: 2016\nb: [1, 2.5, -3]\nc: {d: true, e: null}\n", "1: a\n1.0: b\n",
    "true: a\n", "yes: a\n", "null: a\n", "a: x # comment\n", "a: 'x\n  y'\n", "key with spaces: v\n",
])
def test_tricky_and_broken_files_read_the_same(text):
    _same(text)


DUMPED = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(DUMPED, st.booleans(), st.booleans())
def test_any_dumped_value_reads_the_same(value, flow, unicode):
    _same(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=unicode, sort_keys=False))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_BITS, max_size=40).map("".join) | st.text(max_size=300),
       st.lists(st.tuples(st.integers(0, len(MODEL)), st.text(max_size=5)), max_size=6))
def test_random_and_mutated_files_read_the_same(text, mutations):
    _same(text)
    mutated = MODEL
    for at, insert in mutations:
        mutated = mutated[:at] + insert + mutated[at:]
    _same(mutated)


def test_a_clean_model_is_validated_without_reading_lines_and_a_finding_reads_only_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("EA_NO_CACHE", "1")
    root = generate(2000, tmp_path / "repo")
    files = sorted((root / "layers").rglob("*.yaml"))
    read = []
    real = yamlload.parse_text
    monkeypatch.setattr(yamlload, "parse_text", lambda text, path: read.append(path) or real(text, path))
    model = load(root)
    assert not [path for path in read if path.startswith("layers/")]
    problems = validate(model)
    with_findings = {p.file for p in problems}
    assert {path for path in read if path.startswith("layers/")} == with_findings & {
        f.relative_to(root).as_posix() for f in files}
    monkeypatch.setattr(yamlfast, "_fast", lambda text, path: (_ for _ in ()).throw(yamlfast._NotFast))
    assert validate(load(root)) == problems  # our reader alone finds the same, at the same lines
