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
