"""Repositories for the RDF tests: ids and keys that an IRI cannot hold raw, and helpers that parse exports
with rapper (Debian raptor2-utils), pyoxigraph and rdflib."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# Ids with '.', '_', capitals and digits (all an id may hold), Vietnamese letters, '/', '#', '%', a newline
# and quotes in names, odd property keys,
# a dangling-free model that passes `ea validate` (so that SHACL conforms too).
AWKWARD = """\
elements:
  - id: doc-test
    kind: legal-document
    name: {vi: Quyết định thử nghiệm, en: Test decision}
    properties: {number: 1/QĐ-TEST, date: 2022-01-01, issuer: Test}
    source: {doc: doc-test, line: 1}
  - id: "org.IT_center-1"
    kind: organisation-unit
    name: {vi: "Trung tâm \\"CNTT\\"\\nmới", en: IT Center}
    history:
      - name: {vi: Trung tâm cũ, en: Old center}
        until: 2025-03-26
        source: {doc: doc-test, line: 12}
    replaces: ["org-cu"]
    source: [{doc: doc-test, line: 3}, {doc: doc-test, section: 4, line: "5-6", quote: "x"}]
    assigned_to: ["fn_thu.20phi"]
  - id: "org-cu"
    kind: organisation-unit
    name: Đơn vị cũ
    plateaus: [baseline-2022]
    source: {doc: doc-test, line: 2}
  - id: "fn_thu.20phi"
    type: business-function
    name: {vi: Thu phí, en: Fees}
    description: Mô tả một dòng
    notes: {vi: Ghi chú, en: Note}
    rm: [BRM]
    tags: [a b, c]
    source: {doc: doc-test, line: 2}
  - id: "db.quoc-gia_x.1"
    kind: national-database
    name: {vi: CSDL, en: DB}
    owner: "org.IT_center-1"
    properties: {"khóa lạ": 1.5, "_x": [1, two, true], "weird key.": "2024-02-30", deadline: 2025-09-30}
    inferred: true
    source: {doc: doc-test, line: 2}
  - id: "dot.."
    type: application-component
    name: Dot
    source: {doc: doc-test, line: 2}
    accesses: [{to: "db.quoc-gia_x.1", access: write, name: {vi: Ghi, en: Write}, properties: {data: hồ sơ}}]
    serves: ["fn_thu.20phi"]
    changes:
      target-2030: {name: {vi: Chấm mới, en: New dot}, owner: "org.IT_center-1", rm: [BRM], tags: [t]}
  - id: "100"
    type: application-component
    name: {vi: Trăm phần trăm, en: Hundred percent}
    source: {doc: doc-test, line: 2}
    flows_to: ["dot.."]
relationships:
  - {type: association, from: "dot..", to: "org-cu", directed: true, id: "rel_1.x", description: mô tả, notes: n,
     source: {doc: doc-test, line: 3}}
  - {type: flow, from: "100", to: "dot..", plateaus: [target-2030], name: {vi: Dữ liệu, en: Data},
     properties: {data: "hồ sơ; \\"quoted\\"", volume: 12}, source: {doc: doc-test, line: 4}}
"""

FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml"}  # raptor has no JSON-LD parser
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def rapper_graph(path: Path, fmt: str):
    """Parse `path` with rapper and return its N-Triples output as an rdflib Graph."""
    import rdflib

    exe = shutil.which("rapper")
    if exe is None:
        pytest.fail("rapper is missing: install Debian's raptor2-utils (`make setup` does)")
    run = subprocess.run([exe, "-q", "-i", RAPPER[fmt], "-o", "ntriples", str(path)], capture_output=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert not run.stderr.strip(), run.stderr.decode("utf-8", "replace")
    return rdflib.Graph().parse(data=run.stdout.decode("utf-8"), format="nt")


def oxigraph_count(data: bytes, fmt: str) -> int:
    import pyoxigraph as ox

    syntax = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
              "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    return len(set(ox.parse(data, format=syntax)))


def rdflib_graph(data: bytes, fmt: str):
    import rdflib

    return rdflib.Graph().parse(data=data, format=RDFLIB[fmt])
