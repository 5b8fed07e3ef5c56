"""Generate a synthetic repository of N elements (~3 relationships each), spread over files and layers.

    python benchmarks/generate.py 100000 /tmp/ea-100k

The model is valid (`ea validate --strict` passes), so the benchmark measures the full path.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PER_FILE = 250
# (layer folder, id prefix, kind, share of the elements)
MIX = [
    ("business", "org", "organisation-unit", 0.05),
    ("business", "fn", "business-function", 0.15),
    ("data", "db", "specialised-database", 0.15),
    ("application", "app", "specialised-application", 0.25),
    ("technology", "node", "node", 0.15),
    ("security", "sec", "security-solution", 0.05),
    ("motivation", "req", "requirement", 0.1),
    ("implementation", "wp", "work-package", 0.1),
]
TYPES = {"business-function", "node", "requirement", "work-package"}
MANIFEST = """\
id: synthetic
name: {vi: Kiến trúc tổng hợp, en: Synthetic architecture}
framework: vneaf-2.0
languages: [vi, en]
base_iri: https://example.org/ea/synthetic/
plateaus: gap_analysis/plateaus.yaml
folders:
  model: [layers]
"""
PLATEAUS = """\
plateaus:
  - {id: baseline, name: {vi: Hiện trạng, en: Baseline}, date: "2022-01-01", source: {doc: doc-0}}
  - {id: target, name: {vi: Mục tiêu, en: Target}, date: "2030-12-31", source: {doc: doc-0}}
"""


def _ids(n: int) -> dict[str, list[str]]:
    counts = {prefix: max(1, int(n * share)) for _, prefix, _, share in MIX}
    counts["app"] += n - 1 - sum(counts.values())  # doc-0 is the last one
    return {prefix: [f"{prefix}-{i}" for i in range(count)] for prefix, count in counts.items()}


def _links(prefix: str, ids: dict[str, list[str]], rnd: random.Random) -> list[str]:
    pick = rnd.choice

    def some(group: str, k: int) -> str:
        return ", ".join(rnd.sample(ids[group], min(k, len(ids[group]))))

    if prefix == "org":
        return [f"    assigned_to: [{some('fn', 3)}]"]
    if prefix == "app":
        return [
            f"    serves: [{some('fn', 2)}]",
            f"    accesses: [{{to: {pick(ids['db'])}, access: read}}]",
            f"    flows_to: [{pick(ids['app'])}]",
            f"    owner: {pick(ids['org'])}",
        ]
    if prefix == "node":
        return [f"    serves: [{some('app', 3)}]"]
    if prefix == "sec":
        return [f"    serves: [{some('node', 2)}]", f"    realizes: [{pick(ids['req'])}]"]
    if prefix == "req":
        return [f"    influences: [{some('req', 2)}]"]
    if prefix == "wp":
        return [f"    realizes: [{pick(ids['app'])}, {pick(ids['db'])}, {pick(ids['req'])}]",
                f"    owner: {pick(ids['org'])}"]
    if prefix == "fn":
        return [f"    composed_of: [{some('fn', 2)}]"]
    return [f"    owner: {pick(ids['org'])}", f"    composed_of: [{pick(ids['db'])}]"]  # databases


def generate(n: int, root: Path, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    ids = _ids(n)
    root.mkdir(parents=True, exist_ok=True)
    (root / "ea.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "gap_analysis").mkdir(exist_ok=True)
    (root / "gap_analysis" / "plateaus.yaml").write_text(PLATEAUS, encoding="utf-8")
    docs = root / "layers" / "motivation"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "documents.yaml").write_text(
        "elements:\n  - id: doc-0\n    kind: legal-document\n    name: {vi: Quyết định số 0, en: Decision 0}\n"
        "    properties: {number: 0/QĐ, date: 2022-01-01, issuer: Test}\n    source: {doc: doc-0, line: 1}\n",
        encoding="utf-8",
    )
    for layer, prefix, kind, _ in MIX:
        folder = root / "layers" / layer
        folder.mkdir(parents=True, exist_ok=True)
        members = ids[prefix]
        for start in range(0, len(members), PER_FILE):
            lines = ["elements:"]
            for eid in members[start:start + PER_FILE]:
                key = "type" if kind in TYPES else "kind"
                lines += [
                    f"  - id: {eid}",
                    f"    {key}: {kind}",
                    f"    name: {{vi: Phần tử {eid} của hệ thống, en: Element {eid}}}",
                    f"    description: Mô tả tổng hợp cho {eid}.",
                    f"    properties: {{since: {2000 + rnd.randrange(25)}, users: {rnd.randrange(10000)}}}",
                    f"    source: {{doc: doc-0, section: '{rnd.randrange(1, 9)}.{rnd.randrange(1, 9)}', "
                    f"line: {rnd.randrange(1, 1300)}}}",
                ]
                if rnd.random() < 0.2:
                    lines.append("    plateaus: [target]")
                lines += _links(prefix, ids, rnd)
            (folder / f"{prefix}-{start // PER_FILE:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
