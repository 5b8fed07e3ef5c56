"""Time `ea render` on views of 500 and 2,000 nodes of a synthetic repository, split into our part (selection,
scene with text measured, DOT, reading graphviz's JSON, drawing the SVG) and graphviz's (`dot` laying out), to
show where render time goes. Goal (issue 14): our part at most 10% of graphviz's; 2,000 nodes with clusters laid
out in at most 15 s on 2 cores.

    python benchmarks/bench_render.py [NODES ...]      # default 500 2000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load  # noqa: E402
from ea_model.render import layout, scene, svg  # noqa: E402
from ea_model.viewpoints import Viewpoint, select  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
LAYERS = ("application", "data", "technology")


def main(sizes: list[int]) -> None:
    print("| nodes | edges | clusters | ours: select + scene + DOT + drawing (s) | graphviz dot (s) | ours / graphviz "
          "| total (s) | effort limits |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
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
        drawn = scene.build(model, sel, "vi")
        geometry = layout.compute(drawn)
        svg.draw(drawn, geometry, "Chú giải")
        total = time.perf_counter() - start
        theirs = geometry.seconds
        ours = total - theirs
        limits = "yes" if len(drawn.nodes) >= layout.BIG else "no"
        print(f"| {len(sel.elements):,} | {len(sel.relationships):,} | {len(drawn.clusters)} | {ours:.2f} | "
              f"{theirs:.2f} | {ours / theirs:.0%} | {total:.2f} | {limits} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000])
