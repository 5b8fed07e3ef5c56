"""Time `ea site` (build only: the model is loaded beforehand, as `ea serve` holds it) for the BHXH model of
this repository and for synthetic repositories of N elements (benchmarks/generate.py), both languages:
a clean build into an empty folder, a rebuild of the same model over it, and a rebuild after one change
(an element renamed in a copy of the repository: its page and its neighbours' pages change).

    python benchmarks/bench_site.py [N ...]        # default: 10000
    python benchmarks/bench_site.py --no-bhxh 1000 10000

Wall and CPU seconds (CPU: this process and the forked page workers and language writers), files written (the
others are kept from the site replaced), peak memory (this process; the largest worker); the load average
before and after, since other work on the machine lengthens the wall times. The BHXH row is left out (with
the reason) while the model does not load or has no elements.
"""

from __future__ import annotations

import gc
import os
import re
import resource
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


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(model, out: Path) -> tuple[float, float, object]:
    gc.freeze()
    wall, cpu = time.perf_counter(), _cpu()
    result = build_site(model, out)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    gc.unfreeze()
    return wall, cpu, result


def changed_copy(root: Path, model, into: Path) -> Path:
    """A copy of the repository with one element renamed in its file (the first element, by id, whose
    Vietnamese name is written on one line)."""
    copy = into / "repo"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", "exports", "benchmarks", ".venv"))
    for eid in sorted(model.elements):
        el = model.elements[eid]
        name = el.name.get("vi") if isinstance(el.name, dict) else None
        path = copy / el.file
        text = path.read_text(encoding="utf-8") if name and path.is_file() else ""
        if name and re.search(re.escape(name), text):
            path.write_text(text.replace(name, f"{name} (sửa)", 1), encoding="utf-8")
            return copy
    raise SystemExit(f"{root}: no element name to change")


def row(label: str, root: Path) -> None:
    ea_model.load(root)  # fill the parse cache and the model snapshot
    start = time.perf_counter()
    model = ea_model.load(root)
    t_load = time.perf_counter() - start
    if not model.elements:
        print(f"| {label} | (no elements: skipped) |" + " |" * 12, flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="ea-bench-site-") as tmp:
        out = Path(tmp) / "site"
        clean_wall, clean_cpu, result = timed(model, out)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        same_wall, same_cpu, same = timed(model, out)
        copy = changed_copy(root, model, Path(tmp))
        ea_model.load(copy)
        ea_model.load(copy)  # parse cache and snapshot of the copy, as before
        start = time.perf_counter()
        changed = ea_model.load(copy)
        t_change = time.perf_counter() - start
        one_wall, one_cpu, one = timed(changed, out)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"| {label} | {len(model.elements):,} | {result.pages:,} | {t_load:.2f} | {clean_wall:.1f} | "
          f"{clean_cpu:.1f} | {same_wall:.1f} | {same_cpu:.1f} | {same.written:,} | {t_change:.2f} | "
          f"{one_wall:.1f} | {one_cpu:.1f} | {one.written:,} | {rss} / {workers} | {size / 1e6:.0f} |", flush=True)


def main(args: list[str]) -> None:
    bhxh = "--no-bhxh" not in args
    sizes = [int(a) for a in args if not a.startswith("--")] or [10_000]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("| repository | elements | pages (vi + en) | load, warm (s) | clean build: wall (s) | CPU (s) | "
          "rebuild, same model: wall (s) | CPU (s) | files written | one element renamed: load (s) | "
          "rebuild wall (s) | CPU (s) | files written | peak RSS MB (build / largest worker) | MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    if bhxh:
        try:
            row("BHXH (this repository)", ROOT)
        except ea_model.RepositoryError as exc:
            print(f"| BHXH (this repository) | (does not load: {exc}) |" + " |" * 12)
    for n in sizes:
        root = OUT / f"repo-{n}"
        if not (root / "ea.yaml").exists():
            shutil.rmtree(root, ignore_errors=True)
            generate(n, root)
        row(f"synthetic {n:,}", root)
    # the machine may be shared: wall times mean little when the load rose meanwhile
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main(sys.argv[1:])
