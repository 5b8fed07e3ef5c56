"""`ea import rdf` on hostile files: values that would become folder names (12.1), inputs too large to read
(12.6), statements it cannot rebuild, which were dropped silently, and oversize literals (12.17)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import ea_model
from ea_model.rdf import export

from .bounded import run_bounded
from .conftest import no_traceback, snapshot

BASE = "https://example.org/ea/mini/"
EA = "https://w3id.org/ea-model/ontology#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture
def nt(repo) -> bytes:
    """The mini repository's export, as N-Triples (one triple a line: easy to change)."""
    return export.serialize(ea_model.load(repo()), "ntriples")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def nothing_written(tmp_path: Path, into: Path, outside: Path) -> None:
    assert not into.exists()
    assert not [p for p in into.parent.iterdir() if p.name.startswith(f".{into.name}.")]  # no temporaries
    assert snapshot(outside) == {}


# ------------------------------------------------------------------------------------ 12.1 confinement
@pytest.mark.parametrize("layer, shown", [("../../../outside/x", "../../../outside/x"), ("/tmp/x", "/tmp/x"),
                                          ("layers/../..", "layers/../.."), ("a\\u0000\\u202eb", "a\\x00\\u202eb")])
def test_a_layer_naming_a_folder_outside_is_not_used_as_a_path(ea, nt, tmp_path, outside, layer, shown):
    line = f'<{BASE}app-collection> <{EA}layer> "application" .\n'.encode()
    assert line in nt
    hostile = f'<{BASE}app-collection> <{EA}layer> "{layer}" .\n'.encode()
    src = write(tmp_path, "evil.nt", nt.replace(line, hostile))
    into = tmp_path / "a" / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert (f"{src}: <{BASE}app-collection>: unknown layer '{shown}': placed in layers/application/"
            in result.stderr)
    assert snapshot(outside) == {}
    assert (into / "layers" / "application" / "specialised-application.yaml").is_file()
    assert all(p.resolve().is_relative_to(into.resolve()) for p in into.rglob("*"))


# ------------------------------------------------------------------------------------ 12.17 findings
def test_conflicting_types_and_blank_nodes_are_reported_with_their_subject(ea, nt, tmp_path, outside):
    extra = (f'<{BASE}app-collection> <{RDF_TYPE}> <{EA}DataObject> .\n'
             f'<{BASE}dc-main> <{RDF_TYPE}> <{EA}BusinessProcess> .\n'
             f'_:ghost <{RDF_TYPE}> <{EA}ApplicationComponent> .\n'
             f'_:ghost <{DCT}identifier> "app-ghost" .\n'
             f'_:rel <{RDF_TYPE}> <{EA}Serving> .\n'
             f'<{BASE}app-portal> <{EA}serves> _:ghost .\n').encode()
    src = write(tmp_path, "odd.nt", nt + extra)
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {src}: 5 statement(s) cannot be imported, nothing written:"
    assert f"{src}: <{BASE}app-collection>: an element typed ea:ApplicationComponent and ea:DataObject (an " \
        "element has one ArchiMate type: remove the others)" in lines
    assert f"{src}: <{BASE}dc-main>: an element typed ea:BusinessProcess and ea:Facility (an element has one " \
        "ArchiMate type: remove the others)" in lines
    assert any(re.fullmatch(rf"{re.escape(str(src))}: <{BASE}app-portal>: ea:serves _:\w+, a blank node "
                            r"\(relationships join elements named by IRIs\)", line) for line in lines)
    assert any(re.fullmatch(rf"{re.escape(str(src))}: _:\w+: an element \(ea:ApplicationComponent\) without an "
                            r"IRI, a blank node \(name it with an IRI: \{base\}\{id\}\)", line) for line in lines)
    assert any(re.fullmatch(rf"{re.escape(str(src))}: _:\w+: a relationship \(ea:Serving\) without an IRI, .*",
                            line) for line in lines)
    nothing_written(tmp_path, into, outside)


def test_a_kind_of_another_type_and_a_statement_without_ends_are_reported(ea, nt, tmp_path, outside):
    extra = (f'<{BASE}fn-collection> <{RDF_TYPE}> <{EA}CitizenFacingApplication> .\n'
             f'<{BASE}stray> <{RDF_TYPE}> <{EA}Flow> .\n').encode()
    src = write(tmp_path, "odd.nt", nt + extra)
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 1
    assert (f"{src}: <{BASE}fn-collection>: a ea:BusinessFunction typed with the kind ea:CitizenFacingApplication, "
            "a kind of application-component (remove the kind, or the type)") in result.stderr
    assert (f"{src}: <{BASE}stray>: a ea:Flow statement without an rdf:subject or rdf:object IRI (give it both)"
            in result.stderr)
    nothing_written(tmp_path, into, outside)


def test_a_30_mb_literal_is_refused_without_memory_error(nt, tmp_path, outside):
    huge = "x" * (30 * 2**20)
    src = write(tmp_path, "huge.nt", nt + f'<{BASE}app-collection> <{DCT}description> "{huge}" .\n'.encode())
    into = tmp_path / "new"
    result = run_bounded("import", "rdf", src, "--into", into)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr == (f"error: {src}: a literal or IRI too long to read (Reached the buffer maximal size of "
                             "16777216): refused (names, descriptions and notes are short texts)\n")
    nothing_written(tmp_path, into, outside)


# ------------------------------------------------------------------------------------ 12.6 size limits
def test_a_2_mb_literal_is_refused_with_its_subject(ea, nt, tmp_path, outside):
    src = write(tmp_path, "long.nt", nt + f'<{BASE}app-collection> <{DCT}description> "{"x" * 2**21}" .\n'.encode())
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {src}: a literal of 2,097,152 characters at <{BASE}app-collection> "
                             f"<{DCT}description>, over the limit of 1,048,576: refused (names, descriptions and "
                             "notes are short texts)\n")
    nothing_written(tmp_path, into, outside)


def test_dev_zero_is_refused(tmp_path, outside):
    into = tmp_path / "new"
    result = run_bounded("import", "rdf", "/dev/zero", "--format", "ntriples", "--into", into)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith("error: /dev/zero: not valid ntriples: ")
    assert "Traceback" not in result.stderr
    nothing_written(tmp_path, into, outside)


def test_a_2_gb_sparse_file_is_refused_by_its_size(tmp_path, outside):
    big = tmp_path / "big.ttl"
    subprocess.run(["truncate", "-s", "2G", str(big)], check=True)
    into = tmp_path / "new"
    result = run_bounded("import", "rdf", big, "--into", into)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr == (f"error: {big}: the file has 2,147,483,648 bytes, over the limit of 268,435,456 "
                             "bytes (import the export of one repository)\n")
    nothing_written(tmp_path, into, outside)


def test_a_stream_past_the_limit_is_refused(ea, nt, tmp_path, monkeypatch, outside):
    from ea_model.rdf import import_

    monkeypatch.setattr(import_, "MAX_BYTES", 1000)
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer: valid N-Triples, more than the limit
        try:
            with open(fifo, "wb") as fh:
                fh.write(nt)
        finally:
            os._exit(0)
    into = tmp_path / "new"
    try:
        result = ea("import", "rdf", fifo, "--into", into)
    finally:
        os.waitpid(pid, 0)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {fifo}: the file goes on past the limit, over the limit of 1,000 bytes (import "
                             "the export of one repository)\n")
    nothing_written(tmp_path, into, outside)


def test_a_dtd_after_a_long_comment_is_refused(ea, tmp_path, outside):
    data = (b'<?xml version="1.0"?>\n<!-- ' + b"x" * (2 * 2**20) + b' -->\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    src = write(tmp_path, "late.rdf", data)
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {src}: the RDF/XML file declares a DTD or entities (<!DOCTYPE / <!ENTITY): "
                             "refused, ea exports never use them\n")
    nothing_written(tmp_path, into, outside)


def test_a_failed_import_leaves_the_previous_output_intact(ea, nt, tmp_path, outside):
    into = tmp_path / "kept"
    into.mkdir()
    (into / "notes.txt").write_text("mine", encoding="utf-8")
    src = write(tmp_path, "m.nt", nt)
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == f"error: {src}: {into} exists and is not an empty folder: choose a new folder\n"
    assert snapshot(into) == {"notes.txt": b"mine"} and snapshot(outside) == {}


def test_a_blank_node_where_a_value_belongs_is_no_value(ea, nt, tmp_path, outside):
    # found by test_importers_property: a blank node reached the YAML writer (RepresenterError)
    line = f'<{BASE}> <{DCT}identifier> "mini" .\n'.encode()
    assert line in nt
    src = write(tmp_path, "blank.nt", nt.replace(line, f"<{BASE}> <{DCT}identifier> _:b0 .\n".encode())
                + f"<{BASE}app-collection/change/target-2030> <{EA}plateau> _:b1 .\n".encode())
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert (into / "ea.yaml").read_text(encoding="utf-8").splitlines()[1] == "id: imported"
    assert snapshot(outside) == {}


@pytest.mark.parametrize("local, key", [("_.ZZ", "_.ZZ"), ("_a.", "_a."), ("_.F", "_.F"), ("_%C3%BC", "%C3%BC")])
def test_a_property_predicate_not_in_eas_encoding_keeps_its_name(ea, nt, tmp_path, outside, local, key):
    # found by test_importers_property: ValueError from the eap:_ key decoding
    src = write(tmp_path, "key.nt", nt + f'<{BASE}app-collection> <https://w3id.org/ea-model/property#{local}> "v" .\n'
                .encode())
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert ea_model.load(into).elements["app-collection"].properties[key] == "v"
    assert snapshot(outside) == {}


def test_a_literal_where_an_iri_belongs_is_no_iri(ea, nt, tmp_path, outside):
    # found by test_importers_property: a change's plateau given as a literal ended in AttributeError
    line = f"<{BASE}app-collection/change/target-2030> <{EA}plateau> <{BASE}plateau/target-2030> .\n".encode()
    assert line in nt
    src = write(tmp_path, "lit.nt", nt.replace(line, f'<{BASE}app-collection/change/target-2030> <{EA}plateau> "" .\n'
                                                         .encode()))
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "`ea validate`: 1 error(s)" in result.stderr  # the change names no plateau: validation says so
    assert snapshot(outside) == {}


def test_an_iri_with_invalid_percent_encoding_is_not_an_element_id(ea, nt, tmp_path, outside):
    extra = (f"<{BASE}%FF> <{RDF_TYPE}> <{EA}ApplicationComponent> .\n"
             f"<{BASE}app-portal> <{EA}plateau> <{BASE}plateau/%C3> .\n").encode()
    src = write(tmp_path, "pct.nt", nt + extra)
    into = tmp_path / "new"
    result = ea("import", "rdf", src, "--into", into)
    no_traceback(result)
    assert result.exit_code == 2  # the IRI is kept as the id, which ea refuses
    assert f"id '{BASE}%FF' may hold only ASCII letters" in result.stderr
    nothing_written(tmp_path, into, outside)
