"""Property-based: whatever bytes a model file holds, loading and validating the repository ends in findings
(`file:line: CODE ...`), never in an exception, and writes nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ea_model import load, validate
from ea_model.yamlload import YamlError, parse_text

from ..conftest import MANIFEST, MODEL, PLATEAUS, write
from .conftest import snapshot

YAML_BITS = st.sampled_from([
    "elements:", "relationships:", "\n", "  ", "- ", "id: ", "app-x", "kind: ", "platform", "name: ", "{vi: X}",
    "&a ", "*a", "!!python/object:os.system", "!!binary", "<<: *a", "[", "]", "{", "}", ",", ": ", "#", "'",
    '"', "\t", "\x00", "\u202e", "---", "...", "? ", "|", ">", "%YAML 1.1", "2030-02-30", "~", "null", "1e999",
    "serves: [fn-collection]", "source: {doc: doc-test}", "plateaus: []",
])
MUTATIONS = st.lists(st.tuples(st.integers(0, len(MODEL)), st.text(max_size=5)), max_size=6)


def _repo(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "repo"
    write(root, {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS, "layers/model.yaml": MODEL})
    (root / "layers" / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(YAML_BITS, max_size=40).map("".join) | st.text(max_size=300))
def test_random_yaml_text_never_raises(tmp_path, text):
    try:
        parse_text(text, "fuzz.yaml")
    except YamlError as exc:
        assert exc.path == "fuzz.yaml" and exc.line >= 1 and exc.code.startswith("EA00")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(YAML_BITS, max_size=40).map("".join), MUTATIONS)
def test_a_repository_with_a_random_or_mutated_file_validates_to_findings(tmp_path, text, mutations):
    mutated = MODEL
    for at, insert in mutations:
        mutated = mutated[:at] + insert + mutated[at:]
    root = _repo(tmp_path, text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    (root / "layers" / "model.yaml").write_text(mutated, encoding="utf-8", errors="replace")
    before = snapshot(root)
    problems = validate(load(root), strict=True)
    for p in problems:
        assert p.file and p.line >= 1 and p.code.startswith("EA"), p
    assert snapshot(root) == before
