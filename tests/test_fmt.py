"""`ea fmt`: canonical key order and styles, comments kept, idempotent, --check, errors, BHXH."""

from __future__ import annotations

import pytest

from ea_model.team.fmt import format_text
from ea_model.yamlload import parse_text, plain

from .conftest import REPO_ROOT

MESSY = """\
# The file's own comment: kept.
elements:
  - source: {doc: doc-test, line: 3}
    name:
      en: IT Center
      vi: "Trung tâm Công nghệ thông tin"
    kind: organisation-unit
    id: 'org-it'
    assigned_to:
      - fn-collection
  # Between elements: kept too.
  - id: fn-collection
    type: business-function
    name: {en: Collection, vi: Thu bảo hiểm}
    properties: {answer: "yes", code: "007", when: "2022-01-01", plain: "text"}
    source: {doc: doc-test, line: 4}
    tags: [a-very-long-tag-name-number-one, a-very-long-tag-name-number-two, a-very-long-tag-name-number-three,
      four-and-more]
"""


def test_key_order_styles_and_quotes():
    out = format_text(MESSY, "model")
    second = out.split("  - id: fn-collection")[1]
    assert second.index("type:") < second.index("name:") < second.index("properties:") < second.index("source:")
    assert "name: {vi: Thu bảo hiểm, en: Collection}" in out  # the manifest's language order
    # The first element holds a comment (ruamel ties the next line's comment to its last key): its keys stay
    # where they are, so that the comment stays with what it describes; its values are still formatted.
    assert out.index("  - source: {doc: doc-test, line: 3}") < out.index("id: org-it")
    assert "id: org-it\n" in out and "name: {vi: Trung tâm Công nghệ thông tin, en: IT Center}" in out
    # Quotes stay where YAML needs them (YAML 1.1 booleans, leading zeros, dates), go elsewhere.
    assert 'answer: "yes"' in out and 'code: "007"' in out and 'when: "2022-01-01"' in out
    assert "plain: text" in out
    # Too long for one line: a block list.
    assert "    tags:\n      - a-very-long-tag-name-number-one\n" in out


def test_comments_survive_and_meaning_is_kept():
    out = format_text(MESSY, "model")
    assert "# The file's own comment: kept." in out
    assert "# Between elements: kept too." in out
    assert plain(parse_text(out, "x")) == plain(parse_text(MESSY, "x"))


def test_idempotent_and_no_op_on_formatted_text():
    once = format_text(MESSY, "model")
    assert format_text(once, "model") == once


def test_commented_mapping_keeps_its_order():
    text = "elements:\n  - name: {vi: A}\n    # why this kind\n    kind: platform\n    id: x\n"
    out = format_text(text, "model")
    assert out.index("# why this kind") < out.index("kind: platform")


def test_views_and_plateaus(tmp_path):
    view = "title: {en: Overview, vi: Tổng quan}\nselect: {layers: [application]}\nid: overview\n"
    out = format_text(view, "viewpoint")
    assert out.startswith("id: overview\ntitle: {vi: Tổng quan, en: Overview}\n")
    plateaus = "plateaus:\n  - date: 2022-09-19\n    name: {vi: Hiện trạng, en: Baseline}\n    id: baseline\n"
    assert format_text(plateaus, "plateaus").startswith("plateaus:\n  - id: baseline\n    name:")


def test_cli_check_write_and_files(repo, ea):
    root = repo({"layers/messy.yaml": MESSY.replace("org-it", "org-it2").replace("fn-collection", "fn-c2")})
    check = ea("fmt", "--check", "--repo", root)
    assert check.exit_code == 1
    assert "layers/messy.yaml" in check.output
    assert ea("fmt", "--repo", root).exit_code == 0
    assert ea("fmt", "--check", "--repo", root).exit_code == 0
    assert ea("validate", "--repo", root).exit_code == 0
    layout = root / "viewpoints" / "v.layout.yaml"
    layout.parent.mkdir()
    layout.write_text("nodes: {b: 1, a: 2}\n")
    assert ea("fmt", "--repo", root).exit_code == 0
    assert layout.read_text() == "nodes: {b: 1, a: 2}\n"  # saved diagram positions are not ours to format


def test_cli_bad_file_is_one_line_and_others_are_formatted(repo, ea):
    root = repo({"layers/bad.yaml": "elements:\n  - id: x\n   name: y\n",
                 "layers/ok.yaml": "elements:\n  - name: {vi: A}\n    id: a\n    type: node\n"})
    result = ea("fmt", "--repo", root)
    assert result.exit_code == 2
    assert "layers/bad.yaml:3: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "layers/ok.yaml").read_text().startswith("elements:\n  - id: a\n")
    assert (root / "layers/bad.yaml").read_text() == "elements:\n  - id: x\n   name: y\n"


def test_cli_refuses_files_outside_the_repository(repo, ea, tmp_path):
    root = repo()
    outside = tmp_path / "other.yaml"
    outside.write_text("a: 1\n")
    result = ea("fmt", "--repo", root, outside)
    assert result.exit_code == 2 and "not inside the repository" in result.stderr
    result = ea("fmt", "--repo", root, root / "ea.yaml")
    assert result.exit_code == 2 and "leaves it alone" in result.stderr


@pytest.mark.parametrize("rel", ["layers/application/platforms.yaml", "viewpoints/integration.yaml",
                                 "gap_analysis/plateaus.yaml"])
def test_bhxh_files_format_idempotently_with_the_same_meaning(rel):
    from ea_model.manifest import read_manifest
    from ea_model.team.fmt import file_kind

    manifest = read_manifest(REPO_ROOT)
    text = (REPO_ROOT / rel).read_text(encoding="utf-8")
    once = format_text(text, file_kind(rel, manifest), rel)
    assert format_text(once, file_kind(rel, manifest), rel) == once
    assert plain(parse_text(once, rel)) == plain(parse_text(text, rel))
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in once.splitlines() if line.lstrip().startswith("#")]
