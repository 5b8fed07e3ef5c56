"""`ea --quiet`: no progress and no closing summary on standard error; findings and warnings still."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate  # noqa: E402


def test_the_summary_says_what_and_how_long_unless_quiet(ea, tmp_path):
    root = generate(200, tmp_path / "repo")
    loud = ea("validate", "--repo", root)
    assert re.search(r"checked \d+ files, 200 elements, \d+ relationships in [0-9.]+s", loud.stderr)
    quiet = ea("--quiet", "validate", "--repo", root)
    assert "checked" not in quiet.stderr
    assert (quiet.exit_code, quiet.output) == (loud.exit_code, loud.output)  # the findings are the same
    out = tmp_path / "m.ttl"
    assert "exported 200 elements" in ea("export", "rdf", "--out", out, "--repo", root).stderr
    assert ea("-q", "export", "rdf", "--out", out, "--repo", root).stderr == ""
