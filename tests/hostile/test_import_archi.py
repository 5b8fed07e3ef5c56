"""Hostile input to the importers of issue 18: Archi `.archimate` files (XML and archive), coArchi folders and
Archi CSV / xlsx. XXE, entity bombs, path-like ids, oversize input, bad references: one line `file:line: ...`,
exit 2, no traceback, nothing written, nothing outside the target."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from ea_model.archimate import read as read_module

from .conftest import no_traceback, snapshot

ARCHI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate"'


def model(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<archimate:model {ARCHI} name="M" id="m">\n'
            f'{body}\n</archimate:model>\n').encode()


def run_import(ea, src: Path, into: Path, *, csv: bool = False):
    result = ea("import", "csv" if csv else "archimate", src, "--into", into)
    no_traceback(result)
    return result


XXE = '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
BOMB = '<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'


@pytest.mark.parametrize("prolog, body", [
    (XXE, '<folder name="&x;" id="f"/>'),
    (BOMB, '<folder name="&b;" id="f"/>'),
])
def test_dtds_and_entities_are_refused(prolog, body, ea, tmp_path):
    src = tmp_path / "evil.archimate"
    src.write_bytes(model(body, prolog))
    result = run_import(ea, src, tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {src}:1: refused: the file declares a DTD or entities")
    assert not (tmp_path / "out").exists()


def test_a_dtd_in_a_coarchi_fragment_is_refused(ea, tmp_path):
    repo = tmp_path / "repo" / "model"
    (repo / "business").mkdir(parents=True)
    (repo / "folder.xml").write_bytes(model("").replace(b"</archimate:model>", b"</archimate:model>"))
    (repo / "business" / "BusinessActor_a.xml").write_text(
        f'<?xml version="1.0"?>\n{XXE}<archimate:BusinessActor {ARCHI} name="&x;" id="a"/>', encoding="utf-8")
    result = run_import(ea, tmp_path / "repo", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{repo / 'business' / 'BusinessActor_a.xml'}:1: refused" in result.stderr


def test_path_like_ids_and_names_stay_inside_the_target(ea, tmp_path, outside):
    body = ('<folder name="../../outside" id="f" type="business">'
            '<element xsi:type="archimate:BusinessActor" name="../../outside/x" id="../../outside/a"/></folder>'
            '<folder name="Views" id="v" type="diagrams"><element xsi:type="archimate:ArchimateDiagramModel" '
            'name="../../../outside/view" id="../v1"><child xsi:type="archimate:DiagramObject" id="d" '
            'archimateElement="../../outside/a"><bounds x="1" y="2" width="3" height="4"/></child></element></folder>')
    src = tmp_path / "evil.archimate"
    src.write_bytes(model(body))
    into = tmp_path / "a" / "new"
    result = run_import(ea, src, into)
    assert result.exit_code == 0, result.stderr
    assert snapshot(outside) == {}
    assert sorted(p.name for p in (into / "viewpoints").iterdir()) == ["outside-view.yaml"]


def test_a_symlink_in_a_coarchi_folder_is_not_followed(ea, tmp_path, outside):
    (outside / "BusinessActor_s.xml").write_bytes(
        f'<archimate:BusinessActor {ARCHI} name="Secret" id="s"/>'.encode())
    repo = tmp_path / "repo" / "model"
    (repo / "business").mkdir(parents=True)
    (repo / "folder.xml").write_bytes(model(""))
    os.symlink(outside / "BusinessActor_s.xml", repo / "business" / "BusinessActor_s.xml")
    result = run_import(ea, tmp_path / "repo", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "a symbolic link, not followed" in result.stderr
    assert "Secret" not in "".join(p.read_text() for p in (tmp_path / "out").rglob("*.yaml"))


@pytest.mark.parametrize("body, message", [
    ('<folder name="R" id="f"><element xsi:type="archimate:ServingRelationship" id="r" source="x" target="y"/>'
     '</folder>',
     "relationship 'r' refers to unknown concept 'x'"),
    ('<folder name="V" id="f"><element xsi:type="archimate:ArchimateDiagramModel" name="V" id="v">'
     '<child xsi:type="archimate:DiagramObject" id="d" archimateElement="nope"/></element></folder>',
     "diagram object refers to unknown element 'nope'"),
    ('<folder name="B" id="f"><element xsi:type="archimate:Nonsense" name="N" id="n"/></folder>',
     "unknown element type 'Nonsense' of 'n'"),
    ('<folder name="B" id="f"><element xsi:type="archimate:BusinessActor" name="A" id="a"/>'
     '<element xsi:type="archimate:BusinessActor" name="B" id="a"/></folder>', "id 'a' is used twice"),
    ('<folder name="V" id="f"><element xsi:type="archimate:ArchimateDiagramModel" name="V" id="v">'
     '<child xsi:type="archimate:Group" id="g"><bounds x="nan" y="1"/></child></element></folder>',
     "bounds with a non-numeric x, y, width or height"),
])
def test_bad_references_and_values_are_one_line_errors(body, message, ea, tmp_path):
    src = tmp_path / "bad.archimate"
    src.write_bytes(model(body))
    result = run_import(ea, src, tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith(f"error: {src}:")
    assert not (tmp_path / "out").exists()


def test_oversize_files_and_archive_members_are_refused(ea, tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_BYTES", 1000)
    src = tmp_path / "big.archimate"
    src.write_bytes(model("<!--" + "x" * 2000 + "-->"))
    result = run_import(ea, src, tmp_path / "out")
    assert result.exit_code == 2 and "over the limit of 1,000 bytes" in result.stderr
    from ea_model.archimate import archi

    monkeypatch.setattr(archi, "MAX_ARCHIVE_MEMBER", 1000)
    bomb = tmp_path / "bomb.archimate"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("model.xml", model("<!--" + " " * 50_000 + "-->"))
    bomb.write_bytes(raw.getvalue())
    result = run_import(ea, bomb, tmp_path / "out2")
    assert result.exit_code == 2 and "model.xml has 50," in result.stderr


def test_a_damaged_archive_is_an_error(ea, tmp_path):
    src = tmp_path / "broken.archimate"
    src.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    result = run_import(ea, src, tmp_path / "out")
    assert result.exit_code == 2 and "a damaged zip archive" in result.stderr


# ----------------------------------------------------------------------------------------------------- CSV
HEAD = '"ID","Type","Name","Documentation","Specialization"\n"m","ArchimateModel","M","",""\n'


@pytest.mark.parametrize("elements, relations, properties, message", [
    (HEAD + '"a","BusinessActor","A","",""\n', '"ID","Type","Name","Documentation","Source","Target"\n'
     '"r","ServingRelationship","","","a","zz"\n', None, "relation 'r' refers to unknown ID 'zz'"),
    (HEAD + '"a","Wizard","A","",""\n', None, None, "unknown element type 'Wizard' of 'a'"),
    (HEAD + '"a","BusinessActor","A","",""\n', None, '"ID","Key","Value"\n"nope","k","v"\n',
     "property of unknown ID 'nope'"),
    ('"Name","Type"\n"A","BusinessActor"\n', None, None, "the elements table starts with"),
    (HEAD + '"a","BusinessActor","A","",""\n"a","BusinessActor","B","",""\n', None, None, "ID 'a' is used twice"),
    (HEAD + '"a","BusinessActor","unclosed\n', None, None, "not valid CSV"),
])
def test_bad_csv_is_a_one_line_error(elements, relations, properties, message, ea, tmp_path):
    src = tmp_path / "csv"
    src.mkdir()
    for name, text in (("elements", elements), ("relations", relations), ("properties", properties)):
        if text is not None:
            (src / f"{name}.csv").write_text(text, encoding="utf-8")
    result = run_import(ea, src, tmp_path / "out", csv=True)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert not (tmp_path / "out").exists()


def test_csv_that_is_not_utf8_or_too_big_is_refused(ea, tmp_path, monkeypatch):
    src = tmp_path / "csv"
    src.mkdir()
    (src / "elements.csv").write_bytes((HEAD + '"a","BusinessActor","Hôi","",""\n').encode("latin-1"))
    result = run_import(ea, src, tmp_path / "out", csv=True)
    assert result.exit_code == 2 and "not UTF-8 text" in result.stderr
    monkeypatch.setattr(read_module, "MAX_BYTES", 50)
    (src / "elements.csv").write_text(HEAD * 5, encoding="utf-8")
    result = run_import(ea, src, tmp_path / "out", csv=True)
    assert result.exit_code == 2 and "over the limit of 50 bytes" in result.stderr


def test_csv_path_like_ids_stay_inside(ea, tmp_path, outside):
    src = tmp_path / "csv"
    src.mkdir()
    (src / "elements.csv").write_text(HEAD + '"../../outside/a","BusinessActor","../../outside/b","",""\n',
                                      encoding="utf-8")
    (src / "properties.csv").write_text('"ID","Key","Value"\n"../../outside/a","ea_id","../../../outside/c"\n',
                                        encoding="utf-8")
    result = run_import(ea, src, tmp_path / "a" / "new", csv=True)
    assert result.exit_code == 0, result.stderr
    assert snapshot(outside) == {}


def test_a_broken_workbook_is_an_error(ea, tmp_path):
    src = tmp_path / "m.xlsx"
    src.write_bytes(b"PK\x03\x04not a workbook")
    result = run_import(ea, src, tmp_path / "out", csv=True)
    assert result.exit_code == 2 and "not a readable .xlsx workbook" in result.stderr
