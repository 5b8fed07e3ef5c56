"""`ea doc` (DOCX, PDF, HTML from the outline), `ea approve` and `ea approvals verify`, on small repositories."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "document"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed (make system-deps installs it)")

REPORT = """\
id: baseline-2022-target-2030
title: {vi: Phân tích khoảng cách, en: Gap analysis}
from: baseline-2022
to: target-2030
status: draft
"""


def _doc_repo(repo) -> Path:
    files = {f"document/{p.name}": p.read_text(encoding="utf-8") for p in sorted(FIXTURES.iterdir())}
    files["viewpoints/all.yaml"] = ("id: all\ntitle: {vi: Toàn cảnh, en: Everything}\n"
                                    "select: {layers: [business, data, application, technology, security]}\n")
    files["gap_analysis/reports/baseline-2022-target-2030.yaml"] = REPORT
    return repo(files)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2024-01-02T00:00:00Z",
                        "GIT_COMMITTER_DATE": "2024-01-02T00:00:00Z", "PATH": os.environ["PATH"]})


def test_docx_has_the_outline_styles_and_reads_back(repo, ea, tmp_path):
    import docx

    root = _doc_repo(repo)
    out = tmp_path / "doc.docx"
    result = ea("doc", "--repo", root, "--format", "docx", "--out", out)
    assert result.exit_code == 0, result.stderr
    d = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "MỞ ĐẦU") in headings
    assert ("Heading 1", "I. KIẾN TRÚC HIỆN TẠI") in headings
    assert ("Heading 2", "1. Ứng dụng") in headings
    assert any(p.style.name == "Caption" and p.text.startswith("Hình 1: Toàn cảnh") for p in d.paragraphs)
    assert any(p.style.name == "Caption" and p.text.startswith("Bảng 1: Các ứng dụng") for p in d.paragraphs)
    tables = [t for t in d.tables if t.style is not None and t.style.name == "Table Grid"]
    app_table = next(t for t in tables if t.rows[0].cells[1].text == "Tên")
    names = [r.cells[1].text for r in app_table.rows[1:]]
    assert names == ["Phần mềm quản lý thu"]  # the baseline plateau: the portal comes in 2030
    assert app_table.rows[1].cells[-1].text.startswith("1/QĐ-TEST")  # source column, the decision's number
    xml = d.element.xml
    assert 'TOC \\o "1-3"' in xml and "SEQ Hình" in xml and "PAGE" in d.sections[0].header._element.xml
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 3.0 and section.different_first_page_header_footer
    assert d.styles["Normal"].font.name == "Times New Roman"
    assert "Độc lập - Tự do - Hạnh phúc" in [c.text for t in d.tables for c in t.rows[0].cells][1]


def test_docx_and_html_are_deterministic(repo, ea, tmp_path):
    root = _doc_repo(repo)
    for fmt in ("docx", "html"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert ea("doc", "--repo", root, "--format", fmt, "--out", a).exit_code == 0
        assert ea("doc", "--repo", root, "--format", fmt, "--out", b).exit_code == 0
        assert a.read_bytes() == b.read_bytes(), fmt
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2022-09-19T00:00:00" in core  # no git: the baseline's date, never the time of the run


@needs_soffice
def test_pdf_is_byte_identical_and_opens(repo, ea, tmp_path):
    root = _doc_repo(repo)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert ea("doc", "--repo", root, "--format", "pdf", "--out", a).exit_code == 0
    assert ea("doc", "--repo", root, "--format", "pdf", "--out", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    import pikepdf

    with pikepdf.open(a) as pdf:
        assert len(pdf.pages) >= 4
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20220919")


@needs_soffice
def test_libreoffice_converts_the_docx(repo, ea, tmp_path):
    """A real client: `soffice --headless --convert-to pdf` on the DOCX itself."""
    root = _doc_repo(repo)
    out = tmp_path / "doc.docx"
    assert ea("doc", "--repo", root, "--format", "docx", "--out", out).exit_code == 0
    run = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True,
                         timeout=300, env={"HOME": str(tmp_path), "PATH": os.environ["PATH"]})
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "doc.pdf").read_bytes().startswith(b"%PDF")


def test_english_document(repo, ea, tmp_path):
    import docx

    root = _doc_repo(repo)
    out = tmp_path / "doc.en.docx"
    assert ea("doc", "--repo", root, "--lang", "en", "--out", out).exit_code == 0
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "I. CURRENT ARCHITECTURE" in text and "Write the introduction here." in text


def test_sources_as_footnotes(repo, ea, tmp_path):
    import docx

    root = _doc_repo(repo)
    out = tmp_path / "doc.docx"
    assert ea("doc", "--repo", root, "--sources", "footnote", "--out", out).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Nguồn: 1. 1/QĐ-TEST, mục 2.3, dòng 6" in text


def test_bad_outline_is_one_line_per_problem(repo, ea, tmp_path):
    root = _doc_repo(repo)
    outline = root / "document" / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("{figure: all}", "{figure: al}"), encoding="utf-8")
    result = ea("doc", "--repo", root, "--out", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "document/outline.yaml:" in result.stderr and "unknown view 'al'" in result.stderr
    assert "did you mean" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_missing_narrative_names_the_file_to_write(repo, ea, tmp_path):
    root = _doc_repo(repo)
    (root / "document" / "introduction.vi.md").unlink()
    (root / "document" / "introduction.en.md").unlink()
    result = ea("doc", "--repo", root, "--out", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "document/outline.yaml:" in result.stderr and "write document/introduction.vi.md" in result.stderr


def test_init_repository_gets_a_document(ea, tmp_path):
    import docx

    target = tmp_path / "newrepo"
    assert ea("init", target, "--name-vi", "Sở Thử nghiệm").exit_code == 0
    assert (target / "document" / "outline.yaml").is_file()
    out = tmp_path / "init.docx"
    result = ea("doc", "--repo", target, "--out", out)
    assert result.exit_code == 0, result.stderr
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"][:2] == ["MỞ ĐẦU", "I. KIẾN TRÚC HIỆN TẠI"]
    assert any("SỞ THỬ NGHIỆM" in c.text for c in d.tables[0].rows[0].cells)


def _committed_repo(repo) -> Path:
    root = _doc_repo(repo)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "model")
    return root


def test_approve_then_verify_reports_a_changed_element(repo, ea):
    root = _committed_repo(repo)
    result = ea("approve", "baseline-2022-target-2030", "--repo", root, "--decision", "1/QĐ-TEST",
                "--date", "2024-01-05", "--by", "Giám đốc")
    assert result.exit_code == 0, result.stderr
    record = root / "gap_analysis" / "approvals" / "baseline-2022-target-2030--2024-01-05.yaml"
    text = record.read_text(encoding="utf-8")
    assert '"1/QĐ-TEST"' in text and "content_hash:" in text and "model_commit:" in text
    ok = ea("approvals", "verify", "--repo", root)
    assert ok.exit_code == 0 and "report unchanged" in ok.output and "no model change since" in ok.output
    # one element changes after the approval: verify still matches the approved commit and lists the change
    model = root / "layers" / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("users: 2000", "users: 3000"), encoding="utf-8")
    changed = ea("approvals", "verify", "--repo", root, "--format", "json")
    assert changed.exit_code == 0
    [entry] = changed.json()
    assert entry["matches"] and entry["changes_since"]["changed"] == {"application": ["app-collection"]}
    # the document's cover shows the approval, and that the model changed since
    out = root / "exports" / "d.docx"
    assert ea("doc", "--repo", root, "--out", out).exit_code == 0
    import docx

    cover = [p.text for p in docx.Document(str(out)).paragraphs[:20]]
    assert any("Quyết định số 1/QĐ-TEST ngày 5/1/2024" in t and "đã thay đổi" in t for t in cover)


def test_verify_detects_a_tampered_hash(repo, ea):
    root = _committed_repo(repo)
    assert ea("approve", "baseline-2022-target-2030", "--repo", root, "--decision", "D", "--date", "2024-01-05",
              "--by", "X").exit_code == 0
    record = next((root / "gap_analysis" / "approvals").glob("*.yaml"))
    text = record.read_text(encoding="utf-8")
    start = text.index('content_hash: "') + len('content_hash: "')
    record.write_text(text[:start] + "0" * 64 + text[start + 64:], encoding="utf-8")
    result = ea("approvals", "verify", "--repo", root)
    assert result.exit_code == 1 and "HASH MISMATCH" in result.output


def test_approve_refuses_uncommitted_model_and_unknown_report(repo, ea):
    root = _committed_repo(repo)
    bad = ea("approve", "nope", "--repo", root, "--decision", "D", "--date", "2024-01-05", "--by", "X")
    assert bad.exit_code == 2 and "unknown report 'nope'" in bad.stderr
    (root / "layers" / "model.yaml").write_text((root / "layers" / "model.yaml").read_text() + "\n# edit\n")
    dirty = ea("approve", "baseline-2022-target-2030", "--repo", root, "--decision", "D", "--date", "2024-01-05",
               "--by", "X")
    assert dirty.exit_code == 2 and "not committed" in dirty.stderr
    date = ea("approve", "baseline-2022-target-2030", "--repo", root, "--decision", "D", "--date", "2024-02-30",
              "--by", "X")
    assert date.exit_code == 2 and "not a date" in date.stderr


def test_bad_approval_record_is_a_file_line_error(repo, ea):
    root = _committed_repo(repo)
    folder = root / "gap_analysis" / "approvals"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("report: r\ndecision: D\ndate: 2024-01-05\nby: X\ncontent_hash: abc\n"
                                   "model_commit: 0000000000000000000000000000000000000000\n")
    result = ea("approvals", "verify", "--repo", root)
    assert result.exit_code == 2 and "gap_analysis/approvals/x.yaml:5:" in result.stderr


def test_bhxh_outline_is_valid_data():
    """The pack's outline parses and names only views the BHXH repository has (cheap: no rendering)."""
    import ea_model
    from ea_model.document.outline import load_outline

    outline = load_outline(ea_model.load(REPO_ROOT))
    titles = [s["title"]["vi"] for s in outline.data["sections"]]
    assert titles[0] == "Mở đầu" and "Phân tích khoảng cách" in titles and "Tổ chức triển khai" in titles
    assert io is not None


def test_gap_report_as_docx_with_recorded_approval(repo, ea, tmp_path):
    import docx

    root = _committed_repo(repo)
    assert ea("approve", "baseline-2022-target-2030", "--repo", root, "--decision", "7/QĐ-TEST", "--date",
              "2024-01-05", "--by", "Giám đốc").exit_code == 0
    result = ea("gap", "--repo", root, "--report", "baseline-2022-target-2030", "--format", "docx", "--lang", "vi",
                "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    d = docx.Document(str(tmp_path / "baseline-2022-target-2030.vi.docx"))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert "7/QĐ-TEST" in cells and "✓" in cells  # the recorded approval, and its hash still matches
    assert any(p.style.name == "Heading 1" and "PHÊ DUYỆT" in p.text for p in d.paragraphs)


def test_inferred_rows_are_marked_with_a_footnote(repo, ea, tmp_path):
    import docx

    from .conftest import MODEL

    old = "    name: {vi: Cổng dịch vụ công, en: Public service portal}\n"
    assert MODEL.count(old) == 1
    model = MODEL.replace(old, old + "    inferred: true\n    notes: Deduced for the test.\n")
    old = "    name: {vi: Phần mềm quản lý thu, en: Collection management}\n"
    model = model.replace(old, old + "    inferred: true\n    notes: Deduced for the test.\n")
    root = _doc_repo(repo)
    (root / "layers" / "model.yaml").write_text(model, encoding="utf-8")
    out = tmp_path / "doc.docx"
    result = ea("doc", "--repo", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    d = docx.Document(str(out))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert "Phần mềm quản lý thu †" in cells  # the applications table of the baseline
    assert any(c.startswith("Cổng dịch vụ công †") for c in cells)  # the gap matrix: new in the target
    notes = [p.text for p in d.paragraphs if p.text.startswith("† ")]
    assert notes and all(n.startswith("† Suy luận: không ghi trực tiếp trong văn bản nguồn") for n in notes)
    result = ea("gap", "--repo", root, "--report", "baseline-2022-target-2030", "--format", "docx", "--lang", "en",
                "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    report = docx.Document(str(tmp_path / "baseline-2022-target-2030.en.docx"))
    assert any(c.text.startswith("Public service portal †") for t in report.tables for r in t.rows for c in r.cells)
    assert any(p.text.startswith("† Inferred: not stated by the source") for p in report.paragraphs)
