"""Every word `ea` writes in its outputs (gap reports, the site, diagrams), in each interface language: one
catalogue, keyed by message id, as mkdocs keeps one translation catalogue.

`LANGUAGES` are the languages the interface speaks; every `--lang` option is built from them. A repository
may name others in `ea.yaml` (`languages: [fr, en]`): its names are then written in that language, falling
back to the next language of its list (`text`), and the interface words fall back to English (`word`).

Adding a language: add its code to `LANGUAGES` and one more text to every entry (a test checks the count).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("vi", "en")
FALLBACK = "en"  # interface words in a language the catalogue does not have
CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")  # a language code, as the model's schema accepts it

# Each language's name in itself, for language switches; a code not listed is shown as it is.
LANGUAGE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt", "en": "English", "fr": "Français", "de": "Deutsch", "es": "Español", "pt": "Português",
    "it": "Italiano", "ru": "Русский", "zh": "中文", "ja": "日本語", "ko": "한국어", "lo": "ພາສາລາວ", "km": "ខ្មែរ",
    "th": "ไทย",
}

MESSAGES: dict[str, tuple[str, ...]] = {
    # ------------------------------------------------------------------ architecture layers
    "layer.business": ("Nghiệp vụ", "Business"),
    "layer.data": ("Dữ liệu", "Data"),
    "layer.application": ("Ứng dụng", "Application"),
    "layer.technology": ("Công nghệ", "Technology"),
    "layer.security": ("An toàn thông tin", "Security"),
    "layer.motivation": ("Định hướng", "Motivation"),
    "layer.implementation": ("Triển khai", "Implementation"),
    # ------------------------------------------------------------------ diagrams (ea render)
    "legend": ("Chú giải", "Legend"),
    "git.modified": ("có sửa đổi chưa commit", "modified"),
    "focus_title": ("Xung quanh {id}", "Around {id}"),
    # ArchiMate 3.2 element and relationship types, as the legend names them
    "type.resource": ("Nguồn lực", "Resource"),
    "type.capability": ("Năng lực", "Capability"),
    "type.value-stream": ("Chuỗi giá trị", "Value stream"),
    "type.course-of-action": ("Phương án hành động", "Course of action"),
    "type.business-actor": ("Tác nhân nghiệp vụ", "Business actor"),
    "type.business-role": ("Vai trò nghiệp vụ", "Business role"),
    "type.business-collaboration": ("Cộng tác nghiệp vụ", "Business collaboration"),
    "type.business-interface": ("Giao diện nghiệp vụ", "Business interface"),
    "type.business-process": ("Quy trình nghiệp vụ", "Business process"),
    "type.business-function": ("Chức năng nghiệp vụ", "Business function"),
    "type.business-interaction": ("Tương tác nghiệp vụ", "Business interaction"),
    "type.business-event": ("Sự kiện nghiệp vụ", "Business event"),
    "type.business-service": ("Dịch vụ nghiệp vụ", "Business service"),
    "type.business-object": ("Đối tượng nghiệp vụ", "Business object"),
    "type.contract": ("Hợp đồng", "Contract"),
    "type.representation": ("Biểu diễn", "Representation"),
    "type.product": ("Sản phẩm", "Product"),
    "type.application-component": ("Thành phần ứng dụng", "Application component"),
    "type.application-collaboration": ("Cộng tác ứng dụng", "Application collaboration"),
    "type.application-interface": ("Giao diện ứng dụng", "Application interface"),
    "type.application-function": ("Chức năng ứng dụng", "Application function"),
    "type.application-interaction": ("Tương tác ứng dụng", "Application interaction"),
    "type.application-process": ("Quy trình ứng dụng", "Application process"),
    "type.application-event": ("Sự kiện ứng dụng", "Application event"),
    "type.application-service": ("Dịch vụ ứng dụng", "Application service"),
    "type.data-object": ("Đối tượng dữ liệu", "Data object"),
    "type.node": ("Nút hạ tầng", "Node"),
    "type.device": ("Thiết bị", "Device"),
    "type.system-software": ("Phần mềm hệ thống", "System software"),
    "type.technology-collaboration": ("Cộng tác công nghệ", "Technology collaboration"),
    "type.technology-interface": ("Giao diện công nghệ", "Technology interface"),
    "type.path": ("Đường kết nối", "Path"),
    "type.communication-network": ("Mạng truyền thông", "Communication network"),
    "type.technology-function": ("Chức năng công nghệ", "Technology function"),
    "type.technology-process": ("Quy trình công nghệ", "Technology process"),
    "type.technology-interaction": ("Tương tác công nghệ", "Technology interaction"),
    "type.technology-event": ("Sự kiện công nghệ", "Technology event"),
    "type.technology-service": ("Dịch vụ công nghệ", "Technology service"),
    "type.artifact": ("Tạo phẩm", "Artifact"),
    "type.equipment": ("Trang thiết bị", "Equipment"),
    "type.facility": ("Cơ sở vật chất", "Facility"),
    "type.distribution-network": ("Mạng phân phối", "Distribution network"),
    "type.material": ("Vật liệu", "Material"),
    "type.stakeholder": ("Bên liên quan", "Stakeholder"),
    "type.driver": ("Động lực", "Driver"),
    "type.assessment": ("Đánh giá", "Assessment"),
    "type.goal": ("Mục tiêu", "Goal"),
    "type.outcome": ("Kết quả", "Outcome"),
    "type.principle": ("Nguyên tắc", "Principle"),
    "type.requirement": ("Yêu cầu", "Requirement"),
    "type.constraint": ("Ràng buộc", "Constraint"),
    "type.meaning": ("Ý nghĩa", "Meaning"),
    "type.value": ("Giá trị", "Value"),
    "type.work-package": ("Gói công việc", "Work package"),
    "type.deliverable": ("Sản phẩm bàn giao", "Deliverable"),
    "type.implementation-event": ("Sự kiện triển khai", "Implementation event"),
    "type.plateau": ("Giai đoạn kiến trúc", "Plateau"),
    "type.gap": ("Khoảng cách", "Gap"),
    "type.location": ("Địa điểm", "Location"),
    "type.grouping": ("Nhóm", "Grouping"),
    "type.junction": ("Điểm nối", "Junction"),
    "relationship.composition": ("Thành phần (bao gồm)", "Composition"),
    "relationship.aggregation": ("Tập hợp", "Aggregation"),
    "relationship.assignment": ("Giao cho", "Assignment"),
    "relationship.realization": ("Hiện thực hóa", "Realization"),
    "relationship.serving": ("Phục vụ", "Serving"),
    "relationship.access": ("Truy cập", "Access"),
    "relationship.influence": ("Ảnh hưởng", "Influence"),
    "relationship.triggering": ("Kích hoạt", "Triggering"),
    "relationship.flow": ("Luồng", "Flow"),
    "relationship.specialization": ("Chuyên biệt hóa", "Specialization"),
    "relationship.association": ("Liên kết", "Association"),
    "page_of": ("trang {n}/{total}", "page {n} of {total}"),
    "see_page": ("xem trang {n}", "see page {n}"),
    "legend.access.read": ("Truy cập (đọc)", "Access (read)"),
    "legend.access.write": ("Truy cập (ghi)", "Access (write)"),
    "legend.access.readwrite": ("Truy cập (đọc, ghi)", "Access (read/write)"),
    # ------------------------------------------------------------------ gap reports (ea gap)
    "gap_title": ("Phân tích khoảng cách: {a} → {b}", "Gap analysis: {a} → {b}"),
    "source.section": ("mục", "sec."),
    "source.line": ("dòng", "line"),
    # statuses
    "included": ("Giữ nguyên", "Included"),
    "changed": ("Thay đổi", "Changed"),
    "new": ("Mới", "New"),
    "eliminated": ("Loại bỏ", "Eliminated"),
    "unintended": ("Loại bỏ — chưa có quyết định?", "Eliminated — unintended?"),
    "without_work_package": ("Chưa có nhiệm vụ", "Without work package"),
    # work-package statuses
    "planned": ("Kế hoạch", "Planned"),
    "in-progress": ("Đang thực hiện", "In progress"),
    "done": ("Hoàn thành", "Done"),
    "unknown": ("Chưa rõ", "Unknown"),
    # report statuses
    "draft": ("Dự thảo", "Draft"),
    "submitted": ("Đã trình", "Submitted"),
    "approved": ("Đã phê duyệt", "Approved"),
    # change fields
    "field.name": ("Tên", "Name"),
    "field.description": ("Mô tả", "Description"),
    "field.owner": ("Đơn vị chủ quản", "Owner"),
    "field.kind": ("Loại", "Kind"),
    "field.rm": ("Mã mô hình tham chiếu", "Reference-model codes"),
    "field.tags": ("Nhãn", "Tags"),
    "field.relationship": ("Quan hệ", "Relationship"),
    "field.id": ("Kế thừa", "Succeeds"),
    "field.merged": ("Hợp nhất từ", "Merged from"),
    "field.split": ("Chia tách", "Split"),
    "field.absorbed": ("Tiếp nhận", "Absorbs"),
    "field.properties": ("Thuộc tính", "Property"),
    "match.replaces": ("khai báo kế thừa (replaces)", "declared successor (replaces)"),
    "match.history": ("khớp theo tên cũ (history)", "matched by former name (history)"),
    # relationship types
    "rel.serving": ("phục vụ", "serves"),
    "rel.access": ("truy cập", "accesses"),
    "rel.flow": ("luồng tới", "flows to"),
    "rel.realization": ("hiện thực hóa", "realizes"),
    "rel.composition": ("bao gồm", "is composed of"),
    "rel.aggregation": ("tập hợp", "aggregates"),
    "rel.assignment": ("được giao", "is assigned to"),
    "rel.influence": ("ảnh hưởng", "influences"),
    "rel.triggering": ("kích hoạt", "triggers"),
    "rel.specialization": ("chuyên biệt hóa", "specializes"),
    "rel.association": ("liên kết", "is associated with"),
    # access relationships' mode, and a directed association (English: the model's own codes)
    "access.access": ("truy cập", "access"),
    "access.read": ("đọc", "read"),
    "access.write": ("ghi", "write"),
    "access.readwrite": ("đọc và ghi", "readwrite"),
    "directed": ("có hướng", "directed"),
    "added": ("thêm", "added"),
    "removed": ("bỏ", "removed"),
    # sections and headings
    "approval": ("Phê duyệt", "Approval"),
    "report_status": ("Trạng thái", "Status"),
    "prepared_by": ("Người lập", "Prepared by"),
    "reviewed_by": ("Người kiểm tra", "Reviewed by"),
    "approver": ("Người phê duyệt", "Approver"),
    "decision": ("Quyết định phê duyệt", "Approval decision"),
    "not_approved": ("chưa phê duyệt", "not yet approved"),
    "provenance": ("Nguồn gốc", "Provenance"),
    "from": ("Từ", "From"),
    "to": ("Đến", "To"),
    "revision": ("phiên bản git", "git revision"),
    "work_tree": ("thư mục làm việc", "work tree"),
    "model_commit": ("Mô hình (commit git)", "Model (git commit)"),
    "not_committed": ("chưa commit", "not committed"),
    "clean": ("không có thay đổi chưa commit", "work tree clean"),
    "modified": ("CÓ thay đổi chưa commit", "work tree MODIFIED"),
    "model_hash": ("Mã băm mô hình (sha256)", "Model hash (sha256)"),
    "content_hash": ("Mã băm nội dung (sha256)", "Content hash (sha256)"),
    "validation": ("Kiểm tra mô hình", "Model validation"),
    "errors": ("lỗi", "errors"),
    "warnings": ("cảnh báo", "warnings"),
    "report_date": ("Ngày báo cáo", "Report date"),
    "no_date": ("không xác định (không tính quá hạn)", "none (overdue not computed)"),
    "scope": ("Phạm vi", "Scope"),
    "layers": ("Lớp", "Layers"),
    "kinds": ("Loại", "Kinds"),
    "all": ("tất cả", "all"),
    "summary": ("Tổng hợp", "Summary"),
    "layer": ("Lớp", "Layer"),
    "total": ("Tổng", "Total"),
    "wp_summary": ("Nhiệm vụ: {count} trong giai đoạn; {realize_nothing} không hiện thực hóa thành phần nào; "
                   "{close_nothing} không đóng khoảng cách nào trong phạm vi; {overdue} quá hạn.",
                   "Work packages: {count} in the period; {realize_nothing} realize nothing; "
                   "{close_nothing} close no gap in scope; {overdue} overdue."),
    "gaps_without_wp": ("Khoảng cách chưa có nhiệm vụ thực hiện", "Gaps without a work package"),
    "gaps_without_wp_none": ("Mọi khoảng cách đều có nhiệm vụ thực hiện.", "Every gap has a work package."),
    "unintended_title": ("Thành phần bị loại bỏ nhưng chưa có quyết định", "Eliminated without a decision"),
    "unintended_none": ("Không có.", "None."),
    "unintended_help": ("Thành phần có ở hiện trạng nhưng không còn ở mục tiêu, không có nhiệm vụ hay văn bản "
                        "nào quyết định loại bỏ (TOGAF: \"loại bỏ ngoài ý muốn?\"). Ghi `retired_by` hoặc thêm "
                        "nhiệm vụ nếu việc loại bỏ là có chủ đích.",
                        "In the baseline, not in the target, and no work package or document retires it (TOGAF: "
                        "\"unintentionally eliminated?\"). Record `retired_by` or add a work package if it is "
                        "intended."),
    "matrix": ("Ma trận khoảng cách", "Gap matrix"),
    "baseline": ("Hiện trạng", "Baseline"),
    "target": ("Mục tiêu", "Target"),
    "status": ("Phân loại", "Status"),
    "differences": ("Khác biệt (cũ → mới)", "Differences (old → new)"),
    "work_packages": ("Nhiệm vụ", "Work packages"),
    "decided_by": ("Căn cứ quyết định", "decided by"),
    "wp_table": ("Nhiệm vụ thực hiện", "Work packages"),
    "wp": ("Nhiệm vụ", "Work package"),
    "lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "cooperating": ("Đơn vị phối hợp", "Cooperating"),
    "deadline": ("Thời hạn", "Deadline"),
    "wp_status": ("Tình trạng", "Status"),
    "plateau": ("Giai đoạn", "Plateau"),
    "closes": ("Đóng khoảng cách", "Closes gaps"),
    "source": ("Nguồn", "Source"),
    "overdue": ("Quá hạn", "Overdue"),
    "overdue_title": ("Nhiệm vụ quá hạn tại ngày báo cáo", "Work packages overdue at the report date"),
    "realize_nothing_title": ("Nhiệm vụ không hiện thực hóa thành phần nào", "Work packages that realize nothing"),
    "close_nothing_title": ("Nhiệm vụ không đóng khoảng cách nào trong phạm vi",
                            "Work packages that close no gap in scope"),
    "none": ("Không có.", "None."),
    "rm_coverage": ("Độ phủ mô hình tham chiếu", "Reference-model coverage"),
    "rm_help": ("Số thành phần trong phạm vi được phân loại theo mỗi mã (kể cả mã con), theo giai đoạn.",
                "Elements in scope classified under each code (or a code below it), per plateau."),
    "code": ("Mã", "Code"),
    "category": ("Danh mục", "Category"),
    "empty_in_target": ("Danh mục vẫn trống ở mục tiêu", "Categories still empty in the target"),
    "gap_view": ("Sơ đồ khoảng cách", "Gap view"),
    "roadmap": ("Lộ trình", "Roadmap"),
    "no_deadline": ("không có thời hạn", "no deadline"),
    "report_date_line": ("ngày báo cáo", "report date"),
    "gaps_n": ("{n} khoảng cách", "{n} gaps"),
    "more_wps": ("… và {n} nhiệm vụ khác (xem bảng)", "… and {n} more work packages (see the table)"),
    "gaps_1": ("1 khoảng cách", "1 gap"),
    "rel_added": ("quan hệ mới (màu xanh)", "relationship added (green)"),
    "rel_removed": ("quan hệ bị bỏ (màu đỏ)", "relationship removed (red)"),
    "too_many": ("Quá nhiều thành phần để vẽ ({n}); xem ma trận.", "Too many elements to draw ({n}); see the matrix."),
    "no_gaps_to_draw": ("Không có khoảng cách để vẽ.", "No gap to draw."),
    "context": ("Giữ nguyên (ngữ cảnh)", "Included (context)"),
    "generated": ("Tạo bởi `ea gap` từ mô hình; không sửa tay.", "Generated by `ea gap` from the model; do not edit."),
    "other": ("Khác", "Other"),
    # ------------------------------------------------------------------ the site (ea site); gap words too
    "home": ("Trang chủ", "Home"),
    "elements": ("Thành phần", "Elements"),
    "views": ("Sơ đồ", "Views"),
    "rm": ("Mô hình tham chiếu", "Reference models"),
    "gap": ("Phân tích khoảng cách", "Gap analysis"),
    "problems": ("Kiểm tra mô hình", "Model validation"),
    "search": ("Tìm kiếm", "Search"),
    "search_placeholder": ("Tìm mã, tên, loại, mã tham chiếu (gõ không dấu cũng được)",
                           "Search ids, names, kinds, codes"),
    "search_help": ("Tìm theo mã, tên (có dấu hoặc không dấu), loại thành phần và mã mô hình tham chiếu.",
                    "Search ids, names (with or without Vietnamese diacritics), kinds and reference-model codes."),
    "search_none": ("Không tìm thấy kết quả.", "No results."),
    "search_count": ("{n} kết quả", "{n} results"),
    "search_more": ("{n} kết quả; hiển thị {shown} đầu tiên.", "{n} results; the first {shown} are shown."),
    "search_nojs": ("Cần bật JavaScript để tìm kiếm; dùng danh sách thành phần theo lớp.",
                    "Search needs JavaScript; use the lists of elements by layer."),
    "language": ("Ngôn ngữ", "Language"),
    "framework": ("Khung kiến trúc", "Framework"),
    "model": ("Mô hình", "Model"),
    "site.model_commit": ("Phiên bản mô hình (git)", "Model version (git)"),
    "site.modified": ("có thay đổi chưa commit", "modified, not committed"),
    "site.validation": ("Kiểm tra", "Validation"),
    "errors_warnings": ("{e} lỗi, {w} cảnh báo", "{e} errors, {w} warnings"),
    "site.clean": ("không có lỗi", "no findings"),
    "site.layers": ("Các lớp kiến trúc", "Layers"),
    "count": ("Số lượng", "Count"),
    "relationships": ("Quan hệ", "Relationships"),
    "plateaus": ("Giai đoạn", "Plateaus"),
    "date": ("Ngày", "Date"),
    "elements_in": ("Số thành phần", "Elements"),
    "all_plateaus": ("mọi giai đoạn", "every plateau"),
    "latest_gap": ("Báo cáo phân tích khoảng cách mới nhất", "Latest gap report"),
    "no_gap": ("Chưa có báo cáo phân tích khoảng cách (cần hai giai đoạn).",
               "No gap report (two plateaus are needed)."),
    "open_report": ("Xem báo cáo", "Open the report"),
    "printable": ("Bản in đầy đủ (HTML)", "Full printable report (HTML)"),
    "adhoc_report": ("Chưa khai báo trong gap_analysis/reports/: so sánh giai đoạn đầu và cuối.",
                     "Not defined in gap_analysis/reports/: the first plateau against the last."),
    "report_skipped": ("Không tạo được trên trang này", "Not built in the site"),
    "report_revisions": ("so sánh hai phiên bản git: chạy `ea gap --report {id}`",
                         "compares git revisions: run `ea gap --report {id}`"),
    "report_bad": ("định nghĩa báo cáo có lỗi", "the report definition has errors"),
    "id": ("Mã", "Id"),
    "name": ("Tên", "Name"),
    "kind": ("Loại", "Kind"),
    "type": ("Kiểu ArchiMate", "ArchiMate type"),
    "owner": ("Đơn vị chủ quản", "Owner"),
    "description": ("Mô tả", "Description"),
    "notes": ("Ghi chú", "Notes"),
    "properties": ("Thuộc tính", "Properties"),
    "rm_codes": ("Mã mô hình tham chiếu", "Reference-model codes"),
    "tags": ("Nhãn", "Tags"),
    "inferred": ("Suy luận (không ghi trực tiếp trong nguồn)", "Inferred (not stated by the source)"),
    "inferred_short": ("suy luận", "inferred"),
    "inferred_note": ("Suy luận: không ghi trực tiếp trong văn bản nguồn mà được suy ra từ văn bản; lý do ghi trong "
                      "phần ghi chú (notes) của phần tử.",
                      "Inferred: not stated by the source but deduced from it; the element's notes give the "
                      "reasoning."),
    "other_names": ("Tên khác", "Other names"),
    "history": ("Tên trước đây", "Former names"),
    "until": ("đến", "until"),
    "replaces": ("Kế thừa", "Replaces"),
    "replaced_by": ("Được kế thừa bởi", "Replaced by"),
    "plateau_membership": ("Giai đoạn và thay đổi", "Plateaus and changes"),
    "member": ("Có mặt", "Exists"),
    "changes": ("Thay đổi từ giai đoạn này", "Changes from this plateau on"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "outgoing": ("Quan hệ đi", "Outgoing relationships"),
    "incoming": ("Quan hệ đến", "Incoming relationships"),
    "relationship": ("Quan hệ", "Relationship"),
    "element": ("Thành phần", "Element"),
    "attributes": ("Thuộc tính", "Attributes"),
    "appears_in": ("Có trong sơ đồ", "Appears in views"),
    "sources": ("Nguồn", "Sources"),
    "document": ("Văn bản", "Document"),
    "section": ("Mục", "Section"),
    "line": ("Dòng", "Line"),
    "quote": ("Trích dẫn", "Quote"),
    "defined_in": ("Khai báo tại", "Defined in"),
    "owns": ("Đơn vị chủ quản của", "Owner of"),
    "cited_by": ("Được trích dẫn bởi", "Cited by"),
    "and_more": ("… và {n} thành phần khác", "… and {n} more"),
    "unknown_element": ("không có trong mô hình", "not in the model"),
    "classified": ("Thành phần được phân loại", "Classified elements"),
    "categories": ("Danh mục", "Categories"),
    "origin_framework": ("của khung kiến trúc", "from the framework"),
    "origin_repository": ("của cơ quan", "the agency's own"),
    "with_children": ("kể cả mã con", "with sub-codes"),
    "view_elements": ("Thành phần trong sơ đồ", "Elements in the view"),
    "svg_file": ("Tệp SVG", "SVG file"),
    "fit": ("Vừa khung", "Fit"),
    "actual_size": ("Kích thước thật", "Actual size"),
    "no_views": ("Chưa có sơ đồ (thư mục viewpoints/).", "No views yet (viewpoints/ folder)."),
    "view_failed": ("Không vẽ được sơ đồ", "The diagram could not be drawn"),
    "view_source": ("Nguồn", "Source"),
    "no_rm": ("Chưa có mô hình tham chiếu.", "No reference models."),
    "no_problems": ("Mô hình không có lỗi hay cảnh báo.", "The model has no errors or warnings."),
    "severity": ("Mức", "Severity"),
    "file": ("Tệp", "File"),
    "message": ("Nội dung", "Message"),
    "hint": ("Cách sửa", "Fix"),
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "site.generated": ("Tạo bởi `ea site` từ mô hình; không sửa tay.",
                  "Generated by `ea site` from the model; do not edit."),
    "reports": ("Báo cáo", "Reports"),
    "no_roadmap": ("Không có nhiệm vụ nào trong giai đoạn.", "No work package in the period."),
    "roadmap_from": ("Nhiệm vụ từ {a} đến {b}.", "Work packages from {a} to {b}."),
    "skip_to_content": ("Bỏ qua đến nội dung", "Skip to content"),
    "rel_in.serving": ("được phục vụ bởi", "is served by"),
    "rel_in.access": ("được truy cập bởi", "is accessed by"),
    "rel_in.flow": ("nhận luồng từ", "receives a flow from"),
    "rel_in.realization": ("được hiện thực hóa bởi", "is realized by"),
    "rel_in.composition": ("là thành phần của", "is part of"),
    "rel_in.aggregation": ("được tập hợp trong", "is aggregated in"),
    "rel_in.assignment": ("được giao cho", "is assigned from"),
    "rel_in.influence": ("chịu ảnh hưởng của", "is influenced by"),
    "rel_in.triggering": ("được kích hoạt bởi", "is triggered by"),
    "rel_in.specialization": ("được chuyên biệt hóa bởi", "is specialized by"),
    "rel_in.association": ("liên kết với", "is associated with"),
    # ------------------------------------------------------------------ the architecture document (ea doc)
    "doc.figure": ("Hình", "Figure"),
    "doc.table": ("Bảng", "Table"),
    "doc.page": ("Trang", "Page"),
    "doc.sources": ("Nguồn", "Sources"),
    "doc.no_rows": ("(không có)", "(none)"),
    "doc.yes": ("có", "yes"),
    "doc.no": ("không", "no"),
    "doc.total": ("Tổng cộng", "Total"),
    "doc.front.toc": ("MỤC LỤC", "CONTENTS"),
    "doc.front.figures": ("DANH MỤC HÌNH VẼ", "LIST OF FIGURES"),
    "doc.front.tables": ("DANH MỤC BẢNG", "LIST OF TABLES"),
    "doc.front.glossary": ("DANH MỤC TỪ VIẾT TẮT", "ABBREVIATIONS"),
    "doc.motto_title": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "doc.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "doc.draft": ("(Dự thảo: chưa ghi nhận quyết định phê duyệt)", "(Draft: no approval recorded)"),
    "doc.approved_by": ("(Phê duyệt kèm theo Quyết định số {decision} ngày {date}; người ký: {by})",
                        "(Approved with Decision No. {decision} of {date}; signed by {by})"),
    "doc.changed_since": ("— mô hình đã thay đổi sau khi phê duyệt: bản cập nhật cần phê duyệt lại",
                          "— the model changed after the approval: this revision needs approving again"),
    "doc.cover.plateaus": ("Hiện trạng và mục tiêu: {a} → {b}", "Current and target: {a} → {b}"),
    "doc.cover.model": ("Tạo từ mô hình (git {commit}, {date}) bằng `ea doc`",
                        "Generated from the model (git {commit}, {date}) by `ea doc`"),
    "doc.one_plateau": ("Mô hình chỉ có một giai đoạn: chưa có phân tích khoảng cách.",
                        "The model has one plateau: there is no gap analysis."),
    "doc.gap_view": ("Sơ đồ khoảng cách giữa hiện trạng và mục tiêu", "Gap view: current against target"),
    "doc.gap_summary": ("Tổng hợp khoảng cách theo lớp kiến trúc", "Gaps per architecture layer"),
    "doc.gap_matrix": ("Ma trận khoảng cách (khoảng cách chưa có nhiệm vụ xử lý được liệt kê trước)",
                       "Gap matrix (gaps without a work package first)"),
    "doc.gap_without": ("Khoảng cách chưa có nhiệm vụ xử lý", "Gaps without a work package"),
    "doc.wp_all": ("Danh sách các nhiệm vụ", "Work packages"),
    "doc.wp_plateau": ("Nhiệm vụ thuộc giai đoạn {plateau} (đến {date})", "Work packages of {plateau} (to {date})"),
    "doc.col.no": ("TT", "No."),
    "doc.col.id": ("Mã", "Id"),
    "doc.col.name": ("Tên", "Name"),
    "doc.col.kind": ("Loại", "Kind"),
    "doc.col.layer": ("Lớp", "Layer"),
    "doc.col.owner": ("Đơn vị chủ quản", "Owner"),
    "doc.col.description": ("Mô tả", "Description"),
    "doc.col.rm": ("Mã tham chiếu", "Reference code"),
    "doc.col.plateaus": ("Giai đoạn", "Plateaus"),
    "doc.col.from": ("Từ", "From"),
    "doc.col.to": ("Đến", "To"),
    "doc.col.source": ("Nguồn", "Source"),
    "doc.col.status": ("Tình trạng", "Status"),
    "doc.col.changes": ("Thay đổi", "Changes"),
    "doc.col.work_packages": ("Nhiệm vụ xử lý", "Work packages"),
    "doc.col.task": ("Nhiệm vụ", "Task"),
    "doc.col.lead": ("Đơn vị chủ trì", "Lead unit"),
    "doc.col.cooperating": ("Đơn vị phối hợp", "Cooperating units"),
    "doc.col.deadline": ("Thời hạn", "Deadline"),
    "doc.col.deliverable": ("Sản phẩm", "Deliverable"),
    "doc.col.wp_status": ("Tình trạng", "Status"),
    "doc.col.abbr": ("Từ viết tắt", "Abbreviation"),
    "doc.col.meaning": ("Nghĩa", "Meaning"),
    "doc.rel.out.assignment": ("Chức năng, nhiệm vụ", "Functions"),
    "doc.rel.out.serving": ("Phục vụ", "Serves"),
    "doc.rel.out.access": ("Dữ liệu truy cập", "Data accessed"),
    "doc.rel.in.serving": ("Được phục vụ bởi", "Served by"),
    "doc.rel.in.access": ("Ứng dụng sử dụng", "Used by applications"),
    "doc.rel.out.composition": ("Bao gồm", "Consists of"),
    "doc.rel.in.composition": ("Thuộc", "Part of"),
    "doc.rel.out.realization": ("Hiện thực hóa", "Realizes"),
    "doc.approval.recorded": ("Phê duyệt đã ghi nhận", "Recorded approvals"),
    "doc.prop.since": ("Từ năm", "Since"),
    "doc.prop.security_level": ("Cấp độ ATTT", "Security level"),
    "doc.prop.unit_type": ("Loại đơn vị", "Unit type"),
    "doc.prop.letter": ("Ký hiệu", "Letter"),
    "doc.prop.number": ("Số hiệu", "Number"),
    "doc.prop.date": ("Ngày ban hành", "Date"),
    "doc.prop.issuer": ("Cơ quan ban hành", "Issuer"),
    "doc.prop.value": ("Giá trị", "Value"),
    "doc.prop.unit": ("Đơn vị tính", "Unit"),
    "doc.prop.year": ("Năm", "Year"),
    "doc.prop.scope": ("Phạm vi", "Scope"),
    "doc.prop.role": ("Vai trò", "Role"),
    "doc.prop.location": ("Địa điểm", "Location"),
    "doc.prop.hosting_model": ("Hình thức", "Hosting"),
    "doc.prop.provider": ("Nhà cung cấp", "Provider"),
    "doc.prop.information_system": ("Hệ thống thông tin", "Information system"),
    "doc.prop.level": ("Cấp độ", "Level"),
    "doc.prop.operating_unit": ("Đơn vị vận hành", "Operating unit"),
    "doc.prop.approval_status": ("Tình trạng phê duyệt", "Approval status"),
    "doc.prop.deployment_status": ("Tình trạng triển khai", "Deployment status"),
    "doc.prop.direction": ("Chiều", "Direction"),
    "doc.prop.staff_using_computers": ("Cán bộ sử dụng máy tính", "Staff using computers"),
    "doc.prop.it_center_staff": ("Cán bộ Trung tâm CNTT", "IT Centre staff"),
    "doc.prop.it_center_departments": ("Phòng thuộc Trung tâm CNTT", "IT Centre departments"),
    "doc.prop.staff_with_security_certificates": ("Chứng chỉ ATTT", "Security certificates"),
    "doc.prop.staff_with_network_certificates": ("Chứng chỉ mạng", "Network certificates"),
    "doc.prop.staff_with_database_certificates": ("Chứng chỉ CSDL", "Database certificates"),
    # ------------------------------------------------------------------ model diff (ea diff)
    "diff.title": ("Thay đổi mô hình {old} → {new}", "Model changes {old} → {new}"),
    "diff.summary": ("{elements} phần tử, {relationships} quan hệ, {views} khung nhìn; lỗi/cảnh báo +{new} −{gone}",
                     "{elements} elements, {relationships} relationships, {views} views; findings +{new} −{gone}"),
    "diff.none": ("Không có thay đổi trong mô hình.", "No change to the model."),
    "diff.elements": ("Phần tử", "Elements"),
    "diff.relationships": ("Quan hệ", "Relationships"),
    "diff.views": ("Khung nhìn bị ảnh hưởng", "Views affected"),
    "diff.findings_new": ("Lỗi, cảnh báo mới", "New findings"),
    "diff.findings_gone": ("Lỗi, cảnh báo đã khắc phục", "Findings resolved"),
    "diff.added": ("thêm", "added"),
    "diff.removed": ("xóa", "removed"),
    "diff.changed": ("sửa", "changed"),
    "diff.renamed": ("đổi id", "renamed"),
}


def _index(lang: str) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else LANGUAGES.index(FALLBACK)


def word(key: str, lang: str, **fields: object) -> str:
    """The interface text `key` in `lang` (English when the catalogue lacks `lang`), with `fields` filled in.
    An unknown key comes back as itself, so a missing entry shows rather than crashes."""
    texts = MESSAGES.get(key)
    if texts is None:
        return key
    text = texts[_index(lang)]
    return text.format(**fields) if fields else text


def texts(key: str, **fields: object) -> dict[str, str]:
    """`key` in every interface language, as a `{lang: text}` value of the model (a view's title ...)."""
    return {lang: word(key, lang, **fields) for lang in LANGUAGES}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def fallbacks(lang: str, languages: Sequence[str] = ()) -> tuple[str, ...]:
    """The languages to try, in order, for a text in `lang`: `lang`, the languages after it in the
    repository's list (`languages`), those before it, then English."""
    order = list(languages)
    if lang in order:
        i = order.index(lang)
        order = order[i + 1:] + order[:i]
    return tuple(dict.fromkeys((lang, *order, FALLBACK)))


def text(value: Mapping[str, str] | str | None, order: Sequence[str]) -> str:
    """A `{lang: text}` value (or a plain string) in the first language of `order` that it has, else in
    the first language it has."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for lang in order:
        found = value.get(lang)
        if found:
            return found
    return next(iter(value.values()), "")


@dataclass(frozen=True)
class Language:
    """One output language of a repository: its names (with the fallbacks of the repository's list) and the
    interface words."""

    code: str
    order: tuple[str, ...]

    @classmethod
    def of(cls, code: str, languages: Sequence[str] = ()) -> Language:
        return cls(code, fallbacks(code, languages))

    def text(self, value: Mapping[str, str] | str | None) -> str:
        return text(value, self.order)

    def word(self, key: str, **fields: object) -> str:
        return word(key, self.code, **fields)
