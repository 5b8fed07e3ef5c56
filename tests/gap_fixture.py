"""A small repository with known gap answers: three plateaus, renamed / merged / history-matched units,
every classification, work packages (covering, decommissioning, overdue, realizing nothing, closing nothing)
and a repository BRM. Used by tests/test_gap*.py."""

PLATEAUS = """\
    plateaus:
      - id: baseline-2022
        name: {vi: Hiện trạng 2022, en: Baseline 2022}
        date: 2022-09-19
        source: {doc: doc-test, line: 1}
      - id: transition-2025
        name: {vi: Chuyển tiếp 2025, en: Transition 2025}
        date: 2025-12-31
        source: {doc: doc-test, line: 2}
      - id: target-2030
        name: {vi: Mục tiêu 2030, en: Target 2030}
        date: 2030-12-31
        source: {doc: doc-test, line: 3}
"""

BRM = """\
    reference_model:
      id: TEST-BRM
      kind: BRM
      name: {vi: BRM thử nghiệm, en: Test BRM}
      categories:
        - code: BRM.01
          name: {vi: Thu, en: Collection}
          children:
            - {code: BRM.01.01, name: {vi: Thu bảo hiểm, en: Contributions}}
            - {code: BRM.01.02, name: {vi: Thu nợ, en: Arrears}}
"""

MODEL = """\
    elements:
      - id: doc-test
        kind: legal-document
        name: {vi: Quyết định thử nghiệm, en: Test decision}
        properties: {number: 1/QĐ-TEST, date: 2022-01-01, issuer: Test}
        source: {doc: doc-test, line: 1}
      - id: doc-merge
        kind: legal-document
        name: {vi: Quyết định sắp xếp, en: Reorganisation decision}
        properties: {number: 2/QĐ-TEST, date: 2025-03-26, issuer: Test}
        source: {doc: doc-merge, line: 1}
      - id: org-it
        kind: organisation-unit
        name: {vi: Trung tâm Công nghệ thông tin, en: IT Center}
        plateaus: [baseline-2022]
        source: {doc: doc-test, line: 3}
      - id: org-itdt
        kind: organisation-unit
        name: {vi: Trung tâm Công nghệ thông tin và Chuyển đổi số, en: IT and Digital Transformation Center}
        plateaus: [transition-2025, target-2030]
        replaces: [org-it]
        history:
          - name: {vi: Trung tâm Công nghệ thông tin, en: IT Center}
            until: 2025-03-26
            source: {doc: doc-merge, line: 3}
        source: {doc: doc-merge, line: 2}
      - id: org-north
        kind: organisation-unit
        name: {vi: Phòng miền Bắc, en: North office}
        plateaus: [baseline-2022, transition-2025]
        source: {doc: doc-test, line: 4}
      - id: org-south
        kind: organisation-unit
        name: {vi: Phòng miền Nam, en: South office}
        plateaus: [baseline-2022, transition-2025]
        source: {doc: doc-test, line: 5}
      - id: org-region
        kind: organisation-unit
        name: {vi: Phòng Vùng, en: Regional office}
        plateaus: [target-2030]
        replaces: [org-north, org-south]
        source: {doc: doc-test, line: 6}
      - id: org-archive
        kind: organisation-unit
        name: {vi: Phòng Lưu trữ, en: Archive office}
        plateaus: [baseline-2022]
        source: {doc: doc-test, line: 7}
      - id: org-records
        kind: organisation-unit
        name: {vi: Phòng Hồ sơ, en: Records office}
        plateaus: [transition-2025, target-2030]
        history:
          - {name: {vi: Phòng Lưu trữ}, until: 2024-01-01}
        source: {doc: doc-test, line: 8}
      - id: org-office
        kind: organisation-unit
        name: {vi: Văn phòng BHXH Việt Nam, en: VSS Office}
        history:
          - {name: {vi: Văn phòng, en: Office}, until: 2024-01-01, source: {doc: doc-merge, line: 9}}
        source: {doc: doc-test, line: 2}
        assigned_to: [fn-collection]
      - id: fn-collection
        type: business-function
        name: {vi: Thu bảo hiểm, en: Collection}
        rm: [BRM.01.01]
        source: {doc: doc-test, line: 9}
      - id: fn-audit
        type: business-function
        name: {vi: Kiểm toán nội bộ, en: Internal audit}
        plateaus: [baseline-2022]
        properties: {retired_by: doc-merge}
        source: {doc: doc-test, line: 10}
      - id: db-insurance
        kind: national-database
        name: {vi: Cơ sở dữ liệu quốc gia về bảo hiểm, en: National Insurance Database}
        owner: org-it
        changes:
          transition-2025: {owner: org-itdt}
        source: {doc: doc-test, line: 11}
      - id: app-collection
        kind: specialised-application
        name: {vi: Phần mềm quản lý thu, en: Collection management}
        owner: org-it
        rm: [BRM.01.01]
        properties: {users: 1000}
        changes:
          transition-2025: {owner: org-itdt}
          target-2030: {properties: {users: 2000}}
        source: {doc: doc-test, section: "2.3", line: 12}
        serves: [fn-collection]
        accesses: [{to: db-insurance, access: readwrite}]
      - id: app-hr
        kind: specialised-application
        name: {vi: Phần mềm nhân sự, en: HR software}
        source: {doc: doc-test, line: 13}
      - id: app-portal
        kind: citizen-facing-application
        name: {vi: Cổng dịch vụ công, en: Public service portal}
        plateaus: [target-2030]
        rm: [BRM.01.01]
        source: {doc: doc-test, line: 14}
        flows_to: [app-collection]
      - id: app-mobile
        kind: citizen-facing-application
        name: {vi: Ứng dụng di động, en: Mobile app}
        plateaus: [transition-2025, target-2030]
        source: {doc: doc-test, line: 15}
      - id: app-legacy
        kind: specialised-application
        name: {vi: Phần mềm cũ, en: Legacy software}
        plateaus: [baseline-2022]
        source: {doc: doc-test, line: 16}
      - id: app-report
        kind: specialised-application
        name: {vi: Phần mềm báo cáo, en: Reporting software}
        plateaus: [baseline-2022]
        source: {doc: doc-test, line: 17}
      - id: dc-main
        kind: data-centre
        name: {vi: Trung tâm dữ liệu chính, en: Main data centre}
        source: {doc: doc-test, line: 18}
        serves: [app-collection, app-portal]
      - id: sec-firewall
        kind: security-solution
        name: {vi: Tường lửa, en: Firewall}
        source: {doc: doc-test, line: 19}
        serves: [dc-main]
    relationships:
      - {type: flow, from: app-hr, to: app-collection, plateaus: [target-2030], source: {doc: doc-test, line: 20}}
      - {type: access, from: app-hr, to: db-insurance, access: read, plateaus: [baseline-2022],
         source: {doc: doc-test, line: 21}}
"""

WORK_PACKAGES = """\
    elements:
      - id: wp-portal
        type: work-package
        name: {vi: Xây dựng Cổng dịch vụ công, en: Build the portal}
        owner: org-itdt
        properties: {cooperating: [org-records], deadline: 2024-06-30, deadline_text: Quý II/2024, status: in-progress}
        plateaus: [target-2030]
        realizes: [app-portal]
        source: {doc: doc-test, section: "3", line: 30}
      - id: wp-upgrade
        type: work-package
        name: {vi: Nâng cấp phần mềm thu, en: Upgrade collection}
        owner: org-itdt
        properties: {deadline: 2029-12-31, status: planned}
        plateaus: [target-2030]
        realizes: [app-collection]
        source: {doc: doc-test, line: 31}
      - id: wp-decommission
        type: work-package
        name: {vi: Dừng phần mềm cũ, en: Decommission legacy}
        owner: org-itdt
        properties: {deadline: 2023-12-31, status: done}
        plateaus: [transition-2025]
        associated_with: [app-legacy]
        source: {doc: doc-test, line: 32}
      - id: wp-nothing
        type: work-package
        name: {vi: Nhiệm vụ chưa gắn, en: Unlinked task}
        owner: org-records
        properties: {deadline: 2026-06-30, status: planned}
        plateaus: [target-2030]
        source: {doc: doc-test, line: 33}
      - id: wp-firewall
        type: work-package
        name: {vi: Duy trì tường lửa, en: Maintain firewall}
        owner: org-itdt
        properties: {deadline: 2027-12-31, status: planned}
        plateaus: [target-2030]
        realizes: [sec-firewall]
        source: {doc: doc-test, line: 34}
"""

FILES = {
    "gap_analysis/plateaus.yaml": PLATEAUS,
    "layers/business/brm.yaml": BRM,
    "layers/model.yaml": MODEL,
    "gap_analysis/work_packages/wps.yaml": WORK_PACKAGES,
}

REPORT = """\
    id: base-target
    title: {vi: Phân tích khoảng cách thử nghiệm, en: Test gap analysis}
    from: baseline-2022
    to: target-2030
    date: 2025-01-01
    languages: [vi, en]
    formats: [md, html, json]
    prepared_by: {name: Nguyễn Văn A, title: {vi: Kiến trúc sư, en: Architect}, unit: org-itdt}
    reviewed_by: [Trần Thị B]
    approver: {name: Lê Văn C, title: {vi: Giám đốc, en: Director}}
    status: draft
    """
