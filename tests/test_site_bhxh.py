"""The BHXH repository's site in the browser, from files and from `ea serve`: searching "giam dinh" (without
diacritics) reaches the health-insurance assessment system's page, every link resolves, the main pages log
no console error."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import ea_model
from ea_model.site import build_site, element_path

from .conftest import REPO_ROOT
from .site_fixture import broken_links
from .test_site_browser import Served


@pytest.fixture(scope="module")
def assessment(bhxh):
    """The health-insurance assessment system (Hệ thống thông tin giám định BHYT): the application whose
    Vietnamese name says "giám định" (the shortest such name: the portal feeding it is named after it)."""
    found = [el for el in bhxh.elements.values()
             if el.type == "application-component" and "giám định" in ea_model.model.text_in(el.name, "vi").lower()]
    assert found, "no application named '... giám định ...' in the BHXH model"
    return min(found, key=lambda el: (len(el.label("vi")), el.id))


@pytest.fixture(scope="module")
def bhxh_site(bhxh, tmp_path_factory):
    out = tmp_path_factory.mktemp("bhxh") / "site"
    build_site(bhxh, out)
    return out


def _search_and_open(p, start: str, target, lang: str = "vi") -> None:
    p.goto(start)
    p.locator("header form.search input.ea-q").fill("giam dinh")
    href = element_path(target.id)
    link = p.locator(f'.ea-results li a[href$="{href}"]')
    link.wait_for(timeout=10000)
    link.click()
    p.wait_for_url(re.compile(re.escape(f"/{lang}/{href}") + "$"))
    assert p.locator("h1").inner_text() == target.label(lang)


def test_bhxh_search_giam_dinh_from_files(bhxh_site, assessment, page):
    p = page.page
    _search_and_open(p, (bhxh_site / "vi" / "index.html").as_uri(), assessment)
    p.goto((bhxh_site / "vi" / "search.html").as_uri() + "?q=giam%20dinh")
    p.locator("#ea-search-results li").first.wait_for()
    assert assessment.label("vi") in p.locator("#ea-search-results .r-name").all_inner_texts()
    assert page.errors == []


def test_bhxh_links_and_console(bhxh, bhxh_site, assessment, page):
    assert broken_links(bhxh_site) == []
    p = page.page
    pages = ["index.html", "layers.html", "views.html", "rm.html", "gap.html", "roadmap.html", "problems.html",
             element_path(assessment.id),
             *(f"views/{f.name}" for f in sorted((bhxh_site / "vi" / "views").glob("*.html"))),
             *(f"gap/{f.name}" for f in sorted((bhxh_site / "vi" / "gap").glob("*.html")))]
    for lang in ("vi", "en"):
        for rel in pages:
            p.goto((bhxh_site / lang / rel).as_uri())
    assert page.errors == [] and page.dialogs == []


def test_bhxh_search_giam_dinh_from_serve(bhxh, assessment, page, tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", "from ea_model.cli import main; main()", "serve", "--repo",
                             str(REPO_ROOT), "--port", "0", "--no-watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    server = Served(proc, REPO_ROOT)
    try:
        assert server.wait_ready(120), "".join(server.lines)
        _search_and_open(page.page, server.url + "vi/index.html", assessment)
        assert page.errors == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)
