"""Property-based: whatever an exchange file or an RDF file holds (random bytes, or a real one mutated with
the pieces hostile files are made of), `ea import archimate` and `ea import rdf` end in a repository or in
one of our errors (an `EaError`: exit code 1 or 2, one message), never in another exception, and never write
outside their target folder."""

from __future__ import annotations

import copy
import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ea_model
from ea_model.cli import main
from ea_model.rdf import export

from ..conftest import MANIFEST, MODEL, PLATEAUS, REPO_ROOT, write
from .conftest import snapshot

BILINGUAL = (REPO_ROOT / "tests" / "fixtures" / "archimate" / "bilingual.xml").read_bytes()
# The same examples on every run (a CI failure can be replayed); EA_FUZZ_EXAMPLES=5000 explores further, at random.
EXAMPLES = int(os.environ.get("EA_FUZZ_EXAMPLES", "0"))
SETTINGS = settings(max_examples=EXAMPLES or 60, deadline=None, database=None, derandomize=not EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What hostile files are made of: paths, markup, escapes, numbers no parser likes, ids ea cannot hold.
PIECES = [
    b"../../../outside/x", b"/etc/passwd", b"..", b"\x00", b"\x1b[31m", "\u202e".encode(), b"<", b">", b"&", b'"',
    b"'", b"&amp;", b"&#x0;", b"&#1114112;", b"<!DOCTYPE m [<!ENTITY a 'b'>]>", b"<![CDATA[x]]>", b"<?pi x?>",
    b"nan", b"inf", b"-1e999", b"99999999999999999999", b"", b" ", b"\n", b"\t", b"x" * 300, "Đắk Lắk".encode(),
    b'xsi:type="Grouping"', b'xsi:type="Junction"', b'identifier="id-app"', b'elementRef="id-actor"',
    b'<node identifier="n" xsi:type="Container"><node identifier="n"/></node>', b"_:b", b"<http://x/>",
    b'"x"@vi', b'"1"^^<http://www.w3.org/2001/XMLSchema#integer>', b"@prefix : <http://e/> .", b" .\n", b";",
    b"https://w3id.org/ea-model/ontology#", b"ApplicationComponent", b"DataObject", b"Plateau", b"Serving",
]


def mutations(size: int):
    """Edits of a file of `size` bytes: (position, bytes removed, bytes inserted)."""
    insert = st.sampled_from(PIECES) | st.binary(max_size=8)
    return st.lists(st.tuples(st.integers(0, size), st.integers(0, 40), insert), min_size=1, max_size=6)


def mutate(data: bytes, edits) -> bytes:
    for at, cut, insert in edits:
        at = min(at, len(data))
        data = data[:at] + insert + data[at + cut:]
    return data


def line_edits(data: bytes):
    """Whole lines deleted, repeated or swapped: the structure changes, every line stays well-formed."""
    n = data.count(b"\n") + 1
    return st.lists(st.tuples(st.sampled_from(["drop", "twice", "swap"]), st.integers(0, n - 1),
                              st.integers(0, n - 1)), min_size=1, max_size=8)


def edit_lines(data: bytes, edits) -> bytes:
    lines = data.split(b"\n")
    for op, i, j in edits:
        i, j = i % len(lines), j % len(lines)
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "twice":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


# Well-formed edits of an exchange file: attribute values and texts set to hostile or confusing values (the
# file's own identifiers, in the wrong places), elements removed, repeated, or moved inside others.
XML_VALUES = st.sampled_from([
    "id-app", "id-actor", "id-process", "id-r-serve", "id-view", "n-actor", "pd-cost", "pd-owner", "", " ",
    "../../../outside/x", "BusinessActor", "ApplicationComponent", "Grouping", "AndJunction", "Serving", "Access",
    "Association", "Influence", "Read", "readwrite", "Bogus", "nan", "-inf", "1e308", "-5", "0", "Đắk Lắk",
    "\u202eevil", "x" * 200, "true", "Container", "Label", "Element", "Diagram", "ea_id", "ea_kind", "ea_owner",
    "ea_directed", "archimate_id", "app-x", "../x", "vi", "en", "fr", "xx-YY",
])
XML_ATTRIBUTES = st.sampled_from([
    "identifier", "{http://www.w3.org/2001/XMLSchema-instance}type", "elementRef", "relationshipRef", "source",
    "target", "accessType", "modifier", "isDirected", "x", "y", "w", "h", "identifierRef",
    "propertyDefinitionRef", "viewpoint", "{http://www.w3.org/XML/1998/namespace}lang",
])
XML_EDITS = st.lists(st.tuples(st.sampled_from(["attribute", "text", "drop", "twice", "move"]), st.integers(0, 10**6),
                               st.integers(0, 10**6), XML_ATTRIBUTES, XML_VALUES), min_size=1, max_size=6)


def edit_xml(data: bytes, edits) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    for op, i, j, attribute, value in edits:
        nodes = [n for n in root.iter() if isinstance(n.tag, str)]
        node, other = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op == "attribute":
            node.set(attribute, value)
        elif op == "text":
            node.text = value
        elif op == "drop" and node is not root:
            node.getparent().remove(node)
        elif op == "twice" and node is not root:
            node.addnext(copy.deepcopy(node))
        elif op == "move" and node is not root and node not in other.iterancestors() and node is not other:
            other.append(node)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def run_import(*args) -> None:
    """`ea ARGS` in this process: an exception other than ours fails the test with its traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.exit_code
    if result.exit_code:
        assert result.stderr.startswith("error: ") or "Error: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def check_import(kind: str, name: str, data: bytes, *options: str) -> None:
    """Import `data` (saved as `name`) into a new folder; afterwards only that folder may have appeared."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        outside = root / "outside"
        outside.mkdir()
        src = root / name
        src.write_bytes(data)
        into = root / "a" / "new"
        run_import("import", kind, src, "--into", into, *options)
        assert snapshot(outside) == {}
        assert {p.name for p in root.iterdir()} <= {"a", name, "outside"}
        assert not (root / "a").exists() or [p.name for p in (root / "a").iterdir()] in ([], ["new"])  # no temporaries
        if into.exists():
            assert all(p.resolve().is_relative_to(into.resolve()) for p in into.rglob("*"))


# ------------------------------------------------------------------------------------------- ArchiMate
@SETTINGS
@given(st.binary(max_size=400) | st.sampled_from(PIECES).map(lambda b: b"<model>" + b + b"</model>"))
def test_random_bytes_never_crash_the_archimate_import(data):
    check_import("archimate", "random.xml", data)


@SETTINGS
@given(mutations(len(BILINGUAL)))
def test_a_mutated_exchange_file_never_crashes_the_import(edits):
    check_import("archimate", "mutated.xml", mutate(BILINGUAL, edits))


@SETTINGS
@given(line_edits(BILINGUAL))
def test_an_exchange_file_with_lines_moved_never_crashes_the_import(edits):
    check_import("archimate", "moved.xml", edit_lines(BILINGUAL, edits))


@SETTINGS
@given(XML_EDITS)
def test_an_exchange_file_with_values_and_elements_changed_never_crashes_the_import(edits):
    check_import("archimate", "edited.xml", edit_xml(BILINGUAL, edits))


@settings(SETTINGS, max_examples=EXAMPLES or 25)
@given(mutations(len(BILINGUAL)))
def test_a_mutated_exchange_file_never_crashes_a_merge(edits):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        repo = write(root / "repo", {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS,
                                     "layers/model.yaml": MODEL})
        before = snapshot(repo)
        src = root / "mutated.xml"
        src.write_bytes(mutate(BILINGUAL, edits))
        run_import("import", "archimate", src, "--merge", "--repo", repo)
        after = snapshot(repo)
        assert {k: v for k, v in after.items() if k in before} == before  # the repository's files unchanged
        assert sorted(p.name for p in root.iterdir()) == ["mutated.xml", "repo"]
        assert not [p for p in (repo).rglob(".*import-*")]  # no temporaries left


# ------------------------------------------------------------------------------------------------- RDF
@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, bytes]:
    root = write(tmp_path_factory.mktemp("rdf") / "repo",
                 {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS, "layers/model.yaml": MODEL})
    model = ea_model.load(root)
    return {fmt: export.serialize(model, fmt) for fmt in ("turtle", "ntriples", "jsonld", "rdfxml")}


EXTENSION = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}
_TERM = re.compile(rb'<[^>]*>|_:\w+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?')
HOSTILE_TERMS = [
    b"_:b0", b"_:b1", b"<https://example.org/ea/mini/../../../outside/x>", b"<https://example.org/ea/mini/>",
    b"<https://example.org/ea/mini/%FF>", b"<https://example.org/ea/mini/plateau/%C3>", b"<https://example.org/ea/mini/rm/%FF>",
    b"<https://example.org/ea/mini/plateau/nowhere>", b"<https://w3id.org/ea-model/ontology#Architecture>",
    b"<https://w3id.org/ea-model/ontology#DataObject>", b"<https://w3id.org/ea-model/ontology#Serving>",
    b"<https://w3id.org/ea-model/ontology#layer>", b"<https://w3id.org/ea-model/property#_.ZZ>",
    b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", b"<http://www.w3.org/2004/02/skos/core#broader>",
    b'"../../../outside/x"', rb'"\u0000\u202e"', b'"x"@vi', b'"NaN"^^<http://www.w3.org/2001/XMLSchema#double>',
    b'"1e999"^^<http://www.w3.org/2001/XMLSchema#double>', b'"x"^^<http://www.w3.org/2001/XMLSchema#integer>',
    b'"2030-02-30"^^<http://www.w3.org/2001/XMLSchema#date>', b'"vneaf-4.0"', b'"./pack"', b'""', b'"fr"',
    b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', b'"' + b"x" * 5000 + b'"',
]


def term_edits(data: bytes):
    """N-Triples with terms replaced: by other terms of the file (an IRI where a literal was, a plateau where an
    element was) or by hostile ones; every line stays a triple, though not always a valid one."""
    terms = sorted(set(_TERM.findall(data)) | set(HOSTILE_TERMS))
    nodes = [t for t in terms if not t.startswith(b'"')]  # what a subject or predicate can be
    n = data.count(b"\n")
    subject_or_object = st.tuples(st.sampled_from([0, 2]), st.sampled_from(nodes))
    predicate = st.tuples(st.just(1), st.sampled_from([t for t in nodes if t.startswith(b"<")]))
    value = st.tuples(st.just(2), st.sampled_from(terms))
    return st.lists(st.tuples(st.integers(0, n - 1), subject_or_object | predicate | value), min_size=1, max_size=10)


def edit_terms(data: bytes, edits) -> bytes:
    lines = data.split(b"\n")
    for line, (position, term) in edits:
        parts = _TERM.findall(lines[line])
        if len(parts) == 3:
            parts[position] = term
            lines[line] = b" ".join(parts) + b" ."
    return b"\n".join(lines)


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(sorted(EXTENSION)))
def test_random_bytes_never_crash_the_rdf_import(data, fmt):
    check_import("rdf", f"random.{EXTENSION[fmt]}", data)


@settings(SETTINGS, suppress_health_check=[*SETTINGS.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(sorted(EXTENSION)))
def test_a_mutated_export_never_crashes_the_rdf_import(exports, data, fmt):
    original = exports[fmt]
    edits = data.draw(mutations(len(original)))
    check_import("rdf", f"mutated.{EXTENSION[fmt]}", mutate(original, edits))


@settings(SETTINGS, suppress_health_check=[*SETTINGS.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_an_export_with_terms_replaced_never_crashes_the_import(exports, data):
    original = exports["ntriples"]
    check_import("rdf", "terms.nt", edit_terms(original, data.draw(term_edits(original))))


@settings(SETTINGS, suppress_health_check=[*SETTINGS.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_an_export_with_triples_dropped_repeated_or_swapped_never_crashes_the_import(exports, data):
    original = exports["ntriples"]
    check_import("rdf", "moved.nt", edit_lines(original, data.draw(line_edits(original))))
