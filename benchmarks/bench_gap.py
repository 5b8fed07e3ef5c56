"""Time `ea gap` between two synthetic plateaus differing by 5%: of N elements, 2% exist only in the
baseline (eliminated), 2% only in the target (new), 1% change a property in the target; the rest are in
both.

    python benchmarks/bench_gap.py [N ...]        # default: 100000

Two tables: the steps in this process (after a warm load), then the whole commands, each its own process run
twice and the second run kept (warm snapshot): `ea stats` (the load) and `ea gap --format json`, with their
wall, CPU (with the children they waited for: the content hash of a big report is computed by a forked child)
and peak RSS. The goal of issue 16: the gap's wall within the load's + 3 s.
"""

from __future__ import annotations

import gc
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from ea_model import load  # noqa: E402
from ea_model.gap import Side, analyse, compare  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
EA = str(Path(sys.executable).with_name("ea"))


def make(n: int, root: Path, seed: int = 7) -> Path:
    """The synthetic repository of generate.py, with the plateau membership rewritten to differ by 5%."""
    generate(n, root)
    rnd = random.Random(seed)
    for path in sorted((root / "layers").rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        out = []
        for line in lines:
            if line == "    plateaus: [target]":
                continue
            out.append(line)
            m = re.fullmatch(r"  - id: (\S+)", line)
            if m and not m.group(1).startswith(("doc-", "wp-")):
                r = rnd.random()
                if r < 0.02:
                    out.append("    plateaus: [baseline]")
                elif r < 0.04:
                    out.append("    plateaus: [target]")
                elif r < 0.05:
                    out.append(f"    changes: {{target: {{properties: {{users: {rnd.randrange(10000, 20000)}}}}}}}")
        path.write_text("\n".join(out), encoding="utf-8")
    return root


def timed(fn, *args, **kwargs):
    gc.collect()
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main(sizes: list[int]) -> None:
    print()
    print("| elements | relationships | load, warm cache (s) | compare (s) | compare + work packages + RM coverage (s) "
          "| validate + report dict (s) | json (s) | md (s) | included / changed / new / eliminated |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in sizes:
        root = OUT / f"gap-{n}"
        if not (root / "ea.yaml").exists():
            make(n, root)
        load(root)  # fill the parse cache
        t_load, model = timed(load, root)
        gc.freeze()  # as `ea gap` does: the model lives until exit
        gc.disable()  # as `ea gap` does for the analysis and the report (ea_model/commands/gap.py)
        before, after = Side(model, "baseline"), Side(model, "target")
        t_cmp, _ = timed(compare, before, after)
        t_an, analysis = timed(analyse, before, after, report_date="2026-01-01")
        t_rep, report = timed(analysis.report)
        t_json, _ = timed(analysis.render, "json", "en")
        t_md, _ = timed(analysis.render, "md", "en")
        s = report["summary"]["total"]
        print(f"| {len(model.elements):,} | {len(model.relationships):,} | {t_load:.2f} | {t_cmp:.2f} | {t_an:.2f} | "
              f"{t_rep:.2f} | {t_json:.2f} | {t_md:.2f} | {s['included']:,} / {s['changed']:,} / {s['new']:,} / "
              f"{s['eliminated']:,} |", flush=True)
        gc.enable()


def command(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak RSS (MB) of one `ea` command."""
    start = time.perf_counter()
    proc = subprocess.Popen([EA, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(sizes: list[int]) -> None:
    print("| elements | `ea stats` (load): wall / CPU (s) / RSS (MB) "
          "| `ea gap --format json`: wall / CPU (s) / RSS (MB) | gap − load, wall (s) | CPU ratio gap / load |")
    print("|---:|---|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(Path(tmp) / "cache"))}
        for n in sizes:
            root = OUT / f"gap-{n}"
            if not (root / "ea.yaml").exists():
                make(n, root)
            gap = ["gap", "--from", "baseline", "--to", "target", "--format", "json", "--out",
                   str(Path(tmp) / "g.json")]
            # priming: the snapshot and the findings written before the timed runs (not by a detached child)
            for args in (["stats"], ["validate"]):
                command(args, root, {**env, "EA_SNAPSHOT_SYNC": "1"})
            load = [command(["stats"], root, env) for _ in range(2)][-1]
            run = [command(gap, root, env) for _ in range(2)][-1]
            print(f"| {n:,} | {load[0]:.2f} / {load[1]:.2f} / {load[2]:,.0f} | {run[0]:.2f} / {run[1]:.2f} / "
                  f"{run[2]:,.0f} | {run[0] - load[0]:.2f} | {run[1] / load[1]:.2f}x |", flush=True)


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [100_000]
    commands(sizes)  # first: a child forked from a process holding a model would inherit its peak RSS
    main(sizes)
