"""Time `ea render` on views of 500 and 2,000 nodes of a synthetic repository, split into our part (selection and
DOT generation) and graphviz's (`dot` laying out and writing SVG), to show where render time goes.

    python benchmarks/bench_render.py [NODES ...]      # default 500 2000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import graphviz

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load  # noqa: E402
from ea_model.render.dot import to_dot  # noqa: E402
from ea_model.viewpoints import Viewpoint, select  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
LAYERS = ("application", "data", "technology")


def main(sizes: list[int]) -> None:
    print("| nodes | edges | select + DOT (s) | dot -Tsvg (s) | total (s) | share in dot |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        # the application, data and technology layers are 55% of a synthetic repository: a view of them, with
        # every relationship between them, is an architect's "everything below the business layer" view
        size = round(n / 0.55)
        root = OUT / f"repo-{size}"
        if not (root / "ea.yaml").exists():
            generate(size, root)
        model = load(root)
        view = Viewpoint(id=f"bench-{n}", title={"vi": f"{n} nút", "en": f"{n} nodes"}, file="", line=0,
                         select={"layers": list(LAYERS)}, group_by="layer", direction="LR")
        start = time.perf_counter()
        sel = select(model, view)
        source = to_dot(model, sel, "vi")
        ours = time.perf_counter() - start
        start = time.perf_counter()
        graphviz.Source(source, engine="dot").pipe(format="svg")
        theirs = time.perf_counter() - start
        total = ours + theirs
        print(f"| {len(sel.elements):,} | {len(sel.relationships):,} | {ours:.2f} | {theirs:.2f} | {total:.2f} | "
              f"{theirs / total:.0%} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000])
