"""Time the RDF export on synthetic repositories of 1,000, 10,000 and 100,000 elements, next to its floor measured
in the same run: ea's streamed N-Triples and Turtle (`export.write`, the triples made root by root and written as
they go) against pyoxigraph parsing the same N-Triples and serialising them again, and, as API users would,
rdflib (Graph, then N-Triples). CPU seconds (the machine may be shared); the model load is not included here
(`bench_all.py` times the whole command). rdflib's Turtle serialiser grows faster than linearly (about two
minutes at 10,000 elements): it is left out.

    python benchmarks/bench_rdf.py [N ...]        # default 1000 10000 100000
    python benchmarks/bench_rdf.py --no-rdflib 100000
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load  # noqa: E402
from ea_model.rdf.export import to_graph, triples, write  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def _cpu(fn):
    gc.collect()
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def _to_file(model, fmt: str, path: str) -> int:
    with open(path, "wb") as fh:
        return write(model, fmt, fh)


def main(sizes: list[int], with_rdflib: bool = True) -> None:
    import pyoxigraph as ox

    print("| elements | relationships | triples | ea N-Triples (CPU s) | floor N-Triples (CPU s) | ratio | "
          "ea Turtle (CPU s) | floor Turtle (CPU s) | ratio | rdflib Graph + N-Triples (CPU s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    tmp = tempfile.mkdtemp()
    nt_path, ttl_path = os.path.join(tmp, "x.nt"), os.path.join(tmp, "x.ttl")
    for n in sizes:
        root = OUT / f"repo-{n}"
        if not (root / "ea.yaml").exists():
            generate(n, root)
        model = load(root)
        gc.freeze()  # as the commands do: the model is never garbage
        nt_s, count = _cpu(lambda model=model: _to_file(model, "ntriples", nt_path))
        ttl_s, _ = _cpu(lambda model=model: _to_file(model, "turtle", ttl_path))
        nt = Path(nt_path).read_bytes()
        floors = {}
        for fmt, target in (("ntriples", ox.RdfFormat.N_TRIPLES), ("turtle", ox.RdfFormat.TURTLE)):
            floors[fmt], _ = _cpu(lambda nt=nt, target=target: ox.serialize(
                ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=target))
        del nt
        row = (f"| {len(model.elements):,} | {len(model.relationships):,} | {count:,} | {nt_s:.2f} | "
               f"{floors['ntriples']:.2f} | {nt_s / floors['ntriples']:.2f}x | {ttl_s:.2f} | {floors['turtle']:.2f} | "
               f"{ttl_s / floors['turtle']:.2f}x |")
        if with_rdflib:
            rdf_s, _ = _cpu(lambda model=model: to_graph(model, triples(model)).serialize(format="nt",
                                                                                        encoding="utf-8"))
            row += f" {rdf_s:.2f} |"
        else:
            row += " – |"
        print(row, flush=True)
        gc.unfreeze()
        del model
    for name in ("x.nt", "x.ttl"):
        Path(tmp, name).unlink(missing_ok=True)
    os.rmdir(tmp)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-rdflib"]
    main([int(a) for a in args] or [1_000, 10_000, 100_000], with_rdflib="--no-rdflib" not in sys.argv)
