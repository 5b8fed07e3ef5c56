"""Two small repositories, a national one and an agency that depends on it (tests of `depends:`)."""

from __future__ import annotations

from pathlib import Path

from .conftest import MANIFEST, MODEL, PLATEAUS, write

NATIONAL_MANIFEST = """\
id: nat
name: {vi: Kiến trúc quốc gia thử nghiệm, en: Test national architecture}
framework: vneaf-2.0
languages: [vi, en]
base_iri: https://example.org/ea/nat/
plateaus: gap_analysis/plateaus.yaml
"""

NATIONAL_PLATEAUS = PLATEAUS.replace("doc-test", "doc-nat")

NATIONAL_MODEL = """\
elements:
  - id: doc-nat
    kind: legal-document
    name: {vi: Quyết định quốc gia, en: National decision}
    properties: {number: 2/QĐ-TTg, date: 2021-01-01, issuer: Thủ tướng}
    source: {doc: doc-nat, line: 1}
  - id: org-office
    kind: external-agency
    name: {vi: Văn phòng Chính phủ, en: Government Office}
    source: {doc: doc-nat, line: 2}
  - id: ndxp
    kind: platform
    name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia", en: National Data Exchange Platform}
    owner: org-office
    source: {doc: doc-nat, line: 3}
  - id: portal
    kind: citizen-facing-application
    name: {vi: Cổng Dịch vụ công quốc gia, en: National Public Service Portal}
    owner: org-office
    plateaus: [target-2030]
    source: {doc: doc-nat, line: 4}
    flows_to: [ndxp]
"""

AGENCY_DEPENDS = """\
depends:
  - prefix: nat
    path: ../national
"""

AGENCY_USES = """\
elements:
  - id: app-lgsp
    kind: platform
    name: {vi: Nền tảng LGSP, en: LGSP}
    owner: org-it
    source: {doc: doc-test, line: 11}
    flows_to: [nat:ndxp]
    serves: [app-collection]
relationships:
  - type: flow
    from: app-portal
    to: nat:portal
    plateaus: [target-2030]
    source: {doc: doc-test, line: 12}
"""


def two_repos(tmp: Path, agency_extra: dict[str, str] | None = None) -> tuple[Path, Path]:
    """(national, agency): the agency refers to nat:ndxp and nat:portal."""
    national = write(tmp / "national", {"ea.yaml": NATIONAL_MANIFEST, "gap_analysis/plateaus.yaml": NATIONAL_PLATEAUS,
                                        "layers/platforms.yaml": NATIONAL_MODEL})
    agency = write(tmp / "agency", {"ea.yaml": MANIFEST + AGENCY_DEPENDS, "gap_analysis/plateaus.yaml": PLATEAUS,
                                    "layers/model.yaml": MODEL, "layers/uses.yaml": AGENCY_USES,
                                    **(agency_extra or {})})
    return national, agency
