"""Rebuilding a site: a rebuild after a change gives exactly the site a clean build of the changed model
gives, and writes only the files that change; a rebuild of the same model writes none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ea_model import load
from ea_model.site import build_site
from ea_model.site.pages import element

from .site_fixture import EXTRA
from .test_render import VIEWS


@pytest.fixture
def site_repo(repo):
    return repo({**VIEWS, **EXTRA})


@pytest.fixture(params=["one process", "forked workers"])
def workers(request, monkeypatch):
    if request.param == "forked workers":  # a small model's pages, written as a big one's are
        monkeypatch.setattr(element, "PARALLEL_FROM", 0)
        monkeypatch.setattr(element, "CHUNK", 2)  # tasks for more than one worker
    return request.param


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def identity(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: what a rewrite changes."""
    return {rel: (os.stat(root / rel).st_ino, os.stat(root / rel).st_mtime_ns) for rel in tree(root)}


def test_rebuild_after_a_change_is_the_clean_build_of_the_changed_model(site_repo, tmp_path, workers):
    out = tmp_path / "site"
    build_site(load(site_repo), out)
    before = identity(out)
    more = site_repo / "layers" / "business" / "more.yaml"
    more.write_text(more.read_text(encoding="utf-8").replace("Quản lý nợ đọng", "Quản lý nợ xấu"),
                    encoding="utf-8")
    changed = load(site_repo)
    build_site(changed, out)
    clean = tmp_path / "clean"
    build_site(changed, clean)
    assert tree(out) == tree(clean)
    after = identity(out)
    # the renamed element's page, and the page of the element that serves it (it names it), are new files
    for page in ("vi/elements/fn-arrears.html", "vi/elements/app-hostile.html"):
        assert after[page] != before[page], page
    assert "Quản lý nợ xấu" in (out / "vi/elements/app-hostile.html").read_text(encoding="utf-8")
    # a page that does not show the renamed element is the same file as before
    unrelated = [rel for rel in after if rel.startswith("en/elements/")
                 and "nợ" not in (out / rel).read_text(encoding="utf-8") and rel in before]
    assert unrelated and all(after[rel] == before[rel] for rel in unrelated)


def test_rebuild_of_the_same_model_rewrites_nothing(site_repo, tmp_path, workers):
    out = tmp_path / "site"
    build_site(load(site_repo), out)
    before = identity(out)
    build_site(load(site_repo), out)
    assert identity(out) == before


def test_forked_writers_make_the_site_one_process_makes(site_repo, tmp_path, monkeypatch):
    """Element pages by a pool of workers and the second language's pages by a child of their own, as on a
    big model: the same files, keys included, as a build in one process; progress counts every step."""
    model = load(site_repo)
    one = build_site(model, tmp_path / "one")
    monkeypatch.setattr(element, "PARALLEL_FROM", 0)
    monkeypatch.setattr(element, "CHUNK", 2)  # tasks for more than one worker
    steps = []
    result = build_site(model, tmp_path / "forked", progress=lambda _text, done, total: steps.append((done, total)))
    assert tree(tmp_path / "forked") == tree(tmp_path / "one")
    assert (result.pages, result.written) == (one.pages, one.written)
    assert steps[-1][0] == steps[-1][1] > 0


def test_pages_are_kept_whatever_lines_were_read_meanwhile(site_repo, tmp_path, workers):
    """The keys of a model's pages do not depend on which of its lines were read since its last build
    (a finding reads its file's): the keys file, and so every file, is the same."""
    out = tmp_path / "site"
    model = load(site_repo)
    build_site(model, out)
    before = identity(out)
    assert [el.line for el in model.elements.values()]
    build_site(model, out)
    assert identity(out) == before


def test_a_page_changed_by_hand_is_made_again(site_repo, tmp_path, workers):
    out = tmp_path / "site"
    build_site(load(site_repo), out)
    clean = tree(out)
    page = out / "en" / "elements" / "fn-arrears.html"
    page.write_text("edited by hand", encoding="utf-8")
    (out / "en" / "elements" / "app-hostile.html").unlink()
    build_site(load(site_repo), out)
    assert tree(out) == clean


def test_a_symbolic_link_in_the_old_site_is_not_followed(site_repo, tmp_path):
    out = tmp_path / "site"
    build_site(load(site_repo), out)
    outside = tmp_path / "outside.html"
    page = out / "en" / "elements" / "fn-arrears.html"
    outside.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(outside)
    build_site(load(site_repo), out)
    assert not page.is_symlink() and page.read_bytes() == outside.read_bytes()
    assert os.stat(page).st_ino != os.stat(outside).st_ino


def test_cli_rebuild_rewrites_nothing(site_repo, ea, tmp_path):
    out = tmp_path / "site"
    assert ea("site", "--repo", str(site_repo), "--out", str(out)).exit_code == 0
    before = identity(out)
    assert ea("site", "--repo", str(site_repo), "--out", str(out)).exit_code == 0
    assert identity(out) == before


LINKS = {
    "layers/business/links.yaml": """\
        elements:
          - id: fn-links
            type: business-function
            name: {vi: Liên kết, en: Links}
            owner: org-it
            rm: [BRM.01.02]
            properties: {depends_on: fn-later, counts: [1, 2]}
            changes:
              target-2030: {properties: {depends_on: [fn-collection, fn-later]}}
            history:
              - {name: {vi: Tên cũ, en: Old name}, until: 2020, source: {doc: doc-test, line: 30}}
            replaces: [fn-old]
            source: {doc: doc-test, line: 31}
            assigned_to: [fn-collection]
        """,
}

LATER = """\
elements:
  - id: fn-later
    type: business-function
    name: {vi: Sau này, en: Later}
    source: {doc: doc-test, line: 40}
  - id: fn-old
    type: business-function
    name: {vi: Chức năng cũ, en: Old function}
    source: {doc: doc-test, line: 41}
"""

# (file, text replaced, replacement): each changes what some pages show of other elements, or of the model
CHANGES = {
    "a neighbour renamed": ("layers/model.yaml", "Trung tâm Công nghệ thông tin", "Trung tâm CNTT"),
    "a property value becomes an element": ("layers/business/later.yaml", None, LATER),
    "a category renamed": ("layers/business/brm.yaml", "Thu nợ,", "Thu nợ đọng,"),
    "a plateau renamed": ("gap_analysis/plateaus.yaml", "Mục tiêu 2030", "Đích 2030"),
    "a plateau's date": ("gap_analysis/plateaus.yaml", "2030-12-31", "2031-01-01"),
    "a view renamed": ("viewpoints/apps.yaml", "Thành phần ứng dụng", "Ứng dụng"),
    "a document's number": ("layers/model.yaml", "1/QĐ-TEST", "2/QĐ-TEST"),
    "lines moved": ("layers/model.yaml", "elements:\n", "# a comment\n\nelements:\n"),
    "a relationship added": ("layers/model.yaml", "serves: [app-collection, app-portal]",
                             "serves: [app-collection, app-portal, fn-links]"),
    "a relationship's attribute": ("layers/model.yaml", "access: read\n", "access: write\n"),
    "a kind changed": ("layers/business/links.yaml", "type: business-function", "type: business-process"),
    "an element removed": ("gap_analysis/work_packages/wp.yaml", None, "elements: []\n"),
    "the site renamed": ("ea.yaml", "Kiến trúc thử nghiệm", "Kiến trúc mới"),
}

# shown on every element page: the site's name, the plateaus, the document every element cites
EVERY_PAGE = {"the site renamed", "a plateau renamed", "a plateau's date", "a document's number"}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_rebuild_remakes_the_pages_a_change_shows_on(repo, tmp_path, change):
    """Pages whose element did not change but that show what changed (a neighbour's name, a category, a
    view's title, the line the element is written at ...) are made again; the others are kept."""
    root = repo({**VIEWS, **EXTRA, **LINKS})
    out = tmp_path / "site"
    build_site(load(root), out)
    before = identity(out)
    name, old, new = CHANGES[change]
    path = root / name
    path.write_text(new if old is None else path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    changed = load(root)
    result = build_site(changed, out)
    clean = tmp_path / "clean"
    build_site(changed, clean)
    assert tree(out) == tree(clean)
    after = identity(out)
    if change not in EVERY_PAGE:
        assert result.kept and any(after[rel] == before.get(rel) for rel in after if "/elements/" in rel)
