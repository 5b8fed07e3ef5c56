"""Generate the ontology `ea_model/ontology/ea.ttl` from the metamodel, the built-in framework packs and the
terms below: `python -m ea_model.rdf.ontology` (a test checks that the committed file is current).

Classes for every ArchiMate element type (subclasses of the ArchiMate vocabulary's classes), every kind
of the built-in packs (subclasses of their type and, where one fits, of W3C ORG, DCAT or PROV-O classes),
every relationship type (reified statements); properties for every relationship and attribute, with
Vietnamese and English labels and comments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..metamodel import metamodel
from .export import IRI, Lit, builtin_kinds, nt_term
from .vocab import (
    ARCHIMATE,
    DCT,
    EA,
    EAP,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    STANDARD_CLASSES,
    XSD,
    camel,
    relationship_class,
    relationship_predicate,
    type_class,
)

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "ea.ttl"
ONTOLOGY_IRI = EA[:-1]
VERSION = "0.1.0"

LAYER_VI = {
    "business": "nghiệp vụ", "data": "dữ liệu", "application": "ứng dụng", "technology": "công nghệ",
    "security": "an toàn thông tin", "motivation": "động lực", "implementation": "triển khai và chuyển đổi",
}

TYPE_VI = {
    "resource": "Nguồn lực", "capability": "Năng lực", "value-stream": "Chuỗi giá trị",
    "course-of-action": "Phương án hành động", "business-actor": "Tác nhân nghiệp vụ",
    "business-role": "Vai trò nghiệp vụ", "business-collaboration": "Cộng tác nghiệp vụ",
    "business-interface": "Giao diện nghiệp vụ", "business-process": "Quy trình nghiệp vụ",
    "business-function": "Chức năng nghiệp vụ", "business-interaction": "Tương tác nghiệp vụ",
    "business-event": "Sự kiện nghiệp vụ", "business-service": "Dịch vụ nghiệp vụ",
    "business-object": "Đối tượng nghiệp vụ", "contract": "Hợp đồng", "representation": "Biểu diễn",
    "product": "Sản phẩm", "application-component": "Thành phần ứng dụng",
    "application-collaboration": "Cộng tác ứng dụng", "application-interface": "Giao diện ứng dụng",
    "application-function": "Chức năng ứng dụng", "application-interaction": "Tương tác ứng dụng",
    "application-process": "Quy trình ứng dụng", "application-event": "Sự kiện ứng dụng",
    "application-service": "Dịch vụ ứng dụng", "data-object": "Đối tượng dữ liệu", "node": "Nút hạ tầng",
    "device": "Thiết bị", "system-software": "Phần mềm hệ thống",
    "technology-collaboration": "Cộng tác công nghệ", "technology-interface": "Giao diện công nghệ",
    "path": "Đường kết nối", "communication-network": "Mạng truyền thông",
    "technology-function": "Chức năng công nghệ", "technology-process": "Quy trình công nghệ",
    "technology-interaction": "Tương tác công nghệ", "technology-event": "Sự kiện công nghệ",
    "technology-service": "Dịch vụ công nghệ", "artifact": "Tạo tác phần mềm", "equipment": "Trang thiết bị",
    "facility": "Cơ sở vật chất", "distribution-network": "Mạng phân phối", "material": "Vật tư",
    "stakeholder": "Bên liên quan", "driver": "Động lực", "assessment": "Đánh giá", "goal": "Mục tiêu",
    "outcome": "Kết quả", "principle": "Nguyên tắc", "requirement": "Yêu cầu", "constraint": "Ràng buộc",
    "meaning": "Ý nghĩa", "value": "Giá trị", "work-package": "Gói công việc",
    "deliverable": "Sản phẩm bàn giao", "implementation-event": "Sự kiện triển khai",
    "plateau": "Trạng thái kiến trúc", "gap": "Khoảng cách", "location": "Vị trí", "grouping": "Nhóm",
    "junction": "Điểm nối",
}

# relationship type -> (vi name of the relationship, en label of the property, vi label of the property)
RELATIONSHIP_TERMS = {
    "composition": ("Quan hệ hợp thành", "composed of", "gồm thành phần"),
    "aggregation": ("Quan hệ kết tập", "aggregates", "tập hợp"),
    "assignment": ("Quan hệ phân công", "assigned to", "được phân công cho"),
    "realization": ("Quan hệ hiện thực hóa", "realizes", "hiện thực hóa"),
    "serving": ("Quan hệ phục vụ", "serves", "phục vụ"),
    "access": ("Quan hệ truy cập", "accesses", "truy cập"),
    "influence": ("Quan hệ ảnh hưởng", "influences", "ảnh hưởng tới"),
    "triggering": ("Quan hệ kích hoạt", "triggers", "kích hoạt"),
    "flow": ("Quan hệ luồng", "flows to", "chuyển luồng tới"),
    "specialization": ("Quan hệ chuyên biệt hóa", "specializes", "là chuyên biệt của"),
    "association": ("Quan hệ liên kết", "associated with", "liên kết với"),
}

# The hand-written core: (IRI, rdf:type, en label, vi label, en comment, vi comment, extra (predicate, object)).
CLASSES = [
    (EA + "Element", OWL + "Class", "Element", "Phần tử kiến trúc",
     "An element of the architecture: its IRI is the repository's base IRI followed by the element's id "
     "(percent-encoded).",
     "Một phần tử của kiến trúc; IRI là IRI gốc của kho cộng mã định danh của phần tử (mã hóa phần trăm).", []),
    (EA + "Architecture", OWL + "Class", "Architecture repository", "Kho kiến trúc",
     "One e-Government architecture repository (its manifest ea.yaml): the IRI is the base IRI itself.",
     "Một kho kiến trúc Chính phủ điện tử (tệp ea.yaml); IRI chính là IRI gốc.",
     [(RDFS + "subClassOf", PROV + "Entity")]),
    (EA + "ArchitecturePlateau", OWL + "Class", "Plateau of the gap analysis", "Giai đoạn kiến trúc",
     "A dated state of the architecture (baseline, transition, target) from gap_analysis/plateaus.yaml.",
     "Một trạng thái có mốc thời gian của kiến trúc (hiện trạng, chuyển tiếp, mục tiêu).",
     [(RDFS + "subClassOf", EA + "Plateau")]),
    (EA + "Change", OWL + "Class", "Change in a plateau", "Thay đổi trong một giai đoạn",
     "What differs in an element from a plateau on (cumulative, in plateau order): the values it states "
     "replace the element's own.",
     "Những thuộc tính của phần tử thay đổi kể từ một giai đoạn (cộng dồn theo thứ tự giai đoạn).", []),
    (EA + "FormerName", OWL + "Class", "Former name", "Tên cũ",
     "An earlier name of an element (a renamed, merged or split unit), with the dates it held.",
     "Tên trước đây của phần tử (đơn vị đổi tên, sáp nhập, chia tách), với thời gian sử dụng.", []),
    (EA + "ReferenceModel", OWL + "Class", "Reference model", "Mô hình tham chiếu",
     "A reference model (BRM, DRM, ARM, TRM, SRM): a SKOS concept scheme whose concepts are its codes.",
     "Mô hình tham chiếu (BRM, DRM, ARM, TRM, SRM): một hệ khái niệm SKOS, mỗi mã là một khái niệm.",
     [(RDFS + "subClassOf", SKOS + "ConceptScheme")]),
    (EA + "Relationship", OWL + "Class", "Relationship", "Quan hệ",
     "A relationship between two elements, as a reified statement: rdf:subject, rdf:predicate and rdf:object "
     "repeat the asserted triple, the other properties are the relationship's attributes.",
     "Quan hệ giữa hai phần tử, biểu diễn bằng phát biểu được cụ thể hóa (rdf:Statement): rdf:subject, "
     "rdf:predicate, rdf:object lặp lại bộ ba đã khẳng định; các thuộc tính khác là thuộc tính của quan hệ.",
     [(RDFS + "subClassOf", RDF + "Statement")]),
]

OBJ, DATA = OWL + "ObjectProperty", OWL + "DatatypeProperty"
PROPERTIES = [
    (EA + "layer", DATA, "layer", "tầng kiến trúc",
     "The ea layer: business, data, application, technology, security, motivation or implementation.",
     "Tầng: nghiệp vụ, dữ liệu, ứng dụng, công nghệ, an toàn thông tin, động lực hoặc triển khai.",
     [(RDFS + "range", XSD + "string")]),
    (EA + "owner", OBJ, "owner", "đơn vị chủ quản",
     "The organisation unit that owns or operates the element (YAML `owner`).",
     "Đơn vị sở hữu hoặc vận hành phần tử.", [(RDFS + "range", ARCHIMATE + "BusinessActor")]),
    (EA + "classification", OBJ, "reference-model code", "mã mô hình tham chiếu",
     "A reference-model code classifying the element (YAML `rm`), a skos:Concept.",
     "Mã mô hình tham chiếu phân loại phần tử (khái niệm SKOS).",
     [(RDFS + "subPropertyOf", DCT + "subject"), (RDFS + "range", SKOS + "Concept")]),
    (EA + "tag", DATA, "tag", "nhãn", "A free tag.", "Nhãn tự do.", []),
    (EA + "plateau", OBJ, "in plateau", "thuộc giai đoạn",
     "A plateau the element or relationship exists in; none stated means every plateau. On an ea:Change: "
     "the plateau from which the change holds.",
     "Giai đoạn mà phần tử hoặc quan hệ tồn tại; không nêu nghĩa là mọi giai đoạn.",
     [(RDFS + "range", EA + "ArchitecturePlateau")]),
    (EA + "change", OBJ, "change", "thay đổi", "A change of the element's attributes in a plateau.",
     "Thay đổi thuộc tính của phần tử trong một giai đoạn.", [(RDFS + "range", EA + "Change")]),
    (EA + "formerName", OBJ, "former name", "tên cũ", "An earlier name of the element.",
     "Tên trước đây của phần tử.", [(RDFS + "range", EA + "FormerName")]),
    (EA + "from", DATA, "from", "từ ngày", "First day a former name was used.", "Ngày bắt đầu dùng tên cũ.", []),
    (EA + "until", DATA, "until", "đến ngày", "Last day a former name was used.", "Ngày cuối dùng tên cũ.", []),
    (EA + "inferred", DATA, "inferred", "suy luận",
     "True when the fact is reconstructed by the architects rather than stated by the source.",
     "Đúng khi thông tin do kiến trúc sư suy ra, không được văn bản nguồn nêu trực tiếp.",
     [(RDFS + "range", XSD + "boolean")]),
    (EA + "external", DATA, "external", "bên ngoài",
     "True for an element of another repository (a `depends:` dependency) that this one refers to; its facts "
     "are in its home graph (rdfs:isDefinedBy).",
     "Đúng với phần tử thuộc kho kiến trúc khác (phụ thuộc `depends:`) được kho này tham chiếu; thông tin của "
     "nó nằm ở đồ thị gốc (rdfs:isDefinedBy).",
     [(RDFS + "range", XSD + "boolean")]),
    (EA + "dependency", DATA, "dependency", "phụ thuộc",
     "The `depends:` prefix under which this repository refers to an external element (`nat` of `nat:ext-ndxp`).",
     "Tiền tố `depends:` mà kho này dùng để tham chiếu phần tử bên ngoài (`nat` trong `nat:ext-ndxp`).", []),
    (EA + "provisional", DATA, "provisional", "tạm thời",
     "True for a reference-model code not confirmed from the framework's text.",
     "Đúng với mã mô hình tham chiếu chưa được xác nhận từ văn bản khung kiến trúc.",
     [(RDFS + "range", XSD + "boolean")]),
    (EA + "accessType", DATA, "access type", "kiểu truy cập",
     "Of an access relationship: read, write, readwrite or access.",
     "Của quan hệ truy cập: read (đọc), write (ghi), readwrite (đọc ghi) hoặc access.", []),
    (EA + "strength", DATA, "strength", "mức ảnh hưởng", "Of an influence relationship: +, ++, -, --, ...",
     "Của quan hệ ảnh hưởng: +, ++, -, --, ...", []),
    (EA + "directed", DATA, "directed", "có hướng", "Of an association: true when it has a direction.",
     "Của quan hệ liên kết: đúng khi quan hệ có hướng.", [(RDFS + "range", XSD + "boolean")]),
    (EA + "section", DATA, "section", "mục",
     "Of a source citation (prov:Derivation): the article or section of the document.",
     "Của trích dẫn nguồn: điều, mục của văn bản.", []),
    (EA + "line", DATA, "line", "dòng",
     "Of a source citation: the line, or range of lines, of the document's text.",
     "Của trích dẫn nguồn: số dòng hoặc khoảng dòng trong văn bản.", []),
    (EA + "quote", DATA, "quote", "trích dẫn", "Of a source citation: the words quoted.",
     "Của trích dẫn nguồn: đoạn văn bản được trích.", []),
    (EA + "date", DATA, "date", "ngày", "The date of a plateau.", "Ngày của giai đoạn kiến trúc.",
     [(RDFS + "subPropertyOf", DCT + "date"), (RDFS + "range", XSD + "date")]),
    (EA + "framework", DATA, "framework", "khung kiến trúc",
     "The framework pack the repository follows (vneaf-2.0, vneaf-3.0, vneaf-4.0 or a local pack).",
     "Khung kiến trúc mà kho tuân theo (vneaf-2.0, vneaf-3.0, vneaf-4.0 hoặc gói riêng).", []),
    (EA + "defaultLanguage", DATA, "default language", "ngôn ngữ mặc định",
     "The language diagrams and reports use by default.", "Ngôn ngữ mặc định của sơ đồ và báo cáo.", []),
    (EA + "referenceModelKind", DATA, "reference-model kind", "loại mô hình tham chiếu",
     "BRM, DRM, ARM, TRM, SRM (or PRM, IRM).", "BRM, DRM, ARM, TRM, SRM (hoặc PRM, IRM).", []),
    (EA + "requiredProperty", OBJ, "required property", "thuộc tính bắt buộc",
     "Of a kind: a property every element of the kind must have.",
     "Của một loại phần tử: thuộc tính mà mọi phần tử thuộc loại đó phải có.", []),
]

# Well-known free properties (YAML `properties:`), declared so that tools show labels; any other key is
# also exported, as eap:KEY.
FREE_PROPERTIES = [
    ("number", "document number", "số hiệu văn bản"), ("date", "date", "ngày"),
    ("issuer", "issuer", "cơ quan ban hành"),
    ("deadline", "deadline", "thời hạn"), ("deadline_text", "deadline as written", "thời hạn theo văn bản"),
    ("status", "status", "trạng thái"), ("cooperating", "cooperating units", "đơn vị phối hợp"),
    ("deliverable", "deliverable", "sản phẩm"), ("retired_by", "retired by", "chấm dứt theo"),
    ("data", "data exchanged", "dữ liệu trao đổi"), ("direction", "direction", "chiều trao đổi"),
    ("level", "security level", "cấp độ"), ("value", "value", "giá trị"), ("unit", "unit", "đơn vị tính"),
    ("year", "year", "năm"), ("since", "since", "từ năm"),
]


def _ttl(term) -> str:
    if isinstance(term, Lit):
        return nt_term(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(ns):
            local = term[len(ns):]
            if local and all(c.isalnum() or c in "_-" for c in local) and local[0].isalpha():
                return f"{prefix}:{local}"
    return f"<{term}>"


def _block(subject: str, pairs: list[tuple[str, object]]) -> str:
    grouped: dict[str, list] = {}
    for p, o in pairs:
        grouped.setdefault(p, [])
        if o not in grouped[p]:
            grouped[p].append(o)
    lines = []
    for p, objs in grouped.items():
        pred = "a" if p == RDF + "type" else _ttl(p)
        lines.append(f"    {pred} " + ", ".join(_ttl(o) for o in objs))
    return f"{_ttl(subject)}\n" + " ;\n".join(lines) + " .\n"


def _labels(en: str, vi: str, en_comment: str | None = None, vi_comment: str | None = None) -> list:
    pairs = [(RDFS + "label", Lit(en, None, "en")), (RDFS + "label", Lit(vi, None, "vi"))]
    if en_comment:
        pairs.append((RDFS + "comment", Lit(en_comment, None, "en")))
    if vi_comment:
        pairs.append((RDFS + "comment", Lit(vi_comment, None, "vi")))
    return pairs


def _kinds() -> dict:
    """Every kind of the built-in packs, with its label and required properties (first pack wins)."""
    from ..framework import builtin_frameworks, load_framework

    kinds = {}
    for fw in builtin_frameworks():
        for kind in load_framework(fw).kinds.values():
            kinds.setdefault(kind.name, kind)
    return kinds


def generate() -> str:
    mm = metamodel()
    out = [
        "# The ea ontology: e-Government enterprise architecture (VNEAF, ArchiMate 3.2) as RDF.",
        "# Generated by `python -m ea_model.rdf.ontology` from ea_model/metamodel/, ea_model/frameworks/ and",
        "# ea_model/rdf/ontology.py; do not edit by hand. Documentation: docs/rdf.md.",
        "",
        *[f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()],
        "",
        _block(ONTOLOGY_IRI, [
            (RDF + "type", IRI(OWL + "Ontology")),
            *_labels("ea: e-Government enterprise architecture ontology", "Bộ từ vựng kiến trúc Chính phủ điện tử ea",
                     "Classes and properties of the RDF export of an ea repository: ArchiMate 3.2 element and "
                     "relationship types (subclasses and subproperties of the ArchiMate vocabulary at "
                     f"{ARCHIMATE}), the kinds of the VNEAF framework packs, plateaus, reference models (SKOS) "
                     "and provenance (PROV-O).",
                     "Các lớp và thuộc tính của dữ liệu RDF xuất từ kho kiến trúc ea: loại phần tử và quan hệ "
                     "ArchiMate 3.2, các loại phần tử của Khung Kiến trúc Chính phủ điện tử Việt Nam, giai đoạn "
                     "kiến trúc, mô hình tham chiếu (SKOS) và nguồn gốc thông tin (PROV-O)."),
            (OWL + "versionInfo", Lit(VERSION)),
            (DCT + "license", IRI("https://opensource.org/licenses/MIT")),
            (RDFS + "seeAlso", IRI(ARCHIMATE[:-1])),
        ]),
    ]
    out.append("# ---------------------------------------------------------------- core classes")
    for iri, rdf_type, en, vi, en_c, vi_c, extra in CLASSES:
        out.append(_block(iri, [(RDF + "type", IRI(rdf_type)), *_labels(en, vi, en_c, vi_c),
                                *[(p, IRI(o)) for p, o in extra]]))
    out.append("# ---------------------------------------------------------------- ArchiMate 3.2 element types")
    for t in mm.element_types.values():
        en = " ".join(w for w in _split(t.archimate))
        out.append(_block(type_class(t.name), [
            (RDF + "type", IRI(OWL + "Class")),
            (RDFS + "subClassOf", IRI(EA + "Element")), (RDFS + "subClassOf", IRI(ARCHIMATE + t.archimate)),
            *[(RDFS + "subClassOf", IRI(c)) for c in STANDARD_CLASSES.get(t.name, ())],
            *_labels(en, TYPE_VI[t.name], f"ArchiMate 3.2 {t.archimate}, in the {t.layer} layer "
                     f"(YAML `type: {t.name}`).",
                     f"Phần tử ArchiMate 3.2 {t.archimate}, tầng {LAYER_VI[t.layer]} (YAML `type: {t.name}`)."),
            (DCT + "identifier", Lit(t.name)), (EA + "layer", Lit(t.layer)),
        ]))
    out.append("# ---------------------------------------------------------------- kinds of the VNEAF framework packs")
    for name, kind in sorted(_kinds().items()):
        assert builtin_kinds()[name] == kind.type
        en, vi = kind.label.get("en", name), kind.label.get("vi", name)
        t = mm.element_types[kind.type]
        out.append(_block(EA + camel(name), [
            (RDF + "type", IRI(OWL + "Class")),
            (RDFS + "subClassOf", IRI(type_class(kind.type))),
            *[(RDFS + "subClassOf", IRI(c)) for c in STANDARD_CLASSES.get(name, ())],
            *_labels(en, vi, f"VNEAF kind {name}: an ArchiMate {t.archimate} in the {kind.layer} layer "
                     f"(YAML `kind: {name}`).",
                     f"Loại phần tử theo khung VNEAF: một {t.archimate} ArchiMate, tầng {LAYER_VI[kind.layer]} "
                     f"(YAML `kind: {name}`)."),
            (DCT + "identifier", Lit(name)), (EA + "layer", Lit(kind.layer)),
            *[(EA + "requiredProperty", IRI(EAP + p)) for p in kind.required_properties],
        ]))
    out.append("# ---------------------------------------------------------------- relationships")
    for r in mm.relationship_types.values():
        vi_class, en_prop, vi_prop = RELATIONSHIP_TERMS[r.name]
        out.append(_block(relationship_class(r.name), [
            (RDF + "type", IRI(OWL + "Class")), (RDFS + "subClassOf", IRI(EA + "Relationship")),
            *_labels(f"{r.archimate} relationship", vi_class,
                     f"An ArchiMate {r.archimate} relationship, reified: its rdf:predicate is "
                     f"{_ttl(relationship_predicate(r.name))}.",
                     f"Quan hệ {r.archimate} của ArchiMate, dưới dạng phát biểu cụ thể hóa."),
            (DCT + "identifier", Lit(r.name)),
        ]))
        out.append(_block(relationship_predicate(r.name), [
            (RDF + "type", IRI(OBJ)), (RDFS + "subPropertyOf", IRI(ARCHIMATE + camel(r.name, upper=False))),
            (RDFS + "domain", IRI(EA + "Element")), (RDFS + "range", IRI(EA + "Element")),
            *_labels(en_prop, vi_prop, f"ArchiMate {r.archimate} (YAML `{r.inline}`).",
                     f"Quan hệ {r.archimate} của ArchiMate (YAML `{r.inline}`)."),
            (DCT + "identifier", Lit(r.inline)),
        ]))
    out.append("# ---------------------------------------------------------------- attributes")
    for iri, rdf_type, en, vi, en_c, vi_c, extra in PROPERTIES:
        out.append(_block(iri, [(RDF + "type", IRI(rdf_type)), *_labels(en, vi, en_c, vi_c),
                                *[(p, IRI(o)) for p, o in extra]]))
    out.append("# ---------------------------------------------------------------- well-known free properties "
               "(YAML `properties:`)")
    for key, en, vi in FREE_PROPERTIES:
        out.append(_block(EAP + key, [(RDF + "type", IRI(RDF + "Property")), *_labels(en, vi),
                                      (RDFS + "comment", Lit(f"YAML `properties: {{{key}: ...}}`.", None, "en"))]))
    return "\n".join(out)


def _split(name: str) -> list[str]:
    words, current = [], ""
    for ch in name:
        if ch.isupper() and current:
            words.append(current)
            current = ch
        else:
            current += ch
    return [*words, current] if current else words


def main() -> None:
    text = generate()
    from ..atomic import write_text

    if ONTOLOGY_FILE.exists() and ONTOLOGY_FILE.read_text(encoding="utf-8") == text:
        print(f"{ONTOLOGY_FILE} is current")
        return
    write_text(ONTOLOGY_FILE, text)
    print(f"wrote {ONTOLOGY_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
