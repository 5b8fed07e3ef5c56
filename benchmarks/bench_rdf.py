"""Time `ea export rdf` on synthetic repositories of 1,000, 10,000 and 100,000 elements: building the triples,
then serialising them with pyoxigraph (sorted N-Triples, then Turtle / JSON-LD / RDF/XML) and with rdflib
(Graph, then N-Triples and Turtle), as the RDF API users would. rdflib's Turtle serialiser grows faster than
linearly (about two minutes at 10,000 elements), so it is timed up to 10,000 elements only.

    python benchmarks/bench_rdf.py [N ...]        # default 1000 10000 100000
    python benchmarks/bench_rdf.py --no-rdflib 100000
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load  # noqa: E402
from ea_model.rdf.export import convert, ntriples, prefixes, to_graph, triples  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def _time(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(sizes: list[int], with_rdflib: bool = True) -> None:
    print("| elements | relationships | triples | build (s) | oxigraph N-Triples (s) | oxigraph Turtle (s) | "
          "oxigraph JSON-LD (s) | oxigraph RDF/XML (s) | oxigraph total to Turtle (s) | triples/s | "
          "rdflib Graph (s) | rdflib N-Triples (s) | rdflib total to N-Triples (s) | triples/s | rdflib Turtle (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        root = OUT / f"repo-{n}"
        if not (root / "ea.yaml").exists():
            generate(n, root)
        model = load(root)
        build_s, items = _time(lambda model=model: triples(model))
        nt_s, nt = _time(lambda model=model, items=items: ntriples(model, items))
        count = nt.count(b"\n")
        pf = prefixes(model)
        ttl_s, _ = _time(lambda nt=nt, pf=pf: convert(nt, "turtle", pf))
        jsonld_s, _ = _time(lambda nt=nt, pf=pf: convert(nt, "jsonld", pf))
        xml_s, _ = _time(lambda nt=nt, pf=pf: convert(nt, "rdfxml", pf))
        ox_total = build_s + nt_s + ttl_s
        row = (f"| {len(model.elements):,} | {len(model.relationships):,} | {count:,} | {build_s:.2f} | {nt_s:.2f} | "
               f"{ttl_s:.2f} | {jsonld_s:.2f} | {xml_s:.2f} | {ox_total:.2f} | {count / ox_total:,.0f} |")
        if with_rdflib:
            graph_s, graph = _time(lambda model=model, items=items: to_graph(model, items))
            rdf_nt_s, _ = _time(lambda graph=graph: graph.serialize(format="nt", encoding="utf-8"))
            rdf_total = build_s + graph_s + rdf_nt_s
            row += f" {graph_s:.2f} | {rdf_nt_s:.2f} | {rdf_total:.2f} | {count / rdf_total:,.0f} |"
            if n <= 10_000:
                rdf_ttl_s, _ = _time(lambda graph=graph: graph.serialize(format="turtle", encoding="utf-8"))
                row += f" {rdf_ttl_s:.2f} |"
            else:
                row += " not run |"
            del graph
        else:
            row += " – | – | – | – | – |"
        print(row, flush=True)
        del items, nt, model


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-rdflib"]
    main([int(a) for a in args] or [1_000, 10_000, 100_000], with_rdflib="--no-rdflib" not in sys.argv)
