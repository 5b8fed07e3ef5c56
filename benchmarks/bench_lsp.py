"""Latency of `ea lsp` on the BHXH repository, through a real client over stdio (not a timed test).

    .venv/bin/python benchmarks/bench_lsp.py

completion: time from request to answer for element ids (`owner: `), N requests, median and 95th percentile;
diagnostics: time from a didChange (an unknown owner typed) to the publishDiagnostics naming it, which includes
the server's debounce pause (DEBOUNCE_SECONDS), and the server's own reload+validate time.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.lsp_client import EaClient  # noqa: E402

FILE = "layers/application/platforms.yaml"


async def main(rounds: int = 50) -> None:
    from ea_model.lsp.server import DEBOUNCE_SECONDS

    client = EaClient(ROOT)
    await client.start()
    text = (ROOT / FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, ln in enumerate(lines) if ln.strip().startswith("owner:"))
    client.open(FILE)
    await client.completion(FILE, line, len(lines[line]))  # the first request loads the model
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        items = await client.completion(FILE, line, len(lines[line]))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"completion of element ids ({len(items)} items): median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms over {rounds} requests")
    delays = []
    for i in range(10):
        broken = text.replace(lines[line], lines[line].split(":")[0] + f": org-nowhere-{i}", 1)
        started = time.perf_counter()
        client.change(FILE, broken, version=10 + 2 * i)
        uri = client.uri(FILE)
        while not any(f"org-nowhere-{i}" in d.message for d in client.diagnostics.get(uri, [])):
            await client.wait_diagnostics(60)
        delays.append((time.perf_counter() - started) * 1000)
        client.change(FILE, text, version=11 + 2 * i)
        while client.diagnostics.get(uri):
            await client.wait_diagnostics(60)
    print(f"diagnostics after an edit: median {statistics.median(delays):.0f} ms, max {max(delays):.0f} ms "
          f"(including the {DEBOUNCE_SECONDS * 1000:.0f} ms pause after the last keystroke)")
    await client.stop()


if __name__ == "__main__":
    asyncio.run(main())
