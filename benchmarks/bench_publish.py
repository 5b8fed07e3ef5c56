"""Publish N synthetic agencies of E elements each (benchmarks/generate.py, each depending on examples/national)
into a local Oxigraph server, run 5 cross-agency queries, and compare with the server's own bulk loader.

    python benchmarks/bench_publish.py [AGENCIES] [ELEMENTS]      # default 50 10000 (about 16 M triples)

Reports: publish throughput (triples/s, `ea publish` end to end: load, export, HTTP PUT per graph) against the
floor of `oxigraph load` of the same N-Triples into an empty store, query times, store size, server memory.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

import ea_model  # noqa: E402
from ea_model.publish.client import Client  # noqa: E402
from ea_model.publish.graphs import build, graph_prefix  # noqa: E402
from ea_model.publish.publish import publish  # noqa: E402
from ea_model.publish.remote import run  # noqa: E402
from ea_model.publish.store import binary, serve, stop, store_size  # noqa: E402

NATIONAL = Path(__file__).resolve().parent.parent / "examples" / "national"
USES = """\
relationships:
{}
"""
QUERIES = {
    "national platforms each agency uses": """
        SELECT ?agency ?platform (COUNT(*) AS ?links) WHERE {
          ?arch a ea:Architecture ; dct:identifier ?agency .
          ?s ea:flowsTo ?p . ?p ea:external true ; dct:identifier ?platform .
          FILTER(STRSTARTS(STR(?s), STR(?arch)))
        } GROUP BY ?agency ?platform ORDER BY ?agency ?platform""",
    "agencies exchanging data with the population database": """
        SELECT DISTINCT ?agency WHERE {
          ?arch a ea:Architecture ; dct:identifier ?agency .
          ?s ea:flowsTo ?p . ?p dct:identifier "ext-npdb" .
          FILTER(STRSTARTS(STR(?s), STR(?arch)))
        } ORDER BY ?agency""",
    "applications by kind across agencies": """
        SELECT ?kind (COUNT(?e) AS ?n) WHERE {
          ?e a ?k . ?k rdfs:subClassOf ea:ApplicationComponent ; dct:identifier ?kind .
        } GROUP BY ?kind ORDER BY ?kind""",
    "elements per agency in the target plateau": """
        SELECT ?agency (COUNT(?e) AS ?n) WHERE {
          ?p a ea:ArchitecturePlateau ; dct:identifier "target" .
          ?arch a ea:Architecture ; dct:identifier ?agency .
          ?e ea:plateau ?p . FILTER(STRSTARTS(STR(?p), STR(?arch)))
        } GROUP BY ?agency ORDER BY ?agency""",
    "work packages new in the target, one agency": """
        SELECT (COUNT(?e) AS ?n) WHERE {
          ?e a ea:WorkPackage ; ea:plateau ?t .
          ?t dct:identifier "target" . FILTER NOT EXISTS { ?e ea:plateau ?b . ?b dct:identifier "baseline" }
          FILTER(STRSTARTS(STR(?e), "https://example.org/ea/agency-001/"))
        }""",
}


def make_agency(i: int, n: int, root: Path) -> Path:
    repo = generate(n, root / f"agency-{i:03d}", seed=i)
    manifest = (repo / "ea.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace("id: synthetic", f"id: agency-{i:03d}").replace(
        "https://example.org/ea/synthetic/", f"https://example.org/ea/agency-{i:03d}/")
    (repo / "ea.yaml").write_text(manifest + f"depends:\n  - {{prefix: nat, path: {NATIONAL}}}\n", encoding="utf-8")
    targets = ["ext-ndxp", "ext-vdxp", "ext-npdb", "ext-national-public-service-portal", "ext-ndc-platform"]
    rels = [f"  - {{type: flow, from: app-{k:06d}, to: nat:{t}, source: {{doc: doc-0, line: 1}}}}"
            for k, t in enumerate(targets[: 2 + i % 4])]
    (repo / "layers" / "uses_national.yaml").write_text(USES.format("\n".join(rels)), encoding="utf-8")
    return repo


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(agencies: int = 50, elements: int = 10_000) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="ea-bench-publish-"))
    ids = sorted(ea_model.load(make_agency(1, 10, tmp / "probe")).elements)  # the generator's id scheme
    assert any(i.startswith("app-") for i in ids), ids
    t0 = time.perf_counter()
    repos = [make_agency(i, elements, tmp / "repos") for i in range(1, agencies + 1)]
    generated = time.perf_counter() - t0
    running = serve(tmp / "store", port=7879)
    client = Client(running.store_url, timeout=3600)
    triples = 0
    all_nt = tmp / "all.nt"
    t0 = time.perf_counter()
    with all_nt.open("wb") as fh:
        for repo in [NATIONAL, *repos]:
            model = ea_model.load(repo)
            out = publish(model, client)
            triples += out.triples_sent
            for g in build(model, graph_prefix(model, None)):
                fh.write(g.data)  # the same triples, for the bulk-load floor (not timed: after the publish clock)
            print(f"  {model.manifest.id}: {out.triples_sent:,} triples, {len(out.sent)} graphs", flush=True)
    publish_s = time.perf_counter() - t0
    # the time spent writing all.nt is inside publish_s; measure it separately and take it out
    t0 = time.perf_counter()
    for repo in repos[:1]:
        model = ea_model.load(repo)
        b"".join(g.data for g in build(model, graph_prefix(model, None)))
    per_repo_export = time.perf_counter() - t0
    queries = {}
    for name, q in QUERIES.items():
        t0 = time.perf_counter()
        answer = run(running.query_url, q, {"ea": "https://w3id.org/ea-model/ontology#",
                                            "dct": "http://purl.org/dc/terms/",
                                            "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
                     timeout=600, max_rows=1_000_000)
        queries[name] = (time.perf_counter() - t0, len(answer.rows))
        print(f"  query '{name}': {queries[name][0]:.2f}s, {len(answer.rows)} rows", flush=True)
    memory = rss_kib(running.pid)
    size = store_size(tmp / "store")
    stop(tmp / "store")
    floor_db = tmp / "floor"
    t0 = time.perf_counter()
    subprocess.run([binary(), "load", "--location", str(floor_db), "--file", str(all_nt)], check=True,
                   capture_output=True)
    floor_s = time.perf_counter() - t0
    result = {"agencies": agencies, "elements_each": elements, "triples": triples, "generate_s": round(generated, 1),
              "publish_s": round(publish_s, 1), "publish_triples_per_s": round(triples / publish_s),
              "export_one_agency_s": round(per_repo_export, 2),
              "bulk_load_s": round(floor_s, 1), "bulk_load_triples_per_s": round(triples / floor_s),
              "store_mib": round(size / 2**20), "server_peak_rss_mib": round(memory / 1024),
              "queries_s": {k: round(v[0], 2) for k, v in queries.items()},
              "query_rows": {k: v[1] for k, v in queries.items()}}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    shutil.rmtree(tmp, ignore_errors=True)
    return result


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
