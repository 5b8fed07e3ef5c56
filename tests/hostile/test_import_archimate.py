"""`ea import archimate` on hostile exchange files: ids that try to leave the target folder (12.1), inputs
too large to read (12.6), XML nested deeper than the parser allows (12.16)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from ..conftest import REPO_ROOT
from .bounded import run_bounded
from .conftest import no_traceback, snapshot

BILINGUAL = REPO_ROOT / "tests" / "fixtures" / "archimate" / "bilingual.xml"
EA_ID = '<propertyDefinition identifier="pd-eaid" type="string"><name>ea_id</name></propertyDefinition>\n'


def with_ids(tmp_path: Path, view: str | None = None, element: str | None = None, name: str = "evil.xml") -> Path:
    """bilingual.xml with an `ea_id` property (as `ea export archimate` writes) on its view and first element."""
    text = BILINGUAL.read_text(encoding="utf-8")
    text = text.replace("<propertyDefinitions>\n", "<propertyDefinitions>\n" + EA_ID, 1)
    prop = '<properties><property propertyDefinitionRef="pd-eaid"><value>{}</value></property></properties>'
    if view is not None:
        text = text.replace('<name xml:lang="en">Overview</name>',
                            '<name xml:lang="en">Overview</name>' + prop.format(view), 1)
    if element is not None:
        text = text.replace('<documentation xml:lang="en">The insured person.</documentation>',
                            '<documentation xml:lang="en">The insured person.</documentation>' + prop.format(element),
                            1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


# ------------------------------------------------------------------------------------ 12.1 confinement
def test_a_view_id_climbing_out_of_the_target_is_renamed(ea, tmp_path, outside):
    src = with_ids(tmp_path, view="../../../outside/x")
    into = tmp_path / "a" / "new"
    result = ea("import", "archimate", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    view_line = line_of(src, 'identifier="id-view"')
    assert (f"{src}:{view_line}: the view id '../../../outside/x' is not a valid ea id (ASCII letters, digits, "
            "'.', '_', '-', at most 120 characters): imported as 'outside-x'") in result.stderr
    assert snapshot(outside) == {}
    assert (into / "viewpoints" / "outside-x.yaml").is_file()
    assert sorted(p.name for p in (into / "viewpoints").iterdir()) == ["outside-x.yaml"]


def test_a_view_id_climbing_out_of_a_merge_is_renamed_and_the_repository_kept(ea, repo, tmp_path, outside):
    root = repo()
    before = snapshot(root)
    src = with_ids(tmp_path, view="../../../outside/x")
    result = ea("import", "archimate", src, "--merge", "--repo", root)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "the view id '../../../outside/x' is not a valid ea id" in result.stderr
    assert snapshot(outside) == {}
    after = snapshot(root)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing of the repository changed
    assert "viewpoints/evil-outside-x.yaml" in after


# (XML 1.0 cannot carry ESC or NUL; these are the control and invisible characters it can)
@pytest.mark.parametrize("bad, shown", [("\u202eevil", "\\u202eevil"), ("next\x85line", "next\\x85line"),
                                        ("zero\u200bwidth", "zero\\u200bwidth"), ("x" * 300, "x" * 79 + "…"),
                                        ("Tổng quan", "Tổng quan")])
def test_an_element_id_that_is_not_an_ea_id_is_renamed(ea, tmp_path, outside, bad, shown):
    src = with_ids(tmp_path, element=bad)
    into = tmp_path / "new"
    result = ea("import", "archimate", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert f"the element id '{shown}' is not a valid ea id (" in result.stderr
    assert bad == shown or bad not in result.stderr + result.output  # unsafe characters never raw
    assert re.search(rf"{re.escape(str(src))}:\d+: the element id", result.stderr)
    assert snapshot(outside) == {}


@pytest.mark.parametrize("rel", ["../x.yaml", "/etc/x.yaml", "layers/../../x.yaml", "", "a\\..\\x.yaml"])
def test_the_repository_writer_refuses_paths_leaving_the_target(tmp_path, rel):
    from ea_model.repo_writer import WriteError, confined

    with pytest.raises(WriteError, match="refused to write"):
        confined(tmp_path / "repo", rel)


def test_the_repository_writer_refuses_a_symlink_leaving_the_target(repo, tmp_path, outside):
    from ea_model.repo_writer import WriteError, confined

    root = repo()
    (root / "viewpoints").symlink_to(outside, target_is_directory=True)
    with pytest.raises(WriteError, match="resolves outside"):
        confined(root, "viewpoints/v.yaml")
    assert confined(root, "layers/new.yaml") == root / "layers" / "new.yaml"


def test_a_merge_through_a_symlinked_folder_writes_nothing_outside(ea, repo, tmp_path, outside):
    root = repo()
    (root / "viewpoints").symlink_to(outside, target_is_directory=True)
    before = snapshot(root)
    result = ea("import", "archimate", BILINGUAL, "--merge", "--repo", root)
    no_traceback(result)
    assert result.exit_code == 2
    assert "refused to write 'viewpoints/bilingual-tong-quan.yaml': it resolves outside" in result.stderr
    assert snapshot(outside) == {} and snapshot(root) == before


# ------------------------------------------------------------------------------------ 12.6 size limits
def test_dev_zero_is_refused_without_reading_it_all(tmp_path, outside):
    into = tmp_path / "new"
    result = run_bounded("import", "archimate", "/dev/zero", "--into", into)
    assert result.returncode == 2, result.stderr
    assert result.stderr == "error: /dev/zero:1: the file goes on past the limit, over the limit of 52,428,800 bytes " \
        "(split the model, or check that this is an exchange file)\n"
    assert not into.exists() and snapshot(outside) == {}


def test_a_2_gb_sparse_file_is_refused_by_its_size(tmp_path, outside):
    big = tmp_path / "big.xml"
    subprocess.run(["truncate", "-s", "2G", str(big)], check=True)
    into = tmp_path / "new"
    result = run_bounded("import", "archimate", big, "--into", into)
    assert result.returncode == 2, result.stderr
    assert f"error: {big}:1: the file has 2,147,483,648 bytes, over the limit of 52,428,800 bytes" in result.stderr
    assert not into.exists() and snapshot(outside) == {}


def test_a_stream_past_the_limit_is_refused(monkeypatch, ea, tmp_path):
    from ea_model.archimate import read

    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer: more than the limit, then the end of the pipe
        try:
            with open(fifo, "wb") as fh:
                fh.write(BILINGUAL.read_bytes())
        finally:
            os._exit(0)
    try:
        result = ea("import", "archimate", fifo, "--into", tmp_path / "new")
    finally:
        os.waitpid(pid, 0)
    assert result.exit_code == 2
    assert "the file goes on past the limit, over the limit of 1,000 bytes" in result.stderr
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------------------------ 12.16 deep nesting
def test_xml_nested_300_levels_deep_is_a_file_line_error(ea, tmp_path, outside):
    text = BILINGUAL.read_text(encoding="utf-8")
    depth = 300
    opening = "".join(f'\n<node identifier="deep-{i}" xsi:type="Container">' for i in range(depth))
    text = text.replace('<node identifier="n-label"', opening + "\n</node>" * depth + '\n<node identifier="n-label"',
                        1)
    src = tmp_path / "deep.xml"
    src.write_text(text, encoding="utf-8")
    into = tmp_path / "new"
    previous = tmp_path / "kept"
    previous.mkdir()
    (previous / "ea.yaml").write_text("id: kept\n", encoding="utf-8")
    result = ea("import", "archimate", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2
    first = line_of(src, 'identifier="deep-0"')
    # the view is at depth 4 (model, views, diagrams, view): the 253rd nested node is the 257th level
    assert f"error: {src}:{first + 252}: the XML nests deeper than 256 levels" in result.stderr
    assert "XMLSyntaxError" not in result.stderr
    assert not into.exists() and snapshot(outside) == {}
    assert snapshot(previous) == {"ea.yaml": b"id: kept\n"}


@pytest.mark.parametrize("encoding, reason", [("ApplicationComponentUTF-8", "unknown encoding"),
                                              ("utf-7", "multi-byte encodings are not supported")])
def test_an_encoding_no_parser_reads_is_a_file_line_error(ea, tmp_path, outside, encoding, reason):
    # found by test_importers_property: LookupError / ValueError from expat
    text = BILINGUAL.read_text(encoding="utf-8").replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)
    src = tmp_path / "enc.xml"
    src.write_text(text, encoding="utf-8")
    into = tmp_path / "new"
    result = ea("import", "archimate", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {src}:1: the XML declaration names an encoding that cannot be read: ")
    assert reason in result.stderr
    assert not into.exists() and snapshot(outside) == {}
