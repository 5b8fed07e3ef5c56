"""Reading YAML: syntax errors, duplicate keys, unsafe tags and limits are refused with file and line."""

from __future__ import annotations

import pytest

from ea_model import load, validate, yamlload
from ea_model.yamlload import YamlError, parse_text


def codes(model):
    return [(p.file, p.line, p.code) for p in validate(model)]


def test_clean_repository_has_no_problems(repo):
    model = load(repo())
    assert validate(model, strict=True) == []


def test_syntax_error_names_file_and_line(repo):
    root = repo({"layers/bad.yaml": "elements:\n  - id: x\n    name: {vi: X\n    kind: platform\n"})
    problems = [p for p in validate(load(root)) if p.code == "EA001"]
    assert len(problems) == 1
    assert problems[0].file == "layers/bad.yaml"
    assert problems[0].line == 4
    assert "YAML syntax error" in problems[0].message


def test_one_bad_file_does_not_hide_the_others(repo):
    other = "elements:\n  - id: y\n    kind: nope\n    name: Y\n    sorce: {}\n"
    root = repo({"layers/bad.yaml": "elements: [\n", "layers/other.yaml": other})
    found = {p.code for p in validate(load(root))}
    assert {"EA001", "EA100", "EA103"} <= found


def test_duplicate_key_is_an_error_with_both_lines(repo):
    text = """\
    elements:
      - id: app-dup
        kind: platform
        name: {vi: A}
        owner: org-it
        owner: fn-collection
        source: {doc: doc-test}
    """
    problems = [p for p in validate(load(repo({"layers/dup.yaml": text}))) if p.code == "EA002"]
    assert [(p.file, p.line) for p in problems] == [("layers/dup.yaml", 6)]
    assert "first at line 5" in problems[0].message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hacked']", "!custom value",
                                 "!!python/name:os.system"])
def test_unsafe_tags_are_refused(repo, tag):
    root = repo({"layers/evil.yaml": f"elements:\n  - id: evil\n    kind: platform\n    name: {tag}\n"})
    problems = [p for p in validate(load(root)) if p.code == "EA003"]
    assert [(p.file, p.line) for p in problems] == [("layers/evil.yaml", 4)]
    assert "evil" not in load(root).elements


def test_file_over_size_limit(repo):
    root = repo()
    line = "  - {id: x, type: node, name: X}\n"
    (root / "layers" / "big.yaml").write_text("elements:\n" + line * (yamlload.MAX_FILE_BYTES // len(line) + 1))
    assert ("layers/big.yaml", 1, "EA004") in codes(load(root))


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200
    with pytest.raises(YamlError) as info:
        parse_text(text, "deep.yaml")
    assert info.value.code == "EA005"


def test_very_deep_nesting_does_not_crash():
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(YamlError) as info:
        parse_text(text, "deeper.yaml")
    assert info.value.code in {"EA001", "EA005"}


def test_alias_bomb_is_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(YamlError) as info:
        parse_text("\n".join(lines), "bomb.yaml")
    assert info.value.code == "EA006"


def test_a_few_aliases_are_fine():
    data = parse_text("a: &a {x: 1}\nb: *a\nc: *a\n", "ok.yaml")
    assert data["b"] == {"x": 1} and data["c"] == {"x": 1}


def test_values_keep_their_lines():
    data = parse_text("elements:\n  - id: a\n    name: A\n  - id: b\n    name: B\n", "f.yaml")
    assert data["elements"].lines == [2, 4]
    assert data["elements"][1].lines["name"] == 5


def test_dates_stay_text_and_scalars_are_typed():
    data = parse_text("d: 2022-09-19\ni: 3\nf: 1.5\nb: true\nn: null\ns: '3'\n", "f.yaml")
    assert data == {"d": "2022-09-19", "i": 3, "f": 1.5, "b": True, "n": None, "s": "3"}


def test_invalid_utf8(repo):
    root = repo()
    (root / "layers" / "latin1.yaml").write_bytes("elements:\n  - id: c\n    name: caf\xe9\n".encode("latin-1"))
    problems = [p for p in validate(load(root)) if p.code == "EA001"]
    assert problems and problems[0].line == 3 and "UTF-8" in problems[0].message


def test_cache_returns_the_same_model_and_notices_edits(repo, monkeypatch):
    root = repo()
    first = load(root)
    second = load(root)  # from the cache
    assert {k: (e.name, e.line, e.file) for k, e in first.elements.items()} == \
        {k: (e.name, e.line, e.file) for k, e in second.elements.items()}
    text = (root / "layers/model.yaml").read_text(encoding="utf-8")
    (root / "layers/model.yaml").write_text(text.replace("Phần mềm quản lý thu", "Phần mềm thu mới"), encoding="utf-8")
    assert load(root).elements["app-collection"].name["vi"] == "Phần mềm thu mới"
    monkeypatch.setenv("EA_NO_CACHE", "1")
    assert load(root).elements["app-collection"].name["vi"] == "Phần mềm thu mới"


def test_a_corrupt_cache_entry_is_ignored(repo):
    from ea_model.cache import ParseCache

    root = repo()
    load(root)
    for entry in ParseCache(root).dir.iterdir():
        entry.write_bytes(b"not a pickle")
    assert "app-collection" in load(root).elements


def test_schema_errors_are_reported_again_from_the_cache(repo):
    root = repo({"layers/x.yaml": "elements:\n  - id: x\n    kind: platform\n    name: X\n    colour: red\n"})
    first = [p for p in validate(load(root)) if p.code == "EA100"]
    assert first and first == [p for p in validate(load(root)) if p.code == "EA100"]
