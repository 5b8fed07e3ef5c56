"""The site's test repository (the small repository of conftest.py, with views, a repository reference model,
a work package, a gap-report definition and hostile text), a Python link checker for built sites, and a
Playwright session driving Debian's Chromium. Used by tests/test_site*.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import MANIFEST, MODEL, PLATEAUS, write
from .test_render import VIEWS

CHROMIUM = "/usr/bin/chromium"
# As the machine notes say: without the background-networking flags Chromium keeps trying to reach Google's
# hosts, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ID = 'X/../../etc "q" <b>&amp;'

EXTRA = {
    "layers/business/brm.yaml": """\
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
        """,
    "layers/business/more.yaml": """\
        elements:
          - id: fn-arrears
            type: business-function
            name: {vi: Quản lý nợ đọng, en: Arrears management}
            rm: [BRM.01.02]
            source: {doc: doc-test, section: "3.1", line: 20}
          - id: app-hostile
            kind: specialised-application
            name: {vi: "<script>alert(1)</script>", en: "<img src=x onerror=alert(2)>"}
            description: "</td></tr></table><script>alert(3)</script> & <b>bold</b>"
            owner: org-it
            properties: {note: "<iframe src=javascript:alert(4)>"}
            source: {doc: doc-test, section: "<i>9</i>", line: 21}
            serves: [fn-arrears]
          - id: 'X/../../etc "q" <b>&amp;'
            kind: specialised-application
            name: {vi: Phần mềm có mã lạ, en: Application with an odd id}
            owner: org-it
            source: {doc: doc-test, line: 22}
            serves: [fn-arrears]
        """,
    "gap_analysis/work_packages/wp.yaml": """\
        elements:
          - id: wp-portal
            type: work-package
            name: {vi: Xây dựng Cổng dịch vụ công, en: Build the public service portal}
            owner: org-it
            properties: {deadline: 2027-12-31, status: planned}
            plateaus: [target-2030]
            realizes: [app-portal]
            source: {doc: doc-test, line: 12}
        """,
    "gap_analysis/reports/baseline-target.yaml": """\
        id: baseline-target
        title: {vi: Phân tích khoảng cách thử nghiệm, en: Test gap analysis}
        from: baseline-2022
        to: target-2030
        status: draft
        """,
}


def make_repo(root: Path) -> Path:
    return write(root, {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS, "layers/model.yaml": MODEL,
                        **VIEWS, **EXTRA})


# ---------------------------------------------------------------------------------------------- links


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src", "xlink:href") and tag in ("a", "link", "script", "img"):
                self.links.append(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page whose file (or #fragment in it) does not exist."""
    pages: dict[Path, _Page] = {p.resolve(): parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "data:", "mailto:")):
                if parts.scheme not in ("data", "mailto"):
                    broken.append(f"{path.relative_to(site.resolve())}: external link {link}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(site.resolve())}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site.resolve())}: {link} (no such anchor)")
    return broken


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------------------------------------- browser


def chromium_browser():
    """One headless Chromium (Debian's; Playwright never downloads one): the `browser` fixture of conftest.py."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is not installed: run `make setup` (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: run `make setup`")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _where(message) -> str:
    location = message.location or {}
    return location.get("url") or "?"


class Watched:
    """A page that records console errors, uncaught exceptions, failed requests and dialogs (alert())."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        # a console error names the resource it is about only in its location ("Failed to load resource: 404")
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text} ({_where(m)})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # net::ERR_ABORTED is a request cut short by the next navigation (a redirect, a click), not a missing file
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}")
                if "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)


def watched_page(browser):
    """A fresh browser context and page, watched: the `page` fixture of conftest.py."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
