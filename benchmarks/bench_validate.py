"""Time load + validate on synthetic repositories of 1,000, 10,000 and 100,000 elements, next to the
floor: PyYAML's C loader alone parsing the same files.

    python benchmarks/bench_validate.py [N ...]
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load, validate  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def floor(root: Path) -> float:
    files = sorted(root.rglob("*.yaml"))

    def parse():
        for f in files:
            with open(f, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)

    return _best(parse, 3)[0]


def main(sizes: list[int]) -> None:
    print("| elements | relationships | MB | parse floor (s) | cold load (s) | warm load (s) | validate (s) | "
          "cold total (s) | cold × floor | warm total (s) | elements/s (warm) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        root = OUT / f"repo-{n}"
        if not (root / "ea.yaml").exists():
            generate(n, root)
        size = sum(f.stat().st_size for f in root.rglob("*.yaml")) / 1e6
        parse = floor(root)
        repeat = 3 if n <= 10_000 else 1
        os.environ["EA_NO_CACHE"] = "1"
        cold_s, model = _best(lambda root=root: load(root), repeat)
        del os.environ["EA_NO_CACHE"]
        load(root)  # fill the parse cache
        warm_s, model = _best(lambda root=root: load(root), repeat)
        validate_s, problems = _best(lambda model=model: validate(model, strict=True), repeat)
        assert not problems, problems[:5]
        cold, warm = cold_s + validate_s, warm_s + validate_s
        print(f"| {len(model.elements):,} | {len(model.relationships):,} | {size:.1f} | {parse:.2f} | "
              f"{cold_s:.2f} | {warm_s:.2f} | {validate_s:.2f} | {cold:.2f} | {cold / parse:.2f} | {warm:.2f} | "
              f"{len(model.elements) / warm:,.0f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
