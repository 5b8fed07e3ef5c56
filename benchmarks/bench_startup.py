"""Start-up: wall time of `ea --version`, `ea --help` and a warm `ea validate` on the BHXH repository (the
median of several runs, each a new process), and the modules that cost most to import.

    python benchmarks/bench_startup.py [RUNS]

Targets (issue 13): `ea --version` <= 0.2 s, warm `ea validate` on BHXH <= 0.8 s on the 2-core machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EA = [sys.executable, "-m", "ea_model"]
COMMANDS = {"ea --version": ["--version"], "ea --help": ["--help"], "ea validate (warm)": ["validate"]}


def wall(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*EA, *args], cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_costs(top: int = 12) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports of `ea --version`."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "ea_model", "--version"], cwd=ROOT,
                         capture_output=True, text=True, check=False).stderr
    rows = []
    for line in out.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    subprocess.run([*EA, "validate"], cwd=ROOT, capture_output=True, check=False)  # warm the parse cache
    for label, args in COMMANDS.items():
        print(f"{label:22s} {wall(args, runs):6.3f} s (median of {runs})")
    print("costliest imports of `ea --version` (cumulative ms):")
    for micros, name in import_costs():
        print(f"  {micros / 1000:7.1f}  {name}")


if __name__ == "__main__":
    main()
