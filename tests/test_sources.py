"""`ea sources`: the sections of each source document the model cites, from which files; `--update` rewrites only
the generated part of a file."""

from __future__ import annotations

from ea_model import load
from ea_model.commands.sources import MARKER
from ea_model.provenance import coverage

from .conftest import REPO_ROOT

EXTRA = {"layers/more.yaml": """\
    elements:
      - id: doc-unused
        kind: legal-document
        name: {vi: Luật chưa dùng, en: Unused law}
        source: {doc: doc-test, line: 20}
      - id: app-more
        kind: internal-application
        name: {vi: Ứng dụng khác}
        source:
          - {doc: doc-test, section: "2.3", line: "30-32"}
          - {doc: doc-test, section: "2.3", line: 12}
        serves:
          - {to: fn-collection, source: {doc: doc-test, section: "2.3", line: 31}}
    """}


def test_coverage_groups_citations_by_document_and_section(repo):
    docs = {d.id: d for d in coverage(load(repo(EXTRA)))}
    sections = {s.section: s for s in docs["doc-test"].sections}
    s23 = sections["2.3"]
    assert s23.elements == {"app-collection", "app-more"} and s23.relationships == 1
    assert s23.files == {"layers/model.yaml", "layers/more.yaml"}
    assert s23.line_range() == "6, 12, 30-32"
    assert docs["doc-unused"].sections == []


def test_markdown_json_and_update(ea, repo, tmp_path):
    root = repo(EXTRA)
    md = ea("sources", "--lang", "en", "--repo", root)
    assert md.exit_code == 0
    assert "| 2.3 | 6, 12, 30-32 | `layers/model.yaml`, `layers/more.yaml` | 2 | 1 |" in md.output
    assert "Unused law (`doc-unused`)" in md.output
    rows = ea("sources", "--format", "json", "--repo", root).json()
    assert rows[0]["id"] == "doc-test" and rows[0]["name"]["en"] == "Test decision"
    target = tmp_path / "README.md"
    target.write_text(f"# Coverage\n\nhand-written\n\n{MARKER}\n\nold table\n", encoding="utf-8")
    assert ea("sources", "--lang", "en", "--update", target, "--repo", root).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Coverage\n\nhand-written\n\n" + MARKER) and "old table" not in text
    assert "| 2.3 |" in text
    target.write_text("no marker\n", encoding="utf-8")
    result = ea("sources", "--update", target, "--repo", root)
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "no marker\n"


def test_the_bhxh_coverage_map_is_current(ea, bhxh):
    readme = REPO_ROOT / "layers" / "README.md"
    text = readme.read_text(encoding="utf-8")
    expected = ea("sources", "--lang", "en", "--repo", REPO_ROOT).output
    assert text[text.index(MARKER) + len(MARKER):].strip() == expected.strip(), "run `make docs`"
