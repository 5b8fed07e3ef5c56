"""What `ea gap` does differently for a big model gives the same bytes: the content hash hashed a few thousand
rows at a time, or by a forked child; the JSON format written a row at a time."""

from __future__ import annotations

import hashlib
import json

import pytest

from ea_model import load
from ea_model.gap import Side, analyse
from ea_model.gap import report as gap_report
from ea_model.gap.report import content_hash

from .gap_fixture import FILES

ARGS = ("gap", "--from", "baseline-2022", "--to", "target-2030", "--date", "2025-01-01")


def documented_hash(report: dict) -> str:
    """docs/gap.md: sha256 of the JSON report without the approval block and title, keys sorted."""
    body = {k: v for k, v in report.items() if k not in ("approval", "content_hash", "title")}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def test_content_hash_of_many_rows_is_the_documented_one():
    rows = [{"key": f"e{i:05d}", "status": "new", "name": {"vi": f"Ứng dụng {i}", "en": f"App {i}, \"x\""},
             "changes": [{"field": "name", "old": None, "new": i}]} for i in range(5003)]
    report = {
        "format": "ea-gap/1", "title": "ignored", "approval": {"status": "draft"}, "date": None,
        "gaps": rows, "plateaus": rows[:3], "empty": [], "none": {},
        # not in key order: the hash sorts them
        "elements": {f"e{i:05d}": {"type": "application-component", "name": {"vi": "Tên", "en": "Name"}}
                     for i in range(4999, -1, -1)},
        "odd": {1: "a number as key"}, "unicode": "đ\u2028\x00",
    }
    assert content_hash(report) == documented_hash(report)
    assert content_hash({}) == documented_hash({})


@pytest.fixture
def model(repo):
    return load(repo(FILES))


def test_hash_made_by_a_forked_child_is_the_same(model, monkeypatch):
    def analysed():
        a = analyse(Side(model, "baseline-2022"), Side(model, "target-2030"), report_date="2025-01-01")
        return a.result().content_hash, a.report()

    alone, report = analysed()
    monkeypatch.setattr(gap_report, "PARALLEL_FROM", 0)  # every report is big enough
    forked, again = analysed()
    assert alone == forked == documented_hash(report) and again == report


def test_json_format_is_one_row_a_line(ea, repo):
    out = ea(*ARGS, "--format", "json", "--repo", repo(FILES)).output
    data = json.loads(out)

    def one(v) -> str:
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            parts.append(f"  {one(key)}: [\n" + ",\n".join(f"    {one(v)}" for v in value) + "\n  ]")
        elif isinstance(value, dict) and value and key in ("elements", "rm_coverage", "summary", "approval"):
            parts.append(f"  {one(key)}: {{\n" + ",\n".join(f"    {one(k)}: {one(v)}" for k, v in value.items())
                         + "\n  }")
        else:
            parts.append(f"  {one(key)}: {one(value)}")
    assert out == "{\n" + ",\n".join(parts) + "\n}\n"
    assert list(data)[-1] == "content_hash" and data["content_hash"] == documented_hash(data)
