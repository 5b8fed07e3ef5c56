"""`ea doc` on the BHXH repository: every chapter of the seed document's outline, figures and tables from the
model, and a DOCX that python-docx reads back (slow: every view is drawn)."""

from __future__ import annotations

import io

import pytest

# chapters of the BHXH EA v2.0 document (seed 002, L39-L110), as `ea doc` numbers them
CHAPTERS = ["MỞ ĐẦU", "I. MỤC ĐÍCH VÀ PHẠM VI ÁP DỤNG", "II. TẦM NHÌN KIẾN TRÚC", "III. NGUYÊN TẮC KIẾN TRÚC",
            "IV. KẾ HOẠCH PHÁT TRIỂN CỦA NGÀNH", "V. ĐỊNH HƯỚNG PHÁT TRIỂN CPĐT", "VI. KIẾN TRÚC HIỆN TẠI",
            "VII. KIẾN TRÚC MỤC TIÊU", "VIII. PHÂN TÍCH KHOẢNG CÁCH", "IX. TỔ CHỨC TRIỂN KHAI"]
CURRENT = ["1. Kiến trúc Nghiệp vụ", "2. Kiến trúc Ứng dụng", "3. Kiến trúc Dữ liệu", "4. Kiến trúc Công nghệ",
           "5. Kiến trúc An toàn thông tin", "6. Hiện trạng nguồn nhân lực CNTT", "8. Ưu điểm, hạn chế"]


@pytest.fixture(scope="module")
def document(bhxh):
    from ea_model.document import Options, build

    return build(bhxh, Options(lang="vi"))


def test_every_chapter_of_the_seed_outline(document):
    texts = [h.text for h in document.headings()]
    for chapter in CHAPTERS:
        assert chapter in texts
    for section in CURRENT:
        assert section in texts
    assert len(document.figures()) >= 10
    assert len([t for t in document.tables() if t.number and t.rows]) >= 10


def test_gaps_without_work_package_come_first(document):
    matrix = next(t for t in document.tables() if t.caption.startswith("Ma trận khoảng cách"))
    column = [r[-1] for r in matrix.rows]
    without = [c == "Chưa có nhiệm vụ" for c in column]
    assert without == sorted(without, reverse=True)  # every gap without a work package before the others


def test_docx_reads_back(document):
    import docx

    from ea_model.document import write

    data = write(document, "docx")
    d = docx.Document(io.BytesIO(data))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["DANH MỤC TỪ VIẾT TẮT", "MỞ ĐẦU", "I. MỤC ĐÍCH VÀ PHẠM VI ÁP DỤNG"]
    assert len(d.inline_shapes) == len(document.figures())
    assert len(d.tables) >= 20
    assert data == write(document, "docx")
