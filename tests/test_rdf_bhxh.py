"""The BHXH repository's export: every syntax parses with rapper and pyoxigraph, SHACL conforms, and the
round trip through `ea import rdf` is isomorphic."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from ea_model.rdf import export, shacl
from ea_model.rdf.import_ import import_file

from .rdf_fixture import FORMATS, RAPPER, oxigraph_count, rapper_graph, rdflib_graph


def test_bhxh_export_parses_everywhere(bhxh, tmp_path):
    reference = rdflib.Graph().parse(data=export.serialize(bhxh, "ntriples"), format="nt")
    assert len(reference) > 1000
    for fmt in FORMATS:
        data = export.serialize(bhxh, fmt)
        assert oxigraph_count(data, fmt) == len(reference), fmt
        assert isomorphic(rdflib_graph(data, fmt), reference), fmt
        if fmt in RAPPER:
            path = tmp_path / f"bhxh.{fmt}"
            path.write_bytes(data)
            assert len(rapper_graph(path, fmt)) == len(reference), fmt


def test_bhxh_export_conforms_to_the_shapes(bhxh):
    conforms, results = shacl.run(export.to_graph(bhxh), shacl.shapes_graph(bhxh))
    assert conforms, results[:10]


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_bhxh_round_trip(bhxh, tmp_path, fmt):
    data = export.serialize(bhxh, fmt)
    src = tmp_path / f"bhxh.{export.EXTENSIONS[fmt]}"
    src.write_bytes(data)
    back = import_file(src, tmp_path / "back").model
    assert export.serialize(back, "ntriples") == export.serialize(bhxh, "ntriples")
    assert isomorphic(rdflib_graph(export.serialize(back, fmt), fmt), rdflib_graph(data, fmt))
