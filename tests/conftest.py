"""Small repositories built in a temporary folder, and a CLI runner."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ea_model.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent

MANIFEST = """\
id: mini
name: {vi: Kiến trúc thử nghiệm, en: Test architecture}
framework: vneaf-2.0
languages: [vi, en]
base_iri: https://example.org/ea/mini/
plateaus: gap_analysis/plateaus.yaml
"""

PLATEAUS = """\
plateaus:
  - id: baseline-2022
    name: {vi: Hiện trạng 2022, en: Baseline 2022}
    date: 2022-09-19
    source: {doc: doc-test, line: 1}
  - id: target-2030
    name: {vi: Mục tiêu 2030, en: Target 2030}
    date: 2030-12-31
    source: {doc: doc-test, line: 2}
"""

# A clean model touching every layer; tests add or replace files to break one thing at a time.
MODEL = """\
elements:
  - id: doc-test
    kind: legal-document
    name: {vi: Quyết định thử nghiệm, en: Test decision}
    properties: {number: 1/QĐ-TEST, date: 2022-01-01, issuer: Test}
    source: {doc: doc-test, line: 1}
  - id: org-it
    kind: organisation-unit
    name: {vi: Trung tâm Công nghệ thông tin, en: IT Center}
    source: {doc: doc-test, line: 3}
    assigned_to: [fn-collection]
  - id: fn-collection
    type: business-function
    name: {vi: Thu bảo hiểm, en: Collection}
    source: {doc: doc-test, line: 4}
  - id: db-insurance
    kind: national-database
    name: {vi: Cơ sở dữ liệu quốc gia về bảo hiểm, en: National Insurance Database}
    owner: org-it
    source: {doc: doc-test, line: 5}
  - id: app-collection
    kind: specialised-application
    name: {vi: Phần mềm quản lý thu, en: Collection management}
    owner: org-it
    plateaus: [baseline-2022, target-2030]
    changes:
      target-2030: {properties: {users: 2000}}
    properties: {users: 1000}
    source: {doc: doc-test, section: "2.3", line: 6}
    serves: [fn-collection]
    accesses:
      - {to: db-insurance, access: readwrite}
  - id: app-portal
    kind: citizen-facing-application
    name: {vi: Cổng dịch vụ công, en: Public service portal}
    owner: org-it
    plateaus: [target-2030]
    source: {doc: doc-test, line: 7}
    flows_to: [app-collection]
  - id: dc-main
    kind: data-centre
    name: {vi: Trung tâm dữ liệu chính, en: Main data centre}
    owner: org-it
    source: {doc: doc-test, line: 8}
    serves: [app-collection, app-portal]
  - id: sec-firewall
    kind: security-solution
    name: {vi: Tường lửa, en: Firewall}
    source: {doc: doc-test, line: 9}
    serves: [dc-main]
relationships:
  - id: flow-portal-db
    type: access
    from: app-portal
    to: db-insurance
    access: read
    plateaus: [target-2030]
    source: {doc: doc-test, line: 10}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path):
    """`repo(extra_files)` -> path of a mini repository with `extra_files` added or replaced."""

    def make(files: dict[str, str] | None = None, base: bool = True) -> Path:
        root = tmp_path / "repo"
        default = {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS, "layers/model.yaml": MODEL}
        write(root, {**(default if base else {}), **(files or {})})
        return root

    return make


class Result:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.output = result.stdout
        self.stderr = result.stderr

    def json(self):
        return json.loads(self.output)


@pytest.fixture
def ea():
    """`ea("validate", "--repo", path)` -> Result(exit_code, output, stderr)."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return Result(runner.invoke(main, [str(a) for a in args], catch_exceptions=False))

    return run


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own parse cache, so tests never see each other's (or the user's) entries. Model snapshots
    are written before `load` returns (not by a forked child), so the next load of a test surely finds them."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("EA_SNAPSHOT_SYNC", "1")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright, one for the session (tests/site_fixture.py)."""
    from .site_fixture import chromium_browser

    yield from chromium_browser()


@pytest.fixture
def page(browser):
    """A new page of `browser` recording console errors, failed requests and dialogs (site_fixture.Watched)."""
    from .site_fixture import watched_page

    yield from watched_page(browser)


@pytest.fixture(scope="session")
def bhxh():
    """The BHXH repository's model, loaded once; it must validate (errors fail the test, never skip it)."""
    import ea_model

    model = ea_model.load(REPO_ROOT)
    errors = [p for p in ea_model.validate(model) if p.severity == "error"]
    if errors:
        pytest.fail(f"the BHXH model does not validate: {len(errors)} error(s), e.g. {errors[0].text()}")
    return model


# The tiers: `make test` runs everything; `make test-fast` (-m "not slow") leaves out what pushes the whole BHXH
# model through an exporter, the site or a browser.
SLOW_MODULES = ("test_rdf_bhxh", "test_site_bhxh", "test_site_browser", "test_document_bhxh", "test_publish",
                "test_model_snapshot_10k")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if module in SLOW_MODULES or ("bhxh" in item.name and module.startswith(("test_archimate", "test_rdf"))):
            item.add_marker(pytest.mark.slow)
