"""Time `ea site` (build only: the model is loaded beforehand, as `ea serve` holds it) for the BHXH model of
this repository and for synthetic repositories of N elements (benchmarks/generate.py), both languages.

    python benchmarks/bench_site.py [N ...]        # default: 10000

The BHXH row is left out (with the reason) while the model does not load or has no elements.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

import ea_model  # noqa: E402
from ea_model.site import build_site  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent


def row(label: str, root: Path) -> None:
    ea_model.load(root)  # fill the parse cache
    start = time.perf_counter()
    model = ea_model.load(root)
    t_load = time.perf_counter() - start
    if not model.elements:
        print(f"| {label} | (no elements: skipped) | | | | | |", flush=True)
        return
    errors = sum(p.severity == "error" for p in ea_model.validate(model))
    gc.freeze()
    with tempfile.TemporaryDirectory(prefix="ea-bench-site-") as tmp:
        stages: list[tuple[str, float]] = []
        start = time.perf_counter()
        result = build_site(model, Path(tmp) / "site",
                            progress=lambda text, *_: stages.append((text, time.perf_counter() - start)))
        total = time.perf_counter() - start
        pages_at = next((t for text, t in stages if text == "writing element pages"), total)
        size = sum(p.stat().st_size for p in (Path(tmp) / "site").rglob("*") if p.is_file())
    gc.unfreeze()
    print(f"| {label} | {len(model.elements):,} | {len(model.viewpoints)} | {errors} | {t_load:.2f} | "
          f"{result.pages:,} | {pages_at:.1f} | {total - pages_at:.1f} | {total:.1f} | {size / 1e6:.0f} |", flush=True)


def main(sizes: list[int]) -> None:
    print("| repository | elements | views | validation errors | load, warm cache (s) | pages (vi + en) | "
          "views, gap reports, other pages, search index (s) | element pages (s) | site build (s) | MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    try:
        row("BHXH (this repository)", ROOT)
    except ea_model.RepositoryError as exc:
        print(f"| BHXH (this repository) | (does not load: {exc}) | | | | | | | | |")
    for n in sizes:
        root = OUT / f"repo-{n}"
        if not (root / "ea.yaml").exists():
            shutil.rmtree(root, ignore_errors=True)
            generate(n, root)
        row(f"synthetic {n:,}", root)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
