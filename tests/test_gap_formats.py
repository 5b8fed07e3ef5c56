"""Every output format of `ea gap`, the pictures, report definitions and byte-identical output."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from ea_model import load
from ea_model.gap import Side, analyse
from ea_model.gap.report import content_hash

from .conftest import REPO_ROOT
from .gap_fixture import FILES, REPORT

ARGS = ("gap", "--from", "baseline-2022", "--to", "target-2030", "--date", "2025-01-01")


@pytest.fixture
def root(repo):
    return repo({**FILES, "gap_analysis/reports/base-target.yaml": REPORT})


def test_markdown_vi_and_en(ea, root):
    vi = ea(*ARGS, "--repo", root)
    assert vi.exit_code == 0, vi.stderr
    md = vi.output
    assert md.startswith("# Phân tích khoảng cách: Hiện trạng 2022 → Mục tiêu 2030")
    for text in ("## Khoảng cách chưa có nhiệm vụ thực hiện", "Loại bỏ — chưa có quyết định?",
                 "Phần mềm báo cáo `app-report`", "Thuộc tính users: 1000 → 2000", "## Độ phủ mô hình tham chiếu",
                 "Quá hạn", "khớp theo tên cũ (history)", "Hợp nhất từ"):
        assert text in md, text
    assert md.index("Khoảng cách chưa có nhiệm vụ") < md.index("## Ma trận khoảng cách")  # first thing seen
    assert "truy cập Cơ sở dữ liệu quốc gia về bảo hiểm (đọc)" in md and "(read)" not in md  # no raw codes
    en = ea(*ARGS, "--lang", "en", "--repo", root).output
    for text in ("# Gap analysis: Baseline 2022 → Target 2030", "## Gaps without a work package",
                 "Eliminated — unintended?", "IT Center `org-it`", "Property users: 1000 → 2000",
                 "accesses National Insurance Database (read)"):
        assert text in en, text
    assert "4 included, 6 changed, 2 new, 3 eliminated (1 unintended?)" in vi.stderr


def test_json_is_the_report(ea, root):
    result = ea(*ARGS, "--format", "json", "--repo", root)
    data = result.json()
    assert data["format"] == "ea-gap/1"
    assert data["summary"]["total"]["new"] == 2 and data["overdue"] == ["wp-portal"]
    assert data["from"]["plateau"] == "baseline-2022" and data["to"]["model"]["commit"] is None
    assert re.fullmatch(r"[0-9a-f]{64}", data["content_hash"]) and data["content_hash"] == content_hash(data)
    assert data["elements"]["app-report"]["sources"] == [{"doc": "doc-test", "line": 17}]


def test_csv(ea, root):
    out = ea(*ARGS, "--format", "csv", "--lang", "en", "--repo", root).output
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 15
    row = next(r for r in table if r["target_id"] == "org-region")
    assert row["baseline_ids"] == "org-north org-south" and row["status"] == "changed"
    assert next(r for r in table if r["baseline_ids"] == "app-report")["unintended"] == "yes"


def test_xlsx(ea, root, tmp_path):
    path = tmp_path / "gap.xlsx"
    assert ea(*ARGS, "--format", "xlsx", "--out", path, "--repo", root).exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Ma trận khoảng cách", "Nhiệm vụ thực hiện", "Độ phủ mô hình tham chiếu"]
    gaps = list(wb["Ma trận khoảng cách"].iter_rows(values_only=True))
    assert len(gaps) == 16 and gaps[0][0] == "Lớp"
    assert wb.properties.modified.year == 2025  # the report date, not the time of the run
    assert ea(*ARGS, "--format", "xlsx", "--repo", root).exit_code == 2  # binary needs --out


def test_html_is_self_contained_with_both_pictures(ea, root, tmp_path):
    path = tmp_path / "gap.html"
    result = ea(*ARGS, "--format", "html", "--lang", "en", "--out", path, "--repo", root)
    assert result.exit_code == 0, result.stderr
    html = path.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert "size: A4" in html and "break-inside: avoid" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html) and "<script" not in html
    assert re.findall(r"<link[^>]*>", html) == ['<link rel="icon" href="data:,">'] and "@import" not in html
    # the gap view: classified elements styled, with a legend; the roadmap: work packages by plateau
    for text in ("Gap view", "Eliminated — unintended?", "Included (context)", "relationship added (green)",
                 "Roadmap", "Build the portal", "report date 2025-01-01", "IT and Digital Transformation"):
        assert text in html, text
    assert re.search(r'<g id="app-report" class="node"><title>app-report</title><rect [^>]*fill="#EF9A9A"', html)
    assert "Lê Văn C" not in html  # no definition given: no approval names


def test_gap_view_styles(root):
    from ea_model.gap.view import STYLES, gap_view

    model = load(root)
    a = analyse(Side(model, "baseline-2022"), Side(model, "target-2030"))
    dot = gap_view(a.matrix, "vi").svg.decode("utf-8")
    node = {m.group(1): m.group(2) for m in re.finditer(r'<g id="([\w-]+)" class="node">(.*?)</g>', dot, flags=re.S)}
    assert STYLES["new"]["fillcolor"] in node["app-portal"]
    assert STYLES["changed"]["fillcolor"] in node["org-itdt"]
    assert STYLES["unintended"]["fillcolor"] in node["app-report"]
    assert STYLES["eliminated"]["fillcolor"] in node["app-legacy"]
    assert STYLES["included"]["fillcolor"] in node["dc-main"]  # context next to a gap
    assert "org-it" not in node  # the predecessor is drawn as its successor
    assert "Hiện trạng 2022 → Mục tiêu 2030" in dot


def test_report_definition_block_and_files(ea, root):
    result = ea("gap", "--report", "base-target", "--repo", root)
    assert result.exit_code == 0, result.stderr
    folder = root / "gap_analysis" / "reports"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["base-target.en.html", "base-target.en.json", "base-target.en.md", "base-target.vi.html",
                     "base-target.vi.json", "base-target.vi.md", "base-target.yaml"]
    md = (folder / "base-target.vi.md").read_text(encoding="utf-8")
    assert md.startswith("# Phân tích khoảng cách thử nghiệm")
    for text in ("| Trạng thái | Dự thảo |",
                 "Nguyễn Văn A, Kiến trúc sư, Trung tâm Công nghệ thông tin và Chuyển đổi số",
                 "| Người kiểm tra | Trần Thị B |", "Lê Văn C, Giám đốc", "| Quyết định phê duyệt | chưa phê duyệt |",
                 "| Ngày báo cáo | 2025-01-01 |", "Mã băm nội dung"):
        assert text in md, text
    en = (folder / "base-target.en.md").read_text(encoding="utf-8")
    assert "| Approver | Lê Văn C, Director |" in en
    data = json.loads((folder / "base-target.en.json").read_text(encoding="utf-8"))
    assert data["approval"]["status"] == "draft" and data["overdue"] == ["wp-portal"]


def test_approval_keeps_the_content_hash(ea, root):
    ea("gap", "--report", "base-target", "--format", "json", "--lang", "en", "--repo", root)
    path = root / "gap_analysis" / "reports" / "base-target.en.json"
    draft = json.loads(path.read_text(encoding="utf-8"))
    definition = root / "gap_analysis" / "reports" / "base-target.yaml"
    text = definition.read_text(encoding="utf-8").replace(
        "status: draft", "status: approved\ndecision: {number: 99/QĐ-TEST, date: 2025-02-01}")
    definition.write_text(text, encoding="utf-8")
    assert ea("gap", "--report", "base-target", "--repo", root).exit_code == 0
    approved = json.loads(path.read_text(encoding="utf-8"))
    assert approved["approval"]["decision"] == {"number": "99/QĐ-TEST", "date": "2025-02-01"}
    assert approved["content_hash"] == draft["content_hash"]
    assert "99/QĐ-TEST, 2025-02-01" in (root / "gap_analysis/reports/base-target.vi.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("change, message", [
    ("status: draft", "status: approved"),  # approved without its decision
    ("status: draft", "status: signed"),
    ("from: baseline-2022", "form: baseline-2022"),
])
def test_bad_definitions(ea, root, change, message):
    definition = root / "gap_analysis" / "reports" / "base-target.yaml"
    definition.write_text(definition.read_text(encoding="utf-8").replace(change, message), encoding="utf-8")
    result = ea("gap", "--report", "base-target", "--repo", root)
    assert result.exit_code == 2
    assert "gap_analysis/reports/base-target.yaml:" in result.stderr and "EA100" in result.stderr


def test_unknown_report_and_plateau_in_definition(ea, root):
    assert ea("gap", "--report", "nope", "--repo", root).exit_code == 2
    definition = root / "gap_analysis" / "reports" / "base-target.yaml"
    definition.write_text(definition.read_text(encoding="utf-8").replace("to: target-2030", "to: target-2035"),
                          encoding="utf-8")
    result = ea("gap", "--all-reports", "--repo", root)
    assert result.exit_code == 2 and "target-2035" in result.stderr and "target-2030" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "xlsx"])
def test_byte_identical_on_repeated_runs(ea, root, tmp_path, fmt):
    outputs = []
    for i in range(2):
        path = tmp_path / f"run{i}.{fmt}"
        result = ea(*ARGS, "--format", fmt, "--out", path, "--repo", load(root).root)
        assert result.exit_code == 0, result.stderr
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 500


def test_repository_report_definitions_are_valid():
    """The BHXH definitions committed in gap_analysis/reports/ parse, and name plateaus of the model."""
    from ea_model.gap.report import definitions

    defs = definitions(REPO_ROOT, "gap_analysis")
    assert {"baseline-2022-transition-2025", "transition-2025-target-2030", "baseline-2022-target-2030"} <= set(defs)
    plateaus = load(REPO_ROOT).plateaus
    for d in defs.values():
        assert d.languages == ["vi", "en"] and d.status in ("draft", "submitted", "approved")
        if plateaus:  # the model is being written; once it has plateaus, the reports must name real ones
            assert d.from_plateau in plateaus and d.to_plateau in plateaus


def test_every_format_module_is_listed_and_reads_the_report_as_data(root):
    import pkgutil

    from ea_model.gap import formats
    from ea_model.gap.result import Report

    on_disk = {info.name for info in pkgutil.iter_modules(formats.__path__) if not info.name.startswith("_")}
    assert on_disk == set(formats.FORMATS) == {m.__name__.rsplit(".", 1)[1] for m in formats.MODULES}
    model = load(root)
    analysis = analyse(Side(model, "baseline-2022"), Side(model, "target-2030"), report_date="2025-01-01")
    assert isinstance(analysis.result(), Report)
    assert analysis.report() == analysis.result().as_dict()
    for fmt in formats.FORMATS:
        assert formats.render(fmt, analysis.result(), "en", analysis.pictures("en"))


def _inferred_root(repo):
    """The gap fixture with the eliminated `app-report` flagged inferred (its notes say why)."""
    model = FILES["layers/model.yaml"]
    old = "        name: {vi: Phần mềm báo cáo, en: Reporting software}\n"
    assert model.count(old) == 1
    model = model.replace(old, old + "        inferred: true\n        notes: Deduced for the test.\n")
    return repo({**FILES, "layers/model.yaml": model, "gap_analysis/reports/base-target.yaml": REPORT})


def test_inferred_elements_are_marked_in_every_report_format(ea, repo, tmp_path):
    root = _inferred_root(repo)
    data = ea(*ARGS, "--format", "json", "--repo", root).json()
    assert data["elements"]["app-report"]["inferred"] is True
    assert data["elements"]["app-legacy"]["inferred"] is False
    md = ea(*ARGS, "--repo", root).output
    assert "Phần mềm báo cáo † `app-report`" in md and "Phần mềm cũ †" not in md
    assert "† Suy luận: không ghi trực tiếp trong văn bản nguồn" in md
    en = ea(*ARGS, "--lang", "en", "--repo", root).output
    assert "Reporting software † `app-report`" in en and "† Inferred: not stated by the source" in en
    html = ea(*ARGS, "--format", "html", "--lang", "en", "--repo", root).output
    assert "Reporting software †" in html and '<p class="note">† Inferred: not stated by the source' in html
    out = tmp_path / "report.xlsx"
    assert ea(*ARGS, "--format", "xlsx", "--lang", "en", "--out", out, "--repo", root).exit_code == 0
    cells = [c.value for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row if c.value]
    assert any(str(c).startswith("† Inferred") for c in cells) and any("Reporting software †" in str(c) for c in cells)
    table = list(csv.DictReader(io.StringIO(ea(*ARGS, "--format", "csv", "--lang", "en", "--repo", root).output)))
    assert all("†" not in row["baseline_names"] for row in table)  # CSV is data: the JSON field says it


def test_no_inferred_note_without_inferred_elements(ea, root):
    md = ea(*ARGS, "--repo", root).output
    assert "†" not in md
    assert all(e.get("inferred") in (False, None) for e in ea(*ARGS, "--format", "json", "--repo", root)
               .json()["elements"].values())
