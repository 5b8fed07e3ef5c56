"""What `ea gap` does differently for a big model gives the same bytes: the content hash hashed a few thousand
rows at a time, or by a forked child; the JSON format written a row at a time."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

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


def test_side_info_found_meanwhile_is_side_info(model):
    """The git state and file hash found by a thread while the sides are compared: the same, and the thread is over
    once they are given, so the report's content hash can still be computed by a forked child."""
    import threading

    from ea_model import forked
    from ea_model.gap import side_info, side_info_meanwhile

    wait = side_info_meanwhile(model)
    assert wait() == side_info(model) and wait() == wait()
    assert threading.active_count() == 1 and forked.can_fork() == hasattr(os, "fork")


def test_analyse_takes_infos_or_a_function_giving_them(model):
    from ea_model.gap import side_info

    info = side_info(model)
    sides = Side(model, "baseline-2022"), Side(model, "target-2030")
    given = analyse(*sides, infos=(info, info)).report()
    later = analyse(*sides, infos=lambda: (info, info)).report()
    assert given == later and later["from"]["model"]["hash"] == info.hash
    # without a report date, the date of the target model's last commit, from the infos however given
    assert later["date"] == info.git.date


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_the_ea_program_writes_the_bytes_the_api_does(ea, repo, tmp_path, fmt):
    """`ea` as a program (cli.run: the analysis kept and frozen until the process ends, its content hash by a
    forked child, the sides' git state by a thread) writes what an in-process call does."""
    root = repo(FILES)
    args = [*ARGS, "--format", fmt, "--repo", str(root)]
    out = tmp_path / f"gap.{fmt}"
    program = ("import sys; from ea_model.gap import report; report.PARALLEL_FROM = 0; from ea_model.cli import run; "
               "sys.argv[0] = 'ea'; run()")
    done = subprocess.run([sys.executable, "-c", program, *args, "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == ea(*args).output.encode()
