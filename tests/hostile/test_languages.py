"""Languages other than the interface's in ea.yaml (`languages: [fr, en]`): every output is written, names
fall back to the next language of the list, interface words to English; unknown `--lang` codes are refused."""

from __future__ import annotations

import json

import pytest

from ..conftest import MANIFEST
from ..site_fixture import EXTRA
from ..test_render import VIEWS
from .conftest import no_traceback, snapshot

FRENCH = {
    "ea.yaml": MANIFEST.replace("languages: [vi, en]", "languages: [fr, en]"),
    "layers/french.yaml": """\
        elements:
          - id: app-french
            kind: specialised-application
            name: {fr: Application française, en: French application, vi: Ứng dụng tiếng Pháp}
            owner: org-it
            source: {doc: doc-test, line: 30}
            serves: [fn-collection]
        """,
}


@pytest.fixture
def french(repo):
    return repo({**VIEWS, **EXTRA, **FRENCH})


def test_a_french_repository_renders_every_view(french, ea, tmp_path):
    out = tmp_path / "diagrams"
    result = ea("render", "--all", "--repo", french, "--out", out)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    svg = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("*.svg")))
    assert "Application française" in svg  # its own name in French
    assert "Collection management" in svg and "Phần mềm quản lý thu" not in svg  # vi/en names: the next one, en
    assert ">Application</text>" in svg and "Ứng dụng" not in svg  # layer clusters: English words
    assert "Plateau: " in svg and "Legend" in svg


def test_a_french_repository_builds_its_site(french, ea, tmp_path):
    out = tmp_path / "site"
    result = ea("site", "--repo", french, "--out", out)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "site: " in result.stderr and "in fr, en, vi" in result.stderr
    assert "url=fr/index.html" in (out / "index.html").read_text(encoding="utf-8")
    page = (out / "fr/elements/app-collection.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page and "Collection management" in page and "Home" in page
    assert ">Français<" in page or 'title="Français"' in page
    french_page = (out / "fr/elements/app-french.html").read_text(encoding="utf-8")
    assert '<h1 class="name">Application française</h1>' in french_page
    assert "French application" in french_page  # the other names, in the repository's order
    vi = (out / "vi/elements/app-french.html").read_text(encoding="utf-8")
    assert '<h1 class="name">Ứng dụng tiếng Pháp</h1>' in vi
    assert (out / "fr/gap/baseline-target.report.html").is_file()


def test_a_report_definition_in_french(french, ea, tmp_path):
    (french / "gap_analysis/reports/baseline-target.yaml").write_text(
        "id: baseline-target\ntitle: {fr: Analyse des écarts, en: Gap analysis}\nfrom: baseline-2022\n"
        "to: target-2030\nstatus: draft\nlanguages: [fr]\nformats: [md]\n", encoding="utf-8")
    result = ea("gap", "--report", "baseline-target", "--out", tmp_path, "--repo", french)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "baseline-target.fr.md").read_text(encoding="utf-8").startswith("# Analyse des écarts")


def test_a_french_repository_writes_gap_reports_in_every_format(french, ea, tmp_path):
    for fmt in ("md", "html", "json", "csv", "xlsx"):
        path = tmp_path / f"gap.{fmt}"
        result = ea("gap", "--from", "baseline-2022", "--to", "target-2030", "--format", fmt, "--out", path,
                    "--repo", french)
        no_traceback(result)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert path.stat().st_size > 0
    md = (tmp_path / "gap.md").read_text(encoding="utf-8")
    assert md.startswith("# Gap analysis: Baseline 2022 → Target 2030")  # fr: English words, en names
    assert "## Gaps without a work package" in md and "Giữ nguyên" not in md
    title = json.loads((tmp_path / "gap.json").read_text(encoding="utf-8"))["title"]
    assert title["fr"] == "Gap analysis: Baseline 2022 → Target 2030" and set(title) == {"vi", "en", "fr"}
    reports = tmp_path / "reports"
    result = ea("gap", "--all-reports", "--out", reports, "--repo", french)
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in reports.iterdir()} == {"baseline-target.fr.md", "baseline-target.fr.html",
                                                   "baseline-target.en.md", "baseline-target.en.html"}


@pytest.mark.parametrize("args", [
    ("render", "--all", "--format", "dot"),
    ("gap", "--from", "baseline-2022", "--to", "target-2030"),
    ("site",),
    ("query", "find", "--layer", "application"),
])
def test_a_language_neither_the_repository_nor_the_interface_knows_is_refused(french, ea, tmp_path, args):
    before = snapshot(french)
    out = ["--out", tmp_path / "out"] if args[0] in ("render", "site") else []
    result = ea(*args, "--lang", "de", "--repo", french, *out)
    no_traceback(result)
    assert result.exit_code == 2
    assert "--lang de" in result.stderr and "fr, en" in result.stderr
    assert snapshot(french) == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize("bad", ["../x", "fr/../../etc", "FR FR", ""])
def test_a_language_code_that_is_no_code_is_refused_by_the_option(french, ea, bad):
    result = ea("gap", "--from", "baseline-2022", "--to", "target-2030", "--lang", bad, "--repo", french)
    no_traceback(result)
    assert result.exit_code == 2 and "Invalid value for '--lang'" in result.stderr


def test_a_language_of_the_repository_may_be_asked_for(french, ea):
    result = ea("query", "find", "--layer", "application", "--lang", "fr", "--repo", french)
    assert result.exit_code == 0, result.stderr
    assert "Application française" in result.output and "Collection management" in result.output
