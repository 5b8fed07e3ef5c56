"""`make bench`: one table of every scale row of issue 16, at 1,000, 10,000 and 100,000 elements.

Each row runs the real command (`ea ...` in a subprocess, with its own empty cache folder where it says "cold")
and reports wall and CPU seconds (user + system, children included: the model snapshot is written by a forked
child, see ea_model/model_snapshot.py) and peak RSS; next to it the floor measured in the same run (PyYAML's C
loader or json.loads on the same data, pyoxigraph parse -> serialize of the same triples, ...) and the ratio
of the CPU seconds. The machine is shared: ratios within one run and CPU seconds say more than wall time.

    python benchmarks/bench_all.py [N ...]          # default 1000 10000 100000
    python benchmarks/bench_all.py --site-max 10000  # `ea site` only up to this size (default 10000)

Generated repositories are cached under benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_gap import make as make_gap  # noqa: E402
from generate import generate  # noqa: E402

OUT = HERE / "out"
EA = str(Path(sys.executable).parent / "ea")


class Run:
    def __init__(self, wall: float, cpu: float, rss_mb: float, code: int) -> None:
        self.wall, self.cpu, self.rss_mb, self.code = wall, cpu, rss_mb, code


def ea(args: list[str], cwd: Path, cache: Path, env: dict[str, str] | None = None) -> Run:
    """One `ea` command, timed: wall, CPU and peak RSS of that process (and of children it waited for; not of
    the detached child that writes a model snapshot after a cold load: that work is off the user's path)."""
    full_env = {**os.environ, "XDG_CACHE_HOME": str(cache), **(env or {})}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([EA, *args], cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            err.seek(0)
            print(f"<!-- ea {' '.join(args)} exited {proc.returncode}: {err.read().decode()[-500:]} -->", flush=True)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def cpu_of(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".ea" not in p.as_posix())


def floor_csafeloader(root: Path) -> None:
    files = yaml_files(root)

    def parse() -> None:
        for f in files:
            with open(f, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)  # noqa: S506 - the C *safe* loader

    print(cpu_of(parse))


def floor_json(root: Path) -> None:
    texts = [json.dumps(yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader), default=str)  # noqa: S506
             for f in yaml_files(root)]
    print(cpu_of(lambda: [json.loads(t) for t in texts]))


def floor_oxigraph(root: Path, fmt: str) -> None:
    import pyoxigraph as ox

    from ea_model import load
    from ea_model.rdf.export import ntriples

    nt = ntriples(load(root))
    target = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES

    def run() -> None:
        ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=target)

    print(cpu_of(run))


FLOORS: dict[str, Callable] = {"csafeloader": floor_csafeloader, "json": floor_json, "oxigraph": floor_oxigraph}


def floor(kind: str, *args: object) -> float:
    """CPU seconds of a floor, measured in a child process (see FLOORS)."""
    out = subprocess.run([sys.executable, __file__, "--floor", kind, *map(str, args)], check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def floor_python() -> float:
    runs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(runs)


def row(n: int, what: str, run: Run | None, floor_what: str = "", floor: float | None = None) -> None:
    if run is None:
        print(f"| {n:,} | {what} | not run | | | {floor_what} | | |", flush=True)
        return
    ratio = f"{run.cpu / floor:.2f}x" if floor else "–"
    floor_s = f"{floor:.2f}" if floor is not None else "–"
    print(f"| {n:,} | {what} | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:,.0f} | {floor_what} {floor_s} | {ratio} |",
          flush=True)


def repo(n: int) -> Path:
    root = OUT / f"repo-{n}"
    if not (root / "ea.yaml").exists():
        generate(n, root)
    return root


def gap_repo(n: int) -> Path:
    root = OUT / f"gap-{n}"
    if not (root / "ea.yaml").exists():
        make_gap(n, root)
    return root


def bench_size(n: int, site_max: int, tmp: Path) -> None:
    root = repo(n)
    cache = tmp / f"cache-{n}"
    sync = {"EA_SNAPSHOT_SYNC": "1"}  # priming runs: the snapshot is there before the next command starts
    parse_floor, json_floor = floor("csafeloader", root), floor("json", root)
    cold = ea(["validate", "--strict"], root, cache)
    row(n, "`ea validate`, cold cache", cold, "CSafeLoader parse", parse_floor)
    # Priming: the cold run's snapshot is written by a detached child that may not be done yet; these runs
    # make sure the model snapshot and the findings are there before the warm rows.
    ea(["stats"], root, cache, sync)
    ea(["validate", "--strict"], root, cache, sync)
    row(n, "`ea validate`, warm (nothing changed)", ea(["validate", "--strict"], root, cache), "json.loads", json_floor)
    row(n, "`ea stats`, warm (whole model from the snapshot)", ea(["stats"], root, cache), "json.loads", json_floor)
    changed = sorted((root / "layers" / "application").glob("*.yaml"))[0]
    os.utime(changed)  # one file touched: the snapshot is stale, the parse cache holds the other files
    row(n, "`ea validate`, one file changed", ea(["validate", "--strict"], root, cache), "json.loads", json_floor)
    ea(["stats"], root, cache, sync)
    ea(["validate"], root, cache, sync)

    for fmt in ("turtle", "ntriples"):
        out = tmp / f"out.{fmt}"
        run = ea(["export", "rdf", "--format", fmt, "--out", str(out)], root, cache)
        row(n, f"`ea export rdf --format {fmt}`, warm", run, f"pyoxigraph parse->serialize {fmt}",
            floor("oxigraph", root, fmt))
    row(n, "`ea validate --rdf` (SHACL), warm", ea(["validate", "--rdf"], root, cache),
        "`ea validate` warm (findings kept)", ea(["validate"], root, cache).cpu)
    row(n, "`ea export archimate`, warm", ea(["export", "archimate", "--out", str(tmp / "a.xml")], root, cache))

    groot = gap_repo(n)
    ea(["stats"], groot, cache, sync)
    ea(["validate"], groot, cache, sync)
    load_only = ea(["stats"], groot, cache).cpu  # the model from the snapshot, and a count: the load
    gap = ea(["gap", "--from", "baseline", "--to", "target", "--format", "json", "--out", str(tmp / "gap.json")],
             groot, cache)
    row(n, "`ea gap --format json` (5% differ), warm", gap, "load (`ea stats` warm)", load_only)
    if n <= site_max:
        site = ea(["site", "--out", str(tmp / "site")], root, cache)
        row(n, "`ea site`", site)
        shutil.rmtree(tmp / "site", ignore_errors=True)
    else:
        row(n, "`ea site`", None, f"(left out above {site_max:,})")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--floor"]:
        FLOORS[argv[1]](Path(argv[2]), *argv[3:])
        return
    site_max = 10_000
    if "--site-max" in argv:
        i = argv.index("--site-max")
        site_max = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    sizes = [int(a) for a in argv] or [1_000, 10_000, 100_000]
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
          f"{os.cpu_count()} CPUs\n")
    print("| elements | work | ea wall (s) | ea CPU (s) | ea RSS (MB) | floor, same run (CPU s) | ratio (CPU) |")
    print("|---:|---|---:|---:|---:|---|---:|")
    with tempfile.TemporaryDirectory(prefix="ea-bench-") as tmp:
        start = ea(["--version"], HERE, Path(tmp) / "cache")
        row(0, "start-up, `ea --version`", start, "python -c pass", floor_python())
        for n in sizes:
            bench_size(n, site_max, Path(tmp))
    print(f"\nload after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
